/**
 * Several committees per deployment (issue 22, item 2): a committee created from a rulebook through the API
 * and the command line, its problems naming the field (in Danish on the command line); `npm start` runs every
 * committee its data folder holds and seeds Sundhedsklynge Syd only on a first, empty start.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { issueApiToken } from "#functions/committee/api-tokens";
import { makeApp } from "#functions/http/app";
import { startLocalStack, type LocalStack } from "#local/stack";
import { ROOT, readJson } from "../support/rulebooks.ts";
import { startTestRuntime, type TestRuntime } from "../support/runtime.ts";

const run = promisify(execFile);

/** A loopback port nothing listens on: the command line then opens the data folder itself. */
async function closedPort(): Promise<string> {
  const { createServer } = await import("node:net");
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return String(port);
}
const NORDKYSTEN = readJson("rulebooks/examples/nordkysten-2026.json") as Record<string, unknown> & { seats: { member: { email: string } }[] };
const PLAN = readJson("rulebooks/examples/nordkysten-plan-2026.json") as { meetings: unknown[] };
const TOKEN = "kf_committees-secretariat-0123456789";

let t: TestRuntime | undefined;
let stack: LocalStack | undefined;
let dir: string | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
  await t?.stop();
  t = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("POST /api/committees: a further committee from its rulebook", () => {
  async function api(body: unknown) {
    t = t ?? (await startTestRuntime({ start: "2026-02-02T09:00:00+01:00", plan: [] }));
    await issueApiToken(t.deps.store, t.now(), { token: TOKEN, role: "secretariat", committeeId: "sundhedsklynge-syd", name: "Sekretariatet" });
    const res = await makeApp(t.deps).request("/api/committees", { method: "POST", headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> & { problems?: { field: string; message: string }[] } };
  }

  it("creates it with its seats and meeting plan, starts its cycles, and returns its own tokens once", async () => {
    const created = await api({ rulebook: NORDKYSTEN, plan: PLAN.meetings });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id: "nordkysten", name: "Sundhedsudvalget Nordkysten (fiktivt eksempel)", rulebook: "nordkysten-2026", seats: 8, meetings: 16 });
    const tokens = created.json.tokens as { secretariat: string; chair: string };
    const own = await makeApp(t!.deps).request("/api/committees/nordkysten/meetings", { headers: { authorization: `Bearer ${tokens.secretariat}` } });
    expect(((await own.json()) as { meetings: unknown[] }).meetings).toHaveLength(16);
    expect((await t!.rt.executor.list()).filter((e) => e.name.includes("nordkysten") && e.status === "RUNNING").length).toBeGreaterThanOrEqual(16);
    const again = await api({ rulebook: NORDKYSTEN });
    expect([again.status, again.json.problems?.map((p) => p.field)]).toEqual([409, ["rulebook.committee.id"]]);
  });

  it("a wrong rulebook or plan is refused whole, each problem naming its field", async () => {
    const seats = structuredClone(NORDKYSTEN.seats);
    seats[3]!.member.email = "ikke-en-adresse";
    const schema = await api({ rulebook: { ...NORDKYSTEN, seats } });
    expect([schema.status, schema.json.problems?.map((p) => p.field)]).toEqual([400, ["rulebook.seats[3].member.email"]]);
    const cross = await api({ rulebook: { ...NORDKYSTEN, coChairs: ["ingen-plads"] } });
    expect([cross.status, cross.json.problems?.map((p) => p.field)]).toEqual([400, ["rulebook.coChairs[0]"]]);
    const plan = await api({ rulebook: NORDKYSTEN, plan: [{ id: "m1", startsAt: "2027-03-28T02:30" }, { id: "m1", startsAt: "2027-04-01T15:00" }] });
    expect([plan.status, plan.json.problems?.map((p) => p.field)]).toEqual([400, ["plan[0].startsAt", "plan[1].id"]]);
    expect((await api({ rulebook: NORDKYSTEN, plan: [{ id: "m1", startsAt: "2027-04-01T15:00", room: 2 }] })).json.problems).toEqual([{ field: "plan[0].room", message: "unknown field" }]);
  });
});

describe("klyngeflow committee: the command line, in Danish", () => {
  const klyngeflow = async (env: Record<string, string>, ...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, ["bin/klyngeflow.mjs", ...args], { cwd: ROOT, env: { ...process.env, ...env } });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  };

  it("creates a committee in the data folder (the stack not running), keeps its tokens there, lists it, and refuses a second one with one Danish line", async () => {
    dir = mkdtempSync(join(tmpdir(), "klyngeflow-committee-"));
    const env = { DATA_DIR: dir, PORT: await closedPort() };
    const created = await klyngeflow(env, "committee", "create", "--rulebook", "rulebooks/examples/nordkysten-2026.json", "--plan", "rulebooks/examples/nordkysten-plan-2026.json");
    expect(created.code).toBe(0);
    expect(created.stdout).toContain("Oprettet: Sundhedsudvalget Nordkysten (fiktivt eksempel) (nordkysten), forretningsorden nordkysten-2026: 8 pladser, 16 møder i mødeplanen");
    expect(created.stdout).toContain("Tokens vises kun nu");
    const tokens = JSON.parse(readFileSync(join(dir, "api-tokens.json"), "utf8")) as { secretariat: string; committee: string };
    expect([tokens.committee, created.stdout.includes(tokens.secretariat)]).toEqual(["nordkysten", true]);
    const list = await klyngeflow(env, "committee", "list", "--json");
    expect((JSON.parse(list.stdout) as { committees: { committeeId: string }[] }).committees.map((c) => c.committeeId)).toEqual(["nordkysten"]);
    const again = await klyngeflow(env, "committee", "create", "--rulebook", "rulebooks/examples/nordkysten-2026.json");
    expect(again.code).toBe(2);
    expect(again.stderr.trim().split("\n")).toHaveLength(1);
    expect(again.stderr).toContain("udvalget \"nordkysten\" findes allerede");
    const bad = join(dir, "forkert.json");
    writeFileSync(bad, JSON.stringify({ ...NORDKYSTEN, committee: { id: "tredje", name: "Tredje" }, coChairs: ["ingen-plads"] }));
    const refused = await klyngeflow(env, "committee", "create", "--rulebook", bad);
    expect([refused.code, refused.stderr.includes("coChairs[0]: \"ingen-plads\" er ikke en plads i denne forretningsorden")]).toEqual([2, true]);
    expect((await klyngeflow(env, "committee", "--help")).stdout).toContain("Opretter et udvalg mere");
  }, 60_000);
});

describe("npm start: every committee of the data folder; Sundhedsklynge Syd only on a first, empty start", () => {
  const config = (dataDir: string) => ({ port: 0, smtpPort: 0, dataDir, token: "local-secretariat-token-0123456789", tokenFromEnv: true });

  it("a first start seeds Sundhedsklynge Syd; a committee created later is run by every later start, which seeds nothing", async () => {
    dir = mkdtempSync(join(tmpdir(), "klyngeflow-start-"));
    stack = await startLocalStack(config(dir), { virtualStart: "2026-02-02T09:00:00+01:00", quiet: true });
    expect(stack.seed?.created).toBe(true);
    expect(stack.committees.map((c) => c.committeeId)).toEqual(["sundhedsklynge-syd"]);
    const res = await fetch(`${stack.http.url}/api/committees`, { method: "POST", headers: { authorization: `Bearer ${stack.tokens.secretariat}`, "content-type": "application/json" }, body: JSON.stringify({ rulebook: NORDKYSTEN, plan: PLAN.meetings }) });
    expect(res.status).toBe(201);
    await stack.stop();
    stack = await startLocalStack(config(dir), { virtualStart: "2026-02-02T10:00:00+01:00", quiet: true });
    expect(stack.seed).toBeUndefined();
    expect(stack.committees.map((c) => [c.committeeId, c.seats, c.meetings, c.seeded])).toEqual([["nordkysten", 8, 16, false], ["sundhedsklynge-syd", 17, 8, false]]);
    const running = (await stack.runtime.executor.list()).filter((e) => e.status === "RUNNING");
    expect(running.some((e) => e.name.includes("nordkysten"))).toBe(true);
    expect(running.some((e) => e.name.includes("sundhedsklynge-syd"))).toBe(true);
    expect(stack.tokens.committeeId).toBe("sundhedsklynge-syd");
  }, 60_000);

  it("a data folder whose first committee came from the command line is not seeded with Sundhedsklynge Syd; its tokens are that committee's", async () => {
    dir = mkdtempSync(join(tmpdir(), "klyngeflow-start-"));
    const { code } = await run(process.execPath, ["bin/klyngeflow.mjs", "committee", "create", "--rulebook", "rulebooks/examples/nordkysten-2026.json"], { cwd: ROOT, env: { ...process.env, DATA_DIR: dir, PORT: await closedPort() } }).then(() => ({ code: 0 }));
    expect(code).toBe(0);
    stack = await startLocalStack(config(dir), { virtualStart: "2026-02-02T09:00:00+01:00", quiet: true });
    expect(stack.seed).toBeUndefined();
    expect(stack.committees.map((c) => c.committeeId)).toEqual(["nordkysten"]);
    expect(stack.tokens.committeeId).toBe("nordkysten");
    const res = await fetch(`${stack.http.url}/api/committees/nordkysten`, { headers: { authorization: `Bearer ${stack.tokens.secretariat}` } });
    expect(res.status).toBe(200);
  }, 60_000);
});
