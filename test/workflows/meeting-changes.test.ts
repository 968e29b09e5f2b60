import { afterEach, describe, expect, it } from "vitest";
import { callExtraordinaryMeeting, moveMeeting, startMeetingCycles } from "#functions/meetings/plan";
import { getMeeting } from "#functions/meetings/meetings";
import { startTestRuntime, type SentMail, type TestRuntime } from "../support/runtime.ts";

const C = "sundhedsklynge-syd";
let t: TestRuntime;
afterEach(async () => { await t?.stop(); });

const local = (m: SentMail) => new Date(m.date).toLocaleString("sv-SE", { timeZone: "Europe/Copenhagen" });
function counts(mails: SentMail[], purpose: string): string[] {
  const by = new Map<string, number>();
  for (const m of mails.filter((x) => x.purpose === purpose)) by.set(local(m), (by.get(local(m)) ?? 0) + 1);
  return [...by].map(([k, n]) => `${k} ×${n}`);
}

describe("R-3.9: an extraordinary meeting at short notice", () => {
  it("R-3.9: called on 2027-09-01 for 2027-09-10, virtual: the notice with agenda and invite goes out at once, minutes follow the same rules", async () => {
    t = await startTestRuntime({ start: "2027-09-01T11:00:00+02:00", plan: [] });
    const { meeting, noticeDays } = await callExtraordinaryMeeting(t.deps, {
      committeeId: C, startsAt: "2027-09-10T15:00", location: "", virtualUrl: "https://meet.example.org/sundhedsklynge-syd",
      items: [{ title: "Vinterberedskab", description: "Fælles beredskab for udskrivninger i vinterperioden." }], by: "region-1",
    });
    expect(noticeDays).toBe(9);
    await t.runUntil("2027-09-25T00:00:00+02:00");
    const mails = await t.outbox();
    expect(counts(mails, "extraordinary-meeting-notice")).toEqual(["2027-09-01 11:00:00 ×17"]);
    const notice = mails.find((m) => m.purpose === "extraordinary-meeting-notice");
    expect(notice?.subject).toBe("Indkaldelse til ekstraordinært møde fredag den 10. september 2027");
    expect(notice?.text).toContain("med 9 dages varsel (forretningsordenens § 3, stk. 9). Mødet holdes virtuelt.");
    expect(notice?.text).toContain("1. Vinterberedskab");
    expect(notice?.calendar).toContain("https://meet.example.org/sundhedsklynge-syd");
    expect(counts(mails, "quorum-forecast")).toEqual(["2027-09-07 09:00:00 ×3"]);
    // applies as for any meeting: minutes due 10 days after, reminder 3 days before, alert after.
    expect(counts(mails, "minutes-reminder")).toEqual(["2027-09-17 09:00:00 ×1"]);
    expect(counts(mails, "alert")).toEqual(["2027-09-21 00:00:00 ×3"]);
    expect((await getMeeting(t.deps, C, meeting.meetingId)).status).toBe("held");
  });
});

describe("R-3.1: moving a meeting restarts its cycle safely", () => {
  it("R-3.2: a meeting moved before its call for items: the call goes out once, on the new schedule; invites carry a higher SEQUENCE", async () => {
    t = await startTestRuntime({ start: "2027-03-01T09:00:00+01:00", plan: [{ id: "2027-04-22", startsAt: "2027-04-22T14:00", location: "Hvidovre Hospital" }] });
    await startMeetingCycles(t.deps, C);
    await t.rt.executor.idle();
    await moveMeeting(t.deps, C, "2027-04-22", "2027-05-06T14:00", "secretariat");
    await t.runUntil("2027-04-01T00:00:00+02:00");
    const mails = await t.outbox();
    expect(counts(mails, "meeting-changed")).toEqual(["2027-03-01 09:00:00 ×17"]);
    expect(mails.find((m) => m.purpose === "meeting-changed")?.calendar).toMatch(/SEQUENCE:1\r?\n/);
    // New item deadline Thu 2027-04-08; the call 14 days before is Skærtorsdag 03-25 → Wednesday 03-24.
    expect(counts(mails, "call-for-items")).toEqual(["2027-03-24 09:00:00 ×17"]);
    const executions = await t.rt.executor.list();
    expect(executions.map((e) => [e.name, e.status]).sort()).toEqual([
      ["meeting--sundhedsklynge-syd--2027-04-22--g1", "ABORTED"],
      ["meeting--sundhedsklynge-syd--2027-04-22--g2", "RUNNING"],
    ]);
  });
});

describe("Executions outlive nothing they must not", () => {
  it("a meeting almost three years ahead waits in executions of at most 200 days (the horizon), each re-reading the meeting", async () => {
    t = await startTestRuntime({ start: "2027-01-04T09:00:00+01:00", plan: [{ id: "2029-11-01", startsAt: "2029-11-01T14:00", location: "Amager Hospital" }] });
    await startMeetingCycles(t.deps, C);
    await t.runUntil("2029-10-01T00:00:00+02:00");
    const executions = (await t.rt.executor.list()).sort((a, b) => a.startDate.localeCompare(b.startDate));
    expect(executions.map((e) => e.name)).toEqual([
      "meeting--sundhedsklynge-syd--2029-11-01--g1",
      "meeting--sundhedsklynge-syd--2029-11-01--g1-s2",
      "meeting--sundhedsklynge-syd--2029-11-01--g1-s3",
      "meeting--sundhedsklynge-syd--2029-11-01--g1-s4",
      "meeting--sundhedsklynge-syd--2029-11-01--g1-s5",
    ]);
    for (const e of executions) {
      const end = e.stopDate ? Date.parse(e.stopDate) : Date.parse(t.now());
      expect(end - Date.parse(e.startDate)).toBeLessThanOrEqual(300 * 86_400_000);
    }
    expect(counts(await t.outbox(), "call-for-items")).toEqual(["2029-09-20 09:00:00 ×17"]);
  });

  it("defect 9: the longest path — a segment starting at the horizon, minutes 400 days late, then six revision rounds — never lets an execution pass 365 days", async () => {
    // The cycle's last segment starts 200 days before the call for items (the worst case), the minutes are
    // uploaded more than a year after the meeting, and six rounds are objected to before one passes.
    t = await startTestRuntime({ start: "2027-01-05T09:00:00+01:00", plan: [{ id: "2027-09-23", startsAt: "2027-09-23T14:00", location: "Hvidovre Hospital" }] });
    await startMeetingCycles(t.deps, C);
    await t.runUntil("2028-10-30T10:00:00+01:00");
    const { uploadMinutes, recordMinutesObjection } = await import("#functions/minutes/minutes");
    const upload = async (n: number) => uploadMinutes(t.deps, { committeeId: C, meetingId: "2027-09-23", content: Buffer.from(`%PDF v${n}`), contentType: "application/pdf", changeNote: `udgave ${n}`, by: "secretariat" });
    for (let round = 1; round <= 7; round++) {
      await upload(round);
      await t.rt.executor.idle();
      if (round < 7) {
        await recordMinutesObjection(t.deps, { committeeId: C, meetingId: "2027-09-23", seatId: "ishoj", respondent: { kind: "member" }, text: `Runde ${round}: ret punkt 2`, receivedAt: t.now(), channel: "email", sourceRef: `inbound/round-${round}` });
        // The window closes (8 days), the revision takes the secretariat 40 days.
        await t.runUntil(new Date(Date.parse(t.now()) + 48 * 86_400_000).toISOString());
      }
    }
    await t.runUntil(new Date(Date.parse(t.now()) + 10 * 86_400_000).toISOString());
    const meeting = await t.deps.store.find("meeting", { committeeId: C, meetingId: "2027-09-23" });
    expect(meeting?.approvedMinutesVersion).toBe(7);
    const executions = await t.rt.executor.list();
    expect(executions.length).toBeGreaterThan(2);
    for (const e of executions) {
      const end = e.stopDate ? Date.parse(e.stopDate) : Date.parse(t.now());
      expect(end - Date.parse(e.startDate)).toBeLessThan(365 * 86_400_000);
      expect(["FAILED", "TIMED_OUT"]).not.toContain(e.status);
    }
  }, 120_000);

  it("defect 9: an execution name cut to Step Functions' 80 characters keeps its generation and segment", async () => {
    const { meetingExecutionName } = await import("#functions/meetings/names");
    const long = meetingExecutionName("a-committee-with-a-very-long-identifier-of-many-words", "2027-09-23-x12", 3, 12);
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long.endsWith("--g3-s12")).toBe(true);
    expect(meetingExecutionName("a-committee-with-a-very-long-identifier-of-many-words", "2027-09-23-x12", 3, 13)).not.toBe(long);
  });
});
