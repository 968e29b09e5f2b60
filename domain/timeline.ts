/**
 * A meeting's timeline (R-3.2, R-3.3, R-3.5, R-3.9, R-4.2, initiative reports): every deadline and every send
 * of one meeting, from the rulebook — ordinary meetings by the plan's rules, extraordinary ones by.
 */
import { DateTime } from "luxon";
import { addCalendarDays, type Instant } from "./calendar.ts";
import {
  extraordinaryMeetingDeadlines, meetingDeadlines, remindersBefore, scheduledSend, type Deadline, type ScheduledSend,
} from "./deadlines.ts";
import type { Rulebook } from "./rulebook.ts";

/** What the timeline depends on: a meeting's kind, time, length and, for an extraordinary one, its calling. */
export interface TimedMeeting {
  kind: "ordinary" | "extraordinary";
  startsAt: Instant;
  durationMinutes: number;
  calledAt?: Instant | undefined;
}

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
 * A meeting's timeline. It depends only on the meeting's kind, time, length and calling date and on the
 * rulebook, and every step of a cycle asks for it again; so it is worked out once per rulebook object (the
 * store's readers re-read the rulebook every few seconds) and shared, frozen so that no caller can change
 * another's copy.
 */
export function meetingTimeline(meeting: TimedMeeting, rulebook: Rulebook): MeetingTimeline {
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

function workOutTimeline(meeting: TimedMeeting, rulebook: Rulebook): MeetingTimeline {
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

/** The first second after a deadline: when a step that follows it wakes. */
export function justAfter(deadline: Pick<Deadline, "endsAt">): Instant {
  return DateTime.fromISO(deadline.endsAt, { setZone: true }).plus({ seconds: 1 }).toISO({ suppressMilliseconds: true }) ?? deadline.endsAt;
}
