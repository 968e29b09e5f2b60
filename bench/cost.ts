/**
 * Cost model: AWS cost per committee-year from the counts a simulated term produced and the
 * published list prices below. A term is four years (2026–2029).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
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
 * What the counts do not say, chosen on the safe side: write units per write (items
 * are under 1 KB, most carry one GSI key, the email records two), read units per read (strongly consistent
 * gets of small items are 1 unit; queries read a few items), and how long records and raw mail are kept.
 */
export const ASSUMPTIONS = {
  writeUnitsPerWrite: 2.5,
  readUnitsPerRead: 1.5,
  bytesPerRecord: 800,
  retentionYears: 10,
} as const;

/**
 * Lambda compute as measured, not assumed (issue 19, Build item 6): `npm run rehearse` runs every function
 * of the synthesized template in its own Node 22 process and writes its cold starts, init time, invocation
 * durations and peak memory to bench/lambda-measured.json. Lambda bills the configured memory for the
 * invocation's duration, and (since August 2025) for the init phase of each cold start: so GB-seconds per
 * invocation = Σ memory × (Σ durations + Σ inits) / Σ invocations over the functions.
 */
export interface MeasuredLambda { gbSecondsPerInvocation: number; meanSeconds: number; meanMemoryGb: number; measuredAt: string; invocations: number }

export function measuredLambda(file = join(import.meta.dirname, "lambda-measured.json")): MeasuredLambda {
  const doc = JSON.parse(readFileSync(file, "utf8")) as { measuredAt: string; functions: { memoryMb: number; coldStarts: number; initMsMedian: number; invocations: number; durationMsMean: number }[] };
  let gbs = 0;
  let seconds = 0;
  let memory = 0;
  let invocations = 0;
  for (const f of doc.functions) {
    const s = (f.durationMsMean * f.invocations + f.initMsMedian * f.coldStarts) / 1000;
    gbs += (f.memoryMb / 1024) * s;
    seconds += s;
    memory += (f.memoryMb / 1024) * f.invocations;
    invocations += f.invocations;
  }
  if (!invocations) throw new Error(`${file} records no invocations: run npm run rehearse`);
  return { gbSecondsPerInvocation: gbs / invocations, meanSeconds: seconds / invocations, meanMemoryGb: memory / invocations, measuredAt: doc.measuredAt, invocations };
}

export interface CostRow { item: string; perCommitteeYear: number; basis: string }

export function costPerCommitteeYear(term: TermResult, lambda: MeasuredLambda = measuredLambda()): CostRow[] {
  const years = 4 * term.committees;
  const per = (n: number) => n / years;
  const invocations = per(term.taskInvocations + term.responses);
  const storedGb = (term.storeWrites * ASSUMPTIONS.bytesPerRecord) / 1e9 / years;
  const rawGb = term.emailBytes / 1e9 / years;
  // Storage grows by a year's data each year and is kept: on average (retention/2) years' worth is held.
  const heldYears = ASSUMPTIONS.retentionYears / 2;
  const rows: CostRow[] = [
    { item: "Step Functions (Standard) state transitions", perCommitteeYear: per(term.transitions) * PRICES.stepFunctionsPerTransition, basis: `${per(term.transitions).toFixed(0)} transitions` },
    { item: "Lambda requests + compute (arm64)", perCommitteeYear: invocations * (PRICES.lambdaPerRequest + lambda.gbSecondsPerInvocation * PRICES.lambdaArmPerGbSecond), basis: `${invocations.toFixed(0)} invocations × ${(lambda.gbSecondsPerInvocation * 1000).toFixed(1)} GB-ms measured (${lambda.meanMemoryGb.toFixed(2)} GB configured × ${(lambda.meanSeconds * 1000).toFixed(0)} ms incl. cold-start init, npm run rehearse ${lambda.measuredAt.slice(0, 10)})` },
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
