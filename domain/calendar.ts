/**
 * Calendar dates, instants and deadlines in the committee's wall-clock time (Europe/Copenhagen).
 *
 * One rule for every deadline (DOMAIN.md "How deadlines are counted"): an event's own date is day 0, and
 * "N days before/after" is the calendar date N days away, ending at 23:59:59 local time. Date arithmetic
 * is done on dates, never on durations, so a daylight-saving change cannot move a deadline by an hour.
 */
import { DateTime } from "luxon";
import { InvalidInputError } from "./errors.ts";
import { danishNonWorkingDays } from "./holidays.ts";

/** A calendar date, "YYYY-MM-DD", in the committee's time zone. */
export type LocalDate = string;
/** An instant, ISO 8601 with offset and whole seconds, e.g. "2027-03-25T23:59:59+01:00". */
export type Instant = string;

export const DEFAULT_TIME_ZONE = "Europe/Copenhagen";

export interface CalendarSettings {
  timeZone: string;
  /** Which days public offices are closed besides weekends: Danish holidays, or none. */
  nonWorkingDays: "dk" | "none";
  /** Further closed dates the committee's secretariat observes. */
  extraClosedDates: LocalDate[];
  /** Local time of day at which reminders and notices go out, "HH:MM". */
  sendTime: string;
}

export const DANISH_WEEKDAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"] as const;
export const DANISH_MONTHS = [
  "januar", "februar", "marts", "april", "maj", "juni",
  "juli", "august", "september", "oktober", "november", "december",
] as const;

/**
 * Remembers a pure function's answers. Zone offsets come from Intl and cost microseconds each; a meeting
 * cycle asks for the same few dozen dates thousands of times. Bounded, so a long-running process stays small.
 */
export function memo<A extends (string | number)[], R>(f: (...args: A) => R): (...args: A) => R {
  const cache = new Map<string, R>();
  return (...args: A) => {
    const key = args.join("\u0000");
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const value = f(...args);
    if (cache.size >= 20_000) cache.clear();
    cache.set(key, value);
    return value;
  };
}

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

/** The date itself, if it is a calendar date (YYYY-MM-DD, one that exists); else a refusal naming `field`. */
export function checkLocalDate(date: string, field: string): LocalDate {
  dateOnly(date, field);
  return date;
}

function dateOnly(date: LocalDate, field = "date"): DateTime {
  const dt = LOCAL_DATE.test(date) ? DateTime.fromISO(date, { zone: "utc" }) : DateTime.invalid("format");
  if (!dt.isValid) throw new InvalidInputError(field, `expected a calendar date YYYY-MM-DD, got "${date}"`, { problem: { code: "invalid-date", value: date } });
  return dt;
}

/**
 * Reads a wall-clock time such as "2027-04-22T14:00" in the committee's zone, or an instant with an
 * offset. A local time that does not exist (the hour skipped when summer time starts) is refused rather
 * than silently shifted.
 */
export function parseLocalDateTime(text: string, timeZone: string, field = "time"): DateTime {
  if (LOCAL_DATE_TIME.test(text)) {
    const dt = DateTime.fromISO(text, { zone: timeZone });
    if (!dt.isValid) throw new InvalidInputError(field, `"${text}" is not a valid date and time`, { problem: { code: "invalid-date-time", value: text } });
    const [, hm] = text.split("T");
    if (dt.toFormat("yyyy-MM-dd'T'HH:mm") !== text.slice(0, 16) || !hm) {
      throw new InvalidInputError(field, `"${text}" does not exist in ${timeZone} (clocks skip it when summer time starts)`, { problem: { code: "nonexistent-time", value: text } });
    }
    return dt;
  }
  const dt = DateTime.fromISO(text, { setZone: true });
  if (!dt.isValid || !/[zZ]|[+-]\d{2}:?\d{2}$/.test(text)) {
    throw new InvalidInputError(field, `expected a local date and time like 2027-04-22T14:00 or an ISO instant with offset, got "${text}"`, { problem: { code: "expected-date-time", value: text } });
  }
  return dt.setZone(timeZone);
}

/** Formats an instant with the local offset and whole seconds. */
export function toInstant(dt: DateTime, timeZone: string): Instant {
  return dt.setZone(timeZone).startOf("second").toISO({ suppressMilliseconds: true }) ?? "";
}

const zoneOffsetMinutes = memo((timeZone: string, quarterHour: number) => DateTime.fromMillis(quarterHour * 900_000, { zone: timeZone }).offset);
const two = (n: number) => String(n).padStart(2, "0");

/**
 * The instant at epoch milliseconds, formatted as toInstant does, without building a DateTime: the clock
 * asks for it on every record written. Zone offsets change only on quarter-hour boundaries, so the offset
 * is looked up once per quarter hour.
 */
export function instantAt(ms: number, timeZone: string): Instant {
  const offset = zoneOffsetMinutes(timeZone, Math.floor(ms / 900_000));
  if (offset === 0) return toInstant(DateTime.fromMillis(ms, { zone: timeZone }), timeZone);
  const local = new Date(Math.floor(ms / 1000) * 1000 + offset * 60_000).toISOString().slice(0, 19);
  const a = Math.abs(offset);
  return `${local}${offset > 0 ? "+" : "-"}${two(Math.floor(a / 60))}:${two(a % 60)}`;
}

/** Reads an instant we wrote earlier (or any ISO instant with offset). */
export function instant(text: Instant, timeZone: string): DateTime {
  return parseLocalDateTime(text, timeZone, "instant");
}

/** Milliseconds since the epoch, for comparing instants. */
export const epochMs = memo((text: Instant): number => {
  const ms = DateTime.fromISO(text, { setZone: true }).toMillis();
  if (Number.isNaN(ms)) throw new InvalidInputError("instant", `"${text}" is not an ISO instant`);
  return ms;
});

/** The calendar date, in the committee's zone, on which an instant falls. */
export function localDateOf(at: Instant | DateTime, timeZone: string): LocalDate {
  return typeof at === "string" ? localDateOfInstant(at, timeZone) : (at.setZone(timeZone).toISODate() ?? "");
}

// The same instants (a vote's opening, a meeting's start) are asked about for every answer.
const localDateOfInstant = memo((at: Instant, timeZone: string): LocalDate => instant(at, timeZone).toISODate() ?? "");

/** Adds (or with a negative n, subtracts) calendar days to a date. */
export const addCalendarDays = memo((date: LocalDate, days: number): LocalDate => dateOnly(date).plus({ days }).toISODate() ?? "");

/** Calendar days from one date to another (positive when `to` is later). */
export function calendarDaysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round(dateOnly(to).diff(dateOnly(from), "days").days);
}

/** 23:59:59 local time on a date: the moment a deadline on that date ends. */
export const endOfLocalDate = memo((date: LocalDate, timeZone: string): Instant => {
  const d = dateOnly(date);
  const dt = DateTime.fromObject({ year: d.year, month: d.month, day: d.day, hour: 23, minute: 59, second: 59 }, { zone: timeZone });
  return toInstant(dt, timeZone);
});

/** 00:00:00 local time on a date. */
export function startOfLocalDate(date: LocalDate, timeZone: string): Instant {
  const d = dateOnly(date);
  return toInstant(DateTime.fromObject({ year: d.year, month: d.month, day: d.day }, { zone: timeZone }), timeZone);
}

/** A local wall-clock time ("HH:MM") on a date, as an instant. */
export const atLocalTime = memo((date: LocalDate, time: string, timeZone: string): Instant => {
  const d = dateOnly(date);
  const [hour, minute] = time.split(":").map(Number);
  return toInstant(DateTime.fromObject({ year: d.year, month: d.month, day: d.day, hour, minute }, { zone: timeZone }), timeZone);
});

/** Monday is 0 … Sunday is 6. */
const weekdayIndex = memo((date: LocalDate): number => dateOnly(date).weekday - 1);

/** The Danish name of a date's weekday ("torsdag"). */
export function danishWeekday(date: LocalDate): string {
  return DANISH_WEEKDAYS[weekdayIndex(date)] ?? "";
}

/** Whether public offices are open on a date: not a weekend, holiday or extra closed date. */
export function isWorkingDay(date: LocalDate, settings: CalendarSettings): boolean {
  if (weekdayIndex(date) >= 5) return false;
  if (settings.extraClosedDates.includes(date)) return false;
  if (settings.nonWorkingDays === "dk") {
    const year = Number(date.slice(0, 4));
    if (danishNonWorkingDays(year).some((h) => h.date === date)) return false;
  }
  return true;
}

/** The latest working day on or before a date (reminders move earlier, never later). */
export function workingDayOnOrBefore(date: LocalDate, settings: CalendarSettings): LocalDate {
  let d = date;
  for (let i = 0; i < 31 && !isWorkingDay(d, settings); i++) d = addCalendarDays(d, -1);
  return d;
}

/** The first working day on or after a date (a send that follows a deadline never moves before it). */
export function workingDayOnOrAfter(date: LocalDate, settings: CalendarSettings): LocalDate {
  let d = date;
  for (let i = 0; i < 31 && !isWorkingDay(d, settings); i++) d = addCalendarDays(d, 1);
  return d;
}

/** Whether an instant falls on or before a date's end in local time (23:59:59 on time, 00:00:00 next day late). */
export function isOnOrBeforeDate(at: Instant, date: LocalDate, timeZone: string): boolean {
  return epochMs(at) < epochMs(startOfLocalDate(addCalendarDays(date, 1), timeZone));
}

/** UTC with Z and whole seconds: what a Step Functions Wait's Timestamp accepts. */
export function utc(at: Instant): string {
  return DateTime.fromISO(at, { setZone: true }).toUTC().toISO({ suppressMilliseconds: true }) ?? "";
}

/** Whole seconds from `now` until `at`, at least 1: a callback's timeout. */
export function secondsUntil(now: Instant, at: Instant): number {
  return Math.max(1, Math.ceil((epochMs(at) - epochMs(now)) / 1000));
}

/** The instant at epoch milliseconds with its milliseconds kept (".123"), for the arrival of an answer. */
export function preciseInstantAt(ms: number, timeZone: string): Instant {
  const whole = instantAt(Math.floor(ms / 1000) * 1000, timeZone);
  const frac = ms - Math.floor(ms / 1000) * 1000;
  return frac ? whole.replace(/([+-]\d{2}:\d{2}|Z)$/, `.${String(frac).padStart(3, "0")}$1`) : whole;
}
