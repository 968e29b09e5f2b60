/**
 * Dates, times and numbers the Danish way, for emails. Instants come in with their offset and are shown in
 * the committee's wall-clock time (Europe/Copenhagen): "torsdag den 22. april 2027 kl. 14.00".
 * Nothing here reads the clock.
 */
import { DateTime } from "luxon";
import { DANISH_MONTHS, DANISH_WEEKDAYS, DEFAULT_TIME_ZONE, type Instant, type LocalDate } from "#domain/calendar";
import { TemplateInputError } from "./model.ts";

export const TIME_ZONE = DEFAULT_TIME_ZONE;

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const WITH_OFFSET = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([zZ]|[+-]\d{2}:?\d{2})$/;

/** An instant with offset (or a calendar date) as a luxon DateTime in Europe/Copenhagen. */
export function local(at: Instant | LocalDate, field = "instant"): DateTime {
  if (typeof at !== "string") throw new TemplateInputError(field, `expected an ISO instant, got ${String(at)}`);
  let dt: DateTime;
  if (LOCAL_DATE.test(at)) dt = DateTime.fromISO(at, { zone: TIME_ZONE });
  else if (WITH_OFFSET.test(at)) dt = DateTime.fromISO(at, { setZone: true }).setZone(TIME_ZONE);
  else throw new TemplateInputError(field, `expected an ISO instant with offset, e.g. 2027-04-22T14:00:00+02:00, got "${at}"`);
  if (!dt.isValid) throw new TemplateInputError(field, `"${at}" is not a valid date`);
  return dt;
}

/** "22. april 2027" */
export function danishDateShort(at: Instant | LocalDate): string {
  const dt = local(at);
  return `${dt.day}. ${DANISH_MONTHS[dt.month - 1]} ${dt.year}`;
}

/** "mandag den 12. april 2027" */
export function danishDate(at: Instant | LocalDate): string {
  const dt = local(at);
  return `${DANISH_WEEKDAYS[dt.weekday - 1]} den ${danishDateShort(at)}`;
}

/** "14.00" (Danish uses a period between hours and minutes). */
export function danishTime(at: Instant): string {
  return local(at).toFormat("HH.mm");
}

/** "torsdag den 22. april 2027 kl. 14.00" */
export function danishDateTime(at: Instant): string {
  return `${danishDate(at)} kl. ${danishTime(at)}`;
}

/** "22. april 2027 kl. 10.12", for tables. */
export function danishDateTimeShort(at: Instant): string {
  return `${danishDateShort(at)} kl. ${danishTime(at)}`;
}

/** "torsdag den 22. april 2027 kl. 14.00–16.00" (both ends in full when the meeting passes midnight). */
export function danishTimeRange(startsAt: Instant, durationMinutes: number): string {
  const start = local(startsAt, "startsAt");
  if (!Number.isFinite(durationMinutes) || durationMinutes <= 0) {
    return danishDateTime(startsAt);
  }
  const end = start.plus({ minutes: durationMinutes });
  if (end.toISODate() === start.toISODate()) return `${danishDateTime(startsAt)}–${end.toFormat("HH.mm")}`;
  const endInstant = end.toISO({ suppressMilliseconds: true }) ?? startsAt;
  return `${danishDateTime(startsAt)} til ${danishDateTime(endInstant)}`;
}

/** "senest mandag den 12. april 2027 kl. 23.59" for a deadline ending at 23:59:59. */
export function deadlinePhrase(endsAt: Instant): string {
  return `senest ${danishDateTime(endsAt)}`;
}

/** The calendar date of an instant in Copenhagen, "YYYY-MM-DD". */
export function localDate(at: Instant | LocalDate): LocalDate {
  return local(at).toISODate() ?? "";
}

/** Calendar days from one instant's local date to another's (the rules count calendar days). */
export function calendarDaysBetween(from: Instant | LocalDate, to: Instant | LocalDate): number {
  const a = DateTime.fromISO(localDate(from), { zone: "utc" });
  const b = DateTime.fromISO(localDate(to), { zone: "utc" });
  return Math.round(b.diff(a, "days").days);
}

/** "1 dag", "28 dage" */
export function days(n: number): string {
  return `${n} ${n === 1 ? "dag" : "dage"}`;
}

/** "7.803.439", "12,5": period between thousands, comma before decimals. */
export function danishNumber(n: number, decimals = 0): string {
  if (!Number.isFinite(n)) throw new TemplateInputError("number", `expected a finite number, got ${n}`);
  const fixed = Math.abs(n).toFixed(decimals);
  const [whole = "0", fraction] = fixed.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  const sign = n < 0 && Number(fixed) !== 0 ? "-" : "";
  return `${sign}${grouped}${fraction ? `,${fraction}` : ""}`;
}

/** "7.803.439 kr." */
export function kroner(amount: number): string {
  return `${danishNumber(Math.round(amount))} kr.`;
}

/** "850 kB", "1,2 MB" for a material file. */
export function fileSize(bytes: number): string {
  if (bytes < 1000) return `${danishNumber(bytes)} byte`;
  if (bytes < 1_000_000) return `${danishNumber(Math.round(bytes / 1000))} kB`;
  return `${danishNumber(bytes / 1_000_000, 1)} MB`;
}

/** Joins "a, b og c". */
export function danishList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} og ${items[items.length - 1]}`;
}
