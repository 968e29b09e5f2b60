/**
 * Initiative reporting in a meeting's cycle (DOMAIN.md, initiatives): the owners are asked for a report with
 * the call for items, reminded before the report deadline, and missing reports are escalated once.
 */
import { addCalendarDays, endOfLocalDate } from "#domain/calendar";
import { isWithinDeadline } from "#domain/deadlines";
import type { Deps } from "../deps.ts";
import { sendMailing } from "../mail/mailing.ts";
import * as messages from "../mail/messages.ts";
import { chairsAndSecretariat, ownerRecipient } from "../mail/recipients.ts";
import { due, type MeetingContext } from "../meetings/context.ts";
import { meetingMatter } from "../meetings/names.ts";
import { listInitiatives, reportedInitiatives } from "./initiatives.ts";
import { digestSubscribers } from "../members/links.ts";

/** With the call for items: one report request per active initiative, while the report deadline is ahead. */
export async function requestReports(deps: Deps, ctx: MeetingContext): Promise<void> {
  const { meeting, rulebook, timeline, now } = ctx;
  const reports = timeline.initiativeReports;
  if (!reports || !isWithinDeadline(now, reports)) return;
  const expiresAt = endOfLocalDate(addCalendarDays(reports.date, 60), rulebook.calendar.timeZone);
  await sendMailing(deps, (await listInitiatives(deps, meeting.committeeId)).map((initiative) => ({
    key: `report-request#${meeting.meetingId}#${initiative.initiativeId}`, committeeId: meeting.committeeId, matter: meetingMatter(meeting.meetingId),
    purpose: "initiative-report-request", to: ownerRecipient(initiative), token: { action: "initiative-report" as const, expiresAt, initiativeId: initiative.initiativeId },
    message: (reply) => messages.initiativeReportRequest(ctx, initiative, reply),
  })));
}

/** Reminders now due, to the owners who have not reported. */
export async function remindMissingReports(deps: Deps, ctx: MeetingContext): Promise<void> {
  const { meeting, timeline, now } = ctx;
  const reported = await reportedInitiatives(deps, meeting.committeeId, meeting.meetingId);
  for (const [i, reminder] of timeline.initiativeReminders.entries()) {
    if (!due(reminder, now) || !timeline.initiativeReports || !isWithinDeadline(now, timeline.initiativeReports)) continue;
    // An owner who is a member and chose the weekly digest in place of reminders finds the report owed there.
    const digest = await digestSubscribers(deps, ctx.rulebook);
    const unreported = (await listInitiatives(deps, meeting.committeeId)).filter((initiative) => !reported.has(initiative.initiativeId) && !digest.addresses.has(initiative.owner.email.toLowerCase()));
    await sendMailing(deps, unreported.map((initiative) => ({
      key: `report-reminder#${meeting.meetingId}#${i}#${initiative.initiativeId}`, repeated: true, committeeId: meeting.committeeId, matter: meetingMatter(meeting.meetingId),
      purpose: "initiative-report-reminder", to: ownerRecipient(initiative),
      token: { action: "initiative-report" as const, expiresAt: timeline.agenda.endsAt, initiativeId: initiative.initiativeId },
      message: (reply) => messages.initiativeReportReminder(ctx, initiative, reply),
    })));
  }
}

/** Missing reports, escalated to the chairs, the secretariat and the owner; true when the escalation is due now. */
export async function escalateMissingReports(deps: Deps, ctx: MeetingContext): Promise<boolean> {
  const { meeting, rulebook, timeline, now } = ctx;
  if (!timeline.initiativeEscalation || !due(timeline.initiativeEscalation, now) || meeting.agendaSentAt || meeting.reportsEscalatedAt) return false;
  const reported = await reportedInitiatives(deps, meeting.committeeId, meeting.meetingId);
  const unreported = (await listInitiatives(deps, meeting.committeeId)).filter((initiative) => !reported.has(initiative.initiativeId));
  await sendMailing(deps, unreported.flatMap((initiative) =>
    [...chairsAndSecretariat(rulebook), ownerRecipient(initiative)].map((r) => ({
      key: `report-escalation#${meeting.meetingId}#${initiative.initiativeId}#${r.personId}`, committeeId: meeting.committeeId,
      matter: meetingMatter(meeting.meetingId), purpose: "initiative-report-escalation", to: r,
      message: () => messages.initiativeReportEscalation(deps, ctx, initiative, r),
    }))));
  return true;
}
