/**
 * The deadlines of a meeting, a minutes version, a written vote and an initiative report, all counted
 * the same way (calendar.ts). Reminders move to the working day before; deadlines never move.
 */
import type { DateTime } from "luxon";
import {
  addCalendarDays, atLocalTime, calendarDaysBetween, danishWeekday, endOfLocalDate, epochMs, localDateOf,
  parseLocalDateTime, toInstant, workingDayOnOrAfter, workingDayOnOrBefore, type Instant, type LocalDate,
} from "./calendar.ts";
import type { Rulebook } from "./rulebook.ts";

export type RuleId = "R-3.1" | "R-3.2" | "R-3.3" | "R-3.5" | "R-3.6" | "R-3.7" | "R-3.9" | "R-4.2" | "R-6.1" | "R-INIT";

export interface Deadline {
  rule: RuleId;
  /** What must happen by the deadline, in English for logs and JSON. */
  what: string;
  date: LocalDate;
  weekday: string;
  /** 23:59:59 local time on `date`. */
  endsAt: Instant;
}

export interface ScheduledSend {
  rule: RuleId;
  what: string;
  date: LocalDate;
  weekday: string;
  at: Instant;
}

function deadlineOn(rule: RuleId, what: string, date: LocalDate, rulebook: Rulebook): Deadline {
  return { rule, what, date, weekday: danishWeekday(date), endsAt: endOfLocalDate(date, rulebook.calendar.timeZone) };
}

/**
 * A send (reminder, call, forecast) on a date. On a closed day it moves to the working day before; a send
 * that follows a deadline (an escalation) moves to the working day after, so it never precedes the deadline.
 */
export function scheduledSend(rule: RuleId, what: string, date: LocalDate, rulebook: Rulebook, direction: "earlier" | "later" = "earlier"): ScheduledSend {
  const day = direction === "earlier" ? workingDayOnOrBefore(date, rulebook.calendar) : workingDayOnOrAfter(date, rulebook.calendar);
  return { rule, what, date: day, weekday: danishWeekday(day), at: atLocalTime(day, rulebook.calendar.sendTime, rulebook.calendar.timeZone) };
}

/** Whether an instant is within a deadline (until 23:59:59 inclusive, the whole last second). */
export function isWithinDeadline(at: Instant, deadline: Pick<Deadline, "endsAt">): boolean {
  return epochMs(at) < epochMs(deadline.endsAt) + 1000;
}

export function meetingTime(startsAt: string, rulebook: Rulebook): DateTime {
  return parseLocalDateTime(startsAt, rulebook.calendar.timeZone, "startsAt");
}

export interface MeetingDeadlines {
  meeting: { startsAt: Instant; date: LocalDate; weekday: string };
  /** interpretation: when the call for agenda items goes out. */
  callForItems: ScheduledSend;
  /** item requests in writing at least 28 days before. */
  items: Deadline;
  /** agenda with material at least 10 days before. */
  agenda: Deadline;
  /** minutes at most 10 days after. */
  minutes: Deadline;
  /** Initiative status reports before the meeting. */
  initiativeReports: Deadline;
  /** apologies and a quorum forecast to the secretariat. */
  quorumForecast: ScheduledSend;
}

/** the deadlines of an ordinary meeting, counted from its local date. */
export function meetingDeadlines(startsAt: string, rulebook: Rulebook): MeetingDeadlines {
  const zone = rulebook.calendar.timeZone;
  const start = meetingTime(startsAt, rulebook);
  const day = localDateOf(start, zone);
  const m = rulebook.meetings;
  const items = deadlineOn("R-3.2", "agenda item requests in writing", addCalendarDays(day, -m.itemRequestDaysBefore), rulebook);
  return {
    meeting: { startsAt: toInstant(start, zone), date: day, weekday: danishWeekday(day) },
    callForItems: scheduledSend("R-3.2", "call for agenda items", addCalendarDays(items.date, -m.callForItemsDaysBeforeItemDeadline), rulebook),
    items,
    agenda: deadlineOn("R-3.3", "agenda with material sent", addCalendarDays(day, -m.agendaDaysBefore), rulebook),
    minutes: deadlineOn("R-3.5", "minutes sent", addCalendarDays(day, m.minutesDaysAfter), rulebook),
    initiativeReports: deadlineOn("R-INIT", "initiative status reports", addCalendarDays(day, -rulebook.initiatives.reportDaysBeforeMeeting), rulebook),
    quorumForecast: scheduledSend("R-4.2", "apologies and quorum forecast to the secretariat", addCalendarDays(day, -rulebook.reminders.quorumForecastDaysBeforeMeeting), rulebook),
  };
}

export interface ExtraordinaryMeetingDeadlines {
  meeting: MeetingDeadlines["meeting"];
  /** Calendar days between the call and the meeting. */
  noticeDays: number;
  /** notice shorter than the usual 21 days is allowed for an extraordinary meeting. */
  shortNotice: boolean;
  /** the agenda goes out with the notice (as far as possible with material). */
  agenda: Deadline;
  minutes: Deadline;
  quorumForecast: ScheduledSend;
}

/** an extraordinary meeting called at `calledAt`; the agenda is due with the notice itself. */
export function extraordinaryMeetingDeadlines(calledAt: Instant, startsAt: string, rulebook: Rulebook): ExtraordinaryMeetingDeadlines {
  const zone = rulebook.calendar.timeZone;
  const start = meetingTime(startsAt, rulebook);
  const day = localDateOf(start, zone);
  const calledOn = localDateOf(calledAt, zone);
  const noticeDays = calendarDaysBetween(calledOn, day);
  const forecastDay = addCalendarDays(day, -Math.min(rulebook.reminders.quorumForecastDaysBeforeMeeting, Math.max(noticeDays - 1, 0)));
  return {
    meeting: { startsAt: toInstant(start, zone), date: day, weekday: danishWeekday(day) },
    noticeDays,
    shortNotice: noticeDays < rulebook.meetings.extraordinaryNoticeBelowDays,
    agenda: deadlineOn("R-3.9", "agenda sent with the notice of an extraordinary meeting", calledOn, rulebook),
    minutes: deadlineOn("R-3.5", "minutes sent", addCalendarDays(day, rulebook.meetings.minutesDaysAfter), rulebook),
    quorumForecast: scheduledSend("R-4.2", "apologies and quorum forecast to the secretariat", forecastDay < calledOn ? calledOn : forecastDay, rulebook),
  };
}

/** objections to a minutes version sent at `sentAt` are due by 23:59:59 on day 8 after that day. */
export function objectionDeadline(sentAt: Instant, rulebook: Rulebook): Deadline {
  const sentOn = localDateOf(sentAt, rulebook.calendar.timeZone);
  return deadlineOn("R-3.5", "objections to the minutes", addCalendarDays(sentOn, rulebook.meetings.objectionWindowDays), rulebook);
}

/** a written vote opened at `openedAt` closes at 23:59:59 on day `durationDays`. */
export function writtenVoteDeadline(openedAt: Instant, rulebook: Rulebook, durationDays = rulebook.writtenVote.defaultDurationDays): Deadline {
  const openedOn = localDateOf(openedAt, rulebook.calendar.timeZone);
  return deadlineOn("R-3.6", "responses to the written vote", addCalendarDays(openedOn, durationDays), rulebook);
}

/** Reminders `offsets` days before a deadline, each moved to the working day before if needed. */
export function remindersBefore(deadline: Deadline, offsets: readonly number[], what: string, rulebook: Rulebook): ScheduledSend[] {
  const sends = offsets.map((n) => scheduledSend(deadline.rule, what, addCalendarDays(deadline.date, -n), rulebook));
  const unique = new Map(sends.map((s) => [s.at, s]));
  return [...unique.values()].sort((a, b) => epochMs(a.at) - epochMs(b.at));
}

/** Only the sends still ahead of `now`: a cycle started late does not send stale reminders. */
export function upcoming<T extends { at: Instant }>(sends: readonly T[], now: Instant): T[] {
  return sends.filter((s) => epochMs(s.at) > epochMs(now));
}
