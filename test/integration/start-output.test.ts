/**
 * Issue 20 (low findings): what `npm start` prints and refuses, and what the API tells a browser to keep —
 * through the real entry point (local/start.ts in its own process) and the real HTTP app.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { issueApiToken } from "#functions/committee/api-tokens";
import { makeApp } from "#functions/http/app";
import { ROOT } from "../support/rulebooks.ts";
import { startTestRuntime, type TestRuntime } from "../support/runtime.ts";

const C = "sundhedsklynge-syd";
const env = (dataDir: string, extra: Record<string, string> = {}) => ({ ...process.env, DATA_DIR: dataDir, PORT: "0", SMTP_PORT: "0", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...extra });

/** Starts `npm start`'s script, returns what it printed once ready, and stops it. */
function startOnce(dataDir: string, extra: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", `${ROOT}local/start.ts`], { cwd: ROOT, env: env(dataDir, extra) });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("Stop med Ctrl-C")) child.kill("SIGINT");
    });
    child.on("exit", () => resolve(out));
    child.on("error", reject);
  });
}

let t: TestRuntime | undefined;
let dir: string | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("npm start: tokens and settings", () => {
  it("prints the API tokens when they are new, and not at every later start", async () => {
    dir = mkdtempSync(join(tmpdir(), "klyngeflow-start-"));
    const first = await startOnce(dir);
    const token = /API-token:\s+(\S+)/.exec(first)?.[1] ?? "";
    expect(token.length).toBeGreaterThanOrEqual(16);
    const second = await startOnce(dir);
    expect(second).toContain("klyngeflow kører lokalt");
    expect(second).not.toContain(token);
    expect(second).toContain("api-tokens.json");
  }, 60_000);

  it("a too short KLYNGEFLOW_TOKEN is refused with one Danish line and exit status 2, not a stack trace", () => {
    dir = mkdtempSync(join(tmpdir(), "klyngeflow-start-"));
    const r = spawnSync(process.execPath, ["--import", "tsx", `${ROOT}local/start.ts`], { cwd: ROOT, env: env(dir, { KLYNGEFLOW_TOKEN: "kort" }), encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("KLYNGEFLOW_TOKEN");
    expect(r.stderr).toContain("mindst 16 tegn");
    expect(r.stderr).not.toMatch(/\bat\s.+:\d+:\d+/);
  });
});

describe("the API: not cached, and never silently cut short", () => {
  it("every API answer carries Cache-Control: no-store; the audit trail says how many entries there are and links the next page", async () => {
    t = await startTestRuntime({ start: "2027-03-26T10:00:00+01:00", plan: [] });
    await issueApiToken(t.deps.store, t.now(), { token: "kf_start-output-token-0123456789", role: "secretariat", committeeId: C, name: "Sekretariatet" });
    for (let i = 0; i < 7; i++) await t.deps.store.appendAudit({ committeeId: C, matter: "vote/v1", actor: "secretariat", action: "test.entry", channel: "api", data: { i } });
    const app = makeApp(t.deps);
    const get = (path: string) => app.request(path, { headers: { authorization: "Bearer kf_start-output-token-0123456789" } });
    const res = await get(`/api/committees/${C}/audit?matter=vote/v1&limit=5`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-total-count")).toBe("7");
    expect(((await res.json()) as unknown[]).length).toBe(5);
    const next = /<([^>]+)>; rel="next"/.exec(res.headers.get("link") ?? "")?.[1] ?? "";
    const rest = await get(next);
    expect(((await rest.json()) as { seq: number }[]).map((e) => e.seq)).toEqual([6, 7]);
    expect(rest.headers.get("link")).toBeNull();
    expect((await get(`/api/committees/${C}`)).headers.get("cache-control")).toBe("no-store");
  });
});
