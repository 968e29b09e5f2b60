/**
 * Sample input for every email template, built for every seat of the shipped 2026 rulebook (read as plain
 * JSON, so the fixtures do not depend on the domain's parser). All people and addresses are fictional.
 */
import { readFileSync } from "node:fs";
import type {
  AgendaItemView, AnswerUrls, CommitteeInfo, InitiativeView, MeetingInfo, Message, Recipient, SeatAnswerView, WrittenVoteView,
} from "#templates/index";

interface SeatJson {
  id: string;
  constituency: "region" | "municipality" | "general-practice";
  title: string;
  member: { name: string; email: string };
  substitutes: { id: string; name: string; email: string }[];
}

interface RulebookJson {
  committee: { id: string; name: string };
  coChairs: string[];
  secretariat: { name: string; email: string };
  seats: SeatJson[];
}

export const RULEBOOK: RulebookJson = JSON.parse(readFileSync(new URL("../../rulebooks/sundhedsklynge-syd-2026.json", import.meta.url), "utf8"));
export const SEATS: readonly SeatJson[] = RULEBOOK.seats;

export const committee: CommitteeInfo = {
  name: RULEBOOK.committee.name,
  secretariatName: RULEBOOK.secretariat.name,
  secretariatEmail: RULEBOOK.secretariat.email,
};

export const BASE = "https://klyngeflow.example.org";

export function seat(id: string): SeatJson {
  const s = SEATS.find((x) => x.id === id);
  if (!s) throw new Error(`no seat ${id}`);
  return s;
}

export function member(s: SeatJson): Recipient {
  return { name: s.member.name, email: s.member.email, seatTitle: s.title, role: RULEBOOK.coChairs.includes(s.id) ? "chair" : "member" };
}

export function substitute(s: SeatJson): Recipient {
  const sub = s.substitutes[0];
  if (!sub) throw new Error(`seat ${s.id} has no substitute`);
  return { name: sub.name, email: sub.email, seatTitle: s.title, role: "substitute" };
}

export const secretariat: Recipient = { name: RULEBOOK.secretariat.name, email: RULEBOOK.secretariat.email, role: "secretariat" };
export const chairs: Recipient[] = RULEBOOK.coChairs.map((id) => ({ ...member(seat(id)), role: "chair" as const }));

const presiding = seat(RULEBOOK.coChairs[0] ?? "region-1");

/** Thu 2027-04-22 14:00 CEST, the meeting of DOMAIN.md's deadline table. */
export const MEETING_SUMMER: MeetingInfo = {
  meetingId: "2027-04-22",
  kind: "ordinary",
  startsAt: "2027-04-22T14:00:00+02:00",
  durationMinutes: 120,
  location: "Hvidovre Rådhus, mødelokale 1 (fiktivt)",
  presidingChairName: `${presiding.member.name}, ${presiding.title}`,
};

/** Thu 2026-11-05 14:00 CET. */
export const MEETING_WINTER: MeetingInfo = { ...MEETING_SUMMER, meetingId: "2026-11-05", startsAt: "2026-11-05T14:00:00+01:00" };

/** a virtual extraordinary meeting. */
export const MEETING_EXTRA: MeetingInfo = {
  meetingId: "ekstra-2027-02-10",
  kind: "extraordinary",
  startsAt: "2027-02-10T16:00:00+01:00",
  durationMinutes: 60,
  location: "",
  virtualUrl: "https://moede.example.org/j/123-456",
  presidingChairName: `${presiding.member.name}, ${presiding.title}`,
};

export function replyAddress(s: SeatJson | Recipient, purpose: string): string {
  const id = "id" in s ? s.id : s.email.replace(/[^a-z0-9]+/gi, "-");
  return `svar+${purpose}-${id}@svar.sundhedsklynge-syd.example.org`;
}

export function answerUrls(s: SeatJson): AnswerUrls {
  const page = `${BASE}/m/${s.id}-tok/afstemning`;
  return { for: `${page}?svar=for`, against: `${page}?svar=against`, abstain: `${page}?svar=abstain`, objection: `${page}?svar=objection` };
}

/** the item for the region and the municipalities only is passed in only for their seats. */
export function agendaItemsFor(s: SeatJson): AgendaItemView[] {
  const page = `${BASE}/m/${s.id}-tok/materiale`;
  const items: Omit<AgendaItemView, "number">[] = [
    {
      title: "Godkendelse af dagsorden",
      description: "Formandskabet indstiller, at dagsordenen godkendes.",
      material: [],
      concernsGeneralPractice: false,
    },
    {
      title: "Status på indsatserne 2027",
      description: "Statusrapporter fra Den gode overgang, Overvægt og Fælles ammeindsats.\n\nSekretariatet indstiller, at status tages til efterretning.",
      material: [
        { name: "Statusnotat.pdf", url: `${page}/status/0`, bytes: 1_245_000 },
        { name: "Nøgletal.xlsx", url: `${page}/status/1`, bytes: 48_300 },
      ],
      concernsGeneralPractice: false,
    },
    {
      title: "Flere borgere i dosisdispensering",
      description: "Drøftelse af samarbejdet med almen praksis om dosisdispenseret medicin.",
      material: [{ name: "Oplæg.pdf", url: `${page}/dosis/0`, bytes: 320_000 }],
      concernsGeneralPractice: true,
    },
  ];
  if (s.constituency !== "general-practice") {
    items.push({
      title: "Fordeling af statslige opstartsmidler (kun region og kommuner)",
      description: `De statslige opstartsmidler på 7.803.439 kr. fordeles mellem kommunerne og regionen.`,
      material: [{ name: "Økonomi.pdf", url: `${page}/midler/0` }],
      concernsGeneralPractice: false,
    });
  }
  return items.map((i, n) => ({ ...i, number: n + 1 }));
}

export const VOTE: WrittenVoteView = {
  voteId: "vote-2027-03-ammeindsats",
  title: "Forlængelse af Fælles ammeindsats til 2028",
  question: "Godkender sundhedsklyngen, at Fælles ammeindsats forlænges til udgangen af 2028 inden for den afsatte ramme på 500.000 kr.?",
  material: [{ name: "Indstilling.pdf", url: `${BASE}/m/vote/materiale/0`, bytes: 210_000 }],
  openedAt: "2027-03-24T09:00:00+01:00",
  closesAt: "2027-04-01T23:59:59+02:00",
};

export const INITIATIVE: InitiativeView = {
  id: "faelles-ammeindsats",
  name: "Fælles ammeindsats",
  owner: "Projektleder for Fælles ammeindsats (fiktiv)",
  goals: [
    "Flere spædbørn er fuldt ammet ved 2 uger.",
    "Forældre føler sig forberedte og inddraget.",
    "En bæredygtig tværsektoriel kompetencemodel, der kan udbredes.",
  ],
  fundsKroner: 500_000,
};

/** how the 17 seats answered a vote — some did not answer, one substitute, one dissent. */
export function seatAnswers(): SeatAnswerView[] {
  return SEATS.map((s, i): SeatAnswerView => {
    if (i % 5 === 4) return { seatTitle: s.title };
    const answer = i % 7 === 3 ? "against" : i % 6 === 5 ? "abstain" : "for";
    return {
      seatTitle: s.title,
      answer,
      channel: i % 2 === 0 ? "email" : "link",
      receivedAt: `2027-03-2${5 + (i % 4)}T1${i % 10}:0${i % 6}:00+01:00`,
      ...(i === 6 ? { substituteName: s.substitutes[0]?.name ?? "" } : {}),
      ...(answer === "against" ? { remark: `Dissens fra ${s.title}: indsatsen bør først evalueres.` } : {}),
    };
  });
}

const consoleLink = (meetingId: string) => [{ label: "Åbn mødet i konsollen", url: `${BASE}/console/meetings/${meetingId}` }];

/** Every message a seat's member gets, and every message to the chairs and the secretariat about the seat. */
export function messagesForSeat(s: SeatJson): Message[] {
  const to = member(s);
  const env = { committee, to };
  const staff = (r: Recipient) => ({ committee, to: r });
  const requester = member(s);
  const itemDeadline = "2027-03-25T23:59:59+01:00";
  const minutesBase = { kind: "minutes" as const, ...env, meeting: MEETING_SUMMER, minutesUrl: `${BASE}/m/${s.id}-tok/protokol`, replyAddress: replyAddress(s, "protokol") };
  const answers = seatAnswers();
  const about = { action: "written-vote" as const, vote: VOTE };
  const other = SEATS.find((x) => x.id !== s.id) ?? s;
  return [
    //
    { kind: "call-for-items", ...env, meeting: MEETING_SUMMER, itemDeadline, replyAddress: replyAddress(s, "punkt") },
    { kind: "item-request-receipt", ...env, meeting: MEETING_SUMMER, title: "Akutpladser i kommunerne", description: "Drøftelse af kapaciteten.", receivedAt: "2027-03-25T23:59:59+01:00", onTime: true, itemDeadline },
    { kind: "item-request-receipt", ...env, meeting: MEETING_SUMMER, title: "Akutpladser i kommunerne", description: "", receivedAt: "2027-03-26T00:00:00+01:00", onTime: false, itemDeadline },
    ...[secretariat, ...chairs].map((r): Message => ({ kind: "item-request-forwarded", ...staff(r), meeting: MEETING_SUMMER, requester, title: "Akutpladser i kommunerne", description: "Drøftelse af kapaciteten.\nSe bilag.", receivedAt: "2027-03-26T00:00:00+01:00", onTime: false, itemDeadline })),
    { kind: "item-request-forwarded", ...staff(secretariat), meeting: MEETING_SUMMER, requester: substitute(s), title: "Tidlig opsporing", description: "", receivedAt: "2027-03-20T10:00:00+01:00", onTime: true, itemDeadline },
    //
    { kind: "agenda", ...env, meeting: MEETING_SUMMER, items: agendaItemsFor(s), invite: { sequence: 0, issuedAt: "2027-04-09T09:00:00+02:00" }, replyAddress: replyAddress(s, "afbud"), links: [{ label: "Se dagsordenen på din side", url: `${BASE}/m/${s.id}-tok` }] },
    { kind: "agenda", ...env, meeting: MEETING_WINTER, items: [], invite: { sequence: 0, issuedAt: "2026-10-23T09:00:00+02:00" }, replyAddress: replyAddress(s, "afbud") },
    { kind: "extraordinary-meeting-notice", ...env, meeting: MEETING_EXTRA, noticeDays: 6, items: agendaItemsFor(s).slice(0, 2), reason: "Vinterberedskab og kapacitet på akutmodtagelserne.", invite: { sequence: 0, issuedAt: "2027-02-04T12:00:00+01:00" }, replyAddress: replyAddress(s, "afbud") },
    { kind: "apology-receipt", ...env, meeting: MEETING_SUMMER, receivedAt: "2027-04-14T08:12:00+02:00", substituteAttends: true, substituteName: substitute(s).name },
    { kind: "apology-receipt", ...env, meeting: MEETING_SUMMER, receivedAt: "2027-04-14T08:12:00+02:00", substituteAttends: false },
    ...[secretariat, ...chairs].map((r): Message => ({
      kind: "quorum-forecast", ...staff(r), meeting: MEETING_SUMMER, expectedPresent: 15, seats: SEATS.length, minimumPresent: 9, quorate: true,
      conditions: [{ ok: true, message: "15 af 17 medlemmer er til stede; mindst 9 skal være det" }, { ok: true, message: "Regionen er repræsenteret (3)" }, { ok: true, message: "kommunerne er repræsenteret (11)" }],
      generalPracticeConditions: [{ ok: s.constituency !== "general-practice", message: "PLO-Hovedstaden (almen praksis) er repræsenteret" }],
      apologies: [{ seatTitle: s.title, name: s.member.name, receivedAt: "2027-04-14T08:12:00+02:00", substituteAttends: true }, { seatTitle: other.title, name: other.member.name, receivedAt: "2027-04-15T17:40:00+02:00", substituteAttends: false }],
      substitutesAttending: [{ seatTitle: s.title, name: substitute(s).name }],
      bouncedAddresses: [{ email: s.member.email, name: s.member.name, seatTitle: s.title }],
    })),
    { kind: "quorum-forecast", ...staff(secretariat), meeting: MEETING_SUMMER, expectedPresent: 8, seats: SEATS.length, minimumPresent: 9, quorate: false, conditions: [{ ok: false, message: "8 af 17 medlemmer er til stede; mindst 9 skal være det" }], apologies: [], substitutesAttending: [], bouncedAddresses: [] },
    { kind: "meeting-changed", ...env, meeting: { ...MEETING_SUMMER, startsAt: "2027-04-29T15:00:00+02:00" }, previous: { startsAt: MEETING_SUMMER.startsAt, location: MEETING_SUMMER.location }, previousSequence: 0, invite: { sequence: 1, issuedAt: "2027-04-10T10:00:00+02:00" }, reason: "Mødet falder sammen med regionsrådets budgetmøde.", replyAddress: replyAddress(s, "afbud") },
    { kind: "meeting-cancelled", ...env, meeting: { ...MEETING_SUMMER, startsAt: "2027-04-29T15:00:00+02:00" }, previousSequence: 1, invite: { sequence: 2, issuedAt: "2027-04-20T10:00:00+02:00" } },
    //
    { ...minutesBase, version: 1, sentAt: "2027-04-30T10:00:00+02:00", objectionDeadline: "2027-05-08T23:59:59+02:00", objectionUrl: `${BASE}/m/${s.id}-tok/protokol/indsigelse` },
    { ...minutesBase, version: 2, changeNote: "Punkt 3: beslutningen om dosisdispensering er præciseret.", sentAt: "2027-05-10T10:00:00+02:00", objectionDeadline: "2027-05-18T23:59:59+02:00" },
    { kind: "objection-receipt", ...env, meeting: MEETING_SUMMER, version: 1, receivedAt: "2027-05-03T09:30:00+02:00", text: "Punkt 3 gengiver ikke beslutningen korrekt." },
    { kind: "minutes-approved", ...env, meeting: MEETING_SUMMER, version: 2, approvedAt: "2027-05-18T23:59:59+02:00", minutesUrl: `${BASE}/m/${s.id}-tok/protokol` },
    //
    { kind: "ballot", ...env, vote: VOTE, replyAddress: replyAddress(s, "stem"), answerUrls: answerUrls(s) },
    { kind: "ballot", ...env, vote: { ...VOTE, material: [] }, replyAddress: replyAddress(s, "stem") },
    { kind: "vote-reminder", ...env, vote: VOTE, replyAddress: replyAddress(s, "stem"), answerUrls: answerUrls(s) },
    { kind: "vote-receipt", ...env, vote: VOTE, answer: "against", receivedAt: "2027-03-27T10:05:00+01:00", channel: "email", remark: "Indsatsen bør først evalueres.", replaces: "for" },
    { kind: "vote-receipt", ...env, vote: VOTE, answer: "objection", receivedAt: "2027-03-27T10:05:00+01:00", channel: "link" },
    { kind: "vote-result", ...env, vote: VOTE, outcome: "carried", closedAt: VOTE.closesAt, explanation: "Forslaget er vedtaget: 9 for, 2 imod, 2 undlod at stemme.", tally: { for: 9, against: 2, abstain: 2, objection: 0, respondents: 13 }, seats: answers },
    { kind: "vote-result", ...env, vote: VOTE, outcome: "not-carried", closedAt: VOTE.closesAt, tally: { for: 3, against: 4, abstain: 0, objection: 0, respondents: 7 }, seats: answers },
    { kind: "vote-result", ...env, vote: VOTE, outcome: "moved-to-meeting", closedAt: "2027-03-26T11:00:00+01:00", explanation: "Et medlem har gjort indsigelse mod skriftlig votering; sagen skal derfor behandles på et møde (forretningsordenens § 3, stk. 6).", tally: { for: 2, against: 0, abstain: 0, objection: 1, respondents: 3 }, seats: answers, movedToMeeting: MEETING_SUMMER },
    { kind: "vote-result", ...env, vote: VOTE, outcome: "moved-to-meeting", closedAt: "2027-03-26T11:00:00+01:00", tally: { for: 0, against: 0, abstain: 0, objection: 1, respondents: 1 }, seats: answers.map((a) => ({ seatTitle: a.seatTitle })) },
    { kind: "vote-result", ...env, vote: VOTE, outcome: "cancelled", closedAt: "2027-03-28T12:00:00+01:00", explanation: "Sekretariatet har annulleret afstemningen.", tally: { for: 1, against: 0, abstain: 0, objection: 0, respondents: 1 }, seats: answers },
    // reminders to the secretariat
    { kind: "agenda-release-reminder", ...staff(secretariat), meeting: MEETING_SUMMER, agendaDeadline: "2027-04-12T23:59:59+02:00", itemsSoFar: agendaItemsFor(s).length, links: consoleLink(MEETING_SUMMER.meetingId) },
    { kind: "minutes-reminder", ...staff(secretariat), meeting: MEETING_SUMMER, minutesDeadline: "2027-05-02T23:59:59+02:00", links: consoleLink(MEETING_SUMMER.meetingId) },
    // initiatives
    { kind: "initiative-report-request", ...env, initiative: INITIATIVE, meeting: MEETING_SUMMER, reportDeadline: itemDeadline, replyAddress: replyAddress(s, "rapport") },
    { kind: "initiative-report-reminder", ...env, initiative: { ...INITIATIVE, goals: [] }, meeting: MEETING_SUMMER, reportDeadline: itemDeadline, replyAddress: replyAddress(s, "rapport") },
    ...[secretariat, ...chairs].map((r): Message => ({ kind: "initiative-report-escalation", ...staff(r), initiative: INITIATIVE, meeting: MEETING_SUMMER, reportDeadline: itemDeadline, missingSince: "2027-03-26T00:00:00+01:00", remindersSent: 2, links: [{ label: "Se indsatsrapporterne", url: `${BASE}/console/initiatives` }] })),
    // alerts
    ...[secretariat, ...chairs].flatMap((r): Message[] => [
      { kind: "alert", ...staff(r), alert: { topic: "agenda-not-released", meeting: MEETING_SUMMER, deadline: "2027-04-12T23:59:59+02:00" }, links: consoleLink(MEETING_SUMMER.meetingId) },
      { kind: "alert", ...staff(r), alert: { topic: "minutes-not-sent", meeting: MEETING_SUMMER, deadline: "2027-05-02T23:59:59+02:00" } },
      { kind: "alert", ...staff(r), alert: { topic: "hard-bounce", address: s.member.email, name: s.member.name, seatTitle: s.title, bouncedAt: "2027-04-09T09:01:12+02:00", mailSubject: "Dagsorden: Politisk Sundhedsklynge Syd torsdag den 22. april 2027 kl. 14.00", diagnostic: "550 5.1.1 <recipient>: user unknown" } },
    ]),
    { kind: "alert", ...staff(secretariat), alert: { topic: "other", title: "Forretningsordenen udløber", problem: "Den gældende forretningsorden udløber 31. december 2029.", nextStep: "Indlæs en fornyet forretningsorden.", deadline: "2029-12-31T23:59:59+01:00" } },
    // answers to replies
    { kind: "reply-outcome", ...env, about, receivedAt: "2027-03-27T10:05:00+01:00", variant: "recorded", recorded: { kind: "vote", answer: "for", remark: "Godt initiativ." } },
    { kind: "reply-outcome", ...env, about, receivedAt: "2027-03-27T10:05:00+01:00", variant: "recorded", recorded: { kind: "vote", answer: "objection" } },
    { kind: "reply-outcome", ...env, about: { action: "minutes", meeting: MEETING_SUMMER, version: 1 }, receivedAt: "2027-05-03T09:30:00+02:00", variant: "recorded", recorded: { kind: "objection", text: "Punkt 3 er forkert." } },
    { kind: "reply-outcome", ...env, about: { action: "apology", meeting: MEETING_SUMMER }, receivedAt: "2027-04-14T08:12:00+02:00", variant: "recorded", recorded: { kind: "apology", substituteAttends: true } },
    { kind: "reply-outcome", ...env, about: { action: "item-request", meeting: MEETING_SUMMER }, receivedAt: "2027-03-26T00:00:00+01:00", variant: "recorded", recorded: { kind: "item-request", title: "Akutpladser", onTime: false } },
    { kind: "reply-outcome", ...env, about: { action: "initiative-report", initiative: INITIATIVE }, receivedAt: "2027-03-20T12:00:00+01:00", variant: "recorded", recorded: { kind: "report", figures: 3 } },
    { kind: "reply-outcome", ...env, about: { action: "minutes", meeting: MEETING_SUMMER, version: 2 }, receivedAt: "2027-05-12T12:00:00+02:00", variant: "recorded", recorded: { kind: "no-objection" } },
    { kind: "reply-outcome", ...env, about, receivedAt: "2027-03-27T10:05:00+01:00", variant: "not-understood", reason: "Dit svar indeholdt flere svar (JA og NEJ), så vi kunne ikke se, hvad du stemmer.", replyAddress: replyAddress(s, "stem"), deadline: VOTE.closesAt },
    ...(["minutes", "apology", "item-request", "initiative-report"] as const).map((action): Message => ({
      kind: "reply-outcome", ...env, receivedAt: "2027-03-27T10:05:00+01:00", variant: "not-understood", reason: "Dit svar var tomt.", replyAddress: replyAddress(s, action),
      about: action === "minutes" ? { action, meeting: MEETING_SUMMER, version: 1 } : action === "initiative-report" ? { action, initiative: INITIATIVE } : { action, meeting: MEETING_SUMMER },
    })),
    { kind: "reply-outcome", ...env, about, receivedAt: "2027-04-02T00:00:00+02:00", variant: "too-late", deadline: VOTE.closesAt, outcomeExplanation: "Forslaget er vedtaget: 9 for, 2 imod, 2 undlod at stemme." },
    { kind: "reply-outcome", ...env, about: { action: "minutes", meeting: MEETING_SUMMER, version: 1 }, receivedAt: "2027-05-09T00:00:01+02:00", variant: "too-late", deadline: "2027-05-08T23:59:59+02:00" },
    ...(["unregistered-sender", "link-expired", "link-revoked", "wrong-seat"] as const).map((reason): Message => ({
      kind: "reply-outcome", ...env, about, receivedAt: "2027-03-27T10:05:00+01:00", variant: "not-accepted", reason, ...(reason === "unregistered-sender" ? { fromAddress: "privat@mail.example.net" } : {}),
    })),
    { kind: "reply-outcome", ...env, about, receivedAt: "2027-03-27T10:05:00+01:00", variant: "confirm-by-link", reason: "unsure-reading", understood: { kind: "vote", answer: "abstain" }, confirmUrl: `${BASE}/m/${s.id}-tok/bekraeft`, confirmBy: VOTE.closesAt },
    { kind: "reply-outcome", ...env, about: { action: "apology", meeting: MEETING_SUMMER }, receivedAt: "2027-04-14T08:12:00+02:00", variant: "confirm-by-link", reason: "unverified-sender", confirmUrl: `${BASE}/m/${s.id}-tok/bekraeft` },
  ];
}

/** The messages a seat's substitute gets: meeting mail, written votes and answers to replies. */
export function messagesForSubstitute(s: SeatJson): Message[] {
  const to = substitute(s);
  const relevant = new Set<Message["kind"]>(["agenda", "extraordinary-meeting-notice", "meeting-changed", "meeting-cancelled", "ballot", "vote-reminder", "vote-receipt", "vote-result", "reply-outcome"]);
  return messagesForSeat(s)
    .filter((m) => relevant.has(m.kind))
    .map((m) => ({ ...m, to, ...("replyAddress" in m ? { replyAddress: replyAddress(to, "sup") } : {}) }) as Message);
}
