/** One factory per record kind, each a valid record that a test overrides where it cares. */
import type { KindName, RecordOf } from "#adapters/records";
import { rulebook2026 } from "./rulebooks.ts";

const C = "sundhedsklynge-syd";
const T = "2027-03-24T15:30:00+01:00";

export const factories: { [K in KindName]: (over?: Partial<RecordOf<K>>) => RecordOf<K> } = {
  committee: (o) => ({ committeeId: C, name: "Politisk Sundhedsklynge Syd", rulebookId: "sundhedsklynge-syd-2026", createdAt: T, rev: 0, ...o }),
  rulebook: (o) => ({ committeeId: C, rulebookId: rulebook2026.id, loadedAt: T, rulebook: rulebook2026, ...o }),
  seat: (o) => ({ committeeId: C, ...structuredClone(rulebook2026.seats[4]!), rev: 0, ...o }),
  representation: (o) => ({ committeeId: C, seatId: "ishoj", substituteId: "ishoj-suppleant", from: T, recordedAt: T, recordedBy: "secretariat", ...o }),
  meeting: (o) => ({
    committeeId: C, meetingId: "2027-04-22", kind: "ordinary", startsAt: "2027-04-22T14:00:00+02:00", durationMinutes: 120,
    location: "Hvidovre Hospital", status: "planned", presidingChair: "region-1", generation: 1, inviteSequence: 0, rev: 0, ...o,
  }),
  agendaItem: (o) => ({
    committeeId: C, meetingId: "2027-04-22", itemId: "item-1", order: 1, title: "Status på indsatser", description: "",
    authoritiesOnly: false, concernsGeneralPractice: false, source: "secretariat", receivedAt: T, late: false, status: "accepted",
    material: [{ name: "bilag.pdf", blobKey: "material/x.pdf", contentType: "application/pdf", bytes: 1234 }], rev: 0, ...o,
  }),
  attendance: (o) => ({ committeeId: C, meetingId: "2027-04-22", seatId: "ishoj", status: "apology", substituteAttends: true, receivedAt: T, channel: "email", rev: 0, ...o }),
  minutesVersion: (o) => ({ committeeId: C, meetingId: "2027-04-22", version: 1, uploadedAt: T, uploadedBy: "secretariat", blobKey: "minutes/v1.pdf", changeNote: "", sentAt: T, rev: 0, ...o }),
  initiative: (o) => ({
    committeeId: C, initiativeId: "faelles-ammeindsats", name: "Fælles ammeindsats", owner: { name: "Projektleder (fiktiv)", email: "ammeindsats@region.example.org" },
    fundsDkk: 500_000, goals: ["Flere spædbørn fuldt ammet ved 2 uger"], active: true, rev: 0, ...o,
  }),
  initiativeReport: (o) => ({
    committeeId: C, meetingId: "2027-04-22", initiativeId: "faelles-ammeindsats", reportId: "r1", receivedAt: T,
    text: "Andel fuldt ammet ved 2 uger: 61 %", status: "on-track", spentDkk: 210_000, figures: { fuldtAmmet2Uger: 61 }, channel: "email", sourceRef: "inbound/x", ...o,
  }),
  minutesObjection: (o) => ({
    committeeId: C, meetingId: "2027-04-22", version: 1, objectionId: "obj-1", seatId: "ishoj", respondent: { kind: "member" },
    receivedAt: T, text: "Punkt 3 er gengivet forkert", channel: "email", sourceRef: "inbound/abc", ...o,
  }),
  writtenVote: (o) => ({
    committeeId: C, voteId: "vote-1", title: "Fælles ammeindsats: forlængelse", question: "Godkender I forlængelsen?", material: [],
    openedAt: T, openedBy: "secretariat", closesAt: "2027-04-01T23:59:59+02:00", seatIds: rulebook2026.seats.map((s) => s.id),
    concernsGeneralPractice: false, status: "open", rev: 0, ...o,
  }),
  voteResponse: (o) => ({
    committeeId: C, voteId: "vote-1", responseId: "resp-1", seatId: "ishoj", respondent: { kind: "member" }, answer: "for",
    receivedAt: T, channel: "link", sourceRef: "link/abc", ...o,
  }),
  email: (o) => ({
    idempotencyKey: "email#minutes#v1#ishoj", committeeId: C, matter: "meeting/2027-04-22", purpose: "minutes", to: ["borgmester@ishoj.example.org"],
    seatId: "ishoj", messageId: "<minutes-v1-ishoj@klyngeflow.example.org>", subject: "Protokol", status: "claimed", claimedAt: T, ...o,
  }),
  audit: (o) => ({
    committeeId: C, matter: "vote/vote-1", seq: 1, at: T, actor: "secretariat", action: "vote.opened", channel: "api", data: {},
    prevHash: "0".repeat(64), hash: "f".repeat(64), ...o,
  }),
  inbound: (o) => ({ receiptId: "r-1", receivedAt: T, blobKey: "mail/in/r-1.eml", bytes: 2048, channel: "smtp", status: "received", rev: 0, ...o }),
  linkAction: (o) => ({
    actionId: "a-1", receivedAt: T, tokenHash: "c".repeat(64), form: { svar: "for" }, status: "received", rev: 0, ...o,
  }),
  addressStatus: (o) => ({ email: "borgmester@ishoj.example.org", status: "bounced", at: T, detail: "550 5.1.1 user unknown", ...o }),
  memberPage: (o) => ({
    committeeId: C, seatId: "ishoj", address: "borgmester@ishoj.example.org", termFrom: "2026-01-01", termTo: "2029-12-31", tokenHash: "d".repeat(64), kid: "k1",
    generation: 1, createdAt: T, weeklyDigest: false, rev: 0, ...o,
  }),
  apiToken: (o) => ({ tokenHash: "b".repeat(64), role: "secretariat", committeeId: C, name: "Sekretariatet", createdAt: T, ...o }),
  consoleSession: (o) => ({ sessionHash: "d".repeat(64), apiTokenHash: "b".repeat(64), role: "secretariat", committeeId: C, name: "Sekretariatet", createdAt: T, validUntil: "2027-03-25T01:30:00.000Z", ...o }),
  callback: (o) => ({ committeeId: C, awaiting: "meeting/2027-04-22#agenda-released", taskToken: "tok", registeredAt: T, ...o }),
  setAside: (o) => ({ answerId: "smtp-sha256-x", kind: "inbound", firstFailedAt: T, lastFailedAt: T, attempts: 1, error: "Error: boom", rev: 0, ...o }),
  claim: (o) => ({ key: "alert#agenda-late#2027-04-22", claimedAt: T, owner: "test", ...o }),
};
