/**
 * Setting a committee up: its rulebook, its seats and its meeting plan, loaded once (safe on every start).
 */
import type { Rulebook } from "#domain/rulebook";
import type { PlannedMeeting } from "#domain/plan";
import type { Clock } from "#adapters/clock";
import type { Store } from "#adapters/store";
import { recordMeetingPlan } from "../meetings/plan.ts";
import { invalidateRulebook } from "./committee.ts";
import { committees, rulebooks, seats } from "./repository.ts";

export interface LoadResult {
  created: boolean;
  seats: number;
  meetings: number;
}

/** Loads a committee once; a second load of the same committee changes nothing (safe on every start). */
export async function loadCommittee(
  store: Store,
  clock: Clock,
  rulebook: Rulebook,
  plan: readonly (PlannedMeeting & { location?: string | undefined })[],
  options: { pastAsHeld?: boolean } = {},
): Promise<LoadResult> {
  const now = clock.now();
  const committeeId = rulebook.committee.id;
  await rulebooks.create(store, { committeeId, rulebookId: rulebook.id, loadedAt: now, rulebook });
  for (const seat of rulebook.seats) await seats.create(store, { committeeId, ...seat, rev: 0 });
  await recordMeetingPlan(store, rulebook, plan, { now, pastAsHeld: options.pastAsHeld === true });
  invalidateRulebook(store, committeeId);
  // The committee record goes last: its presence means the whole load finished (a crash before it re-runs).
  const created = await committees.create(store, { committeeId, name: rulebook.committee.name, rulebookId: rulebook.id, createdAt: now, rev: 0 });
  return { created, seats: rulebook.seats.length, meetings: plan.length };
}

