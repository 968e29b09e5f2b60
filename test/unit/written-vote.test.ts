import { describe, expect, it } from "vitest";
import { writtenVoteDeadline } from "#domain/deadlines";
import { decideWrittenVote, seatsWithoutAnswer, type Answer, type VoteResponse, type WrittenVoteSpec } from "#domain/written-vote";
import { rulebook2026 as rb, rulebookWith } from "../support/rulebooks.ts";

const SEATS = rb.seats.map((s) => s.id);
const openedAt = "2027-03-26T10:00:00+01:00";
const vote: WrittenVoteSpec = { openedAt, closesAt: writtenVoteDeadline(openedAt, rb).endsAt, seatIds: SEATS, concernsGeneralPractice: false };
const DURING = "2027-03-30T12:00:00+02:00";
const AFTER = "2027-04-04T00:00:00+02:00";

let n = 0;
function r(seatId: string, answer: Answer, receivedAt = DURING, over: Partial<VoteResponse> = {}): VoteResponse {
  n += 1;
  return { id: `r${String(n).padStart(3, "0")}`, seatId, answer, receivedAt, channel: "email", respondent: { kind: "member" }, ...over };
}
const at = (minute: number) => `2027-03-30T12:${String(minute).padStart(2, "0")}:00+02:00`;

describe("R-3.6: a written vote decided at its deadline by the decision rule", () => {
  it("R-3.6: still open before the deadline, closed at 23:59:59 on day 8", () => {
    const responses = [r("region-1", "for"), r("ishoj", "for")];
    expect(decideWrittenVote(vote, responses, [], rb, "2027-04-03T23:59:59+02:00").status).toBe("open");
    const closed = decideWrittenVote(vote, responses, [], rb, AFTER);
    expect(closed).toMatchObject({ status: "closed", closeReason: "deadline", closedAt: "2027-04-03T23:59:59+02:00" });
  });
  it("R-3.6: more for than against among a quorate set of respondents is carried", () => {
    const responses = [...SEATS.slice(0, 6).map((s) => r(s, "for")), ...SEATS.slice(6, 9).map((s) => r(s, "against")), r(SEATS[9]!, "abstain")];
    const res = decideWrittenVote(vote, responses, [], rb, AFTER);
    expect(res.tally).toEqual({ for: 6, against: 3, abstain: 1, objection: 0, respondents: 10 });
    expect(res.outcome).toBe("carried");
    expect(res.explanation).toBe("Forslaget er vedtaget: 6 for, 3 imod, 1 undlod at stemme.");
  });
  it("R-3.6: a tie is not carried", () => {
    const responses = [...SEATS.slice(0, 5).map((s) => r(s, "for")), ...SEATS.slice(5, 10).map((s) => r(s, "against"))];
    expect(decideWrittenVote(vote, responses, [], rb, AFTER).outcome).toBe("not-carried");
  });
  it("R-3.6/R-4.2: a vote without a quorum of respondents is not carried, however many are for", () => {
    const responses = SEATS.slice(0, 8).map((s) => r(s, "for"));
    const res = decideWrittenVote(vote, responses, [], rb, AFTER);
    expect(res.outcome).toBe("not-carried");
    expect(res.quorumOfRespondents).toMatchObject({ quorate: false, present: 8 });
    expect(res.explanation).toMatch(/ikke et beslutningsdygtigt flertal \(8 af 17 medlemmer er til stede; mindst 9 skal være det\)/);
  });
  it("R-3.6/R-4.2: respondents without the region are not a quorum", () => {
    const mayors = rb.seats.filter((s) => s.constituency === "municipality").map((s) => s.id);
    expect(decideWrittenVote(vote, mayors.map((s) => r(s, "for")), [], rb, AFTER).outcome).toBe("not-carried");
  });
  it("R-3.6: the decision rule is the rulebook's: majority of seats needs 9 votes for", () => {
    const strict = rulebookWith((x) => { x.writtenVote.decisionRule = "majority-of-seats"; });
    const responses = [...SEATS.slice(0, 8).map((s) => r(s, "for")), ...SEATS.slice(8, 10).map((s) => r(s, "abstain"))];
    expect(decideWrittenVote(vote, responses, [], rb, AFTER).outcome).toBe("carried");
    expect(decideWrittenVote(vote, responses, [], strict, AFTER).outcome).toBe("not-carried");
  });
});

describe("R-3.6: responses change until the close; the latest valid one counts", () => {
  it("R-3.6: JA then NEJ before the close counts NEJ", () => {
    const res = decideWrittenVote(vote, [r("ishoj", "for", at(1)), r("ishoj", "against", at(2))], [], rb, DURING);
    expect(res.seats.find((s) => s.seatId === "ishoj")).toMatchObject({ answer: "against", changes: 1 });
    expect(res.tally).toMatchObject({ for: 0, against: 1 });
  });
  it("R-3.6: the order of receipt decides, not the order in the list", () => {
    const res = decideWrittenVote(vote, [r("ishoj", "against", at(2)), r("ishoj", "for", at(1))], [], rb, DURING);
    expect(res.seats.find((s) => s.seatId === "ishoj")?.answer).toBe("against");
  });
  it("R-3.6: the same response delivered twice counts once", () => {
    const once = r("ishoj", "for");
    const res = decideWrittenVote(vote, [once, { ...once }], [], rb, DURING);
    expect(res.tally.for).toBe(1);
    expect(res.judged.map((j) => j.reason ?? "counted")).toEqual(["counted", "duplicate"]);
  });
  it("R-3.6: a response after the deadline is kept but not counted", () => {
    const res = decideWrittenVote(vote, [r("ishoj", "for", "2027-04-04T00:00:00+02:00")], [], rb, AFTER);
    expect(res.judged).toEqual([expect.objectContaining({ counted: false, reason: "after-close" })]);
    expect(res.tally.respondents).toBe(0);
  });
  it("R-3.6: a response in the last second before the deadline counts", () => {
    const res = decideWrittenVote(vote, [r("ishoj", "for", "2027-04-03T23:59:59+02:00")], [], rb, AFTER);
    expect(res.tally.for).toBe(1);
  });
  it("R-3.6: someone who holds no seat is not counted", () => {
    expect(decideWrittenVote(vote, [r("frederiksberg", "for")], [], rb, DURING).judged[0]).toMatchObject({ counted: false, reason: "not-a-seat" });
  });
});

describe("R-3.6: one objection to the written procedure moves the matter to a meeting", () => {
  it("R-3.6: a single objection ends the vote at once as moved-to-meeting", () => {
    const responses = [...SEATS.slice(0, 10).map((s) => r(s, "for", at(1))), r("plo-2", "objection", at(5))];
    const res = decideWrittenVote(vote, responses, [], rb, at(6));
    expect(res).toMatchObject({ status: "closed", closeReason: "objection", outcome: "moved-to-meeting", closedAt: at(5) });
  });
  it("R-3.6: an objection cannot be withdrawn: a later answer from the same seat is after the close", () => {
    const res = decideWrittenVote(vote, [r("plo-2", "objection", at(5)), r("plo-2", "for", at(7))], [], rb, at(8));
    expect(res.outcome).toBe("moved-to-meeting");
    expect(res.judged.map((j) => j.reason ?? "counted")).toEqual(["counted", "after-close"]);
  });
  it("R-3.6: an objection after the deadline changes nothing", () => {
    const responses = [...SEATS.slice(0, 10).map((s) => r(s, "for")), r("plo-2", "objection", "2027-04-04T08:00:00+02:00")];
    expect(decideWrittenVote(vote, responses, [], rb, "2027-04-05T00:00:00+02:00").outcome).toBe("carried");
  });
});

describe("R-3.6: the vote closes early once every seat has voted", () => {
  it("R-3.6: all 17 seats voted: closed at the 17th response, before the deadline", () => {
    const responses = SEATS.map((s, i) => r(s, i < 12 ? "for" : "against", at(i)));
    const res = decideWrittenVote(vote, responses, [], rb, at(30));
    expect(res).toMatchObject({ status: "closed", closeReason: "all-seats-voted", closedAt: at(16), outcome: "carried" });
    expect(res.tally).toMatchObject({ for: 12, against: 5, respondents: 17 });
  });
  it("R-3.6: after an early close a change is no longer counted", () => {
    const responses = [...SEATS.map((s) => r(s, "for", at(1))), r("ishoj", "against", at(20))];
    const res = decideWrittenVote(vote, responses, [], rb, at(30));
    expect(res.tally.against).toBe(0);
    expect(res.judged.at(-1)).toMatchObject({ counted: false, reason: "after-close" });
  });
  it("R-3.6: reminders go only to seats without an answer", () => {
    const res = decideWrittenVote(vote, [r("ishoj", "for"), r("plo-1", "abstain")], [], rb, DURING);
    expect(seatsWithoutAnswer(res)).toEqual(SEATS.filter((s) => s !== "ishoj" && s !== "plo-1"));
  });
});

describe("R-3.6/R-1.2: a substitute's response counts only while recorded as representing the seat", () => {
  const sub = { kind: "substitute" as const, substituteId: "ishoj-suppleant" };
  const representing = [{ seatId: "ishoj", substituteId: "ishoj-suppleant", from: "2027-03-29T00:00:00+02:00", to: "2027-04-01T00:00:00+02:00" }];
  it("R-1.2: inside the recorded period it counts for the seat", () => {
    const res = decideWrittenVote(vote, [r("ishoj", "for", DURING, { respondent: sub })], representing, rb, DURING);
    expect(res.seats.find((s) => s.seatId === "ishoj")).toMatchObject({ answer: "for", respondent: sub });
  });
  it("R-1.2: outside it, or with no record, it is kept but not counted", () => {
    const late = decideWrittenVote(vote, [r("ishoj", "for", "2027-04-02T09:00:00+02:00", { respondent: sub })], representing, rb, DURING);
    expect(late.judged[0]).toMatchObject({ counted: false, reason: "substitute-not-representing" });
    const none = decideWrittenVote(vote, [r("ishoj", "for", DURING, { respondent: sub })], [], rb, DURING);
    expect(none.judged[0]).toMatchObject({ counted: false, reason: "substitute-not-representing" });
  });
  it("R-1.2: the member's own answer stands: a substitute's later answer is kept but not counted; the member's later answer replaces the substitute's", () => {
    const res = decideWrittenVote(vote, [r("ishoj", "for", at(1)), r("ishoj", "against", at(2), { respondent: sub })], representing, rb, DURING);
    expect(res.seats.find((s) => s.seatId === "ishoj")).toMatchObject({ answer: "for", respondent: { kind: "member" }, changes: 0 });
    expect(res.judged[1]).toMatchObject({ counted: false, reason: "member-answered" });
    const back = decideWrittenVote(vote, [r("ishoj", "against", at(1), { respondent: sub }), r("ishoj", "for", at(2))], representing, rb, DURING);
    expect(back.seats.find((s) => s.seatId === "ishoj")).toMatchObject({ answer: "for", respondent: { kind: "member" }, changes: 1 });
  });
  it("R-1.2: another seat's substitute never counts", () => {
    const res = decideWrittenVote(vote, [r("brondby", "for", DURING, { respondent: sub })], representing, rb, DURING);
    expect(res.judged[0]).toMatchObject({ counted: false, reason: "not-a-substitute-of-this-seat" });
  });
});

describe("R-3.6: a cancelled vote", () => {
  it("R-3.6: cancelled by the secretariat: closed as cancelled, later responses not counted", () => {
    const cancelled = { ...vote, cancelledAt: at(10) };
    const res = decideWrittenVote(cancelled, [r("ishoj", "for", at(5)), r("brondby", "for", at(15))], [], rb, at(20));
    expect(res).toMatchObject({ status: "closed", outcome: "cancelled", closedAt: at(10) });
    expect(res.judged.map((j) => j.reason ?? "counted")).toEqual(["counted", "after-close"]);
  });
});
