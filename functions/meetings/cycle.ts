/**
 * The meeting cycle's steps before the minutes (R-3.2–R-3.4, R-3.7, R-3.9, R-4.2): each reads the meeting,
 * asks the domain what is due, does it idempotently and tells the state machine what comes next. A step
 * answers next="stop" when the meeting was moved (a newer generation runs) or cancelled, so an old
 * execution winds down harmlessly. The minutes' steps are in minutes/cycle.ts.
 */
import { DateTime } from "luxon";
import { addCalendarDays, endOfLocalDate, epochMs, utc } from "#domain/calendar";
import { itemsForSeat } from "#domain/audience";
import { isWithinDeadline, type Deadline } from "#domain/deadlines";
import { justAfter } from "#domain/timeline";
import type { Deps } from "../deps.ts";
import { compileInitiativeReports, escalateMissingReports, remindMissingReports, requestReports } from "../initiatives/reporting.ts";
import { sendMailing, type MailRequest } from "../mail/mailing.ts";
import * as messages from "../mail/messages.ts";
import { recipientsOfSeats } from "../mail/recipients.ts";
import { quorumForecastFor } from "./attendance.ts";
import { alertDeadlineMissed, auditMeeting, HORIZON_DAYS, isPast, meetingContext, remindSecretariat, toChairsAndSecretariat, wakeAt, type MeetingIds } from "./context.ts";
import { meetingExecutionName, meetingMatter } from "./names.ts";
import { agendaItems, meetingRecords } from "./repository.ts";

export type { MeetingIds };



// ─── Load, horizon ──────────────────────────────────────────────────────────────────────────────────

export async function loadMeeting(deps: Deps, ids: MeetingIds): Promise<{ next: string; callForItemsAt?: string; wakeAt?: string }> {
  const ctx = await meetingContext(deps, ids);
  if (!ctx) return { next: "stop" };
  const { meeting, timeline, now } = ctx;
  if (meeting.status === "held" || isPast(timeline.meetingEndsAt, now)) return { next: "minutes" };
  if (meeting.kind === "extraordinary" || meeting.agendaSentAt) return { next: "agenda" };
  const first = timeline.callForItems?.at ?? timeline.agenda.endsAt;
  const horizon = DateTime.fromISO(now, { setZone: true }).plus({ days: HORIZON_DAYS }).toISO({ suppressMilliseconds: true }) ?? now;
  if (epochMs(first) > epochMs(horizon)) return { next: "continue-later", wakeAt: utc(horizon) };
  return { next: "call-for-items", callForItemsAt: utc(first) };
}

export async function continueLater(deps: Deps, ids: MeetingIds & { segment?: number }): Promise<{ executionArn: string }> {
  const segment = (ids.segment ?? 1) + 1;
  return deps.workflows.start("meeting-cycle", meetingExecutionName(ids.committeeId, ids.meetingId, ids.generation, segment), {
    committeeId: ids.committeeId, meetingId: ids.meetingId, generation: ids.generation, segment,
  });
}

// ───: call for items, initiative reports ──────────────────────────────────────────────────────

export async function sendCallForItems(deps: Deps, ids: MeetingIds): Promise<{ next: string; sent: number }> {
  const ctx = await meetingContext(deps, ids);
  if (!ctx) return { next: "stop", sent: 0 };
  const { meeting, rulebook, timeline, now } = ctx;
  const items = timeline.items;
  let sent = 0;
  // A cycle that starts after the item deadline (a meeting planned late) sends no call: it would be too late.
  if (items && isWithinDeadline(now, items)) {
    const expiresAt = endOfLocalDate(addCalendarDays(items.date, 60), rulebook.calendar.timeZone);
    const mailing = (await recipientsOfSeats(deps, rulebook, now)).map((r): MailRequest => ({
      key: `call-for-items#${meeting.meetingId}#${r.personId}`, committeeId: meeting.committeeId, matter: meetingMatter(meeting.meetingId),
      purpose: "call-for-items", seatId: r.seatId, to: r, token: { action: "item-request", expiresAt },
      message: (reply) => messages.callForItems(ctx, r, reply),
    }));
    sent = (await sendMailing(deps, mailing)).filter((o) => o === "sent").length;
  }
  await requestReports(deps, ctx);
  if (items && isWithinDeadline(now, items)) await auditMeeting(deps, ctx, "meeting.call-for-items-sent", { itemDeadline: items.endsAt });
  return { next: "items", sent };
}

/** until the item (and report) deadline: initiative report reminders to owners who have not reported. */
export async function itemsStep(deps: Deps, ids: MeetingIds): Promise<{ next: string; wakeAt?: string }> {
  const ctx = await meetingContext(deps, ids);
  if (!ctx) return { next: "stop" };
  const { timeline, now } = ctx;
  await remindMissingReports(deps, ctx);
  const ends = [timeline.items, timeline.initiativeReports].filter((d): d is Deadline => Boolean(d)).map(justAfter);
  const phaseEnd = ends.sort((a, b) => epochMs(b) - epochMs(a))[0];
  if (!phaseEnd || isPast(phaseEnd, now)) return { next: "agenda" };
  const w = wakeAt(now, [...timeline.initiativeReminders.map((r) => r.at), phaseEnd]);
  return { next: "wait", wakeAt: w.wakeAt };
}

// ───: the agenda ──────────────────────────────────────────────────────────────────────────────

export async function agendaStep(deps: Deps, ids: MeetingIds): Promise<{ next: string; timeoutSeconds?: number; wakeAt?: string }> {
  const ctx = await meetingContext(deps, ids);
  if (!ctx) return { next: "stop" };
  const { meeting, timeline, now } = ctx;

  // Missing initiative reports are escalated once, and shown as missing on the agenda.
  if (await escalateMissingReports(deps, ctx)) {
    // Marked after the sends: a crash before this line repeats them, and sendMailing keeps that to one each.
    await meetingRecords.modify(deps.store, meeting.committeeId, meeting.meetingId, (cur) => (cur.reportsEscalatedAt ? undefined : { ...cur, reportsEscalatedAt: now }));
  }

  if (meeting.agendaReleasedAt || isPast(meeting.startsAt, now)) return { next: "send" };

  await remindSecretariat(deps, ctx, timeline.agendaReminders, timeline.agenda, { key: "agenda-reminder", purpose: "agenda-release-reminder", message: (s) => messages.agendaReleaseReminder(deps, ctx, s) });
  if (!isWithinDeadline(now, timeline.agenda)) {
    // the deadline passed without a release: alert once, keep waiting for the release.
    await alertDeadlineMissed(deps, ctx, `alert#agenda-late#${meeting.meetingId}`, (r) => messages.alertAgendaLate(deps, ctx, r));
    const w = wakeAt(now, [meeting.startsAt]);
    return { next: "await", ...w };
  }
  const escalation = timeline.initiativeEscalation ? [timeline.initiativeEscalation.at] : [];
  return { next: "await", ...wakeAt(now, [...timeline.agendaReminders.map((r) => r.at), ...escalation, justAfter(timeline.agenda)]) };
}

/** the agenda to each seat with only the items it may see; the late release is recorded. */
export async function sendAgenda(deps: Deps, ids: MeetingIds): Promise<{ next: string; quorumForecastAt?: string; meetingEndsAt?: string }> {
  const ctx = await meetingContext(deps, ids);
  if (!ctx) return { next: "stop" };
  const { meeting, rulebook, timeline, now } = ctx;
  const times = { quorumForecastAt: utc(timeline.quorumForecast.at), meetingEndsAt: utc(timeline.meetingEndsAt) };
  if (!meeting.agendaReleasedAt) {
    await alertDeadlineMissed(deps, ctx, `alert#agenda-never-released#${meeting.meetingId}`, (r) => messages.alertAgendaLate(deps, ctx, r));
    return { next: "forecast", ...times };
  }
  await compileInitiativeReports(deps, ctx);
  // only accepted items go out: a late request the chairs have not decided is not on the agenda.
  const items = (await agendaItems.list(deps.store, meeting.committeeId, meeting.meetingId)).filter((i) => i.status === "accepted");
  const apologyExpiry = timeline.meetingEndsAt;
  const visibleTo = new Map(rulebook.seats.map((seat) => [seat.id, itemsForSeat(items, seat, rulebook)]));
  await sendMailing(deps, (await recipientsOfSeats(deps, rulebook, now)).map((r) => ({
    key: `agenda#${meeting.meetingId}#${r.personId}`, committeeId: meeting.committeeId, matter: meetingMatter(meeting.meetingId),
    purpose: meeting.kind === "extraordinary" ? "extraordinary-meeting-notice" : "agenda", seatId: r.seatId, to: r,
    token: { action: "apology" as const, expiresAt: apologyExpiry },
    message: (reply) => messages.agenda(ctx, r, visibleTo.get(r.seatId) ?? [], reply),
  })));
  const { record: sentMeeting } = await meetingRecords.modify(deps.store, meeting.committeeId, meeting.meetingId, (cur) => (cur.agendaSentAt ? undefined : { ...cur, agendaSentAt: now }));
  const onTime = isWithinDeadline(meeting.agendaReleasedAt, timeline.agenda);
  await auditMeeting(deps, ctx, "agenda.sent", { releasedAt: meeting.agendaReleasedAt, sentAt: sentMeeting.agendaSentAt ?? now, deadline: timeline.agenda.endsAt, onTime, items: items.length });
  return { next: "forecast", ...times };
}

// ───: the quorum forecast, the meeting held ─────────────────────────────────────────────

export async function sendQuorumForecast(deps: Deps, ids: MeetingIds): Promise<{ next: string; meetingEndsAt?: string }> {
  const ctx = await meetingContext(deps, ids);
  if (!ctx) return { next: "stop" };
  const { meeting, rulebook } = ctx;
  const forecast = await quorumForecastFor(deps, rulebook, meeting.committeeId, meeting.meetingId);
  await toChairsAndSecretariat(deps, ctx, `quorum-forecast#${meeting.meetingId}`, "quorum-forecast", (r) => messages.quorumForecast(ctx, r, forecast));
  return { next: "held", meetingEndsAt: utc(ctx.timeline.meetingEndsAt) };
}

export async function meetingHeld(deps: Deps, ids: MeetingIds): Promise<{ next: string }> {
  const ctx = await meetingContext(deps, ids);
  if (!ctx) return { next: "stop" };
  await meetingRecords.modify(deps.store, ids.committeeId, ids.meetingId, (cur) => (cur.status === "held" ? undefined : { ...cur, status: "held" }));
  await auditMeeting(deps, ctx, "meeting.held", { minutesDeadline: ctx.timeline.minutes.endsAt });
  return { next: "minutes" };
}
