/**
 * A committee's rulebook in force, read back with the current seat holders (members change mid-term; the
 * rulebook file only seeds them), cached briefly: what every use case asks first.
 */
import { parseRulebook, type Rulebook } from "#domain/rulebook";
import type { Store } from "#adapters/store";
import { cached, invalidate } from "./cache.ts";
import { UnknownCommitteeError } from "./errors.ts";
import { committees, rulebooks, seats } from "./repository.ts";

export { UnknownCommitteeError };

/** The rulebook in force for a committee, with the seats as the store holds them now (cached briefly). */
export function committeeRulebook(store: Store, committeeId: string): Promise<Rulebook> {
  return cached(`rulebook:${store.tableName}:${committeeId}`, () => readCommitteeRulebook(store, committeeId));
}

/** This process changed the committee's seats or rulebook: the next read sees it at once. */
export function invalidateRulebook(store: Store, committeeId: string): void {
  invalidate(`rulebook:${store.tableName}:${committeeId}`);
}

async function readCommitteeRulebook(store: Store, committeeId: string): Promise<Rulebook> {
  const committee = await committees.get(store, committeeId);
  if (!committee) throw new UnknownCommitteeError(committeeId);
  const stored = await rulebooks.get(store, committeeId, committee.rulebookId);
  if (!stored) throw new UnknownCommitteeError(committeeId);
  const held = await seats.list(store, committeeId);
  const order = new Map(stored.rulebook.seats.map((s, i) => [s.id, i]));
  const current = held
    .map(({ committeeId: _c, rev: _r, ...seat }) => seat)
    .sort((a, b) => (order.get(a.id) ?? 999) - (order.get(b.id) ?? 999));
  return parseRulebook({ ...stored.rulebook, seats: current });
}

/** Every committee of the deployment. */
export async function listCommittees(store: Store) {
  return committees.all(store);
}
