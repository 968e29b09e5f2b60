/**
 * `npm run bench` — the benchmarks, printed as Markdown tables:
 *   1. a whole 2026–2029 term for 1, 21 and 100 committees (quick: 1 and 4);
 *   2. reply ingestion through the member pages and SMTP against the store's conditional-put ceiling;
 *   3. each Lambda bundle's size and load time;
 *   4. AWS cost per committee-year from the term's counts.
 * The full run also writes the tables into bench/RESULTS.md (between its markers); `--quick` only prints.
 * Options: --quick, --only term,ingest,bundles (cost needs term), --workers N (default: one per core).
 */
import { availableParallelism, cpus, totalmem } from "node:os";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "#local/paths";
import { measureBundles, type BundleRow } from "./bundles.ts";
import { ASSUMPTIONS, costPerCommitteeYear, PRICES } from "./cost.ts";
import { measureIngestion, type IngestResult } from "./ingest.ts";
import { runTermParallel, type TermResult } from "./term.ts";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const flag = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const only = new Set((flag("--only") ?? "term,ingest,bundles").split(","));
const workers = Number(flag("--workers") ?? availableParallelism());
const sizes = quick ? [1, 4] : [1, 21, 100];

const started = performance.now();
const say = (line: string) => process.stderr.write(`${line}\n`);
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const table = (head: string[], rows: (string | number)[][]) =>
  [`| ${head.join(" | ")} |`, `|${head.map((h, i) => (i === 0 ? "---" : "---:")).join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");

const out: string[] = [];
const machine = `${cpus()[0]?.model ?? "unknown CPU"}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
out.push(`Run ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${machine}${quick ? " (--quick)" : ""}.`);

// ─── 1. Term ────────────────────────────────────────────────────────────────────────────────────────
const terms: TermResult[] = [];
if (only.has("term")) {
  for (const n of sizes) {
    say(`Valgperiode 2026–2029 for ${n} klynge${n === 1 ? "" : "r"} (${Math.min(n, workers)} proces${Math.min(n, workers) === 1 ? "" : "ser"}) … [${elapsed()}]`);
    terms.push(await runTermParallel(n, n === 1 ? 1 : workers, { log: (l) => say(l) }));
  }
  out.push("## 1. A whole term (2026–2029) per committee\n");
  out.push("8 ordinary and 2 extraordinary meetings, 6 written votes, objection rounds on 4 sets of minutes, 3 initiatives reporting before each ordinary meeting; members answer by raw email through processInbound. Real state machines, handlers and dynalite (in memory, in-process transport), virtual clock.\n");
  out.push(table(
    ["committees", "processes", "wall s", "s per committee-term", "executions", "transitions", "task invocations", "store reads", "store writes", "emails", "responses", "minimum writes", "writes / minimum"],
    terms.map((t) => [t.committees, Math.min(t.committees, t.committees === 1 ? 1 : workers), fmt(t.seconds, 1), fmt(t.seconds / t.committees, 2), fmt(t.executions), fmt(t.transitions), fmt(t.taskInvocations), fmt(t.storeReads), fmt(t.storeWrites), fmt(t.emails), fmt(t.responses), fmt(t.minimumWrites), fmt(t.writeRatio, 2)]),
  ));
  const first = terms[0];
  const last = terms.at(-1);
  const mid = terms.at(-2);
  if (mid && last && mid !== first) out.push(`\nTime per committee-term from ${mid.committees} to ${last.committees} committees: ×${fmt(last.seconds / last.committees / (mid.seconds / mid.committees), 2)} (1.00 = linear growth of the total).`);
  if (first) {
    out.push("\nPer committee-term (N = 1): writes by record kind, and the minimum they are held against (one write per email sent, per response, per fact or state change that must survive).\n");
    const kinds = Object.entries(first.writesByKind).sort((a, b) => b[1] - a[1]);
    out.push(table(["record kind", "writes", "reads"], kinds.map(([k, w]) => [k, fmt(w), fmt(first.readsByKind[k] ?? 0)])));
    out.push(`\nMinimum: ${fmt(first.emails)} emails + ${fmt(first.responses)} responses + ${fmt(first.stateChanges)} facts and state changes = ${fmt(first.minimumWrites)}. Emails by purpose: ${Object.entries(first.emailsByPurpose).map(([k, v]) => `${k} ${v}`).join(", ")}.`);
  }
}

// ─── 2. Ingestion ───────────────────────────────────────────────────────────────────────────────────
let ingest: IngestResult | undefined;
if (only.has("ingest")) {
  say(`Svar: ${quick ? 102 : 510} pr. kanal … [${elapsed()}]`);
  ingest = await measureIngestion({ replies: quick ? 102 : 510, concurrency: 16, log: say });
  const ceiling = ingest.rows[0]?.perSecond ?? 1;
  out.push("\n## 2. Reply ingestion\n");
  out.push("Written-vote answers, 16 at a time. \"per second\" and p50/p99: from request to \"recorded\" — the answer can no longer be lost (the link's 303 to the answer's page once the posted answer is stored; SMTP's 250 once the reply's bytes and its inbound record are stored, as SES answers before its Lambda runs). \"judged / s\": until every answer is also judged, counted and its Danish receipt sent. The local stack as `npm start` runs it: dynalite over loopback HTTP, real clock. Per answer the work includes the receipt email and, for every 17th, closing the vote and its 17 result emails.\n");
  out.push(table(["path", "operations", "per second", "p50 ms", "p99 ms", "judged / s", "recorded", "reads / op", "writes / op", "emails / op", "of ceiling"],
    ingest.rows.map((r) => [r.channel, r.operations, fmt(r.perSecond, 1), fmt(r.p50ms, 1), fmt(r.p99ms, 1), fmt(r.judgedPerSecond, 1), r.recorded, fmt(r.readsPerOp, 1), fmt(r.writesPerOp, 1), fmt(r.emailsPerOp, 1), fmt(r.perSecond / ceiling, 3)])));
}

// ─── 3. Bundles ─────────────────────────────────────────────────────────────────────────────────────
let bundles: BundleRow[] = [];
if (only.has("bundles")) {
  say(`Lambda-pakker … [${elapsed()}]`);
  bundles = await measureBundles(quick ? 3 : 7);
  out.push("\n## 3. Lambda bundles\n");
  out.push(`Bundled as \`cdk synth\` bundles them (infra/bundle.ts: esbuild, ESM, minified, split into chunks, AWS SDK v3 included, zod/mini). "Read at load" is the entry and the chunks it imports statically; the rest (AWS adapters, SES, the MIME parser) is imported at first use. Load = \`await import()\` of the entry in a fresh Node process, median of ${quick ? 3 : 7}. "First call: deps ms" = what the first invocation then adds before its own work: importing functions/aws-deps.ts and building the adapters from the environment (the SES, S3 and Step Functions clients are deferred to their first use; "—": the handler builds its dependencies otherwise).\n`);
  out.push(table(["handler", "KB read at load", "KB all chunks", "load ms", "first call: deps ms", "under 100 ms"], bundles.map((b) => [b.handler, fmt(b.loadedBytes / 1024), fmt(b.totalBytes / 1024), fmt(b.loadMs, 1), b.depsMs === undefined ? "—" : fmt(b.depsMs, 1), b.loadMs < 100 ? "yes" : "no"])));
}

// ─── 4. Cost ────────────────────────────────────────────────────────────────────────────────────────
const costBasis = terms.at(-1);
if (costBasis) {
  out.push(`\n## 4. AWS cost per committee-year\n`);
  out.push(`From the ${costBasis.committees}-committee term. Prices: us-east-1 list prices read ${PRICES.checked} (Step Functions $0.025/1k transitions; Lambda $0.20/M requests, $0.0000133334/GB-s arm64; DynamoDB on-demand $0.625/M WRU, $0.125/M RRU, $0.25/GB-month; SES $0.10/1k; S3 $0.005/1k PUT, $0.023/GB-month; HTTP API $1.00/M). Lambda compute measured by npm run rehearse (bench/lambda-measured.json: each function in its own Node 22 process; configured memory × measured duration and cold-start init). Assumptions: ${Object.entries(ASSUMPTIONS).map(([k, v]) => `${k} ${v}`).join(", ")}.\n`);
  const rows = costPerCommitteeYear(costBasis);
  out.push(table(["item", "USD per committee-year", "basis"], rows.map((r) => [r.item, r.perCommitteeYear < 0.01 ? r.perCommitteeYear.toFixed(5) : r.perCommitteeYear.toFixed(3), r.basis])));
  const total = rows.at(-1)?.perCommitteeYear ?? 0;
  out.push(`\nAll 21 health clusters: about $${fmt(total * 21, 2)} a year in usage; fixed costs (CloudWatch alarms and logs retention, a KMS key if used, Route 53) are per account, not per committee.`);
}

// ─── Targets ────────────────────────────────────────────────────────────────────────────────────────
const targets: (string | number)[][] = [];
const hundred = terms.find((t) => t.committees === 100);
const t21 = terms.find((t) => t.committees === 21);
if (hundred) targets.push(["100 committee-terms under 5 minutes", `${fmt(hundred.seconds, 0)} s`, hundred.seconds < 300 ? "yes" : "no"]);
if (hundred && t21) {
  const growth = hundred.seconds / 100 / (t21.seconds / 21);
  targets.push(["time per committee-term grows no more than linearly, 21 → 100 (within the ±10 % that repeated runs differ by)", `×${fmt(growth, 2)}`, growth <= 1.1 ? "yes" : "no"]);
}
if (terms[0]) targets.push(["store writes ≤ 2 × the rules' minimum", `${fmt(Math.max(...terms.map((t) => t.writeRatio)), 2)} ×`, terms.every((t) => t.writeRatio <= 2) ? "yes" : "no"]);
if (ingest) for (const [k, v] of Object.entries(ingest.ratios)) targets.push([`reply ingestion (${k}) ≥ 1/3 of the conditional-put ceiling`, fmt(v, 3), v >= 1 / 3 ? "yes" : "no"]);
if (bundles.length) targets.push(["every bundle loads under 100 ms", `max ${fmt(Math.max(...bundles.map((b) => b.loadMs)), 0)} ms`, bundles.every((b) => b.loadMs < 100) ? "yes" : "no"]);
if (targets.length) out.push("\n## Targets\n", table(["target", "measured", "met"], targets));
out.push(`\nTotal benchmark time: ${elapsed()}.`);

const text = out.join("\n");
process.stdout.write(`${text}\n`);
if (!quick && only.size === 3) {
  const file = join(ROOT, "bench/RESULTS.md");
  const current = readFileSync(file, "utf8");
  const [before, rest] = current.split("<!-- bench:begin -->");
  const after = rest?.split("<!-- bench:end -->")[1];
  if (before === undefined || after === undefined) throw new Error("bench/RESULTS.md lacks its <!-- bench:begin --> / <!-- bench:end --> markers");
  writeFileSync(file, `${before}<!-- bench:begin -->\n${text}\n<!-- bench:end -->${after}`);
  say("bench/RESULTS.md opdateret.");
}
