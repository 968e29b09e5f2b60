/** The named faults, one by one. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { makeMailEventsHandler } from "#functions/mail-events";
import { localInboundSweep, sweepInbound } from "#functions/answers/email-replies";
import { quorumForecastFor } from "#functions/meetings/attendance";
import { committeeRulebook } from "#functions/committee/committee";
import { startMeetingCycles } from "#functions/meetings/plan";
import { openWrittenVote, recordVoteAnswer, voteState } from "#functions/written-votes/written-votes";
import { startTestRuntime, type TestRuntime } from "../support/runtime.ts";

const C = "sundhedsklynge-syd";
let t: TestRuntime;
afterEach(async () => { await t?.stop(); });

describe("Reliability: everyone answers in the last minute before the deadline", () => {
  it("R-3.6: every answer before 23:59:59 counts, none after it, whenever the workflow runs", async () => {
    t = await startTestRuntime({ start: "2027-03-26T10:00:00+01:00", plan: [] });
    const vote = await openWrittenVote(t.deps, { committeeId: C, title: "Sidste minut", question: "?", openedBy: "secretariat" });
    await t.runUntil("2027-04-03T23:59:00+02:00");
    const seats = vote.seatIds;
    // 14 seats in the last minute (23:59:00–23:59:59), 3 seats at 00:00:00 or later.
    for (const [i, seat] of seats.entries()) {
      const at = i < 14 ? `2027-04-03T23:59:${String(i * 4 + 3).padStart(2, "0")}+02:00` : `2027-04-04T00:00:0${i - 14}+02:00`;
      await recordVoteAnswer(t.deps, { committeeId: C, voteId: vote.voteId, seatId: seat, respondent: { kind: "member" }, answer: "for", channel: "email", receivedAt: at, sourceRef: `last/${seat}` });
    }
    await t.runUntil("2027-04-05T00:00:00+02:00");
    const { result } = await voteState(t.deps, C, vote.voteId);
    expect(result).toMatchObject({ status: "closed", closeReason: "deadline", closedAt: "2027-04-03T23:59:59+02:00" });
    expect(result.tally.for).toBe(14);
    expect(result.judged.filter((j) => !j.counted).map((j) => j.reason)).toEqual(["after-close", "after-close", "after-close"]);
  });
});

describe("Reliability: a hard bounce on a ballot", () => {
  it("marks the address, alerts chairs and secretariat, and is listed beside the quorum forecast", async () => {
    t = await startTestRuntime({ start: "2027-03-26T10:00:00+01:00", plan: [{ id: "2027-04-22", startsAt: "2027-04-22T14:00", location: "Hvidovre" }] });
    await openWrittenVote(t.deps, { committeeId: C, title: "Bounce", question: "?", openedBy: "secretariat" });
    await t.rt.executor.idle();
    const sns = { Records: [{ Sns: { Message: JSON.stringify({ eventType: "Bounce", bounce: { bounceType: "Permanent", timestamp: "2027-03-26T09:05:00.000Z", bouncedRecipients: [{ emailAddress: "borgmester@dragor.example.org", diagnosticCode: "smtp; 550 5.1.1 user unknown" }] } }) } }] };
    await makeMailEventsHandler(t.deps)(sns);
    const alerts = (await t.outbox()).filter((m) => m.purpose === "alert");
    expect(alerts.map((m) => m.to).sort()).toEqual(["borgmester@hvidovre.example.org", "region-1@region.example.org", "sekretariat@sundhedsklynge-syd.example.org"]);
    expect(alerts[0]?.text).toContain("550 5.1.1 user unknown");
    const forecast = await quorumForecastFor(t.deps, await committeeRulebook(t.deps.store, C, t.now()), C, "2027-04-22");
    expect(forecast.bounced).toEqual([expect.objectContaining({ to: ["borgmester@dragor.example.org"], seatId: "dragor" })]);
  });
});

describe("Reliability: an inbound event lost or delivered twice", () => {
  it("the raw copy is in the blob store and the sweeper processes each message exactly once, by receipt id", async () => {
    t = await startTestRuntime({ start: "2027-03-26T10:00:00+01:00", plan: [] });
    const vote = await openWrittenVote(t.deps, { committeeId: C, title: "Tabt", question: "?", openedBy: "secretariat" });
    await t.rt.executor.idle();
    const ballot = (await t.outbox()).find((m) => m.purpose === "ballot" && m.to === "borgmester@ishoj.example.org");
    const raw = Buffer.from(`From: borgmester@ishoj.example.org\r\nTo: ${ballot?.replyTo}\r\nSubject: SV\r\nMessage-ID: <lost-1@mail.example.net>\r\n\r\nJA\r\n`);
    // The raw message was stored, then the process died before its record (the event is "lost").
    await t.deps.blobs.put("mail/in/smtp-lost-1.eml", raw, "message/rfc822");
    const first = await sweepInbound(t.deps, t.deps.blobs, localInboundSweep);
    expect(first.processed).toEqual(["smtp-lost-1"]);
    const again = await sweepInbound(t.deps, t.deps.blobs, localInboundSweep);
    expect(again.processed).toEqual([]);
    const { result } = await voteState(t.deps, C, vote.voteId);
    expect(result.tally.for).toBe(1);
  });
});

describe("Reliability: logs carry no email bodies or tokens", () => {
  it("a whole meeting cycle and a vote write nothing with a token, a reply address or a reply body to the logs", async () => {
    const lines: string[] = [];
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((k) => vi.spyOn(console, k).mockImplementation((...a: unknown[]) => { lines.push(a.map(String).join(" ")); }));
    try {
      t = await startTestRuntime({ start: "2027-03-01T09:00:00+01:00", plan: [{ id: "2027-04-22", startsAt: "2027-04-22T14:00", location: "Hvidovre" }] });
      await startMeetingCycles(t.deps, C);
      await t.runUntil("2027-03-26T10:00:00+01:00");
      await openWrittenVote(t.deps, { committeeId: C, title: "Logs", question: "Hemmeligt spørgsmål?", openedBy: "secretariat" });
      await t.runUntil("2027-04-20T10:00:00+02:00");
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
    const text = lines.join("\n");
    expect(text).not.toMatch(/svar\+|\/m\/[a-z2-7]{20}|Hemmeligt|Bearer|kf_/);
  });
});
