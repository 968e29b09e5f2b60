/**
 * What every step of a meeting's cycle starts from: the meeting as this execution should see it, its
 * rulebook and timeline, and the few helpers the steps share (when to wake, audit, alerts to the chairs).
 */
import { DateTime } from "luxon";
import { epochMs, secondsUntil, utc, type Instant } from "#domain/calendar";
import type { Rulebook } from "#domain/rulebook";
import { meetingTimeline, type MeetingTimeline } from "#domain/timeline";
import { committeeRulebook } from "../committee/committee.ts";
import type { Deps } from "../deps.ts";
import { isWithinDeadline, type Deadline } from "#domain/deadlines";
import { METRIC_NAMES } from "#adapters/metrics";
import { sendMailing, sendOnce } from "../mail/mailing.ts";
import type { Message } from "../mail/messages.ts";
import { chairsAndSecretariat, secretariatRecipient, type PersonRecipient } from "../mail/recipients.ts";
import { meetingMatter } from "./names.ts";
import { meetingRecords, type Meeting } from "./repository.ts";

/**
 * Standard executions last at most a year (365 days; Step Functions ends them then). A meeting further ahead
 * than the horizon waits in segments, each a new execution that re-reads the meeting. From the start of the
 * last segment to the end of the objection window after a minutes deadline met is at most 200 + ~60 days;
 * the minutes phase then continues in a new execution once its own reaches EXECUTION_BUDGET_DAYS
 * (minutes/cycle.ts), so late minutes and any number of revision rounds stay inside the year.
 */
export const HORIZON_DAYS = 200;
export const EXECUTION_BUDGET_DAYS = 300;

export interface MeetingIds {
  committeeId: string;
  meetingId: string;
  generation: number;
}

export interface MeetingContext {
  meeting: Meeting;
  rulebook: Rulebook;
  now: Instant;
  timeline: MeetingTimeline;
}

/** The meeting as this execution should see it, or undefined when the execution is obsolete (moved, cancelled). */
export async function meetingContext(deps: Deps, ids: MeetingIds): Promise<MeetingContext | undefined> {
  const meeting = await meetingRecords.get(deps.store, ids.committeeId, ids.meetingId);
  if (!meeting || meeting.status === "cancelled" || meeting.generation !== ids.generation) return undefined;
  const rulebook = await committeeRulebook(deps.store, ids.committeeId);
  return { meeting, rulebook, now: deps.clock.now(), timeline: meetingTimeline(meeting, rulebook) };
}

export const due = (send: { at: Instant }, now: Instant) => epochMs(send.at) <= epochMs(now);
export const isPast = (at: Instant, now: Instant) => epochMs(at) <= epochMs(now);

/** The earliest of some instants still ahead, as a callback timeout and a UTC wake time (a week when none is). */
export function wakeAt(now: Instant, candidates: Instant[]): { timeoutSeconds: number; wakeAt: string } {
  const ahead = candidates.filter((c) => epochMs(c) > epochMs(now)).sort((a, b) => epochMs(a) - epochMs(b));
  const at = ahead[0] ?? DateTime.fromISO(now, { setZone: true }).plus({ days: 7 }).toISO({ suppressMilliseconds: true }) ?? now;
  return { timeoutSeconds: secondsUntil(now, at), wakeAt: utc(at) };
}

/** Records a state change of the meeting once: the ref names the event, so a re-run does not repeat it. */
export async function auditMeeting(deps: Deps, ctx: MeetingContext, action: string, data: Record<string, unknown>, event: string = action): Promise<void> {
  const matter = meetingMatter(ctx.meeting.meetingId);
  await deps.store.appendAudit({ committeeId: ctx.meeting.committeeId, matter, actor: "workflow", action, channel: "workflow", ref: `${matter}#${event}`, data });
}

/** Sends one message to the chairs and the secretariat, once per key; true when it went out now (not before). */
export async function toChairsAndSecretariat(deps: Deps, ctx: MeetingContext, key: string, purpose: string, build: (r: PersonRecipient) => Message): Promise<boolean> {
  const outcomes = await sendMailing(deps, chairsAndSecretariat(ctx.rulebook).map((r) => ({
    key: `${key}#${r.personId}`, committeeId: ctx.meeting.committeeId, matter: meetingMatter(ctx.meeting.meetingId), purpose, to: r,
    message: () => build(r),
  })));
  return outcomes.some((o) => o !== "already-sent");
}

/**
 * a deadline of the rules passed without its action: the chairs and the secretariat are alerted
 * once, and DeadlineMissed is counted once (what the alarm watches).
 */
export async function alertDeadlineMissed(deps: Deps, ctx: MeetingContext, key: string, build: (r: PersonRecipient) => Message): Promise<void> {
  if (await toChairsAndSecretariat(deps, ctx, key, "alert", build)) deps.metrics?.count(METRIC_NAMES.deadlineMissed);
}

/**
 * the reminders to the secretariat now due before a deadline (agenda release, minutes), each
 * once; none after the deadline.
 */
export async function remindSecretariat(
  deps: Deps,
  ctx: MeetingContext,
  reminders: readonly { at: Instant }[],
  deadline: Deadline,
  what: { key: string; purpose: string; message: (r: PersonRecipient) => Message },
): Promise<void> {
  const { meeting, rulebook, now } = ctx;
  for (const [i, reminder] of reminders.entries()) {
    if (!due(reminder, now) || !isWithinDeadline(now, deadline)) continue;
    const s = secretariatRecipient(rulebook);
    await sendOnce(deps, {
      key: `${what.key}#${meeting.meetingId}#${i}`, repeated: true, committeeId: meeting.committeeId, matter: meetingMatter(meeting.meetingId),
      purpose: what.purpose, to: s, message: () => what.message(s),
    });
  }
}
