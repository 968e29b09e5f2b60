/**
 * A meeting cycle played on virtual time, the same script for every rulebook (issue 22: the workflow tests
 * run for Sundhedsklynge Syd's rulebook and for the fictional second one): items added, the agenda released,
 * apologies, minutes uploaded, one objection and a revised version; then the outbox read as a timeline.
 */
import { expect } from "vitest";
import type { ItemInput } from "#functions/meetings/agenda";
import { addAgendaItem, releaseAgenda } from "#functions/meetings/agenda";
import { recordApology } from "#functions/meetings/attendance";
import { recordMinutesObjection, uploadMinutes } from "#functions/minutes/minutes";
import type { SentMail, TestRuntime } from "./runtime.ts";

/** What was sent, grouped: purpose @ local time → number of messages. */
export function timeline(mails: SentMail[]): string[] {
  const groups = new Map<string, number>();
  for (const m of mails) {
    const at = new Date(m.date).toLocaleString("sv-SE", { timeZone: "Europe/Copenhagen" });
    const k = `${at} ${m.purpose}`;
    groups.set(k, (groups.get(k) ?? 0) + 1);
  }
  return [...groups].map(([k, n]) => `${k} ×${n}`);
}

/** Runs the executor to an instant and checks the clock stands there. */
export async function until(t: TestRuntime, at: string): Promise<void> {
  await t.runUntil(at);
  expect(t.now()).toBe(at);
}

export interface CycleScript {
  committeeId: string;
  meetingId: string;
  /** When the items are added (and `beforeItems` runs). */
  itemsAt: string;
  beforeItems?: (() => Promise<void>) | undefined;
  items: ItemInput[];
  releaseAt: string;
  releasedBy: string;
  apologies: { seatId: string; substituteAttends: boolean }[];
  minutesAt: string;
  objection: { at: string; seatId: string; text: string };
  revisionAt: string;
  revisionNote: string;
  endAt: string;
}

/** R-3.2–R-3.7: plays one meeting from its items to the minutes' second round; the objection must count. */
export async function playMeetingCycle(t: TestRuntime, s: CycleScript): Promise<void> {
  const { committeeId, meetingId } = s;
  await until(t, s.itemsAt);
  await s.beforeItems?.();
  for (const item of s.items) await addAgendaItem(t.deps, committeeId, meetingId, item, "secretariat");
  await until(t, s.releaseAt);
  await releaseAgenda(t.deps, committeeId, meetingId, s.releasedBy);
  await t.rt.executor.idle();
  for (const [i, a] of s.apologies.entries()) {
    await recordApology(t.deps, { committeeId, meetingId, seatId: a.seatId, substituteAttends: a.substituteAttends, receivedAt: t.now(), channel: "email", sourceRef: `test/a${i + 1}` });
  }
  await until(t, s.minutesAt);
  await uploadMinutes(t.deps, { committeeId, meetingId, content: Buffer.from("%PDF protokol v1"), contentType: "application/pdf", changeNote: "", by: "secretariat" });
  await t.rt.executor.idle();
  await until(t, s.objection.at);
  expect(await recordMinutesObjection(t.deps, { committeeId, meetingId, seatId: s.objection.seatId, respondent: { kind: "member" }, text: s.objection.text, receivedAt: t.now(), channel: "email", sourceRef: "test/o1" }))
    .toEqual({ status: "recorded", version: 1 });
  await until(t, s.revisionAt);
  await uploadMinutes(t.deps, { committeeId, meetingId, content: Buffer.from("%PDF protokol v2"), contentType: "application/pdf", changeNote: s.revisionNote, by: "secretariat" });
  await t.runUntil(s.endAt);
}
