/**
 * Lambda bundles: every handler bundled exactly as `cdk synth` bundles it (infra/bundle.ts: esbuild,
 * ESM, minified, split, the AWS SDK included), the size of what a cold start reads (the entry and the chunks
 * it imports statically) and of all its chunks, and the time a fresh Node process takes to import it
 * (median of runs).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { WORKFLOW_TASKS } from "#functions/registry";
import { bundleLambda } from "../infra/bundle.ts";

export interface BundleRow {
  handler: string;
  loadedBytes: number;
  totalBytes: number;
  loadMs: number;
  /** The first invocation's own set-up: importing functions/aws-deps.ts's chunk and building the adapters. */
  depsMs?: number | undefined;
}

/** A Lambda environment as the stack sets it, with dummy values: building the adapters makes no call. */
const DUMMY_ENV = {
  TABLE_NAME: "klyngeflow", BLOB_BUCKET: "klyngeflow-blobs", MEETING_CYCLE_ARN: "arn:aws:states:eu-north-1:0:stateMachine:m",
  WRITTEN_VOTE_ARN: "arn:aws:states:eu-north-1:0:stateMachine:w", SENDER_ADDRESS: "a@b.example", SENDER_DOMAIN: "b.example",
  INBOUND_DOMAIN: "c.example", PUBLIC_URL: "https://b.example", LINK_KEYS: JSON.stringify({ current: "k1", k1: "k".repeat(48) }),
};

const EDGE = ["functions/api.ts", "functions/authorize.ts", "functions/inbound-mail.ts", "functions/mail-events.ts", "functions/sweep-inbound.ts"];

/** The files `import` reads before the module runs: the entry and, transitively, its static imports. */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(file, "utf8");
  // Minified static imports: import{a as b}from"./chunks/x.mjs" or import"./chunks/x.mjs"; dynamic import( is not one.
  for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[\w${}\s,*]+from\s*)?["'](\.{1,2}\/[^"']+)["']/g)) {
    if (m[1]) staticClosure(join(dirname(file), m[1]), seen);
  }
  return seen;
}

function dirBytes(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith(".mjs"))
    .reduce((a, e) => a + statSync(join(e.parentPath, e.name)).size, 0);
}

const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export async function measureBundles(runs = 5): Promise<BundleRow[]> {
  const out = mkdtempSync(join(tmpdir(), "klyngeflow-bundles-"));
  const entries = [...new Set([...Object.values(WORKFLOW_TASKS).map((t) => t.entry), ...EDGE])];
  const rows: BundleRow[] = [];
  try {
    for (const entry of entries) {
      const name = entry.replace(/^functions\//, "").replace(/\.ts$/, "");
      const dir = join(out, name);
      bundleLambda(entry, dir);
      const file = join(dir, "index.mjs");
      const probe = join(out, `probe-${name}.mjs`);
      // After the load, what the first invocation adds before its own work: the dependencies chunk and the
      // adapters built from the environment (SES, S3 and Step Functions clients are deferred to their first call).
      const depsChunk = readdirSync(join(dir, "chunks")).find((f) => f.startsWith("aws-deps-"));
      writeFileSync(probe, `const t = performance.now(); await import(${JSON.stringify(file)}); const loaded = performance.now();
${depsChunk ? `const m = await import(${JSON.stringify(join(dir, "chunks", depsChunk))}); await m.depsFromEnvironment(${JSON.stringify({ ...DUMMY_ENV, AWS_REGION: "eu-north-1" })});` : ""}
console.log(loaded - t, ${depsChunk ? "performance.now() - loaded" : "-1"});`);
      const samples = Array.from({ length: runs }, () => execFileSync(process.execPath, [probe], { encoding: "utf8", env: { ...process.env, AWS_REGION: "eu-north-1", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } }).trim().split(" ").map(Number));
      const loaded = [...staticClosure(file)].reduce((a, f) => a + statSync(f).size, 0);
      rows.push({ handler: name, loadedBytes: loaded, totalBytes: dirBytes(dir), loadMs: median(samples.map((x) => x[0] ?? 0)), depsMs: depsChunk ? median(samples.map((x) => x[1] ?? 0)) : undefined });
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return rows.sort((a, b) => b.loadMs - a.loadMs);
}
