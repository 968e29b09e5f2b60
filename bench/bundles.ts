/**
 * Lambda bundles (issue 8): every handler bundled exactly as `cdk synth` bundles it (infra/bundle.ts: esbuild,
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

export interface BundleRow { handler: string; loadedBytes: number; totalBytes: number; loadMs: number }

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
      writeFileSync(probe, `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`);
      const times = Array.from({ length: runs }, () => Number(execFileSync(process.execPath, [probe], { encoding: "utf8", env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } }).trim()));
      times.sort((a, b) => a - b);
      const loaded = [...staticClosure(file)].reduce((a, f) => a + statSync(f).size, 0);
      rows.push({ handler: name, loadedBytes: loaded, totalBytes: dirBytes(dir), loadMs: times[Math.floor(times.length / 2)] ?? 0 });
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return rows.sort((a, b) => b.loadMs - a.loadMs);
}
