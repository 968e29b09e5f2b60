/**
 * Arrival order (issue 20): answers are stamped to the millisecond and, in one process, strictly one after
 * another, so "the latest answer counts" and "after the close" follow the order of arrival.
 */
import { describe, expect, it } from "vitest";
import { epochMs, preciseInstantAt } from "#domain/calendar";
import { isWithinDeadline } from "#domain/deadlines";
import { decideWrittenVote } from "#domain/written-vote";
import { systemClock } from "#adapters/clock";
import { rulebook2026 } from "../support/rulebooks.ts";

const ZONE = "Europe/Copenhagen";

describe("R-3.6: answers in the order they arrived", () => {
  it("a thousand arrivals in a burst are strictly increasing, to the millisecond", () => {
    const clock = systemClock();
    const at = Array.from({ length: 1000 }, () => clock.arrival?.() ?? "");
    const ms = at.map(epochMs);
    expect(ms.every((m, i) => i === 0 || m > (ms[i - 1] ?? 0))).toBe(true);
    expect(at.some((a) => /\.\d{3}[+-]/.test(a))).toBe(true);
  });

  it("milliseconds are kept in the instant, with the local offset", () => {
    expect(preciseInstantAt(Date.parse("2027-03-26T09:00:00.007Z"), ZONE)).toBe("2027-03-26T10:00:00.007+01:00");
    expect(preciseInstantAt(Date.parse("2027-03-26T09:00:00.000Z"), ZONE)).toBe("2027-03-26T10:00:00+01:00");
  });

  it("R-3.6: two answers in the same second from one seat: the one that arrived later counts, whatever their ids", () => {
    const vote = { openedAt: "2027-03-24T10:00:00+01:00", closesAt: "2027-04-01T23:59:59+02:00", seatIds: rulebook2026.seats.map((s) => s.id), concernsGeneralPractice: false };
    const answer = (id: string, answer: "for" | "against", receivedAt: string) => ({ id, seatId: "ishoj", respondent: { kind: "member" as const }, answer, receivedAt, channel: "email" as const });
    // "zz" sorts after "aa": at whole seconds the later id won, whichever came first.
    const result = decideWrittenVote(vote, [answer("zz-first", "for", "2027-03-26T10:00:00.120+01:00"), answer("aa-second", "against", "2027-03-26T10:00:00.480+01:00")], [], rulebook2026, "2027-03-27T10:00:00+01:00");
    expect(result.seats.find((s) => s.seatId === "ishoj")?.answer).toBe("against");
  });

  it("R-3.6: an answer at 23:59:59.999 on the closing day is on time; one at 00:00:00.000 after it is not", () => {
    const deadline = { endsAt: "2027-04-01T23:59:59+02:00" };
    expect(isWithinDeadline("2027-04-01T23:59:59.999+02:00", deadline)).toBe(true);
    expect(isWithinDeadline("2027-04-02T00:00:00.000+02:00", deadline)).toBe(false);
  });
});
