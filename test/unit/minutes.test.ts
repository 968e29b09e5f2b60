import { describe, expect, it } from "vitest";
import { isObjectionWindowOpen, judgeObjection, minutesHistory, minutesRoundState, type MinutesObjection } from "#domain/minutes";
import { rulebook2026 as rb } from "../support/rulebooks.ts";

const v1 = { version: 1, sentAt: "2027-03-24T15:30:00+01:00" };
const v2 = { version: 2, sentAt: "2027-04-05T10:00:00+02:00" };
const objection = (over: Partial<MinutesObjection>): MinutesObjection => ({
  id: "o1", version: 1, seatId: "ishoj", receivedAt: "2027-03-30T12:00:00+02:00", text: "Punkt 3 er gengivet forkert", ...over,
});

describe("R-3.5: the objection window of a minutes version", () => {
  it("R-3.5: open from the send until 23:59:59 on day 8, closed one second later", () => {
    expect(isObjectionWindowOpen(v1, "2027-03-24T15:29:59+01:00", rb)).toBe(false);
    expect(isObjectionWindowOpen(v1, "2027-03-24T15:30:00+01:00", rb)).toBe(true);
    expect(isObjectionWindowOpen(v1, "2027-04-01T23:59:59+02:00", rb)).toBe(true);
    expect(isObjectionWindowOpen(v1, "2027-04-02T00:00:00+02:00", rb)).toBe(false);
  });
  it("R-3.5: an objection in the last second counts; one a second later is late", () => {
    expect(judgeObjection(objection({ receivedAt: "2027-04-01T23:59:59+02:00" }), v1, rb)).toEqual({ counted: true });
    expect(judgeObjection(objection({ receivedAt: "2027-04-02T00:00:00+02:00" }), v1, rb)).toEqual({ counted: false, reason: "late" });
  });
  it("R-3.5: an objection to version 1 does not count in the round of version 2", () => {
    expect(judgeObjection(objection({ receivedAt: "2027-04-06T09:00:00+02:00" }), v2, rb)).toEqual({ counted: false, reason: "superseded-version" });
  });
});

describe("R-3.5: rounds repeat until one passes with no objection", () => {
  it("R-3.5: while the window is open the round is open, even with an objection already in", () => {
    expect(minutesRoundState(v1, [objection({})], "2027-03-31T12:00:00+02:00", rb).state).toBe("open");
  });
  it("R-3.5: a round with no objection is approved at the end of its window", () => {
    expect(minutesRoundState(v1, [], "2027-04-02T00:00:00+02:00", rb)).toMatchObject({ state: "approved", approvedAt: "2027-04-01T23:59:59+02:00" });
  });
  it("R-3.5: a late objection does not stop approval", () => {
    const late = objection({ receivedAt: "2027-04-02T08:00:00+02:00" });
    expect(minutesRoundState(v1, [late], "2027-04-03T00:00:00+02:00", rb).state).toBe("approved");
  });
  it("R-3.5: an objection in time makes the round objected, and a revision is awaited", () => {
    const h = minutesHistory([v1], [objection({})], "2027-04-02T00:00:00+02:00", rb);
    expect(h.rounds.map((r) => r.state)).toEqual(["objected"]);
    expect(h.awaitingRevision).toBe(true);
    expect(h.approved).toBeUndefined();
  });
  it("R-3.5: version 2 starts a new 8-day window from its own send date and is approved when it passes", () => {
    const h = minutesHistory([v2, v1], [objection({})], "2027-04-14T00:00:00+02:00", rb);
    expect(h.rounds.map((r) => [r.version, r.state, r.window.endsAt])).toEqual([
      [1, "objected", "2027-04-01T23:59:59+02:00"],
      [2, "approved", "2027-04-13T23:59:59+02:00"],
    ]);
    expect(h.approved).toEqual({ version: 2, approvedAt: "2027-04-13T23:59:59+02:00" });
    expect(h.awaitingRevision).toBe(false);
  });
});
