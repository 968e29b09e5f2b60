/**
 * in the meeting cycle: after the meeting, remind and alert until the minutes are uploaded, send each
 * version, and evaluate its round when the objection window has closed; rounds repeat until one passes.
 */
import { addCalendarDays, endOfLocalDate, epochMs, utc } from "#domain/calendar";
import { isWithinDeadline } from "#domain/deadlines";
import { minutesRoundState, minutesWork, undistributed } from "#domain/minutes";
import { justAfter } from "#domain/timeline";
import type { Deps } from "../deps.ts";
import { sendMailing } from "../mail/mailing.ts";
import * as messages from "../mail/messages.ts";
import { recipientsOfSeats } from "../mail/recipients.ts";
import { alertDeadlineMissed, auditMeeting, EXECUTION_BUDGET_DAYS, meetingContext, remindSecretariat, toChairsAndSecretariat, wakeAt, type MeetingIds } from "../meetings/context.ts";
import { markMinutesApproved } from "../meetings/meetings.ts";
import { meetingMatter } from "../meetings/names.ts";
import { distributeMinutes } from "./distribute.ts";
import { minutesObjections, minutesVersions } from "./minutes.ts";
import { versionRecords } from "./repository.ts";

export async function minutesStep(deps: Deps, ids: MeetingIds & { executionStartedAt?: string | undefined }): Promise<{ next: string; timeoutSeconds?: number; wakeAt?: string; windowEndsAt?: string }> {
  const ctx = await meetingContext(deps, ids);
  if (!ctx) return { next: "stop" };
  const { meeting, rulebook, timeline, now } = ctx;
  if (meeting.minutesApprovedAt) return { next: "approved" };
  const versions = await minutesVersions(deps, meeting.committeeId, meeting.meetingId);
  const work = minutesWork(versions);
  if (work === "approved") return { next: "approved" };
  if (work === "send") return { next: "send" };
  // Waiting for minutes or a revision may last: an execution near its year continues in a new one, which
  // starts again here (loadMeeting routes a held meeting to the minutes).
  const age = ids.executionStartedAt ? epochMs(now) - Date.parse(ids.executionStartedAt) : 0;
  if (work !== "evaluate" && age > EXECUTION_BUDGET_DAYS * 86_400_000) return { next: "continue-later" };
  if (work === "evaluate") {
    const last = versions.filter((v) => v.sentAt).at(-1);
    const window = minutesRoundState({ version: last?.version ?? 1, sentAt: last?.sentAt ?? now }, [], now, rulebook).window;
    return { next: "window", windowEndsAt: utc(justAfter(window)) };
  }
  if (work === "await-revision") return { next: "await", ...wakeAt(now, []) }; // the secretariat was asked for a revision
  await remindSecretariat(deps, ctx, timeline.minutesReminders, timeline.minutes, { key: "minutes-reminder", purpose: "minutes-reminder", message: (s) => messages.minutesReminder(deps, ctx, s) });
  if (!isWithinDeadline(now, timeline.minutes)) {
    // A meeting loaded as history whose deadline had ended before it was loaded: nothing to alert of now.
    const missedHere = !meeting.loadedAsHeldAt || isWithinDeadline(meeting.loadedAsHeldAt, timeline.minutes);
    if (missedHere) await alertDeadlineMissed(deps, ctx, `alert#minutes-late#${meeting.meetingId}`, (r) => messages.alertMinutesLate(deps, ctx, r));
    return { next: "await", ...wakeAt(now, []) };
  }
  return { next: "await", ...wakeAt(now, [...timeline.minutesReminders.map((r) => r.at), justAfter(timeline.minutes)]) };
}

export async function sendMinutes(deps: Deps, ids: MeetingIds): Promise<{ next: string; windowEndsAt?: string; version?: number }> {
  const ctx = await meetingContext(deps, ids);
  if (!ctx) return { next: "stop" };
  const sent = await distributeMinutes(deps, ctx);
  if (!sent) return { next: "minutes" };
  return { next: "window", windowEndsAt: utc(justAfter(sent.window)), version: sent.version };
}

/** a round with no valid objection approves its version; otherwise the secretariat is asked for a revision. */
export async function evaluateMinutesRound(deps: Deps, ids: MeetingIds): Promise<{ next: string }> {
  const ctx = await meetingContext(deps, ids);
  if (!ctx) return { next: "stop" };
  const { meeting, rulebook, now } = ctx;
  const version = (await minutesVersions(deps, meeting.committeeId, meeting.meetingId)).filter((v) => v.sentAt).at(-1);
  if (!version?.sentAt) return { next: "minutes" };
  const objections = (await minutesObjections(deps, meeting.committeeId, meeting.meetingId, version.version))
    .map((o) => ({ id: o.objectionId, version: o.version, seatId: o.seatId, receivedAt: o.receivedAt, text: o.text }));
  const round = minutesRoundState({ version: version.version, sentAt: version.sentAt }, objections, now, rulebook);
  if (round.state === "open") return { next: "window" };
  await versionRecords.modify(deps.store, meeting.committeeId, meeting.meetingId, version.version, (cur) =>
    cur.roundResult ? undefined : { ...cur, roundResult: round.state === "approved" ? "approved" : "objected" });
  if (round.state === "approved") {
    await markMinutesApproved(deps, meeting.committeeId, meeting.meetingId, round.version, round.approvedAt);
    await auditMeeting(deps, ctx, "minutes.approved", { version: round.version, approvedAt: round.approvedAt });
    await sendMailing(deps, (await recipientsOfSeats(deps, rulebook, now)).map((r) => ({
      key: `minutes-approved#${meeting.meetingId}#v${round.version}#${r.personId}`, committeeId: meeting.committeeId, matter: meetingMatter(meeting.meetingId),
      purpose: "minutes-approved", seatId: r.seatId, to: r, message: () => messages.minutesApproved(ctx, r, round.version, round.approvedAt),
    })));
    return { next: "approved" };
  }
  await auditMeeting(deps, ctx, "minutes.objected", { version: round.version, objections: round.objections.map((o) => ({ seatId: o.seatId, receivedAt: o.receivedAt })) }, `minutes-v${round.version}-objected`);
  await toChairsAndSecretariat(deps, ctx, `revision-needed#${meeting.meetingId}#v${round.version}`, "alert", (r) =>
    messages.alertRevisionNeeded(deps, ctx, r, round.version, round.objections));
  return { next: "minutes" };
}
