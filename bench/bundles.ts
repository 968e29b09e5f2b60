/**
 * Lambda bundles (issue 8): every handler bundled as CDK bundles it (esbuild, ESM, minified, the AWS SDK
 * included), its size, and the time a fresh Node process takes to import it (median of runs).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { WORKFLOW_TASKS } from "#functions/registry";
import { ROOT } from "#local/paths";

export interface BundleRow { handler: string; bytes: number; loadMs: number }

const EDGE = ["functions/api.ts", "functions/authorize.ts", "functions/inbound-mail.ts", "functions/mail-events.ts", "functions/sweep-inbound.ts"];

export async function measureBundles(runs = 5): Promise<BundleRow[]> {
  const out = mkdtempSync(join(tmpdir(), "klyngeflow-bundles-"));
  const entries = [...new Set([...Object.values(WORKFLOW_TASKS).map((t) => t.entry), ...EDGE])];
  const rows: BundleRow[] = [];
  try {
    for (const entry of entries) {
      const name = entry.replace(/^functions\//, "").replace(/\.ts$/, "");
      const file = join(out, `${name}.mjs`);
      await build({
        entryPoints: [join(ROOT, entry)], bundle: true, platform: "node", format: "esm", target: "node22", minify: true,
        mainFields: ["module", "main"], outfile: file, logLevel: "silent",
        banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      });
      const probe = join(out, `probe-${name}.mjs`);
      writeFileSync(probe, `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`);
      const times = Array.from({ length: runs }, () => Number(execFileSync(process.execPath, [probe], { encoding: "utf8", env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } }).trim()));
      times.sort((a, b) => a - b);
      rows.push({ handler: name, bytes: statSync(file).size, loadMs: times[Math.floor(times.length / 2)] ?? 0 });
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }

  return rows.sort((a, b) => b.bytes - a.bytes);
}
