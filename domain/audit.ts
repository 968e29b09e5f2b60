/**
 * What a check of the audit trail can find: a code and the facts it names. functions/audit/verify.ts
 * finds them; templates/audit.ts says them in Danish.
 */
export type AuditProblemCode =
  | "index-entry-missing" | "entry-missing" | "entry-changed" | "chain-broken" | "seal-broken" | "not-sealed"
  | "entries-removed" | "chain-rewritten" | "no-anchor"
  | "response-disagrees" | "tally-differs" | "objection-disagrees" | "minutes-not-uploaded" | "minutes-sent-differs"
  | "withdrawal-disagrees" | "apology-disagrees" | "attendance-disagrees";

export interface AuditProblem {
  matter: string;
  seq: number;
  code: AuditProblemCode;
  /** The facts the texts name (seat, version, counts, answers). */
  params: Record<string, string | number>;
  problem: string;
}

