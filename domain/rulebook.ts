/**
 * The rulebook (forretningsorden) as data: every number of DOMAIN.md is a field here, validated by zod,
 * so that another committee adopts klyngeflow by writing its own rulebook, not by changing code.
 */
import * as z from "zod/mini";
import { RulebookError } from "./errors.ts";
import { describeProblems, validate, type Language } from "./validation.ts";

const localDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date YYYY-MM-DD"));
const slug = z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "expected lower-case letters, digits and dashes, e.g. region-1"));
const days = z.number().check(z.int(), z.gte(0), z.lte(366));
const positiveDays = z.number().check(z.int(), z.gte(1), z.lte(366));
const dayOffsets = z.array(days).check(z.maxLength(10));
const person = z.strictObject({
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  email: z.email(),
});

/** R-1.1: the three constituencies of Sundhedsklynge Syd's seats; other committees use a subset. */
export const CONSTITUENCIES = ["region", "municipality", "general-practice"] as const;
export const constituencySchema = z.enum(CONSTITUENCIES);
export type Constituency = z.infer<typeof constituencySchema>;

export const seatSchema = z.strictObject({
  id: slug,
  constituency: constituencySchema,
  /** How the seat is addressed, e.g. "Borgmester, Ishøj Kommune". */
  title: z.string().check(z.minLength(1), z.maxLength(200)),
  member: person,
  /** R-1.2: substitutes who may represent the member. */
  substitutes: z.array(z.strictObject({ id: slug, name: person.shape.name, email: z.email() })).check(z.maxLength(10)),
});
export type Seat = z.infer<typeof seatSchema>;

export const decisionRuleSchema = z.enum([
  /** More votes for than against among the valid responses. */
  "more-for-than-against",
  /** More votes for than half of all seats. */
  "majority-of-seats",
  /** Every respondent voted for. */
  "unanimous-respondents",
]);
export type DecisionRule = z.infer<typeof decisionRuleSchema>;

export const rulebookSchema = z.strictObject({
  schemaVersion: z.literal(1),
  /** Identifies this version of the rulebook, e.g. "sundhedsklynge-syd-2026". */
  id: slug,
  title: z.string().check(z.minLength(1)),
  /** "adopted" when the committee adopted this text; "assumed" while it only carries the rules forward. */
  status: z.enum(["adopted", "assumed"]),
  note: z.string(),
  committee: z.strictObject({
    id: slug,
    name: z.string().check(z.minLength(1)),
  }),
  /** R-6.1: the period in which the rules are in force. */
  validity: z.strictObject({ from: localDate, to: localDate }),
  /** R-1.4: the election term the seats and the meeting plan belong to. */
  term: z.strictObject({ from: localDate, to: localDate }),
  calendar: z.strictObject({
    timeZone: z.string().check(z.minLength(1)),
    nonWorkingDays: z.enum(["dk", "none"]),
    extraClosedDates: z.array(localDate),
    sendTime: z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected a time HH:MM")),
  }),
  seats: z.array(seatSchema).check(z.minLength(1), z.maxLength(200)),
  /** R-1.3: the co-chairs (seat ids); R-4.1: they preside over meetings in turn, in this order. */
  coChairs: z.array(slug).check(z.minLength(1), z.maxLength(4)),
  /** R-5 (§5): the shared secretariat that runs the system. */
  secretariat: person,
  meetings: z.strictObject({
    /** R-3.1 */
    minimumPerYear: z.number().check(z.int(), z.gte(0), z.lte(52)),
    /** R-3.2 */
    itemRequestDaysBefore: positiveDays,
    /** R-3.2 interpretation: the call for items goes out this many days before the item deadline. */
    callForItemsDaysBeforeItemDeadline: days,
    /** R-3.3 */
    agendaDaysBefore: positiveDays,
    /** R-3.5 */
    minutesDaysAfter: positiveDays,
    /** R-3.5 */
    objectionWindowDays: positiveDays,
    /** R-3.9: an extraordinary meeting may be called at shorter notice than this. */
    extraordinaryNoticeBelowDays: positiveDays,
    /** R-3.4: the constituencies that count as "the authorities" for items flagged authoritiesOnly. */
    authoritiesConstituencies: z.array(constituencySchema).check(z.minLength(1)),
    /** For calendar invites. */
    defaultDurationMinutes: z.number().check(z.int(), z.gte(15), z.lte(24 * 60)),
  }),
  reminders: z.strictObject({
    /** R-3.3: reminders to the secretariat before the agenda deadline. */
    agendaDaysBeforeDeadline: dayOffsets,
    /** R-3.5: reminders to the secretariat before the minutes deadline. */
    minutesDaysBeforeDeadline: dayOffsets,
    /** R-3.7/R-4.2: apologies and a quorum forecast go to the secretariat this many days before. */
    quorumForecastDaysBeforeMeeting: days,
    /** R-3.6: reminders to seats that have not answered a written vote. */
    writtenVoteDaysBeforeClose: dayOffsets,
    /** Initiative reports: reminders before the report deadline, escalation after it. */
    initiativeReportDaysBeforeDeadline: dayOffsets,
    initiativeEscalationDaysAfterDeadline: days,
    /**
     * Whether a member may ask for one weekly digest ("Mine sager" by email) in place of the reminders to
     * members (a written vote's), and on which ISO weekday it goes out (1 = Monday) at calendar.sendTime.
     * Left out: not allowed (rulebooks written before the field keep their reminders).
     */
    weeklyDigest: z.optional(z.strictObject({ allowed: z.boolean(), weekday: z.number().check(z.int(), z.gte(1), z.lte(7)) })),
  }),
  quorum: z.strictObject({
    /** R-4.2: at least numerator/denominator of the seats present ("at least half": 1/2). */
    minimumPresent: z.strictObject({
      numerator: z.number().check(z.int(), z.gte(1)),
      denominator: z.number().check(z.int(), z.gte(1)),
    }),
    /** R-4.2: constituencies that must each have at least one seat present. */
    constituenciesRepresented: z.array(constituencySchema),
    /** R-4.2: constituencies that must be present for items concerning general practice. */
    generalPracticeItemsRequire: z.array(constituencySchema),
    /** R-1.2: a substitute present counts for the member's seat. */
    substituteCountsForSeat: z.boolean(),
  }),
  writtenVote: z.strictObject({
    /** R-3.6 interpretation */
    defaultDurationDays: positiveDays,
    decisionRule: decisionRuleSchema,
    /** R-3.6: the respondents must make a quorum under R-4.2 for the matter to be carried. */
    respondentsMustMakeQuorum: z.boolean(),
    /** R-3.6: one member's objection to the written procedure moves the matter to a meeting. */
    singleObjectionMovesToMeeting: z.boolean(),
    closeEarlyWhenAllSeatsVoted: z.boolean(),
  }),
  initiatives: z.strictObject({
    /** Initiative status reports are due this many days before each ordinary meeting. */
    reportDaysBeforeMeeting: positiveDays,
  }),
  /**
   * Where each rule stands in this committee's own text ("R-3.2": "§ 3, stk. 2"), so that emails and pages
   * cite the paragraph of this forretningsorden, not of Sundhedsklynge Syd's. A rule left out is not cited.
   */
  sources: z.optional(z.record(z.string().check(z.regex(/^R-(\d+(\.\d+)?|INIT)$/, "expected a rule id such as R-3.2")), z.string().check(z.minLength(1), z.maxLength(60)))),
});
export type Rulebook = z.infer<typeof rulebookSchema>;

/** The constituencies as the Danish problem messages name them (never the codes). */
const CONSTITUENCY_NAME_DA: Record<Constituency, string> = { region: "regionen", municipality: "kommunerne", "general-practice": "almen praksis" };

/** Cross-field checks a schema cannot express, each naming its field (in Danish for people, English for logs). */
function crossChecks(r: Rulebook, language: Language): string[] {
  const da = language === "da";
  const problems: string[] = [];
  const seatIds = new Set<string>();
  const personIds = new Set<string>();
  r.seats.forEach((seat, i) => {
    if (seatIds.has(seat.id)) problems.push(`seats[${i}].id: ${da ? `pladsen "${seat.id}" står der to gange` : `seat "${seat.id}" appears twice`}`);
    seatIds.add(seat.id);
    personIds.add(seat.id);
  });
  r.seats.forEach((seat, i) =>
    seat.substitutes.forEach((s, j) => {
      if (personIds.has(s.id)) problems.push(`seats[${i}].substitutes[${j}].id: ${da ? `"${s.id}" bruges allerede af en plads eller en anden suppleant` : `"${s.id}" is already used by a seat or another substitute`}`);
      personIds.add(s.id);
    }),
  );
  r.coChairs.forEach((id, i) => {
    if (!seatIds.has(id)) problems.push(`coChairs[${i}]: ${da ? `"${id}" er ikke en plads i denne forretningsorden` : `"${id}" is not a seat of this rulebook`}`);
  });
  if (r.validity.from > r.validity.to) problems.push(`validity.to: ${da ? `${r.validity.to} ligger før validity.from ${r.validity.from}` : `${r.validity.to} is before validity.from ${r.validity.from}`}`);
  if (r.term.from > r.term.to) problems.push(`term.to: ${da ? `${r.term.to} ligger før term.from ${r.term.from}` : `${r.term.to} is before term.from ${r.term.from}`}`);
  const present = new Set(r.seats.map((s) => s.constituency));
  for (const field of ["constituenciesRepresented", "generalPracticeItemsRequire"] as const) {
    r.quorum[field].forEach((c, i) => {
      if (!present.has(c)) problems.push(`quorum.${field}[${i}]: ${da ? `ingen plads hører til ${CONSTITUENCY_NAME_DA[c]}, så intet møde kan blive beslutningsdygtigt` : `constituency "${c}" has no seat, so no meeting could ever be quorate`}`);
    });
  }
  if (r.quorum.minimumPresent.numerator > r.quorum.minimumPresent.denominator) {
    problems.push(`quorum.minimumPresent: ${da ? "brøken er mere end alle pladser" : "the fraction is more than all seats"}`);
  }
  if (!isValidTimeZone(r.calendar.timeZone)) problems.push(`calendar.timeZone: ${da ? `"${r.calendar.timeZone}" er ikke en IANA-tidszone` : `"${r.calendar.timeZone}" is not an IANA time zone`}`);
  return problems;
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Validates a rulebook, throwing a RulebookError that lists every problem with its field. */
export function parseRulebook(value: unknown, language: Language = "en"): Rulebook {
  const result = validate(rulebookSchema, value, language);
  if (!result.ok) throw new RulebookError(describeProblems(result.problems));
  const problems = crossChecks(result.data, language);
  if (problems.length) throw new RulebookError(problems);
  return result.data;
}

export function seatById(rulebook: Rulebook, seatId: string): Seat | undefined {
  return rulebook.seats.find((s) => s.id === seatId);
}

/** R-4.2: the fewest seats present that make "at least half" (17 seats → 9). */
export function minimumPresent(rulebook: Rulebook): number {
  const { numerator, denominator } = rulebook.quorum.minimumPresent;
  return Math.ceil((rulebook.seats.length * numerator) / denominator);
}

/** " (forretningsordenens § 3, stk. 6)" where the rulebook places the rule, otherwise nothing. */
export function citation(rulebook: Rulebook, rule: string): string {
  const paragraph = rulebook.sources?.[rule];
  return paragraph ? ` (forretningsordenens ${paragraph})` : "";
}

/** A version of a committee's rulebook (R-6.1): the first governs from the start, a later one from its date. */
export interface RulebookVersion {
  rulebook: Rulebook;
  /** The date from which it governs meetings and votes; absent for the first version. */
  effectiveFrom?: string | undefined;
}

/**
 * R-6.1: the version in force on a date — the one that took effect last on or before it (the first version,
 * which has no date, before any later one). Meetings follow the version in force on their date, written
 * votes the one in force on the day they opened.
 */
export function versionInForce<V extends { effectiveFrom?: string | undefined }>(versions: readonly V[], date: string): V {
  const ordered = [...versions].sort((a, b) => (a.effectiveFrom ?? "").localeCompare(b.effectiveFrom ?? ""));
  let chosen = ordered[0];
  for (const v of ordered) if ((v.effectiveFrom ?? "") <= date) chosen = v;
  if (!chosen) throw new Error("versionInForce: a committee has at least one rulebook");
  return chosen;
}
