/** checks of a meeting plan against the rulebook. */
import { localDateOf } from "./calendar.ts";
import { meetingTime } from "./deadlines.ts";
import type { Rulebook } from "./rulebook.ts";

export interface PlannedMeeting {
  id: string;
  startsAt: string;
  kind?: "ordinary" | "extraordinary";
}

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
 * at least the rulebook's minimum of ordinary meetings in every calendar year of the term;
 * no meeting outside the rulebook's validity.
 */
export function checkMeetingPlan(meetings: readonly PlannedMeeting[], rulebook: Rulebook, term = rulebook.term): PlanCheck {
  const zone = rulebook.calendar.timeZone;
  const dated = meetings.map((m) => ({ ...m, date: localDateOf(meetingTime(m.startsAt, rulebook), zone) }));
  const warnings: PlanWarning[] = [];
  const years: YearCount[] = [];
  const firstYear = Number(term.from.slice(0, 4));
  const lastYear = Number(term.to.slice(0, 4));
  for (let year = firstYear; year <= lastYear; year++) {
    const partial = term.from > `${year}-01-01` || term.to < `${year}-12-31`;
    const ordinary = dated.filter((m) => (m.kind ?? "ordinary") === "ordinary" && m.date.startsWith(`${year}-`)).length;
    const required = rulebook.meetings.minimumPerYear;
    years.push({ year, ordinary, required, partial });
    if (!partial && ordinary < required) {
      warnings.push({ rule: "R-3.1", year, message: `${year}: ${ordinary} ordinære møder i mødeplanen; forretningsordenen kræver mindst ${required} om året` });
    }
  }
  for (const m of dated) {
    if (m.date < rulebook.validity.from || m.date > rulebook.validity.to) {
      warnings.push({
        rule: "R-6.1",
        meetingId: m.id,
        message: `Mødet ${m.date} ligger uden for forretningsordenens gyldighed (${rulebook.validity.from} – ${rulebook.validity.to}); indlæs en fornyet forretningsorden`,
      });
    }
  }
  return { ok: warnings.length === 0, term, years, warnings };
}
