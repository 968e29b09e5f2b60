/**
 * How every Lambda is bundled, for `cdk synth` and for the bundle benchmark alike: esbuild, ESM, minified,
 * the AWS SDK included, Node.js 22, and code splitting — what a handler imports only when it needs it
 * (the AWS adapters at the first invocation, SES only when mail is sent, the MIME parser only when mail
 * arrives) lands in chunks that a cold start does not read. That is why this is not NodejsFunction's
 * own bundling, which writes one file.
 */
import { buildSync } from "esbuild";
import { rmSync } from "node:fs";
import { join } from "node:path";

export const LAMBDA_ROOT = join(import.meta.dirname, "..");

/** Bundles `entry` (relative to the repository) into `outdir` as index.mjs plus chunks/. */
export function bundleLambda(entry: string, outdir: string, options: { sourcemap?: boolean } = {}): void {
  rmSync(outdir, { recursive: true, force: true });
  buildSync({
    entryPoints: { index: join(LAMBDA_ROOT, entry) },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    minify: true,
    splitting: true,
    outdir,
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunks/[name]-[hash]",
    mainFields: ["module", "main"],
    sourcemap: options.sourcemap ?? false,
    legalComments: "none",
    logLevel: "warning",
    tsconfig: join(LAMBDA_ROOT, "tsconfig.json"),
    // Some bundled CommonJS dependencies call require(); give each ESM chunk one.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
}
