/**
 * A committee's rulebook in force, read back with the current seat holders (members change mid-term; the
 * rulebook file only seeds them), cached briefly: what every use case asks first. A committee has one or
 * more versions of its rulebook; each reader says for which moment it asks — a meeting's date, the
 * day a vote opened, or now.
 */
import { localDateOf, type Instant } from "#domain/calendar";
import { parseRulebook, versionInForce, type Rulebook } from "#domain/rulebook";
import type { Store } from "#adapters/store";
import { cached, invalidate } from "./cache.ts";
import { UnknownCommitteeError } from "./errors.ts";
import { committees, rulebooks, seats } from "./repository.ts";

export { UnknownCommitteeError };

/** One version of a committee's rulebook, with the seats as held now. */
export interface CommitteeRulebookVersion {
  rulebookId: string;
  /** Absent for the first version: it governs from the start. */
  effectiveFrom?: string | undefined;
  adoptedAt: Instant;
  adoptedBy?: string | undefined;
  rulebook: Rulebook;
}

/**
 * The rulebook in force for a committee at an instant (or on a local date), with the seats as the store
 * holds them now (cached briefly).: the version that took effect last on or before that date.
 */
export async function committeeRulebook(store: Store, committeeId: string, at: Instant | string): Promise<Rulebook> {
  const versions = await rulebookVersions(store, committeeId);
  const first = versions[0]?.rulebook;
  if (!first) throw new UnknownCommitteeError(committeeId);
  // Most committees have one version; it is in force at every moment, so no date is worked out.
  if (versions.length === 1) return first;
  const date = at.includes("T") ? localDateOf(at, first.calendar.timeZone) : at;
  return versionInForce(versions, date).rulebook;
}

/** Every version of a committee's rulebook, the first first (cached briefly, like the rulebook in force). */
export function rulebookVersions(store: Store, committeeId: string): Promise<CommitteeRulebookVersion[]> {
  return cached(`rulebook:${store.tableName}:${committeeId}`, () => readVersions(store, committeeId));
}

/** This process changed the committee's seats or rulebook: the next read sees it at once. */
export function invalidateRulebook(store: Store, committeeId: string): void {
  invalidate(`rulebook:${store.tableName}:${committeeId}`);
}

async function readVersions(store: Store, committeeId: string): Promise<CommitteeRulebookVersion[]> {
  const committee = await committees.get(store, committeeId);
  if (!committee) throw new UnknownCommitteeError(committeeId);
  const stored = (await rulebooks.list(store, committeeId)).sort((a, b) => (a.effectiveFrom ?? "").localeCompare(b.effectiveFrom ?? "") || a.loadedAt.localeCompare(b.loadedAt));
  if (!stored.some((r) => r.rulebookId === committee.rulebookId)) throw new UnknownCommitteeError(committeeId);
  const held = new Map((await seats.list(store, committeeId)).map(({ committeeId: _c, rev: _r, ...seat }) => [seat.id, seat]));
  // Each version keeps its own composition (R-1.1) with the seats' holders as they are now.
  return stored.map((r) => ({
    rulebookId: r.rulebookId,
    effectiveFrom: r.effectiveFrom,
    adoptedAt: r.loadedAt,
    adoptedBy: r.adoptedBy,
    rulebook: parseRulebook({ ...r.rulebook, seats: r.rulebook.seats.map((s) => held.get(s.id) ?? s) }),
  }));
}

/** Every committee of the deployment. */
export async function listCommittees(store: Store) {
  return committees.all(store);
}

/** The committee's own record (its name, its first rulebook), or undefined. */
export function findCommittee(store: Store, committeeId: string) {
  return committees.get(store, committeeId);
}
