/** Read views of a committee for the API and the console. */
import type { Deps } from "../deps.ts";
import { committeeRulebook, rulebookVersions } from "./committee.ts";

/** the versions of the committee's rulebook, which one is in force today, and from when each governs. */
export async function rulebookVersionsView(deps: Pick<Deps, "store" | "clock">, committeeId: string) {
  const now = deps.clock.now();
  const inForce = await committeeRulebook(deps.store, committeeId, now);
  return (await rulebookVersions(deps.store, committeeId)).map((v) => ({
    id: v.rulebookId, title: v.rulebook.title, status: v.rulebook.status, validity: v.rulebook.validity, term: v.rulebook.term,
    effectiveFrom: v.effectiveFrom ?? null, adoptedAt: v.adoptedAt, adoptedBy: v.adoptedBy ?? null, inForce: v.rulebook.id === inForce.id,
  }));
}
