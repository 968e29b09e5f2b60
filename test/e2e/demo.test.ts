import { describe, expect, it } from "vitest";
import { runDemo } from "#local/demo";

describe("Local stack: npm run demo", () => {
  it("plays a meeting cycle, a written vote ended by an objection and a minutes objection round; the summary matches the rulebook", async () => {
    const lines: string[] = [];
    const s = await runDemo({ log: (l) => lines.push(l) });
    expect(lines.length).toBeGreaterThan(15);
    expect(lines.some((l) => l.includes("Praktiserende læge 1 gjorde indsigelse"))).toBe(true);
    // one objection moves the matter to the meeting.
    expect(s.decisions.writtenVote).toMatchObject({ outcome: "moved-to-meeting", movedToMeetingId: "2027-04-22" });
    // version 1 objected, version 2 approved at the end of its 8-day window.
    expect(s.decisions.minutes).toEqual({ approvedVersion: 2, approvedAt: "2027-05-15T23:59:59+02:00", rounds: 2 });
    expect(s.deadlines.map((d) => [d.rule, d.met])).toEqual([["R-3.2", true], ["R-3.3", true], ["R-3.5", true]]);
    // Every seat got its call for items, ballot, agenda, both minutes versions and the approval.
    expect(s.emailsByKind).toMatchObject({ "call-for-items": 17, ballot: 17, "vote-result": 17, agenda: 17, minutes: 34, "minutes-approved": 17, "quorum-forecast": 3 });
    expect(s.seconds).toBeGreaterThan(0);
  }, 60_000);
});
