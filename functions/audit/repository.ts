/** The audit trail's reads: a matter's chain and a committee's entries. Appends go through Store.appendAudit, which chains them. */
import type { Store } from "#adapters/store";
import { lookups, type RecordOf } from "#adapters/records";

export type AuditEntry = RecordOf<"audit">;

export const auditRecords = {
  /** A matter's chain in order (from the table itself). */
  chain: (store: Store, committeeId: string, matter: string) => store.listOf("audit", { committeeId, matter }),
  /** A committee's entries through the index (newest first when asked). */
  ofCommittee: (store: Store, committeeId: string, options: { newestFirst?: boolean } = {}) => store.lookup("audit", lookups.auditOfCommittee(committeeId), options),
};
