/**
 * The rules are data (issue 22, item 5): the same meeting cycle and written votes as meeting-cycle.test.ts and
 * written-vote.test.ts, played under the fictional second rulebook (rulebooks/examples/nordkysten-2026.json),
 * which differs in every number and rule of the schema: 8 seats, one chair, items 21 days before (the call 7
 * days before that), agenda 7 days before, minutes 14 days after with a 5-day objection window, send time
 * 08:30 and no Danish holidays closed (weekends and its own closed dates only), a quorum of two thirds with the
 * municipalities represented and no condition for general practice, substitutes not counting for the seat,
 * written votes of 5 days decided by a majority of all seats, never closed early, and its own § references.
 * Every deadline below is worked out by hand from that file.
 */
import { afterEach, describe, expect, it } from "vitest";
import { upsertInitiative } from "#functions/initiatives/initiatives";
import { getMeeting } from "#functions/meetings/meetings";
import { startMeetingCycles } from "#functions/meetings/plan";
import { openWrittenVote, recordVoteAnswer, voteState } from "#functions/written-votes/written-votes";
import { parseRulebook } from "#domain/rulebook";
import { readJson, rulebook2026 } from "../support/rulebooks.ts";
import { startTestRuntime, type TestRuntime } from "../support/runtime.ts";
import { playMeetingCycle, timeline, until as untilAt } from "../support/cycle.ts";

const NORDKYSTEN = parseRulebook(readJson("rulebooks/examples/nordkysten-2026.json"));
const C = "nordkysten";
const M = "2027-06-08";
const SEATS = NORDKYSTEN.seats.map((s) => s.id);
const CHAIR_AND_SECRETARIAT = ["borgmester@fjordhavn.example.org", "sekretariat@nordkysten.example.org"];

let t: TestRuntime;
afterEach(async () => { await t?.stop(); });

const until = (at: string) => untilAt(t, at);

describe("The second rulebook differs from Sundhedsklynge Syd's in every number and rule of the schema", () => {
  it("is a fictional example, marked as such, with other numbers, rules and § references", () => {
    expect(NORDKYSTEN.title).toContain("FIKTIVT EKSEMPEL");
    expect(NORDKYSTEN.note).toMatch(/^FIKTIVT EKSEMPEL/);
    const a = rulebook2026;
    const b = NORDKYSTEN;
    const numbersOf = (r: typeof a) => ({ ...r.meetings, ...r.reminders, ...r.writtenVote, ...r.initiatives, quorum: r.quorum, calendar: { ...r.calendar, timeZone: undefined } });
    const [na, nb] = [numbersOf(a), numbersOf(b)];
    const same = Object.keys(na).filter((k) => JSON.stringify((na as Record<string, unknown>)[k]) === JSON.stringify((nb as Record<string, unknown>)[k]));
    // One rule is kept on purpose: an objection to the written procedure moves the matter to a meeting.
    expect(same).toEqual(["singleObjectionMovesToMeeting"]);
    expect([b.coChairs.length, b.quorum.generalPracticeItemsRequire, b.seats.length]).toEqual([1, [], 8]);
    expect(Object.entries(b.sources ?? {}).filter(([rule, p]) => a.sources?.[rule] === p)).toEqual([]);
    expect([b.validity, b.term]).not.toEqual([a.validity, a.term]);
  });
});

describe("R-3.2–R-3.5 under the second rulebook: the meeting of Tuesday 2027-06-08 15:30, from plan to approved minutes", () => {
  it("every email goes to the right people at the second this rulebook says, with one objection round and its own § references", async () => {
    t = await startTestRuntime({ start: "2027-05-01T09:00:00+02:00", rulebook: NORDKYSTEN, plan: [{ id: M, startsAt: "2027-06-08T15:30", location: "Bølgeby Rådhus" }] });
    await upsertInitiative(t.deps, C, { initiativeId: "kyst", name: "Rehabilitering tæt på hjemmet", owner: { name: "Regionsrådsmedlem A (fiktiv)", email: "region-a@nordkysten.example.org" }, fundsDkk: 750_000, goals: [], active: true }, "test");
    await startMeetingCycles(t.deps, C);
    await playMeetingCycle(t, {
      committeeId: C, meetingId: M,
      itemsAt: "2027-05-20T12:00:00+02:00",
      items: [{ title: "Status på indsatsen", description: "Nøgletal." }, { title: "Kommunernes økonomi", description: "Drøftelse", authoritiesOnly: true }],
      // released Monday 2027-05-31 10:00, before the deadline on Tuesday 2027-06-01 (7 days before).
      releaseAt: "2027-05-31T10:00:00+02:00", releasedBy: "fjordhavn",
      apologies: [{ seatId: "boelgeby", substituteAttends: true }, { seatId: "region-b", substituteAttends: false }],
      // minutes uploaded Thursday 2027-06-10 10:00, objected 2027-06-12; version 2 on 2027-06-17 passes its 5 days.
      minutesAt: "2027-06-10T10:00:00+02:00",
      objection: { at: "2027-06-12T08:15:00+02:00", seatId: "klitrup", text: "Punkt 1 er gengivet forkert." },
      revisionAt: "2027-06-17T09:00:00+02:00", revisionNote: "Punkt 1 er rettet.",
      endAt: "2027-07-01T00:00:00+02:00",
    });

    const mails = await t.outbox();
    expect(timeline(mails)).toEqual([
      "2027-05-11 08:30:00 call-for-items ×8",              // 7 days before the item deadline of Tuesday 18 May (21 days before)
      "2027-05-11 08:30:00 initiative-report-request ×1",
      "2027-05-21 08:30:00 initiative-report-reminder ×1",  // 4 days before the report deadline of Tuesday 25 May (14 days before)
      "2027-05-26 08:30:00 initiative-report-escalation ×3", // 1 day after, to the chair, the secretariat and the owner
      "2027-05-28 08:30:00 agenda-release-reminder ×1",     // 3 days before the agenda deadline is a Saturday: the Friday before
      "2027-05-31 10:00:00 agenda ×8",                      // sent on release
      "2027-06-04 08:30:00 quorum-forecast ×2",             // 2 days before is a Sunday: the Friday, to the one chair and the secretariat
      "2027-06-10 10:00:00 minutes ×8",                     // sent on upload
      "2027-06-12 08:15:00 objection-notice ×1",            // the objection, to the secretariat
      "2027-06-16 00:00:00 alert ×2",                       // the 5-day window of version 1 ended Tuesday 15 June 23:59:59
      "2027-06-17 09:00:00 minutes ×8",                     // revised version 2
      "2027-06-23 00:00:00 minutes-approved ×8",            // its window ended Tuesday 22 June 23:59:59
    ]);
    expect(await getMeeting(t.deps, C, M)).toMatchObject({ status: "held", presidingChair: "fjordhavn", durationMinutes: 90, minutesApprovedAt: "2027-06-22T23:59:59+02:00", approvedMinutesVersion: 2 });
    const byPurpose = (p: string) => mails.filter((m) => m.purpose === p);
    const call = byPurpose("call-for-items")[0]?.text ?? "";
    expect(call).toContain("senest tirsdag den 18. maj 2027 kl. 23.59 (forretningsordenens § 5, stk. 1)");
    expect(call).toContain("Sundhedsudvalget Nordkysten (fiktivt eksempel)");
    // an authorities-only item reaches the municipalities only (this rulebook's authorities), not the region or the GP.
    const agendaFor = (email: string) => byPurpose("agenda").find((m) => m.to === email)?.text ?? "";
    expect(agendaFor("borgmester@sandholm.example.org")).toContain("Kommunernes økonomi");
    expect(agendaFor("region-a@nordkysten.example.org")).not.toContain("Kommunernes økonomi");
    expect(agendaFor("laege@nordkysten.example.org")).not.toContain("Kommunernes økonomi");
    expect(byPurpose("agenda")[0]?.calendar ?? "").toMatch(/DTSTART;TZID=Europe\/Copenhagen:20270608T153000[\s\S]*DTEND;TZID=Europe\/Copenhagen:20270608T170000/);
    // two thirds of 8 is 6; a substitute does not count for the seat here, so 6 of 8 are expected.
    const forecast = byPurpose("quorum-forecast")[0]?.text ?? "";
    expect(forecast).toContain("Forventet fremmøde: 6 af 8");
    expect(byPurpose("quorum-forecast").map((m) => m.to).sort()).toEqual(CHAIR_AND_SECRETARIAT);
    expect(byPurpose("minutes")[0]?.text).toContain("senest tirsdag den 15. juni 2027 kl. 23.59");
    expect(byPurpose("alert").map((m) => m.to).sort()).toEqual(CHAIR_AND_SECRETARIAT);
    expect(byPurpose("minutes-approved")[0]?.text).toContain("(forretningsordenens § 8)");
  });

  it("R-3.3: an agenda never released: the one chair and the secretariat are alerted just after Tuesday's deadline", async () => {
    t = await startTestRuntime({ start: "2027-05-01T09:00:00+02:00", rulebook: NORDKYSTEN, plan: [{ id: M, startsAt: "2027-06-08T15:30", location: "Bølgeby Rådhus" }] });
    await startMeetingCycles(t.deps, C);
    await until("2027-06-02T10:00:00+02:00");
    const alerts = (await t.outbox()).filter((m) => m.purpose === "alert");
    expect(timeline(alerts)).toEqual(["2027-06-02 00:00:00 alert ×2"]);
    expect(alerts.map((m) => m.to).sort()).toEqual(CHAIR_AND_SECRETARIAT);
  });
});

describe("R-3.6 under the second rulebook: 5-day written votes decided by a majority of all 8 seats, never closed early", () => {
  async function open() {
    t = await startTestRuntime({ start: "2027-05-03T10:00:00+02:00", rulebook: NORDKYSTEN, plan: [] });
    const vote = await openWrittenVote(t.deps, { committeeId: C, title: "Fælles genoptræning", question: "Godkender I den fælles genoptræning?", openedBy: "secretariat" });
    await t.rt.executor.idle();
    return vote;
  }
  const answer = (voteId: string, seatId: string, a: "for" | "against", at: string) =>
    recordVoteAnswer(t.deps, { committeeId: C, voteId, seatId, respondent: { kind: "member" }, answer: a, channel: "link", receivedAt: at, sourceRef: `link/${seatId}/${at}` });

  it("ballots to the 8 seats with the 5-day deadline and this rulebook's §; a reminder 2 days before to the silent seats; 4 for and 1 against is not carried", async () => {
    const vote = await open();
    expect(vote.closesAt).toBe("2027-05-08T23:59:59+02:00");
    const ballots = (await t.outbox()).filter((m) => m.purpose === "ballot");
    expect(ballots.map((m) => m.to).sort()).toEqual(NORDKYSTEN.seats.map((s) => s.member.email).sort());
    expect(ballots[0]?.text).toContain("ved skriftlig votering (forretningsordenens § 9). Svarfrist: senest lørdag den 8. maj 2027 kl. 23.59.");
    for (const [i, s] of SEATS.slice(0, 5).entries()) await answer(vote.voteId, s, i < 4 ? "for" : "against", `2027-05-04T09:0${i}:00+02:00`);
    await t.runUntil("2027-05-09T12:00:00+02:00");
    const mails = await t.outbox();
    // Ascension Day (6 May 2027) is not a closed day under this rulebook (no Danish holidays): the reminder stays on it.
    expect(timeline(mails.filter((m) => m.purpose === "vote-reminder"))).toEqual(["2027-05-06 08:30:00 vote-reminder ×3"]);
    const state = await voteState(t.deps, C, vote.voteId);
    // Under Sundhedsklynge Syd's rule (more for than against, respondents a quorum) this would be carried.
    expect(state.vote).toMatchObject({ status: "closed", outcome: "not-carried", closeReason: "deadline", closedAt: "2027-05-08T23:59:59+02:00" });
    expect(mails.find((m) => m.purpose === "vote-result")?.subject).toBe("Ikke vedtaget: Fælles genoptræning");
  });

  it("every seat answering does not close the vote early; 5 of 8 for carries it at its deadline", async () => {
    const vote = await open();
    for (const [i, s] of SEATS.entries()) await answer(vote.voteId, s, i < 5 ? "for" : "against", `2027-05-04T10:0${i}:00+02:00`);
    await t.rt.executor.idle();
    expect((await voteState(t.deps, C, vote.voteId)).vote.status).toBe("open");
    await t.runUntil("2027-05-09T00:00:10+02:00");
    expect((await voteState(t.deps, C, vote.voteId)).vote).toMatchObject({ status: "closed", outcome: "carried", closeReason: "deadline" });
    expect((await t.outbox()).filter((m) => m.purpose === "vote-reminder")).toHaveLength(0);
  });
});
