/**
 * sending a minutes version to every seat, once: by the meeting cycle when a version is uploaded, and
 * at once by the upload itself when a revision follows an objection while the cycle still waits out the
 * previous window. Every email is idempotent, so both may run and each seat gets the version once.
 */
import { addCalendarDays, endOfLocalDate, type Instant } from "#domain/calendar";
import type { Deadline } from "#domain/deadlines";
import { minutesRoundState, undistributed } from "#domain/minutes";
import type { Deps } from "../deps.ts";
import { sendMailing } from "../mail/mailing.ts";
import * as messages from "../mail/messages.ts";
import { recipientsOfSeats } from "../mail/recipients.ts";
import { attendanceOf } from "../meetings/attendance.ts";
import { auditMeeting, type MeetingContext } from "../meetings/context.ts";
import { meetingMatter } from "../meetings/names.ts";
import { versionRecords } from "./repository.ts";

/** Sends the next version not yet distributed (or finishes one a crash left half-sent); undefined when there is none. */
export async function distributeMinutes(deps: Deps, ctx: MeetingContext): Promise<{ version: number; window: Deadline; sentAt: Instant } | undefined> {
  const { meeting, rulebook, now } = ctx;
  const versions = await versionRecords.list(deps.store, meeting.committeeId, meeting.meetingId);
  // A version whose distribution did not finish (a run died half-way) is sent again: every email is
  // idempotent, so only the seats that did not get it receive it now.
  const target = undistributed(versions) ?? versions.filter((v) => v.sentAt).at(-1);
  if (!target) return undefined;
  const { record: version } = await versionRecords.modify(deps.store, meeting.committeeId, meeting.meetingId, target.version, (cur) =>
    cur.sentAt ? undefined : { ...cur, sentAt: now });
  const sentAt = version.sentAt ?? now;
  const window = minutesRoundState({ version: version.version, sentAt }, [], sentAt, rulebook).window;
  const expiresAt = endOfLocalDate(addCalendarDays(window.date, 30), rulebook.calendar.timeZone);
  const attendance = await attendanceOf(deps, meeting.committeeId, meeting.meetingId);
  await sendMailing(deps, (await recipientsOfSeats(deps, rulebook, sentAt)).map((r) => ({
    key: `minutes#${meeting.meetingId}#v${version.version}#${r.personId}`, committeeId: meeting.committeeId, matter: meetingMatter(meeting.meetingId),
    purpose: "minutes", seatId: r.seatId, to: r, token: { action: "minutes" as const, expiresAt }, version: version.version,
    message: (reply) => messages.minutes(ctx, r, version, window, reply, attendance),
  })));
  // Recorded before the distribution is marked finished: a crash in between re-runs this step, and the
  // entry (idempotent by its ref) is written then; after the mark the step is not run again.
  await auditMeeting(deps, ctx, "minutes.sent", { version: version.version, sentAt, objectionDeadline: window.endsAt }, `minutes-v${version.version}-sent`);
  await versionRecords.modify(deps.store, meeting.committeeId, meeting.meetingId, version.version, (cur) =>
    cur.distributedAt ? undefined : { ...cur, distributedAt: deps.clock.now() });
  return { version: version.version, window, sentAt };
}
