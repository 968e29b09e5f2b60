/** The audit trail: the entries of a matter or a committee, as the API and the console show them. Verifying it: verify.ts. */
import type { Deps } from "../deps.ts";
import { auditRecords, type AuditEntry } from "./repository.ts";

export type { AuditEntry };

/** A matter's chain in order (from the table itself). */
export function auditTrail(deps: Pick<Deps, "store">, committeeId: string, matter: string): Promise<AuditEntry[]> {
  return auditRecords.chain(deps.store, committeeId, matter);
}

/** A committee's entries, through the index (newest first when asked). */
export function committeeEntries(deps: Pick<Deps, "store">, committeeId: string, options: { newestFirst?: boolean } = {}): Promise<AuditEntry[]> {
  return auditRecords.ofCommittee(deps.store, committeeId, options);
}

/**
 * The trail of a matter (in order) or of the committee (newest first), a page at a time: `total` says how
 * many there are, so a reader always knows whether the page is the whole of it.
 */
export async function auditView(deps: Deps, committeeId: string, matter?: string, page: { offset?: number; limit?: number } = {}) {
  const all = matter ? await auditTrail(deps, committeeId, matter) : await committeeEntries(deps, committeeId, { newestFirst: true });
  const offset = page.offset ?? 0;
  const limit = page.limit ?? 500;
  const entries = all.slice(offset, offset + limit).map((a) => ({ matter: a.matter, seq: a.seq, at: a.at, actor: a.actor, action: a.action, channel: a.channel, ref: a.ref ?? null, data: a.data }));
  return { entries, total: all.length, offset, limit };
}

