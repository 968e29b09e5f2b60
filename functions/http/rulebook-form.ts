/**
 * A rulebook without JSON (issue 22, item 4): the console's form over the rulebook schema, both ways. A
 * rulebook becomes flat fields (one per number, rule and date; a row per seat), and the posted fields become
 * the candidate rulebook that the committee module validates — whose problems, each naming its field, are
 * mapped back to the fields of the form. The form also shows the deadlines a sample meeting would get from
 * its numbers, checked alone so that a half-filled seat list does not hide them.
 */
import * as z from "zod/mini";
import { parseLocalDateTime, toInstant } from "#domain/calendar";
import { rulebookSchema, type Rulebook } from "#domain/rulebook";
import { meetingTimeline } from "#domain/timeline";
import { describeProblems, validate } from "#domain/validation";

/** The numbers, rules and dates of the form, by path, with how each is written in a field. */
export const SCALAR_FIELDS: { path: string; section: string; kind: "text" | "date" | "time" | "days" | "number" | "offsets" | "dates" | "bool" | "status" | "nonWorkingDays" | "constituencies" | "decisionRule" | "weekday" | "email" }[] = [
  { path: "id", section: "forretningsorden", kind: "text" },
  { path: "title", section: "forretningsorden", kind: "text" },
  { path: "status", section: "forretningsorden", kind: "status" },
  { path: "note", section: "forretningsorden", kind: "text" },
  { path: "validity.from", section: "forretningsorden", kind: "date" },
  { path: "validity.to", section: "forretningsorden", kind: "date" },
  { path: "term.from", section: "forretningsorden", kind: "date" },
  { path: "term.to", section: "forretningsorden", kind: "date" },
  { path: "calendar.timeZone", section: "kalender", kind: "text" },
  { path: "calendar.nonWorkingDays", section: "kalender", kind: "nonWorkingDays" },
  { path: "calendar.extraClosedDates", section: "kalender", kind: "dates" },
  { path: "calendar.sendTime", section: "kalender", kind: "time" },
  { path: "meetings.minimumPerYear", section: "moeder", kind: "number" },
  { path: "meetings.itemRequestDaysBefore", section: "moeder", kind: "days" },
  { path: "meetings.callForItemsDaysBeforeItemDeadline", section: "moeder", kind: "days" },
  { path: "meetings.agendaDaysBefore", section: "moeder", kind: "days" },
  { path: "meetings.minutesDaysAfter", section: "moeder", kind: "days" },
  { path: "meetings.objectionWindowDays", section: "moeder", kind: "days" },
  { path: "meetings.extraordinaryNoticeBelowDays", section: "moeder", kind: "days" },
  { path: "meetings.authoritiesConstituencies", section: "moeder", kind: "constituencies" },
  { path: "meetings.defaultDurationMinutes", section: "moeder", kind: "number" },
  { path: "reminders.agendaDaysBeforeDeadline", section: "paamindelser", kind: "offsets" },
  { path: "reminders.minutesDaysBeforeDeadline", section: "paamindelser", kind: "offsets" },
  { path: "reminders.quorumForecastDaysBeforeMeeting", section: "paamindelser", kind: "days" },
  { path: "reminders.writtenVoteDaysBeforeClose", section: "paamindelser", kind: "offsets" },
  { path: "reminders.initiativeReportDaysBeforeDeadline", section: "paamindelser", kind: "offsets" },
  { path: "reminders.initiativeEscalationDaysAfterDeadline", section: "paamindelser", kind: "days" },
  { path: "reminders.weeklyDigest.allowed", section: "paamindelser", kind: "bool" },
  { path: "reminders.weeklyDigest.weekday", section: "paamindelser", kind: "weekday" },
  { path: "quorum.minimumPresent.numerator", section: "quorum", kind: "number" },
  { path: "quorum.minimumPresent.denominator", section: "quorum", kind: "number" },
  { path: "quorum.constituenciesRepresented", section: "quorum", kind: "constituencies" },
  { path: "quorum.generalPracticeItemsRequire", section: "quorum", kind: "constituencies" },
  { path: "quorum.substituteCountsForSeat", section: "quorum", kind: "bool" },
  { path: "writtenVote.defaultDurationDays", section: "votering", kind: "days" },
  { path: "writtenVote.decisionRule", section: "votering", kind: "decisionRule" },
  { path: "writtenVote.respondentsMustMakeQuorum", section: "votering", kind: "bool" },
  { path: "writtenVote.singleObjectionMovesToMeeting", section: "votering", kind: "bool" },
  { path: "writtenVote.closeEarlyWhenAllSeatsVoted", section: "votering", kind: "bool" },
  { path: "initiatives.reportDaysBeforeMeeting", section: "indsatser", kind: "days" },
  { path: "secretariat.name", section: "sekretariat", kind: "text" },
  { path: "secretariat.email", section: "sekretariat", kind: "email" },
];

const SEAT_FIELDS = ["id", "constituency", "title", "member.name", "member.email", "substitutes"] as const;

/** A form's values by field name; a field that holds several (checkboxes) keeps them all. */
export type FormValues = Map<string, string[]>;

export function formValues(posted: Iterable<[string, string]>): FormValues {
  const values: FormValues = new Map();
  for (const [k, v] of posted) values.set(k, [...(values.get(k) ?? []), v]);
  return values;
}

const get = (o: unknown, path: string): unknown => path.split(".").reduce<unknown>((x, k) => (x && typeof x === "object" ? (x as Record<string, unknown>)[k] : undefined), o);
function set(o: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let at = o;
  for (const k of keys.slice(0, -1)) at = (at[k] ??= {}) as Record<string, unknown>;
  at[keys.at(-1) ?? ""] = value;
}

/** A rulebook as the form's fields: what the form shows to begin with (a version to start from). */
export function rulebookToForm(r: Rulebook): FormValues {
  const v: FormValues = new Map();
  for (const f of SCALAR_FIELDS) {
    const x = get(r, f.path);
    if (x === undefined) continue;
    v.set(f.path, f.kind === "bool" ? (x ? ["ja"] : []) : f.kind === "constituencies" ? (x as string[]) : Array.isArray(x) ? [x.join(", ")] : [String(x)]);
  }
  v.set("committee.id", [r.committee.id]);
  v.set("committee.name", [r.committee.name]);
  r.seats.forEach((s, i) => {
    v.set(`seats.${i}.id`, [s.id]);
    v.set(`seats.${i}.constituency`, [s.constituency]);
    v.set(`seats.${i}.title`, [s.title]);
    v.set(`seats.${i}.member.name`, [s.member.name]);
    v.set(`seats.${i}.member.email`, [s.member.email]);
    v.set(`seats.${i}.substitutes`, [s.substitutes.map((x) => `${x.id}; ${x.name}; ${x.email}`).join("\n")]);
    if (r.coChairs.includes(s.id)) v.set(`seats.${i}.chair`, ["ja"]);
  });
  for (const [rule, paragraph] of Object.entries(r.sources ?? {})) v.set(`sources.${rule}`, [paragraph]);
  return v;
}

/** How many seat rows the form holds (the highest row index posted, plus one). */
export function seatRows(v: FormValues): number {
  let n = 0;
  for (const k of v.keys()) {
    const m = /^seats\.(\d{1,3})\./.exec(k);
    if (m) n = Math.max(n, Number(m[1]) + 1);
  }
  return n;
}

const one = (v: FormValues, k: string) => (v.get(k)?.[0] ?? "").trim();
/** A number as typed; anything else is left as text, so the schema names the field ("expected number"). */
const num = (s: string): unknown => (s === "" ? undefined : /^-?\d+$/.test(s) ? Number(s) : s);
const list = (s: string) => s.split(/[,;\s]+/).map((x) => x.trim()).filter(Boolean);

/**
 * The candidate rulebook the form describes, for the committee module to validate, and the form row of each
 * seat it holds (empty rows are left out, so the rulebook's seats[3] may be the form's row 5).
 */
export function rulebookFromForm(v: FormValues, committee?: { id: string; name: string }): { candidate: Record<string, unknown>; rows: number[] } {
  const candidate: Record<string, unknown> = { schemaVersion: 1, committee: committee ?? { id: one(v, "committee.id"), name: one(v, "committee.name") } };
  for (const f of SCALAR_FIELDS) {
    const s = one(v, f.path);
    const value =
      f.kind === "bool" ? (v.get(f.path) ?? []).includes("ja")
      : f.kind === "constituencies" ? (v.get(f.path) ?? []).filter(Boolean)
      : f.kind === "offsets" ? list(s).map(num)
      : f.kind === "dates" ? list(s)
      : f.kind === "days" || f.kind === "number" || f.kind === "weekday" ? num(s)
      : s;
    set(candidate, f.path, value);
  }
  const rows: number[] = [];
  const seats: Record<string, unknown>[] = [];
  const chairs: string[] = [];
  for (let i = 0; i < seatRows(v); i++) {
    const field = (name: string) => one(v, `seats.${i}.${name}`);
    if (SEAT_FIELDS.every((name) => !field(name))) continue;
    rows.push(i);
    seats.push({
      id: field("id"), constituency: field("constituency"), title: field("title"),
      member: { name: field("member.name"), email: field("member.email") },
      substitutes: (v.get(`seats.${i}.substitutes`)?.[0] ?? "").split(/\r?\n/).map((l) => l.trim()).filter(Boolean).map((l) => {
        const [id = "", name = "", email = ""] = l.split(";").map((x) => x.trim());
        return { id, name, email };
      }),
    });
    if ((v.get(`seats.${i}.chair`) ?? []).includes("ja")) chairs.push(field("id"));
  }
  candidate.seats = seats;
  candidate.coChairs = chairs;
  const sources = Object.fromEntries([...v.entries()].filter(([k, x]) => k.startsWith("sources.") && (x[0] ?? "").trim()).map(([k, x]) => [k.slice(8), (x[0] ?? "").trim()]));
  if (Object.keys(sources).length) candidate.sources = sources;
  return { candidate, rows };
}

/**
 * The form field each problem belongs to ("seats[3].member.email: …" → "seats.5.member.email" when the third
 * seat is the form's row 5), with the message after the field; a problem of no field of its own (the whole
 * quorum, the seat list) goes to the nearest field the form has.
 */
export function problemsByField(problems: readonly string[], rows: readonly number[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of problems) {
    const i = p.indexOf(": ");
    const field = (i < 0 ? "(root)" : p.slice(0, i)).replace(/^rulebook\.?/, "") || "(root)";
    const message = i < 0 ? p : p.slice(i + 2);
    let name = field
      .replace(/^seats\[(\d+)\]\.substitutes.*$/, (_m, n: string) => `seats.${rows[Number(n)] ?? n}.substitutes`)
      .replace(/^seats\[(\d+)\]/, (_m, n: string) => `seats.${rows[Number(n)] ?? n}`)
      .replace(/^coChairs(\[\d+\])?$/, "coChairs")
      .replace(/\[\d+\]$/, "");
    if (name === "seats") name = "coChairs";
    out.set(name, [...(out.get(name) ?? []), message]);
  }
  return out;
}

/** The parts of the schema the sample meeting's deadlines depend on. */
const timingSchema = z.object({
  calendar: rulebookSchema.shape.calendar,
  meetings: rulebookSchema.shape.meetings,
  reminders: rulebookSchema.shape.reminders,
  initiatives: rulebookSchema.shape.initiatives,
});

export type SampleRow = { what: "callForItems" | "items" | "initiativeReports" | "agendaReminder" | "agenda" | "quorumForecast" | "meeting" | "minutesReminder" | "minutes"; rule: string; at: string };

/**
 * the deadlines and sends a sample ordinary meeting would get with the form's
 * numbers (on top of a valid rulebook for the rest), or the problems of those numbers, in Danish.
 */
export function sampleDeadlines(candidate: Record<string, unknown>, base: Rulebook, sampleStartsAt: string): { ok: true; rows: SampleRow[] } | { ok: false; problems: string[] } {
  const timing = validate(timingSchema, candidate, "da");
  if (!timing.ok) return { ok: false, problems: describeProblems(timing.problems) };
  const rulebook: Rulebook = { ...base, ...timing.data };
  let startsAt: string;
  try {
    startsAt = toInstant(parseLocalDateTime(sampleStartsAt, rulebook.calendar.timeZone, "prøvemøde"), rulebook.calendar.timeZone);
  } catch (e) {
    return { ok: false, problems: [(e as Error).message] };
  }
  const t = meetingTimeline({ kind: "ordinary", startsAt, durationMinutes: rulebook.meetings.defaultDurationMinutes }, rulebook);
  const rows: SampleRow[] = [
    ...(t.callForItems ? [{ what: "callForItems" as const, rule: t.callForItems.rule, at: t.callForItems.at }] : []),
    ...(t.items ? [{ what: "items" as const, rule: t.items.rule, at: t.items.endsAt }] : []),
    ...(t.initiativeReports ? [{ what: "initiativeReports" as const, rule: t.initiativeReports.rule, at: t.initiativeReports.endsAt }] : []),
    ...t.agendaReminders.map((r) => ({ what: "agendaReminder" as const, rule: r.rule, at: r.at })),
    { what: "agenda", rule: t.agenda.rule, at: t.agenda.endsAt },
    { what: "quorumForecast", rule: t.quorumForecast.rule, at: t.quorumForecast.at },
    { what: "meeting", rule: "R-3.1", at: startsAt },
    ...t.minutesReminders.map((r) => ({ what: "minutesReminder" as const, rule: r.rule, at: r.at })),
    { what: "minutes", rule: t.minutes.rule, at: t.minutes.endsAt },
  ];
  return { ok: true, rows: rows.sort((a, b) => Date.parse(a.at) - Date.parse(b.at)) };
}
