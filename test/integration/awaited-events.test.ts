/**
 * An awaited event that already happened is noticed when the callback is registered, in
 * the await-event Lambda's own process — not only where one process happened to import every module.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AWAITED_EVENTS } from "#functions/callbacks/awaited-events";
import { STATE_MACHINES } from "#functions/registry";
import { ROOT } from "../support/rulebooks.ts";

describe("awaited events are an explicit table, not import side effects", () => {
  it("every event a state machine awaits has a condition in the table, and the table has no other", () => {
    const awaited = new Set(Object.values(STATE_MACHINES).flatMap((file) => [...readFileSync(`${ROOT}${file}`, "utf8").matchAll(/#([a-z-]+)'/g)].map((m) => m[1])));
    expect([...awaited].sort()).toEqual(Object.keys(AWAITED_EVENTS).sort());
  });

  it("R-3.3: the await-event module alone, in a fresh process, resumes at once when the agenda was released before the token was stored", () => {
    const out = execFileSync(process.execPath, ["--import", "tsx", `${ROOT}test/support/await-event-alone.ts`], { cwd: ROOT, encoding: "utf8", env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } });
    expect(JSON.parse(out.trim().split("\n").at(-1) ?? "{}")).toEqual({ out: { resumedAtOnce: true }, resumed: ["token-1"] });
  });
});
