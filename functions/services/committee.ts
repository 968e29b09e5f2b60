/**
 * A committee in the store: loading it from a rulebook and a meeting plan, and reading back the rulebook
 * in force with the current seat holders (members change mid-term; the rulebook file only seeds them).
 */
import { presidingChair } from "#domain/audience";
import { meetingTime } from "#domain/deadlines";
import { parseRulebook, type Rulebook } from "#domain/rulebook";
import { toInstant } from "#domain/calendar";
import type { PlannedMeeting } from "#domain/plan";
import type { Clock } from "#adapters/clock";
import { committeePk } from "#adapters/records";
import type { Store } from "#adapters/store";
import { cached, invalidate } from "./cache.ts";

export class UnknownCommitteeError extends Error {
  constructor(readonly committeeId: string) {
    super(`committee "${committeeId}" does not exist`);
    this.name = "UnknownCommitteeError";
  }
}

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
  await store.create("rulebook", { committeeId, rulebookId: rulebook.id, loadedAt: now, rulebook });
  for (const seat of rulebook.seats) await store.create("seat", { committeeId, ...seat, rev: 0 });
  const zone = rulebook.calendar.timeZone;
  const ordinary = plan.filter((m) => (m.kind ?? "ordinary") === "ordinary");
  for (const m of plan) {
    const startsAt = toInstant(meetingTime(m.startsAt, rulebook), zone);
    // Loading a plan mid-term: meetings already past are history, not cycles to run now.
    const past = options.pastAsHeld === true && Date.parse(startsAt) < Date.parse(now);
    await store.create("meeting", {
      committeeId,
      meetingId: m.id,
      kind: m.kind ?? "ordinary",
      startsAt,
      durationMinutes: rulebook.meetings.defaultDurationMinutes,
      location: m.location ?? "",
      status: past ? "held" : "planned",
      presidingChair: presidingChair(Math.max(ordinary.indexOf(m), 0), rulebook),
      generation: 1,
      inviteSequence: 0,
      rev: 0,
    });
  }
  invalidate(`rulebook:${store.tableName}:${committeeId}`);
  // The committee record goes last: its presence means the whole load finished (a crash before it re-runs).
  const created = await store.create("committee", { committeeId, name: rulebook.committee.name, rulebookId: rulebook.id, createdAt: now, rev: 0 });
  return { created, seats: rulebook.seats.length, meetings: plan.length };
}

/** The rulebook in force for a committee, with the seats as the store holds them now (cached briefly). */
export function committeeRulebook(store: Store, committeeId: string): Promise<Rulebook> {
  return cached(`rulebook:${store.tableName}:${committeeId}`, () => readCommitteeRulebook(store, committeeId));
}

async function readCommitteeRulebook(store: Store, committeeId: string): Promise<Rulebook> {
  const committee = await store.get("committee", { pk: committeePk(committeeId), sk: "COMMITTEE" });
  if (!committee) throw new UnknownCommitteeError(committeeId);
  const stored = await store.get("rulebook", { pk: committeePk(committeeId), sk: `RULEBOOK#${committee.rulebookId}` });
  if (!stored) throw new UnknownCommitteeError(committeeId);
  const seats = await store.list("seat", committeePk(committeeId), "SEAT#");
  const order = new Map(stored.rulebook.seats.map((s, i) => [s.id, i]));
  const current = seats
    .map(({ committeeId: _c, rev: _r, ...seat }) => seat)
    .sort((a, b) => (order.get(a.id) ?? 999) - (order.get(b.id) ?? 999));
  return parseRulebook({ ...stored.rulebook, seats: current });
}
