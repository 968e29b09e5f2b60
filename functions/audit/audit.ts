/**
 * The audit trail: the entries of a matter or a committee, and verifying it: every matter's chain must run from 1 without gaps, each entry
 * must hash to its stored hash, and each must point at the previous entry's hash. A changed or removed
 * entry breaks one of these, and the problem names the matter and entry.
 */
import { auditHash, GENESIS_HASH } from "#adapters/store";
import type { Store } from "#adapters/store";
import type { Deps } from "../deps.ts";
import { auditRecords, type AuditEntry } from "./repository.ts";

export type { AuditEntry };

/** A matter's chain in order (from the table itself). */
export function auditTrail(deps: Pick<Deps, "store">, committeeId: string, matter: string): Promise<AuditEntry[]> {
  return auditRecords.chain(deps.store, committeeId, matter);
}

const committeeEntries = auditRecords.ofCommittee;

/**
 * The trail of a matter (in order) or of the committee (newest first), a page at a time: `total` says how
 * many there are, so a reader always knows whether the page is the whole of it.
 */
export async function auditView(deps: Deps, committeeId: string, matter?: string, page: { offset?: number; limit?: number } = {}) {
  const all = matter ? await auditTrail(deps, committeeId, matter) : await committeeEntries(deps.store, committeeId, { newestFirst: true });
  const offset = page.offset ?? 0;
  const limit = page.limit ?? 500;
  const entries = all.slice(offset, offset + limit).map((a) => ({ matter: a.matter, seq: a.seq, at: a.at, actor: a.actor, action: a.action, channel: a.channel, ref: a.ref ?? null, data: a.data }));
  return { entries, total: all.length, offset, limit };
}

export interface AuditProblem {
  matter: string;
  seq: number;
  problem: string;
}

export interface AuditVerification {
  ok: boolean;
  chains: number;
  entries: number;
  problems: AuditProblem[];
}

export async function verifyAudit(store: Store, committeeId: string): Promise<AuditVerification> {
  const all = await committeeEntries(store, committeeId);
  const byMatter = new Map<string, typeof all>();
  for (const e of all) byMatter.set(e.matter, [...(byMatter.get(e.matter) ?? []), e]);
  const problems: AuditProblem[] = [];
  for (const [matter, indexed] of byMatter) {
    // Read each chain from the table itself (the index is only the list of matters).
    const chain = (await auditRecords.chain(store, committeeId, matter)).sort((a, b) => a.seq - b.seq);
    if (chain.length !== indexed.length) problems.push({ matter, seq: 0, problem: `the index lists ${indexed.length} entries, the chain has ${chain.length}` });
    let prev = GENESIS_HASH;
    chain.forEach((e, i) => {
      const { hash, ...rest } = e;
      if (e.seq !== i + 1) problems.push({ matter, seq: e.seq, problem: `expected entry ${i + 1}: entry ${i + 1} is missing` });
      if (auditHash(rest) !== hash) problems.push({ matter, seq: e.seq, problem: "the entry was changed: its content does not match its hash" });
      if (e.prevHash !== prev) problems.push({ matter, seq: e.seq, problem: "the chain is broken: prevHash does not match the previous entry" });
      prev = hash;
    });
  }
  return { ok: problems.length === 0, chains: byMatter.size, entries: all.length, problems };
}
