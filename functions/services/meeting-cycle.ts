/**
 * The meeting cycle's tasks (R-3.2–R-3.9, R-4.2): each reads the meeting, asks the domain what is due, does
 * it idempotently and tells the state machine what comes next. A task answers next="stop" when the meeting
 * was moved (a newer generation runs) or cancelled, so an old execution winds down harmlessly.
 */
import { DateTime } from "luxon";
import { addCalendarDays, endOfLocalDate, epochMs, type Instant } from "#domain/calendar";
import { itemsForSeat } from "#domain/audience";
import {
  extraordinaryMeetingDeadlines, isWithinDeadline, meetingDeadlines, remindersBefore, scheduledSend, type Deadline,
  type ScheduledSend,
} from "#domain/deadlines";
import { minutesRoundState } from "#domain/minutes";
import { forecastQuorum } from "#domain/quorum";
import type { Rulebook } from "#domain/rulebook";
import { committeePk, meetingPk, type RecordOf } from "#adapters/records";
import { listAgendaItems, type Meeting } from "./agenda.ts";
import { defineAwaitedEvent } from "./callbacks.ts";
import { committeeRulebook } from "./committee.ts";
import type { Deps } from "./deps.ts";
import { NotFoundError } from "./errors.ts";
import { sendMailing, sendOnce, type MailRequest } from "./mail.ts";
import * as messages from "./messages.ts";
import { chairsAndSecretariat, recipientsOfSeats, secretariatRecipient } from "./recipients.ts";
import { secondsUntil, utc } from "./written-votes.ts";

export interface MeetingIds {
  committeeId: string;
  meetingId: string;
  generation: number;
}

export const meetingMatter = (meetingId: string) => `meeting/${meetingId}`;
export const meetingExecutionName = (committeeId: string, meetingId: string, generation: number, segment = 1) =>
  `meeting--${committeeId}--${meetingId}--g${generation}${segment > 1 ? `-s${segment}` : ""}`.slice(0, 80);

/** Standard executions last at most a year: a meeting further ahead continues in a new execution. */
const HORIZON_DAYS = 300;

export type Initiative = RecordOf<"initiative">;

export interface MeetingContext {
  meeting: Meeting;
  rulebook: Rulebook;
  now: Instant;
  timeline: MeetingTimeline;
}

/** Every deadline and send of one meeting, from the rulebook (ordinary, or extraordinary per R-3.9). */
export interface MeetingTimeline {
  callForItems?: ScheduledSend;
  items?: Deadline;
  initiativeReports?: Deadline;
  initiativeReminders: ScheduledSend[];
  initiativeEscalation?: ScheduledSend;
  agenda: Deadline;
  agendaReminders: ScheduledSend[];
  quorumForecast: ScheduledSend;
  meetingEndsAt: Instant;
  minutes: Deadline;
  minutesReminders: ScheduledSend[];
}

const timelines = new WeakMap<Rulebook, Map<string, MeetingTimeline>>();

/**
 * A meeting's timeline depends only on its kind, time, length and calling date and on the rulebook, and
 * every step of its cycle asks for it again; so it is worked out once per rulebook object (the rulebook is
 * re-read every few seconds, see cache.ts) and shared, frozen so that no caller can change another's copy.
 */
export function meetingTimeline(meeting: Meeting, rulebook: Rulebook): MeetingTimeline {
  const key = `${meeting.kind}|${meeting.startsAt}|${meeting.durationMinutes}|${meeting.calledAt ?? ""}`;
  let byMeeting = timelines.get(rulebook);
  if (!byMeeting) timelines.set(rulebook, (byMeeting = new Map()));
  const known = byMeeting.get(key);
  if (known) return known;
  const timeline = deepFreeze(workOutTimeline(meeting, rulebook));
  if (byMeeting.size >= 1000) byMeeting.clear();
  byMeeting.set(key, timeline);
  return timeline;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function workOutTimeline(meeting: Meeting, rulebook: Rulebook): MeetingTimeline {
  const end = DateTime.fromISO(meeting.startsAt, { setZone: true }).plus({ minutes: meeting.durationMinutes }).toISO({ suppressMilliseconds: true }) ?? meeting.startsAt;
  const r = rulebook.reminders;
  if (meeting.kind === "extraordinary") {
    const d = extraordinaryMeetingDeadlines(meeting.calledAt ?? meeting.startsAt, meeting.startsAt, rulebook);
    return {
      initiativeReminders: [],
      agenda: d.agenda,
      agendaReminders: [],
      quorumForecast: d.quorumForecast,
      meetingEndsAt: end,
      minutes: d.minutes,
      minutesReminders: remindersBefore(d.minutes, r.minutesDaysBeforeDeadline, "minutes reminder", rulebook),
    };
  }
  const d = meetingDeadlines(meeting.startsAt, rulebook);
  return {
    callForItems: d.callForItems,
    items: d.items,
    initiativeReports: d.initiativeReports,
    initiativeReminders: remindersBefore(d.initiativeReports, r.initiativeReportDaysBeforeDeadline, "initiative report reminder", rulebook),
    initiativeEscalation: scheduledSend("R-INIT", "missing initiative reports escalated", addCalendarDays(d.initiativeReports.date, r.initiativeEscalationDaysAfterDeadline), rulebook, "later"),
    agenda: d.agenda,
    agendaReminders: remindersBefore(d.agenda, r.agendaDaysBeforeDeadline, "agenda release reminder", rulebook),
    quorumForecast: d.quorumForecast,
    meetingEndsAt: end,
    minutes: d.minutes,
    minutesReminders: remindersBefore(d.minutes, r.minutesDaysBeforeDeadline, "minutes reminder", rulebook),
  };
}

const after = (deadline: Pick<Deadline, "endsAt">) =>
  DateTime.fromISO(deadline.endsAt, { setZone: true }).plus({ seconds: 1 }).toISO({ suppressMilliseconds: true }) ?? deadline.endsAt;

export async function getMeeting(deps: Pick<Deps, "store">, committeeId: string, meetingId: string): Promise<Meeting> {
  const m = await deps.store.get("meeting", { pk: committeePk(committeeId), sk: `MEETING#${meetingId}` });
  if (!m) throw new NotFoundError("meeting", meetingId);
  return m;
}

/** The meeting as this execution should see it, or undefined when the execution is obsolete. */
async function context(deps: Deps, ids: MeetingIds): Promise<MeetingContext | undefined> {
  const meeting = await deps.store.get("meeting", { pk: committeePk(ids.committeeId), sk: `MEETING#${ids.meetingId}` });
  if (!meeting || meeting.status === "cancelled" || meeting.generation !== ids.generation) return undefined;
  const rulebook = await committeeRulebook(deps.store, ids.committeeId);
  return { meeting, rulebook, now: deps.clock.now(), timeline: meetingTimeline(meeting, rulebook) };
}

const due = (send: { at: Instant }, now: Instant) => epochMs(send.at) <= epochMs(now);
const isPast = (at: Instant, now: Instant) => epochMs(at) <= epochMs(now);

/** The earliest of some instants still ahead, as a callback timeout and a UTC wake time. */
function wakeAt(now: Instant, candidates: Instant[]): { timeoutSeconds: number; wakeAt: string } {
  const ahead = candidates.filter((c) => epochMs(c) > epochMs(now)).sort((a, b) => epochMs(a) - epochMs(b));
  const at = ahead[0] ?? DateTime.fromISO(now, { setZone: true }).plus({ days: 7 }).toISO({ suppressMilliseconds: true }) ?? now;
  return { timeoutSeconds: secondsUntil(now, at), wakeAt: utc(at) };
}

/** Records a state change of the meeting once: the ref names the event, so a re-run does not repeat it. */
async function audit(deps: Deps, ctx: MeetingContext, action: string, data: Record<string, unknown>, event: string = action): Promise<void> {
  const matter = meetingMatter(ctx.meeting.meetingId);
  await deps.store.appendAudit({ committeeId: ctx.meeting.committeeId, matter, actor: "workflow", action, channel: "workflow", ref: `${matter}#${event}`, data });
}

/** Sends one message to the chairs and the secretariat, once per key. */
async function toChairsAndSecretariat(deps: Deps, ctx: MeetingContext, key: string, purpose: string, build: (r: ReturnType<typeof chairsAndSecretariat>[number]) => messages.Message): Promise<void> {
  await sendMailing(deps, chairsAndSecretariat(ctx.rulebook).map((r) => ({
    key: `${key}#${r.personId}`, committeeId: ctx.meeting.committeeId, matter: meetingMatter(ctx.meeting.meetingId), purpose, to: r,
    message: () => build(r),
  })));
}

// ─── Load, horizon ──────────────────────────────────────────────────────────────────────────────────

export async function loadMeeting(deps: Deps, ids: MeetingIds): Promise<{ next: string; callForItemsAt?: string; wakeAt?: string }> {
  const ctx = await context(deps, ids);
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

// ─── R-3.2: call for items, initiative reports ──────────────────────────────────────────────────────

export async function listInitiatives(deps: Pick<Deps, "store">, committeeId: string): Promise<Initiative[]> {
  return (await deps.store.list("initiative", committeePk(committeeId), "INITIATIVE#")).filter((i) => i.active);
}

async function reportedInitiatives(deps: Deps, committeeId: string, meetingId: string): Promise<Set<string>> {
  const reports = await deps.store.list("initiativeReport", meetingPk(committeeId, meetingId), "REPORT#");
  return new Set(reports.map((r) => r.initiativeId));
}

export async function sendCallForItems(deps: Deps, ids: MeetingIds): Promise<{ next: string; sent: number }> {
  const ctx = await context(deps, ids);
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
      message: (reply) => messages.callForItems(deps, ctx, r, reply),
    }));
    sent = (await sendMailing(deps, mailing)).filter((o) => o === "sent").length;
  }
  const reports = timeline.initiativeReports;
  if (reports && isWithinDeadline(now, reports)) {
    const expiresAt = endOfLocalDate(addCalendarDays(reports.date, 60), rulebook.calendar.timeZone);
    await sendMailing(deps, (await listInitiatives(deps, meeting.committeeId)).map((initiative) => ({
      key: `report-request#${meeting.meetingId}#${initiative.initiativeId}`, committeeId: meeting.committeeId, matter: meetingMatter(meeting.meetingId),
      purpose: "initiative-report-request", to: initiative.owner, token: { action: "initiative-report", expiresAt, initiativeId: initiative.initiativeId },
      message: (reply) => messages.initiativeReportRequest(deps, ctx, initiative, reply),
    })));
  }
  if (items && isWithinDeadline(now, items)) await audit(deps, ctx, "meeting.call-for-items-sent", { itemDeadline: items.endsAt });
  return { next: "items", sent };
}

/** R-3.2: until the item (and report) deadline: initiative report reminders to owners who have not reported. */
export async function itemsStep(deps: Deps, ids: MeetingIds): Promise<{ next: string; wakeAt?: string }> {
  const ctx = await context(deps, ids);
  if (!ctx) return { next: "stop" };
  const { meeting, timeline, now } = ctx;
  const reported = await reportedInitiatives(deps, meeting.committeeId, meeting.meetingId);
  for (const [i, reminder] of timeline.initiativeReminders.entries()) {
    if (!due(reminder, now) || !timeline.initiativeReports || !isWithinDeadline(now, timeline.initiativeReports)) continue;
    const unreported = (await listInitiatives(deps, meeting.committeeId)).filter((initiative) => !reported.has(initiative.initiativeId));
    await sendMailing(deps, unreported.map((initiative) => ({
      key: `report-reminder#${meeting.meetingId}#${i}#${initiative.initiativeId}`, repeated: true, committeeId: meeting.committeeId, matter: meetingMatter(meeting.meetingId),
      purpose: "initiative-report-reminder", to: initiative.owner,
      token: { action: "initiative-report", expiresAt: timeline.agenda.endsAt, initiativeId: initiative.initiativeId },
      message: (reply) => messages.initiativeReportReminder(deps, ctx, initiative, reply),
    })));
  }
  const ends = [timeline.items, timeline.initiativeReports].filter((d): d is Deadline => Boolean(d)).map(after);
  const phaseEnd = ends.sort((a, b) => epochMs(b) - epochMs(a))[0];
  if (!phaseEnd || isPast(phaseEnd, now)) return { next: "agenda" };
  const w = wakeAt(now, [...timeline.initiativeReminders.map((r) => r.at), phaseEnd]);
  return { next: "wait", wakeAt: w.wakeAt };
}

// ─── R-3.3: the agenda ──────────────────────────────────────────────────────────────────────────────

export async function agendaStep(deps: Deps, ids: MeetingIds): Promise<{ next: string; timeoutSeconds?: number; wakeAt?: string }> {
  const ctx = await context(deps, ids);
  if (!ctx) return { next: "stop" };
  const { meeting, rulebook, timeline, now } = ctx;

  // Missing initiative reports are escalated once, and shown as missing on the agenda.
  if (timeline.initiativeEscalation && due(timeline.initiativeEscalation, now) && !meeting.agendaSentAt && !meeting.reportsEscalatedAt) {
    const reported = await reportedInitiatives(deps, meeting.committeeId, meeting.meetingId);
    const unreported = (await listInitiatives(deps, meeting.committeeId)).filter((initiative) => !reported.has(initiative.initiativeId));
    await sendMailing(deps, unreported.flatMap((initiative) =>
      [...chairsAndSecretariat(rulebook), { personId: `owner-${initiative.initiativeId}`, ...initiative.owner, role: "secretariat" as const }].map((r) => ({
        key: `report-escalation#${meeting.meetingId}#${initiative.initiativeId}#${r.personId}`, committeeId: meeting.committeeId,
        matter: meetingMatter(meeting.meetingId), purpose: "initiative-report-escalation", to: r,
        message: () => messages.initiativeReportEscalation(deps, ctx, initiative, r),
      }))));
    // Marked after the sends: a crash before this line repeats them, and sendMailing keeps that to one each.
    await deps.store.modify("meeting", { pk: committeePk(meeting.committeeId), sk: `MEETING#${meeting.meetingId}` }, (cur) =>
      cur.reportsEscalatedAt ? undefined : { ...cur, reportsEscalatedAt: now });
  }

  if (meeting.agendaReleasedAt || isPast(meeting.startsAt, now)) return { next: "send" };

  for (const [i, reminder] of timeline.agendaReminders.entries()) {
    if (!due(reminder, now) || !isWithinDeadline(now, timeline.agenda)) continue;
    const s = secretariatRecipient(rulebook);
    await sendOnce(deps, {
      key: `agenda-reminder#${meeting.meetingId}#${i}`, repeated: true, committeeId: meeting.committeeId, matter: meetingMatter(meeting.meetingId),
      purpose: "agenda-release-reminder", to: s, message: () => messages.agendaReleaseReminder(deps, ctx, s),
    });
  }
  if (!isWithinDeadline(now, timeline.agenda)) {
    // R-3.3: the deadline passed without a release: alert once, keep waiting for the release.
    await toChairsAndSecretariat(deps, ctx, `alert#agenda-late#${meeting.meetingId}`, "alert", (r) => messages.alertAgendaLate(deps, ctx, r));
    const w = wakeAt(now, [meeting.startsAt]);
    return { next: "await", ...w };
  }
  const escalation = timeline.initiativeEscalation ? [timeline.initiativeEscalation.at] : [];
  return { next: "await", ...wakeAt(now, [...timeline.agendaReminders.map((r) => r.at), ...escalation, after(timeline.agenda)]) };
}

/** R-3.3/R-3.4: the agenda to each seat with only the items it may see; the late release is recorded. */
export async function sendAgenda(deps: Deps, ids: MeetingIds): Promise<{ next: string; quorumForecastAt?: string; meetingEndsAt?: string }> {
  const ctx = await context(deps, ids);
  if (!ctx) return { next: "stop" };
  const { meeting, rulebook, timeline, now } = ctx;
  const times = { quorumForecastAt: utc(timeline.quorumForecast.at), meetingEndsAt: utc(timeline.meetingEndsAt) };
  if (!meeting.agendaReleasedAt) {
    await toChairsAndSecretariat(deps, ctx, `alert#agenda-never-released#${meeting.meetingId}`, "alert", (r) => messages.alertAgendaLate(deps, ctx, r));
    return { next: "forecast", ...times };
  }
  const items = (await listAgendaItems(deps, meeting.committeeId, meeting.meetingId)).filter((i) => i.status !== "declined");
  const apologyExpiry = timeline.meetingEndsAt;
  const visibleTo = new Map(rulebook.seats.map((seat) => [seat.id, itemsForSeat(items, seat, rulebook)]));
  await sendMailing(deps, (await recipientsOfSeats(deps, rulebook, now)).map((r) => ({
    key: `agenda#${meeting.meetingId}#${r.personId}`, committeeId: meeting.committeeId, matter: meetingMatter(meeting.meetingId),
    purpose: meeting.kind === "extraordinary" ? "extraordinary-meeting-notice" : "agenda", seatId: r.seatId, to: r,
    token: { action: "apology", expiresAt: apologyExpiry },
    message: (reply) => messages.agenda(deps, ctx, r, visibleTo.get(r.seatId) ?? [], reply),
  })));
  const { record: sentMeeting } = await deps.store.modify("meeting", { pk: committeePk(meeting.committeeId), sk: `MEETING#${meeting.meetingId}` }, (cur) =>
    cur.agendaSentAt ? undefined : { ...cur, agendaSentAt: now });
  const onTime = isWithinDeadline(meeting.agendaReleasedAt, timeline.agenda);
  await audit(deps, ctx, "agenda.sent", { releasedAt: meeting.agendaReleasedAt, sentAt: sentMeeting.agendaSentAt ?? now, deadline: timeline.agenda.endsAt, onTime, items: items.length });
  return { next: "forecast", ...times };
}

// ─── R-3.7/R-4.2: apologies and the quorum forecast ─────────────────────────────────────────────────

export async function quorumForecastFor(deps: Pick<Deps, "store">, rulebook: Rulebook, committeeId: string, meetingId: string) {
  const attendance = await deps.store.list("attendance", meetingPk(committeeId, meetingId), "ATTENDANCE#");
  const apologies = attendance.filter((a) => a.status === "apology").map((a) => ({ seatId: a.seatId, substituteAttends: a.substituteAttends }));
  const items = await listAgendaItems(deps, committeeId, meetingId);
  const gp = items.some((i) => i.concernsGeneralPractice && i.status !== "declined");
  // Addresses marked by a hard bounce or complaint (mail-events): a seat that cannot be reached by mail.
  const statuses = await deps.store.listByIndex("addressStatus", "ADDRESSES");
  const seatEmails = rulebook.seats.flatMap((s) => [{ seatId: s.id, email: s.member.email }, ...s.substitutes.map((x) => ({ seatId: s.id, email: x.email }))]);
  const bounced = statuses.flatMap((st) => seatEmails.filter((x) => x.email.toLowerCase() === st.email).map((x) => ({ to: [x.email], seatId: x.seatId, status: st.status, detail: st.detail })));
  return { apologies, forecast: forecastQuorum(apologies, false, rulebook), gpForecast: gp ? forecastQuorum(apologies, true, rulebook) : undefined, bounced };
}

export async function sendQuorumForecast(deps: Deps, ids: MeetingIds): Promise<{ next: string; meetingEndsAt?: string }> {
  const ctx = await context(deps, ids);
  if (!ctx) return { next: "stop" };
  const { meeting, rulebook } = ctx;
  const forecast = await quorumForecastFor(deps, rulebook, meeting.committeeId, meeting.meetingId);
  await toChairsAndSecretariat(deps, ctx, `quorum-forecast#${meeting.meetingId}`, "quorum-forecast", (r) => messages.quorumForecast(deps, ctx, r, forecast));
  return { next: "held", meetingEndsAt: utc(ctx.timeline.meetingEndsAt) };
}

export async function meetingHeld(deps: Deps, ids: MeetingIds): Promise<{ next: string }> {
  const ctx = await context(deps, ids);
  if (!ctx) return { next: "stop" };
  await deps.store.modify("meeting", { pk: committeePk(ids.committeeId), sk: `MEETING#${ids.meetingId}` }, (cur) =>
    cur.status === "held" ? undefined : { ...cur, status: "held" });
  await audit(deps, ctx, "meeting.held", { minutesDeadline: ctx.timeline.minutes.endsAt });
  return { next: "minutes" };
}

// ─── R-3.5: minutes rounds ──────────────────────────────────────────────────────────────────────────

export async function minutesVersions(deps: Pick<Deps, "store">, committeeId: string, meetingId: string) {
  return (await deps.store.list("minutesVersion", meetingPk(committeeId, meetingId), "MINUTES#")).sort((a, b) => a.version - b.version);
}

/**
 * What the minutes need next (R-3.5), from the versions alone, so that a re-run from any earlier point
 * lands on the same answer: a version to (finish) sending, a sent round to evaluate, or a wait.
 */
export function minutesWork(versions: RecordOf<"minutesVersion">[]): "send" | "evaluate" | "await-revision" | "await-first" | "approved" {
  if (versions.some((v) => v.roundResult === "approved")) return "approved";
  if (undistributed(versions)) return "send";
  const last = versions.filter((v) => v.sentAt).at(-1);
  if (!last) return "await-first";
  return last.roundResult === "objected" ? "await-revision" : "evaluate";
}

export async function minutesStep(deps: Deps, ids: MeetingIds): Promise<{ next: string; timeoutSeconds?: number; wakeAt?: string; windowEndsAt?: string }> {
  const ctx = await context(deps, ids);
  if (!ctx) return { next: "stop" };
  const { meeting, rulebook, timeline, now } = ctx;
  if (meeting.minutesApprovedAt) return { next: "approved" };
  const versions = await minutesVersions(deps, meeting.committeeId, meeting.meetingId);
  const work = minutesWork(versions);
  if (work === "approved") return { next: "approved" };
  if (work === "send") return { next: "send" };
  if (work === "evaluate") {
    const last = versions.filter((v) => v.sentAt).at(-1);
    const window = minutesRoundState({ version: last?.version ?? 1, sentAt: last?.sentAt ?? now }, [], now, rulebook).window;
    return { next: "window", windowEndsAt: utc(after(window)) };
  }
  if (work === "await-revision") return { next: "await", ...wakeAt(now, []) }; // the secretariat was asked for a revision
  for (const [i, reminder] of timeline.minutesReminders.entries()) {
    if (!due(reminder, now) || !isWithinDeadline(now, timeline.minutes)) continue;
    const s = secretariatRecipient(rulebook);
    await sendOnce(deps, {
      key: `minutes-reminder#${meeting.meetingId}#${i}`, repeated: true, committeeId: meeting.committeeId, matter: meetingMatter(meeting.meetingId),
      purpose: "minutes-reminder", to: s, message: () => messages.minutesReminder(deps, ctx, s),
    });
  }
  if (!isWithinDeadline(now, timeline.minutes)) {
    await toChairsAndSecretariat(deps, ctx, `alert#minutes-late#${meeting.meetingId}`, "alert", (r) => messages.alertMinutesLate(deps, ctx, r));
    return { next: "await", ...wakeAt(now, []) };
  }
  return { next: "await", ...wakeAt(now, [...timeline.minutesReminders.map((r) => r.at), after(timeline.minutes)]) };
}

export async function sendMinutes(deps: Deps, ids: MeetingIds): Promise<{ next: string; windowEndsAt?: string; version?: number }> {
  const ctx = await context(deps, ids);
  if (!ctx) return { next: "stop" };
  const { meeting, rulebook, now } = ctx;
  const versions = await minutesVersions(deps, meeting.committeeId, meeting.meetingId);
  // A version whose distribution did not finish (a run died half-way) is sent again: every email is
  // idempotent, so only the seats that did not get it receive it now.
  const target = undistributed(versions) ?? versions.filter((v) => v.sentAt).at(-1);
  if (!target) return { next: "minutes" };
  const { record: version } = await deps.store.modify("minutesVersion", { pk: meetingPk(meeting.committeeId, meeting.meetingId), sk: `MINUTES#${String(target.version).padStart(3, "0")}` }, (cur) =>
    cur.sentAt ? undefined : { ...cur, sentAt: now });
  const sentAt = version.sentAt ?? now;
  const window = minutesRoundState({ version: version.version, sentAt }, [], sentAt, rulebook).window;
  const expiresAt = endOfLocalDate(addCalendarDays(window.date, 30), rulebook.calendar.timeZone);
  await sendMailing(deps, (await recipientsOfSeats(deps, rulebook, sentAt)).map((r) => ({
    key: `minutes#${meeting.meetingId}#v${version.version}#${r.personId}`, committeeId: meeting.committeeId, matter: meetingMatter(meeting.meetingId),
    purpose: "minutes", seatId: r.seatId, to: r, token: { action: "minutes", expiresAt },
    message: (reply) => messages.minutes(deps, ctx, r, version, window, reply),
  })));
  await deps.store.modify("minutesVersion", { pk: meetingPk(meeting.committeeId, meeting.meetingId), sk: `MINUTES#${String(version.version).padStart(3, "0")}` }, (cur) =>
    cur.distributedAt ? undefined : { ...cur, distributedAt: deps.clock.now() });
  await audit(deps, ctx, "minutes.sent", { version: version.version, sentAt, objectionDeadline: window.endsAt }, `minutes-v${version.version}-sent`);
  return { next: "window", windowEndsAt: utc(after(window)), version: version.version };
}

/** R-3.5: a round with no valid objection approves its version; otherwise the secretariat is asked for a revision. */
export async function evaluateMinutesRound(deps: Deps, ids: MeetingIds): Promise<{ next: string }> {
  const ctx = await context(deps, ids);
  if (!ctx) return { next: "stop" };
  const { meeting, rulebook, now } = ctx;
  const version = (await minutesVersions(deps, meeting.committeeId, meeting.meetingId)).filter((v) => v.sentAt).at(-1);
  if (!version?.sentAt) return { next: "minutes" };
  const objections = (await deps.store.list("minutesObjection", meetingPk(meeting.committeeId, meeting.meetingId), `OBJECTION#${String(version.version).padStart(3, "0")}#`))
    .map((o) => ({ id: o.objectionId, version: o.version, seatId: o.seatId, receivedAt: o.receivedAt, text: o.text }));
  const round = minutesRoundState({ version: version.version, sentAt: version.sentAt }, objections, now, rulebook);
  if (round.state === "open") return { next: "window" };
  await deps.store.modify("minutesVersion", { pk: meetingPk(meeting.committeeId, meeting.meetingId), sk: `MINUTES#${String(version.version).padStart(3, "0")}` }, (cur) =>
    cur.roundResult ? undefined : { ...cur, roundResult: round.state === "approved" ? "approved" : "objected" });
  if (round.state === "approved") {
    await deps.store.modify("meeting", { pk: committeePk(meeting.committeeId), sk: `MEETING#${meeting.meetingId}` }, (cur) =>
      cur.minutesApprovedAt ? undefined : { ...cur, minutesApprovedAt: round.approvedAt, approvedMinutesVersion: round.version });
    await audit(deps, ctx, "minutes.approved", { version: round.version, approvedAt: round.approvedAt });
    await sendMailing(deps, (await recipientsOfSeats(deps, rulebook, now)).map((r) => ({
      key: `minutes-approved#${meeting.meetingId}#v${round.version}#${r.personId}`, committeeId: meeting.committeeId, matter: meetingMatter(meeting.meetingId),
      purpose: "minutes-approved", seatId: r.seatId, to: r, message: () => messages.minutesApproved(deps, ctx, r, round.version, round.approvedAt),
    })));
    return { next: "approved" };
  }
  await audit(deps, ctx, "minutes.objected", { version: round.version, objections: round.objections.map((o) => ({ seatId: o.seatId, receivedAt: o.receivedAt })) }, `minutes-v${round.version}-objected`);
  await toChairsAndSecretariat(deps, ctx, `revision-needed#${meeting.meetingId}#v${round.version}`, "alert", (r) =>
    messages.alertRevisionNeeded(deps, ctx, r, round.version, round.objections));
  return { next: "minutes" };
}

defineAwaitedEvent("agenda-released", async (deps, committeeId, subject) => {
  const meetingId = subject.replace(/^meeting\//, "");
  const meeting = await deps.store.get("meeting", { pk: committeePk(committeeId), sk: `MEETING#${meetingId}` });
  return Boolean(meeting?.agendaReleasedAt);
});

/** The next version that has not been fully distributed: a new upload, or one a crash left half-sent. */
function undistributed(versions: RecordOf<"minutesVersion">[]): RecordOf<"minutesVersion"> | undefined {
  const next = versions.find((v) => !v.distributedAt);
  const prior = next ? versions.filter((v) => v.version < next.version) : [];
  return next && prior.every((v) => v.distributedAt) ? next : undefined;
}

defineAwaitedEvent("minutes-uploaded", async (deps, committeeId, subject) => {
  const meetingId = subject.replace(/^meeting\//, "");
  const work = minutesWork(await minutesVersions(deps, committeeId, meetingId));
  return work === "send" || work === "evaluate" || work === "approved";
});
