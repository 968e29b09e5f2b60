/** R-3.1 and R-6.1: checks of a meeting plan against the rulebook. */
import * as z from "zod/mini";
import { localDateOf } from "./calendar.ts";
import { meetingTime } from "./deadlines.ts";
import { versionInForce, type Rulebook, type RulebookVersion } from "./rulebook.ts";

export interface PlannedMeeting {
  id: string;
  startsAt: string;
  kind?: "ordinary" | "extraordinary";
}

/** One meeting of a meeting plan as a file or a request gives it (R-3.1): its id, local start, kind and place. */
export const plannedMeetingSchema = z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(60), z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "expected letters, digits, '.', '_' or '-', e.g. 2027-04-22")),
  startsAt: z.string().check(z.minLength(1), z.maxLength(40)),
  kind: z.optional(z.enum(["ordinary", "extraordinary"])),
  location: z.optional(z.string().check(z.maxLength(200))),
});

export interface PlanWarning {
  rule: "R-3.1" | "R-6.1";
  year?: number;
  meetingId?: string;
  /** Danish, for the secretariat. */
  message: string;
}

export interface YearCount {
  year: number;
  ordinary: number;
  required: number;
  /** The year is only partly inside the term, so the minimum is not applied. */
  partial: boolean;
}

export interface PlanCheck {
  ok: boolean;
  term: { from: string; to: string };
  years: YearCount[];
  warnings: PlanWarning[];
}

/**
 * R-3.1: at least the rulebook's minimum of ordinary meetings in every calendar year of the term (the
 * minimum of the version in force on the year's first day); R-6.1: no meeting outside the validity of every
 * version of the rulebook.
 */
export function checkMeetingPlan(meetings: readonly PlannedMeeting[], rulebook: Rulebook, term = rulebook.term, versions: readonly RulebookVersion[] = [{ rulebook }]): PlanCheck {
  const zone = rulebook.calendar.timeZone;
  const dated = meetings.map((m) => ({ ...m, date: localDateOf(meetingTime(m.startsAt, rulebook), zone) }));
  const warnings: PlanWarning[] = [];
  const years: YearCount[] = [];
  const firstYear = Number(term.from.slice(0, 4));
  const lastYear = Number(term.to.slice(0, 4));
  for (let year = firstYear; year <= lastYear; year++) {
    const partial = term.from > `${year}-01-01` || term.to < `${year}-12-31`;
    const ordinary = dated.filter((m) => (m.kind ?? "ordinary") === "ordinary" && m.date.startsWith(`${year}-`)).length;
    const required = versionInForce(versions, `${year}-01-01`).rulebook.meetings.minimumPerYear;
    years.push({ year, ordinary, required, partial });
    if (!partial && ordinary < required) {
      warnings.push({ rule: "R-3.1", year, message: `${year}: ${ordinary} ordinære møder i mødeplanen; forretningsordenen kræver mindst ${required} om året` });
    }
  }
  const validities = versions.map((v) => v.rulebook.validity);
  for (const m of dated) {
    if (validities.every((v) => m.date < v.from || m.date > v.to)) {
      warnings.push({
        rule: "R-6.1",
        meetingId: m.id,
        message: `Mødet ${m.date} ligger uden for forretningsordenens gyldighed (${validities.map((v) => `${v.from} – ${v.to}`).join(", ")}); indlæs en fornyet forretningsorden`,
      });
    }
  }
  return { ok: warnings.length === 0, term, years, warnings };
}
