/** whether those present make the committee quorate. */
import { InvalidInputError } from "./errors.ts";
import { minimumPresent, seatById, type Constituency, type Rulebook } from "./rulebook.ts";

export interface QuorumInput {
  /** Seats whose member is present. */
  members: readonly string[];
  /** Seats represented by their substitute. */
  substitutes: readonly string[];
  /** the item concerns general practice, so PLO-Hovedstaden must be represented. */
  concernsGeneralPractice: boolean;
}

export interface QuorumCondition {
  rule: "R-4.2";
  ok: boolean;
  /** Danish, for the console and emails. */
  message: string;
}

export interface QuorumAssessment {
  quorate: boolean;
  present: number;
  required: number;
  seats: number;
  seatsPresent: string[];
  byConstituency: Partial<Record<Constituency, number>>;
  conditions: QuorumCondition[];
}

const CONSTITUENCY_DA: Record<Constituency, string> = {
  region: "Regionen",
  municipality: "kommunerne",
  "general-practice": "PLO-Hovedstaden (almen praksis)",
};

export function constituencyInDanish(c: Constituency): string {
  return CONSTITUENCY_DA[c];
}

/** at least half the seats present (a substitute counts for the seat), every required constituency represented. */
export function assessQuorum(input: QuorumInput, rulebook: Rulebook): QuorumAssessment {
  const counted = new Set<string>();
  const check = (ids: readonly string[], field: string) =>
    ids.forEach((id) => {
      if (!seatById(rulebook, id)) throw new InvalidInputError(field, `"${id}" is not a seat of ${rulebook.committee.name}`, { problem: { code: "not-a-seat", value: id } });
    });
  check(input.members, "present");
  check(input.substitutes, "substitute");
  input.members.forEach((id) => counted.add(id));
  if (rulebook.quorum.substituteCountsForSeat) input.substitutes.forEach((id) => counted.add(id));

  const byConstituency: Partial<Record<Constituency, number>> = {};
  for (const id of counted) {
    const c = seatById(rulebook, id)?.constituency;
    if (c) byConstituency[c] = (byConstituency[c] ?? 0) + 1;
  }
  const required = minimumPresent(rulebook);
  const conditions: QuorumCondition[] = [
    {
      rule: "R-4.2",
      ok: counted.size >= required,
      message: `${counted.size} af ${rulebook.seats.length} medlemmer er til stede; mindst ${required} skal være det`,
    },
    ...rulebook.quorum.constituenciesRepresented.map((c) => constituencyCondition(c, byConstituency)),
    ...(input.concernsGeneralPractice ? rulebook.quorum.generalPracticeItemsRequire.map((c) => constituencyCondition(c, byConstituency, true)) : []),
  ];
  return {
    quorate: conditions.every((c) => c.ok),
    present: counted.size,
    required,
    seats: rulebook.seats.length,
    seatsPresent: [...counted].sort(),
    byConstituency,
    conditions,
  };
}

function constituencyCondition(c: Constituency, by: Partial<Record<Constituency, number>>, gpItem = false): QuorumCondition {
  const n = by[c] ?? 0;
  const who = CONSTITUENCY_DA[c];
  const suffix = gpItem ? " (punktet vedrører almen praksis)" : "";
  return { rule: "R-4.2", ok: n > 0, message: n > 0 ? `${who} er repræsenteret${suffix}` : `${who} er ikke repræsenteret${suffix}` };
}

/** the quorum forecast from apologies: every seat without an apology is expected. */
export function forecastQuorum(
  apologies: readonly { seatId: string; substituteAttends: boolean }[],
  concernsGeneralPractice: boolean,
  rulebook: Rulebook,
): QuorumAssessment {
  const absent = new Set(apologies.map((a) => a.seatId));
  return assessQuorum(
    {
      members: rulebook.seats.map((s) => s.id).filter((id) => !absent.has(id)),
      substitutes: apologies.filter((a) => a.substituteAttends).map((a) => a.seatId),
      concernsGeneralPractice,
    },
    rulebook,
  );
}
