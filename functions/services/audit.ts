/**
 * Verifying the audit trail (issue 7, R-7.2): every matter's chain must run from 1 without gaps, each entry
 * must hash to its stored hash, and each must point at the previous entry's hash. A changed or removed
 * entry breaks one of these, and the problem names the matter and entry.
 */
import { auditHash, GENESIS_HASH } from "#adapters/store";
import type { Store } from "#adapters/store";

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
  const all = await store.listByIndex("audit", `AUDIT#${committeeId}`);
  const byMatter = new Map<string, typeof all>();
  for (const e of all) byMatter.set(e.matter, [...(byMatter.get(e.matter) ?? []), e]);
  const problems: AuditProblem[] = [];
  for (const [matter, indexed] of byMatter) {
    // Read each chain from the table itself (the index is only the list of matters).
    const chain = (await store.list("audit", `AUDIT#${committeeId}#${matter}`, "SEQ#")).sort((a, b) => a.seq - b.seq);
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
