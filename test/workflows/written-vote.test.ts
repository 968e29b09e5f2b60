import { afterEach, describe, expect, it } from "vitest";
import { meetingPk } from "#adapters/records";
import type { Answer } from "#domain/written-vote";
import { openWrittenVote, recordVoteAnswer, voteState } from "#functions/written-votes/written-votes";
import { rulebook2026 } from "../support/rulebooks.ts";
import { startTestRuntime, type TestRuntime } from "../support/runtime.ts";

const C = "sundhedsklynge-syd";
const SEATS = rulebook2026.seats.map((s) => s.id);
const PLAN = [{ id: "2027-04-22", startsAt: "2027-04-22T14:00", location: "Hvidovre Hospital" }];

let t: TestRuntime;
afterEach(async () => { await t?.stop(); });

async function open(at = "2027-03-26T10:00:00+01:00") {
  t = await startTestRuntime({ start: at, plan: PLAN });
  const vote = await openWrittenVote(t.deps, { committeeId: C, title: "Forlængelse af fælles ammeindsats", question: "Godkender I, at indsatsen forlænges til 2028?", openedBy: "secretariat" });
  await t.rt.executor.idle();
  return vote;
}

function answer(voteId: string, seatId: string, a: Answer, receivedAt: string, n = 0) {
  return recordVoteAnswer(t.deps, { committeeId: C, voteId, seatId, respondent: { kind: "member" }, answer: a, channel: "link", receivedAt, sourceRef: `link/${seatId}/${n}/${receivedAt}` });
}

describe("R-3.6: a written vote through the real state machine, handlers and store on virtual time", () => {
  it("R-3.6: sends one ballot per seat, in Danish, with a reply address carrying an opaque token and a vote link", async () => {
    const vote = await open();
    const mails = await t.outbox();
    expect(mails.map((m) => m.to).sort()).toEqual(rulebook2026.seats.map((s) => s.member.email).sort());
    const ishoj = mails.find((m) => m.to === "borgmester@ishoj.example.org");
    expect(ishoj?.subject).toBe("Skriftlig votering: Forlængelse af fælles ammeindsats");
    expect(ishoj?.text).toContain("Svarfrist: senest lørdag den 3. april 2027 kl. 23.59");
    expect(ishoj?.replyTo).toMatch(/^svar\+[a-z2-7]{26}-k1[a-z2-7]{26}@svar\.sundhedsklynge-syd\.example\.org$/);
    expect(ishoj?.replyTo).not.toContain("ishoj");
    expect(ishoj?.replyTo).not.toContain(vote.voteId);
    expect(ishoj?.text).toMatch(/JA: http:\/\/127\.0\.0\.1:3000\/m\/[a-z2-7]{26}-k1[a-z2-7]{26}\?svar=for/);
    expect(new Date(ishoj?.date ?? "").toISOString()).toBe("2027-03-26T09:00:00.000Z");
    expect(new Set(mails.map((m) => m.replyTo)).size).toBe(17);
  });

  it("R-3.6: one objection ends the vote at once as moved-to-meeting and puts the matter on the next agenda", async () => {
    const vote = await open();
    for (const [i, s] of SEATS.slice(0, 5).entries()) await answer(vote.voteId, s, "for", `2027-03-27T10:0${i}:00+01:00`);
    await t.runUntil("2027-03-27T11:00:00+01:00");
    const outcome = await answer(vote.voteId, "plo-2", "objection", "2027-03-27T11:00:00+01:00");
    expect(outcome.status).toBe("recorded");
    await t.rt.executor.idle();
    const state = await voteState(t.deps, C, vote.voteId);
    expect(state.vote).toMatchObject({ status: "closed", outcome: "moved-to-meeting", closeReason: "objection", closedAt: "2027-03-27T11:00:00+01:00", movedToMeetingId: "2027-04-22" });
    // The workflow closed it right away: the clock did not move on to the deadline.
    expect(t.now()).toBe("2027-03-27T11:00:00+01:00");
    const item = await t.deps.store.get("agendaItem", { pk: meetingPk(C, "2027-04-22"), sk: `ITEM#vote-${vote.voteId}` });
    expect(item).toMatchObject({ source: "written-vote", title: "Forlængelse af fælles ammeindsats", status: "accepted" });
    const results = (await t.outbox()).filter((m) => m.purpose === "vote-result");
    expect(results).toHaveLength(17);
    expect(results[0]?.subject).toBe("Skal behandles på møde: Forlængelse af fælles ammeindsats");
    expect(results[0]?.text).toContain("Sagen er sat på dagsordenen til mødet torsdag den 22. april 2027.");
    expect(results[0]?.text).toContain("Borgmester, Ishøj Kommune");
  });

  it("R-3.6: closes early when all 17 seats have voted", async () => {
    const vote = await open();
    for (const [i, s] of SEATS.entries()) await answer(vote.voteId, s, i < 12 ? "for" : "against", `2027-03-28T1${Math.floor(i / 10)}:${String(i % 10).padStart(2, "0")}:00+02:00`);
    await t.rt.executor.idle();
    const state = await voteState(t.deps, C, vote.voteId);
    expect(state.vote).toMatchObject({ status: "closed", outcome: "carried", closeReason: "all-seats-voted", closedAt: "2027-03-28T11:06:00+02:00" });
    const result = (await t.outbox()).find((m) => m.purpose === "vote-result");
    expect(result?.subject).toBe("Vedtaget: Forlængelse af fælles ammeindsats");
    expect(result?.text).toContain("Forslaget er vedtaget: 12 for, 5 imod, 0 undlod at stemme.");
    expect((await t.outbox()).filter((m) => m.purpose === "vote-reminder")).toHaveLength(0);
  });

  it("R-3.6: decided at its deadline, with reminders only to the seats that had not answered", async () => {
    const vote = await open();
    const early = SEATS.slice(0, 10);
    for (const [i, s] of early.entries()) await answer(vote.voteId, s, i < 7 ? "for" : "against", `2027-03-27T09:${String(i).padStart(2, "0")}:00+01:00`);
    await t.runUntil("2027-04-10T00:00:00+02:00");
    const mails = await t.outbox();
    const reminders = mails.filter((m) => m.purpose === "vote-reminder");
    const late = rulebook2026.seats.filter((s) => !early.includes(s.id)).map((s) => s.member.email).sort();
    // Two reminders (3 and 1 days before the close, moved off the weekend) to each of the 7 seats without an answer.
    expect(reminders.map((m) => m.to).sort()).toEqual([...late, ...late].sort());
    expect([...new Set(reminders.map((m) => m.date))].sort()).toEqual(["2027-03-31T07:00:00.000Z", "2027-04-02T07:00:00.000Z"]);
    const state = await voteState(t.deps, C, vote.voteId);
    expect(state.vote).toMatchObject({ status: "closed", outcome: "carried", closeReason: "deadline", closedAt: "2027-04-03T23:59:59+02:00" });
    expect(mails.filter((m) => m.purpose === "vote-result")[0]?.date).toBe("2027-04-03T22:00:00.000Z");
  });

  it("R-3.6/R-4.2: a vote without a quorum of respondents is not carried", async () => {
    const vote = await open();
    for (const [i, s] of SEATS.slice(0, 8).entries()) await answer(vote.voteId, s, "for", `2027-03-27T09:${String(i).padStart(2, "0")}:00+01:00`);
    await t.runUntil("2027-04-05T00:00:00+02:00");
    const state = await voteState(t.deps, C, vote.voteId);
    expect(state.vote).toMatchObject({ status: "closed", outcome: "not-carried", closeReason: "deadline" });
    const result = (await t.outbox()).find((m) => m.purpose === "vote-result");
    expect(result?.text).toContain("de svarende udgør ikke et beslutningsdygtigt flertal (8 af 17 medlemmer er til stede; mindst 9 skal være det)");
  });
});
