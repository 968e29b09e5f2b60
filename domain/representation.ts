/** who may act for a seat: its member, or a substitute while recorded as representing it. */
import { epochMs, type Instant } from "./calendar.ts";
import { seatById, type Rulebook } from "./rulebook.ts";

export type Respondent = { kind: "member" } | { kind: "substitute"; substituteId: string };

/** The secretariat's record that a substitute represents a seat from `from` until `to` (open-ended if absent). */
export interface Representation {
  seatId: string;
  substituteId: string;
  from: Instant;
  to?: Instant | undefined;
}

export type SpeaksForSeat =
  | { ok: true }
  | { ok: false; reason: "not-a-seat" | "not-a-substitute-of-this-seat" | "substitute-not-representing" };

/** whether a respondent's answer at `at` counts for the seat. */
export function speaksForSeat(
  seatId: string,
  respondent: Respondent,
  at: Instant,
  representations: readonly Representation[],
  rulebook: Rulebook,
): SpeaksForSeat {
  const seat = seatById(rulebook, seatId);
  if (!seat) return { ok: false, reason: "not-a-seat" };
  if (respondent.kind === "member") return { ok: true };
  if (!seat.substitutes.some((s) => s.id === respondent.substituteId)) return { ok: false, reason: "not-a-substitute-of-this-seat" };
  const t = epochMs(at);
  const active = representations.some(
    (r) => r.seatId === seatId && r.substituteId === respondent.substituteId && epochMs(r.from) <= t && (!r.to || t < epochMs(r.to)),
  );
  return active ? { ok: true } : { ok: false, reason: "substitute-not-representing" };
}
