/**
 * Every raw email of the corpus, with a real token from a real ballot, agenda, call
 * for items, minutes or report request, through processInbound — the entry point the SES Lambda, the
 * local SMTP sink and `klyngeflow inbound` share — yields its expected outcome, and its raw bytes are kept.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { meetingPk, votePk } from "#adapters/records";
import { processInbound, type InboundResult } from "#functions/answers/email-replies";
import { releaseAgenda } from "#functions/meetings/agenda";
import { startMeetingCycles } from "#functions/meetings/plan";
import { uploadMinutes } from "#functions/minutes/minutes";
import { openWrittenVote, voteState } from "#functions/written-votes/written-votes";
import { factories } from "../support/factories.ts";
import { ROOT } from "../support/rulebooks.ts";
import { startTestRuntime, type TestRuntime } from "../support/runtime.ts";

interface Entry {
  file: string;
  client: string;
  action: "written-vote" | "minutes" | "apology" | "item-request" | "initiative-report";
  token: { seat: string };
  sender: string;
  expect: { outcome: string; answer?: string; reason?: string; reading?: string; substituteAttends?: boolean; title?: string; remark?: string };
  notes: string;
}

const DIR = `${ROOT}test/fixtures/replies/`;
const manifest = JSON.parse(readFileSync(`${DIR}manifest.json`, "utf8")) as Entry[];
const C = "sundhedsklynge-syd";
const M = "2027-04-22";
const PURPOSE = { "written-vote": "ballot", minutes: "minutes", apology: "agenda", "item-request": "call-for-items", "initiative-report": "initiative-report-request" } as const;

let t: TestRuntime;
let voteId = "";
const results = new Map<string, InboundResult>();

async function tokenFor(entry: Entry): Promise<string> {
  const mails = await t.outbox();
  const [kind, who] = entry.token.seat.startsWith("owner:") ? ["owner", entry.token.seat.slice(6)] : ["seat", entry.token.seat];
  const rb = (await import("../support/rulebooks.ts")).rulebook2026;
  const address = kind === "owner" ? "ammeindsats@region.example.org" : rb.seats.find((s) => s.id === who)?.member.email;
  const mail = mails.find((m) => m.purpose === PURPOSE[entry.action] && m.to === address && m.replyTo);
  if (!mail?.replyTo) throw new Error(`no ${PURPOSE[entry.action]} with a reply address to ${address}`);
  return /^svar\+([^@]+)@/.exec(mail.replyTo)?.[1] ?? "";
}

async function deliver(entry: Entry): Promise<InboundResult> {
  const raw = Buffer.from(readFileSync(`${DIR}${entry.file}`).toString("latin1").replace("{{TOKEN}}", await tokenFor(entry)), "latin1");
  // As SES does: each delivery has its own receipt id, even for identical bytes.
  const result = await processInbound(t.deps, { raw, receiptId: `test-${entry.file.replace(/\W/g, "-")}`, receivedAt: t.now(), channel: "smtp" });
  await t.rt.executor.idle();
  results.set(entry.file, result);
  return result;
}

// In file order: the objection to the written procedure (29) comes after the other ballots, since it closes the vote.
const phase = (actions: Entry["action"][]) => manifest.filter((e) => actions.includes(e.action)).sort((a, b) => a.file.localeCompare(b.file));

beforeAll(async () => {
  t = await startTestRuntime({ start: "2027-02-01T09:00:00+01:00", plan: [{ id: M, startsAt: "2027-04-22T14:00", location: "Hvidovre Hospital" }] });
  await t.deps.store.create("initiative", factories.initiative());
  await startMeetingCycles(t.deps, C);
  await t.runUntil("2027-03-26T10:00:00+01:00");
  voteId = (await openWrittenVote(t.deps, { committeeId: C, title: "Forlængelse af fælles ammeindsats", question: "Godkender I forlængelsen?", openedBy: "secretariat" })).voteId;
  await t.rt.executor.idle();
  await t.runUntil("2027-03-27T10:14:03+01:00");
  for (const e of phase(["written-vote", "item-request", "initiative-report"])) await deliver(e);
  await t.runUntil("2027-04-08T10:00:00+02:00");
  await releaseAgenda(t.deps, C, M, "region-1");
  await t.runUntil("2027-04-09T12:00:00+02:00");
  for (const e of phase(["apology"])) await deliver(e);
  await t.runUntil("2027-04-27T10:00:00+02:00");
  await uploadMinutes(t.deps, { committeeId: C, meetingId: M, content: Buffer.from("%PDF v1"), contentType: "application/pdf", changeNote: "", by: "secretariat" });
  await t.runUntil("2027-04-28T09:00:00+02:00");
  for (const e of phase(["minutes"])) await deliver(e);
}, 120_000);
afterAll(async () => { await t?.stop(); });

describe("Email: the reply corpus through the production entry point", () => {
  it("has at least 25 raw emails, every one in the manifest and the other way round, on example domains only", () => {
    const files = (readFileSync(`${DIR}manifest.json`, "utf8").match(/"file": "([^"]+)"/g) ?? []).length;
    expect(files).toBeGreaterThanOrEqual(25);
    expect(manifest.length).toBe(files);
    for (const e of manifest) {
      // Quoted-printable soft line breaks can split an address; join them first.
      const raw = readFileSync(`${DIR}${e.file}`, "latin1").replace(/=\r?\n/g, "");
      const addresses = raw.match(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]{2,}/g) ?? [];
      expect(addresses.filter((a) => !/@([a-z0-9-]+\.)*example\.(org|net|com)$/i.test(a))).toEqual([]);
    }
  });

  for (const entry of manifest) {
    it(`${entry.file} (${entry.client}): ${entry.expect.outcome}${entry.expect.answer ? ` ${entry.expect.answer}` : ""}${entry.notes ? ` — ${entry.notes}` : ""}`, async () => {
      const r = results.get(entry.file);
      expect(r?.outcome).toBe(entry.expect.outcome);
      if (entry.expect.reason) expect(r?.reason).toBe(entry.expect.reason);
      // Raw first: whatever the outcome, the bytes are in the blob store and the inbound record points at them.
      const inbound = await t.deps.store.get("inbound", { pk: `INBOUND#${r?.receiptId}`, sk: "INBOUND" });
      expect(inbound).toMatchObject({ status: "processed", outcome: entry.expect.outcome });
      expect((await t.deps.blobs.get(inbound?.blobKey ?? ""))?.length).toBe(inbound?.bytes);
      // Auto-replies and redeliveries are never answered, nor a sender we cannot verify (a stranger's or another
      // seat's From, an unreadable message: no backscatter); every verified sender is answered, in Danish.
      const unverified = entry.expect.outcome === "unreadable" || entry.expect.reason === "wrong-sender";
      expect(r?.answered).toBe(!["ignored-auto-reply", "duplicate"].includes(entry.expect.outcome) && !unverified);
    });
  }
});

describe("Email: what the recorded replies recorded", () => {
  it("R-3.6: every recorded vote is a response with the answer the corpus says, a remark kept as dissent (R-7.1)", async () => {
    const responses = await t.deps.store.list("voteResponse", votePk(C, voteId), "RESPONSE#");
    for (const e of manifest.filter((x) => x.action === "written-vote" && x.expect.outcome === "recorded")) {
      const r = responses.find((x) => x.sourceRef === results.get(e.file)?.sourceRef);
      expect(r?.answer, e.file).toBe(e.expect.answer);
      expect(r?.seatId).toBe(e.token.seat);
      if (e.expect.remark) expect(r?.remark).toContain(e.expect.remark);
    }
  });

  it("R-3.6: two identical deliveries count once", async () => {
    const plo2 = (await t.deps.store.list("voteResponse", votePk(C, voteId), "RESPONSE#")).filter((r) => r.seatId === "plo-2");
    expect(plo2).toHaveLength(1);
  });

  it("R-3.6: the objection in the corpus moved the matter to the meeting", async () => {
    const state = await voteState(t.deps, C, voteId);
    expect(state.vote).toMatchObject({ outcome: "moved-to-meeting", movedToMeetingId: M });
  });

  it("R-3.5/R-3.7/R-3.2: the objection, the apologies, the item request and the report are stored", async () => {
    const objections = await t.deps.store.list("minutesObjection", meetingPk(C, M), "OBJECTION#");
    expect(objections.map((o) => [o.seatId, o.text])).toEqual([["brondby", "Punkt 3: Brøndby Kommunes bemærkning om udskrivning er ikke gengivet."]]);
    const attendance = await t.deps.store.list("attendance", meetingPk(C, M), "ATTENDANCE#");
    expect(attendance.map((a) => [a.seatId, a.status, a.substituteAttends]).sort()).toEqual([["glostrup", "apology", true], ["region-2", "apology", false]]);
    const items = await t.deps.store.list("agendaItem", meetingPk(C, M), "ITEM#");
    expect(items.find((i) => i.source === "member-request")).toMatchObject({ title: "Opfølgning på akutpladser i Hvidovre", requestedBy: "hvidovre", late: true, status: "requested" });
    const reports = await t.deps.store.list("initiativeReport", meetingPk(C, M), "REPORT#");
    expect(reports[0]).toMatchObject({ initiativeId: "faelles-ammeindsats", status: "on-track", figures: { "Andel fuldt ammet ved 2 uger": 61.5, Forbrug: 210000 } });
  });

  it("answers in Danish: a receipt for a vote, 'svar venligst igen' for an unclear one; a forged sender gets nothing (no backscatter)", async () => {
    const mails = (await t.outbox()).filter((m) => m.purpose === "reply-outcome");
    const to = (addr: string) => mails.filter((m) => m.to === addr).map((m) => m.subject);
    expect(to("borgmester@ishoj.example.org")).toContain("Stemme registreret: Forlængelse af fælles ammeindsats");
    expect(to("borgmester@hoje-taastrup.example.org")[0]).toMatch(/^Svar venligst igen: den skriftlige votering/);
    expect(to("someone@example.net")).toEqual([]);
    expect(to("borgmester@dragor.example.org").join()).not.toContain("Fraværende");
  });
});
