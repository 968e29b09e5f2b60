/**
 * Cost model: AWS cost per committee-year from the counts a simulated term produced and the
 * published list prices below. A term is four years (2026–2029).
 */
import type { TermResult } from "./term.ts";

/**
 * AWS list prices, us-east-1, as published on the services' pricing pages (aws.amazon.com/<service>/pricing),
 * read on 2026-11-23. DynamoDB on-demand is after the 50 % cut of 2024-11-01. eu-north-1 (Stockholm), where
 * we deploy, lists the same prices within a few percent. Free tiers are ignored.
 */
export const PRICES = {
  checked: "2026-11-23",
  stepFunctionsPerTransition: 0.025 / 1000,
  lambdaPerRequest: 0.2 / 1e6,
  lambdaArmPerGbSecond: 0.0000133334,
  dynamoPerWriteUnit: 0.625 / 1e6,
  dynamoPerReadUnit: 0.125 / 1e6,
  dynamoPerGbMonth: 0.25,
  sesPerEmail: 0.1 / 1000,
  sesInboundPerEmail: 0.1 / 1000,
  s3PerPut: 0.005 / 1000,
  s3PerGbMonth: 0.023,
  httpApiPerRequest: 1.0 / 1e6,
} as const;

/**
 * What the counts do not say, chosen on the safe side: Lambda memory and mean duration per invocation (the
 * handlers measured here run in 5–60 ms warm; cold starts add the bundle load), write units per write (items
 * are under 1 KB, most carry one GSI key, the email records two), read units per read (strongly consistent
 * gets of small items are 1 unit; queries read a few items), and how long records and raw mail are kept.
 */
export const ASSUMPTIONS = {
  lambdaMemoryGb: 0.5,
  lambdaMeanSeconds: 0.25,
  writeUnitsPerWrite: 2.5,
  readUnitsPerRead: 1.5,
  bytesPerRecord: 800,
  retentionYears: 10,
} as const;

export interface CostRow { item: string; perCommitteeYear: number; basis: string }

export function costPerCommitteeYear(term: TermResult): CostRow[] {
  const years = 4 * term.committees;
  const per = (n: number) => n / years;
  const invocations = per(term.taskInvocations + term.responses);
  const storedGb = (term.storeWrites * ASSUMPTIONS.bytesPerRecord) / 1e9 / years;
  const rawGb = term.emailBytes / 1e9 / years;
  // Storage grows by a year's data each year and is kept: on average (retention/2) years' worth is held.
  const heldYears = ASSUMPTIONS.retentionYears / 2;
  const rows: CostRow[] = [
    { item: "Step Functions (Standard) state transitions", perCommitteeYear: per(term.transitions) * PRICES.stepFunctionsPerTransition, basis: `${per(term.transitions).toFixed(0)} transitions` },
    { item: "Lambda requests + compute (arm64)", perCommitteeYear: invocations * (PRICES.lambdaPerRequest + ASSUMPTIONS.lambdaMemoryGb * ASSUMPTIONS.lambdaMeanSeconds * PRICES.lambdaArmPerGbSecond), basis: `${invocations.toFixed(0)} invocations × ${ASSUMPTIONS.lambdaMemoryGb} GB × ${ASSUMPTIONS.lambdaMeanSeconds} s` },
    { item: "DynamoDB on-demand writes", perCommitteeYear: per(term.storeWrites) * ASSUMPTIONS.writeUnitsPerWrite * PRICES.dynamoPerWriteUnit, basis: `${per(term.storeWrites).toFixed(0)} writes × ${ASSUMPTIONS.writeUnitsPerWrite} WRU` },
    { item: "DynamoDB on-demand reads", perCommitteeYear: per(term.storeReads) * ASSUMPTIONS.readUnitsPerRead * PRICES.dynamoPerReadUnit, basis: `${per(term.storeReads).toFixed(0)} reads × ${ASSUMPTIONS.readUnitsPerRead} RRU` },
    { item: "DynamoDB storage", perCommitteeYear: storedGb * heldYears * 12 * PRICES.dynamoPerGbMonth, basis: `${(storedGb * 1e3).toFixed(2)} MB/year, ${heldYears} years held on average` },
    { item: "SES outbound email", perCommitteeYear: per(term.emails) * PRICES.sesPerEmail, basis: `${per(term.emails).toFixed(0)} emails` },
    { item: "SES inbound replies", perCommitteeYear: per(term.responses) * PRICES.sesInboundPerEmail, basis: `${per(term.responses).toFixed(0)} replies` },
    { item: "S3 raw mail: PUTs", perCommitteeYear: per(term.emails + term.responses) * PRICES.s3PerPut, basis: `${per(term.emails + term.responses).toFixed(0)} objects` },
    { item: "S3 raw mail: storage", perCommitteeYear: rawGb * heldYears * 12 * PRICES.s3PerGbMonth, basis: `${(rawGb * 1e3).toFixed(2)} MB/year, ${heldYears} years held on average` },
    { item: "HTTP API (member links, console)", perCommitteeYear: per(term.responses * 2) * PRICES.httpApiPerRequest, basis: "2 requests per answer" },
  ];
  return [...rows, { item: "Total", perCommitteeYear: rows.reduce((a, r) => a + r.perCommitteeYear, 0), basis: "" }];
}
