/**
 * Initiative reporting in a meeting's cycle (DOMAIN.md, initiatives): the owners are asked for a report with
 * the call for items, reminded before the report deadline, and missing reports are escalated once.
 */
import { addCalendarDays, endOfLocalDate } from "#domain/calendar";
import { isWithinDeadline } from "#domain/deadlines";
import type { Deps } from "../deps.ts";
import { emailsOfMatter, sendMailing } from "../mail/mailing.ts";
import * as messages from "../mail/messages.ts";
import { chairsAndSecretariat, ownerRecipient } from "../mail/recipients.ts";
import { due, type MeetingContext } from "../meetings/context.ts";
import { meetingMatter } from "../meetings/names.ts";
import { initiativeStatusItem } from "#templates/records";
import { danishDate } from "#templates/danish";
import { putStatusItem } from "../meetings/agenda.ts";
import { listInitiatives, reportedInitiatives, reportsOfMeeting } from "./initiatives.ts";
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

/** The initiatives whose owners were asked for a report to this meeting (a request went out). */
export async function initiativesAsked(deps: Deps, committeeId: string, meetingId: string): Promise<Set<string>> {
  const sent = await emailsOfMatter(deps, committeeId, meetingMatter(meetingId));
  return new Set(sent.filter((e) => e.purpose === "initiative-report-request").flatMap((e) => (e.token?.initiativeId ? [e.token.initiativeId] : [])));
}

/**
 * Missing reports, escalated to the chairs, the secretariat and the owner; true when the escalation is due
 * now. Only reports that were asked for are missing: a cycle that started after the report deadline asked
 * no one, and the console shows those initiatives as not asked.
 */
export async function escalateMissingReports(deps: Deps, ctx: MeetingContext): Promise<boolean> {
  const { meeting, rulebook, timeline, now } = ctx;
  if (!timeline.initiativeEscalation || !due(timeline.initiativeEscalation, now) || meeting.agendaSentAt || meeting.reportsEscalatedAt) return false;
  const reported = await reportedInitiatives(deps, meeting.committeeId, meeting.meetingId);
  const asked = await initiativesAsked(deps, meeting.committeeId, meeting.meetingId);
  const unreported = (await listInitiatives(deps, meeting.committeeId)).filter((initiative) => asked.has(initiative.initiativeId) && !reported.has(initiative.initiativeId));
  const expiresAt = timeline.agenda.endsAt;
  await sendMailing(deps, unreported.flatMap((initiative) =>
    [...chairsAndSecretariat(rulebook), ownerRecipient(initiative)].map((r) => ({
      key: `report-escalation#${meeting.meetingId}#${initiative.initiativeId}#${r.personId}`, committeeId: meeting.committeeId,
      matter: meetingMatter(meeting.meetingId), purpose: "initiative-report-escalation", to: r,
      ...(r.role === "owner" ? { token: { action: "initiative-report" as const, expiresAt, initiativeId: initiative.initiativeId } } : {}),
      message: (reply: { replyAddress?: string | undefined; linkUrl?: string | undefined }) => messages.initiativeReportEscalation(deps, ctx, initiative, r, reply),
    }))));
  return true;
}

/**
 * Before an ordinary meeting's agenda goes out: the reports received (the latest of each initiative) are
 * compiled into one status item on the agenda; missing ones are shown as missing (DOMAIN.md, initiatives).
 */
export async function compileInitiativeReports(deps: Deps, ctx: MeetingContext): Promise<void> {
  const { meeting, timeline } = ctx;
  if (!timeline.initiativeReports) return;
  const initiatives = await listInitiatives(deps, meeting.committeeId);
  if (!initiatives.length) return;
  const reports = await reportsOfMeeting(deps, meeting.committeeId, meeting.meetingId);
  const asked = await initiativesAsked(deps, meeting.committeeId, meeting.meetingId);
  const latest = (id: string) => reports.filter((r) => r.initiativeId === id).sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))[0];
  const item = initiativeStatusItem(initiatives.map((i) => ({ name: i.name, report: latest(i.initiativeId), asked: asked.has(i.initiativeId) })), danishDate);
  await putStatusItem(deps, meeting.committeeId, meeting.meetingId, { itemId: "initiative-reports", source: "initiative-reports", ...item });
}
