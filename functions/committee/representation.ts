/** who represents which seat, and who may answer for a seat at a time (members and substitutes). */
import type { Instant } from "#domain/calendar";
import { speaksForSeat, type Respondent } from "#domain/representation";
import type { Deps } from "../deps.ts";
import { cached } from "./cache.ts";
import { committeeRulebook } from "./committee.ts";
import { representations } from "./repository.ts";

/** the secretariat's records of who represents which seat (cached briefly; see cache.ts). */
export function representationsOf(deps: Pick<Deps, "store">, committeeId: string) {
  return cached(`representations:${deps.store.tableName}:${committeeId}`, () => representations.list(deps.store, committeeId));
}

/** who may answer for a seat at a time — its member, or a substitute while recorded as representing it. */
export async function respondentFor(deps: Pick<Deps, "store">, committeeId: string, seatId: string, substituteId: string | undefined, at: Instant) {
  const rulebook = await committeeRulebook(deps.store, committeeId);
  const respondent: Respondent = substituteId ? { kind: "substitute", substituteId } : { kind: "member" };
  const reps = (await representationsOf(deps, committeeId)).filter((r) => r.seatId === seatId).map((r) => ({ seatId: r.seatId, substituteId: r.substituteId, from: r.from, to: r.to }));
  return { respondent, allowed: speaksForSeat(seatId, respondent, at, reps, rulebook) };
}
