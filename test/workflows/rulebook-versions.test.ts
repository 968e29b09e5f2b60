/**
 * R-6.1 (issue 22, item 3): a committee adopts a new version of its rulebook with the date it takes effect.
 * Meetings on or after that date and votes opened from it follow the new version — even a meeting whose
 * cycle was already waiting on the old deadlines — while earlier ones keep theirs; the API says which version
 * each meeting runs under; a meeting outside every version's validity is warned about, as before.
 * The real state machines and handlers on virtual time.
 */
import type { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { issueApiToken } from "#functions/committee/api-tokens";
import { makeApp } from "#functions/http/app";
import { startMeetingCycles } from "#functions/meetings/plan";
import { openWrittenVote } from "#functions/written-votes/written-votes";
import { rulebook2026, rulebookWith } from "../support/rulebooks.ts";
import { startTestRuntime, type SentMail, type TestRuntime } from "../support/runtime.ts";

const C = "sundhedsklynge-syd";
const TOKEN = "kf_rulebook-versions-secretariat-01";
const PLAN = [
  { id: "2027-04-22", startsAt: "2027-04-22T14:00", location: "Hvidovre Hospital" },
  { id: "2027-11-04", startsAt: "2027-11-04T14:00", location: "Tårnby Rådhus" },
  { id: "2030-05-02", startsAt: "2030-05-02T14:00", location: "Glostrup Rådhus" },
  { id: "2031-01-09", startsAt: "2031-01-09T14:00", location: "Amager Hospital" },
];
/** The version adopted in the test: longer notice for items and agenda, shorter written votes, valid to mid-2030. */
const V2027 = rulebookWith((r) => {
  r.id = "sundhedsklynge-syd-2027";
  r.title = "Forretningsorden for Politisk Sundhedsklynge Syd, revideret 2027";
  r.status = "adopted";
  r.validity = { from: "2027-06-01", to: "2030-06-30" };
  r.meetings.itemRequestDaysBefore = 35;
  r.meetings.agendaDaysBefore = 14;
  r.writtenVote.defaultDurationDays = 5;
});

let t: TestRuntime;
let app: Hono;
afterEach(async () => { await t?.stop(); });

const api = async (method: string, path: string, body?: unknown) => {
  const res = await app.request(path, { method, headers: { authorization: `Bearer ${TOKEN}`, ...(body ? { "content-type": "application/json" } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> & { problems?: { field: string; message: string }[] } };
};
const sentAt = (mails: SentMail[], purpose: string, subject: string) =>
  [...new Set(mails.filter((m) => m.purpose === purpose && m.subject.includes(subject)).map((m) => new Date(m.date).toLocaleString("sv-SE", { timeZone: "Europe/Copenhagen" })))];

async function start() {
  t = await startTestRuntime({ start: "2027-03-01T09:00:00+01:00", plan: PLAN });
  await issueApiToken(t.deps.store, t.now(), { token: TOKEN, role: "secretariat", committeeId: C, name: "Sekretariatet" });
  await startMeetingCycles(t.deps, C);
  await t.rt.executor.idle();
  app = makeApp(t.deps);
}

describe("R-6.1: a new version of the rulebook takes effect on its date", () => {
  it("R-6.1/R-3.2/R-3.3: meetings from the date follow the new version (a waiting cycle is re-timed); the meeting before it keeps the old one; the API shows the version per meeting", async () => {
    await start();
    const adopted = await api("POST", `/api/committees/${C}/rulebooks`, { rulebook: V2027, effectiveFrom: "2027-06-01" });
    expect(adopted).toEqual({ status: 201, json: { rulebookId: "sundhedsklynge-syd-2027", effectiveFrom: "2027-06-01", meetingsRetimed: 3 } });

    const term = (await api("GET", `/api/committees/${C}/meetings`)).json as { meetings: { id: string; rulebook: { id: string } }[]; rulebooks: { id: string; effectiveFrom: string | null }[] };
    expect(term.meetings.map((m) => [m.id, m.rulebook.id])).toEqual([
      ["2027-04-22", "sundhedsklynge-syd-2026"], ["2027-11-04", "sundhedsklynge-syd-2027"], ["2030-05-02", "sundhedsklynge-syd-2027"], ["2031-01-09", "sundhedsklynge-syd-2027"],
    ]);
    expect(term.rulebooks.map((v) => [v.id, v.effectiveFrom])).toEqual([["sundhedsklynge-syd-2026", null], ["sundhedsklynge-syd-2027", "2027-06-01"]]);
    const versions = (await api("GET", `/api/committees/${C}/rulebooks`)).json as unknown as { id: string; inForce: boolean }[];
    expect(versions.map((v) => [v.id, v.inForce])).toEqual([["sundhedsklynge-syd-2026", true], ["sundhedsklynge-syd-2027", false]]);
    const detail = (await api("GET", `/api/committees/${C}/meetings/2027-11-04`)).json as { rulebook: { id: string }; deadlines: { rule: string; what: string; at: string }[] };
    expect(detail.rulebook.id).toBe("sundhedsklynge-syd-2027");
    expect(detail.deadlines.filter((d) => d.rule === "R-3.2" || d.rule === "R-3.3").map((d) => d.at)).toContain("2027-09-30T23:59:59+02:00"); // 35 days before

    await t.runUntil("2027-10-22T10:00:00+02:00");
    const mails = await t.outbox();
    // The April meeting under the 2026 rulebook: the call 14 days before an item deadline 28 days before.
    expect(sentAt(mails, "call-for-items", "22. april")).toEqual(["2027-03-11 09:00:00"]);
    // The November meeting under the 2027 version: item deadline Thursday 30 September (35 days before), call 16 September,
    // not the 23 September the old rulebook gave when its cycle started waiting.
    expect(sentAt(mails, "call-for-items", "4. november")).toEqual(["2027-09-16 09:00:00"]);
    expect(mails.find((m) => m.purpose === "call-for-items" && m.subject.includes("4. november"))?.text).toContain("senest torsdag den 30. september 2027 kl. 23.59");
    // its agenda deadline is Thursday 21 October (14 days before): unreleased, the alert comes just after it.
    expect(sentAt(mails, "alert", "4. november").concat(sentAt(mails, "alert", "2027-11-04"))).toEqual(["2027-10-22 00:00:00"]);
    // Since 1 June the 2027 version is in force.
    expect(((await api("GET", `/api/committees/${C}/rulebooks`)).json as unknown as { id: string; inForce: boolean }[]).map((v) => v.inForce)).toEqual([false, true]);
  });

  it("R-6.1/R-3.6: a vote opened the day before keeps the old rulebook's duration; one opened on the date follows the new one", async () => {
    await start();
    await api("POST", `/api/committees/${C}/rulebooks`, { rulebook: V2027, effectiveFrom: "2027-06-01" });
    await t.runUntil("2027-05-31T10:00:00+02:00");
    const before = await openWrittenVote(t.deps, { committeeId: C, title: "Før", question: "Godkender I?", openedBy: "secretariat" });
    await t.runUntil("2027-06-01T10:00:00+02:00");
    const after = await openWrittenVote(t.deps, { committeeId: C, title: "Efter", question: "Godkender I?", openedBy: "secretariat" });
    expect([before.closesAt, after.closesAt]).toEqual(["2027-06-08T23:59:59+02:00", "2027-06-06T23:59:59+02:00"]);
    const view = (await api("GET", `/api/committees/${C}/written-votes/${before.voteId}`)).json;
    expect(view.closesAt).toBe("2027-06-08T23:59:59+02:00");
  });

  it("R-6.1: planning outside every version's validity warns as before; a meeting the new version covers no longer does", async () => {
    await start();
    const warned = async () => ((await api("GET", `/api/committees/${C}/meetings`)).json.warnings as { rule: string; meetingId?: string }[]).filter((w) => w.rule === "R-6.1").map((w) => w.meetingId);
    expect(await warned()).toEqual(["2030-05-02", "2031-01-09"]);
    await api("POST", `/api/committees/${C}/rulebooks`, { rulebook: V2027, effectiveFrom: "2027-06-01" });
    expect(await warned()).toEqual(["2031-01-09"]);
  });

  it("refusals name the field: a date in the past or before a later version, another committee's rulebook, an id the committee has", async () => {
    await start();
    const past = await api("POST", `/api/committees/${C}/rulebooks`, { rulebook: V2027, effectiveFrom: "2027-02-28" });
    expect([past.status, past.json.problems?.map((p) => p.field)]).toEqual([400, ["effectiveFrom"]]);
    const impossible = await api("POST", `/api/committees/${C}/rulebooks`, { rulebook: V2027, effectiveFrom: "2027-02-30" });
    expect([impossible.status, impossible.json.problems?.map((p) => p.field)]).toEqual([400, ["effectiveFrom"]]);
    const other = await api("POST", `/api/committees/${C}/rulebooks`, { rulebook: { ...V2027, committee: { id: "nordkysten", name: "Nordkysten" } }, effectiveFrom: "2027-06-01" });
    expect([other.status, other.json.problems?.map((p) => p.field)]).toEqual([400, ["rulebook.committee.id"]]);
    const same = await api("POST", `/api/committees/${C}/rulebooks`, { rulebook: rulebook2026, effectiveFrom: "2027-06-01" });
    expect([same.status, same.json.problems?.map((p) => p.field)]).toEqual([409, ["rulebook.id"]]);
    const bad = await api("POST", `/api/committees/${C}/rulebooks`, { rulebook: { ...V2027, coChairs: ["ingen-plads"] }, effectiveFrom: "2027-06-01" });
    expect([bad.status, bad.json.problems?.map((p) => p.field)]).toEqual([400, ["rulebook.coChairs[0]"]]);
    expect((await api("POST", `/api/committees/${C}/rulebooks`, { rulebook: V2027, effectiveFrom: "2027-06-01" })).status).toBe(201);
    const earlier = await api("POST", `/api/committees/${C}/rulebooks`, { rulebook: { ...V2027, id: "sundhedsklynge-syd-2027b" }, effectiveFrom: "2027-05-01" });
    expect([earlier.status, earlier.json.problems?.map((p) => p.field)]).toEqual([400, ["effectiveFrom"]]);
  });
});
