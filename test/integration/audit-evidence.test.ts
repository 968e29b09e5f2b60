/**
 * The audit trail as evidence (issue 20, R-7.2): through `klyngeflow audit verify` on a data folder whose
 * records someone changed behind the system's back. Each tampering below verified on a11355d; each is now
 * found and named — a changed entry, a chain rehashed with plain SHA-256, the newest entry removed, a vote
 * response changed in the table — and every event has its own entry with its acting user.
 */
import { execFileSync } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import { DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, describe, expect, it } from "vitest";
import { auditHash, GENESIS_HASH } from "#adapters/store";
import { recordApology } from "#functions/meetings/attendance";
import { openWrittenVote, recordVoteAnswer } from "#functions/written-votes/written-votes";
import { rawDocumentClient } from "../support/local-store.ts";
import { ROOT } from "../support/rulebooks.ts";
import { startTestRuntime, type TestRuntime } from "../support/runtime.ts";

const C = "sundhedsklynge-syd";
let t: TestRuntime | undefined;
afterEach(async () => { await t?.stop(); t = undefined; });

interface Verification { ok: boolean; problems: { matter: string; seq: number; problem: string }[] }

/** A loopback port nothing listens on: the CLI then opens the data folder itself. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** `klyngeflow audit verify --json` against the data folder, the stack not running (the CLI opens it itself). */
async function verify(dataDir: string): Promise<{ status: number; result: Verification }> {
  const port = String(await closedPort());
  try {
    const out = execFileSync(process.execPath, ["--import", "tsx", `${ROOT}cli/main.ts`, "audit", "verify", "--json"], {
      cwd: ROOT, encoding: "utf8", env: { ...process.env, DATA_DIR: dataDir, PORT: port, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    });
    return { status: 0, result: JSON.parse(out) as Verification };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    if (!err.stdout) throw new Error(`audit verify printed nothing (exit ${err.status}): ${err.stderr}`);
    return { status: err.status, result: JSON.parse(err.stdout) as Verification };
  }
}

/** The same command as a person runs it (no --json): what it prints and its exit code. */
async function verifyText(dataDir: string): Promise<{ status: number; out: string }> {
  const port = String(await closedPort());
  try {
    return { status: 0, out: execFileSync(process.execPath, ["--import", "tsx", `${ROOT}cli/main.ts`, "audit", "verify"], {
      cwd: ROOT, encoding: "utf8", env: { ...process.env, DATA_DIR: dataDir, PORT: port, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    }) };
  } catch (e) {
    const err = e as { status: number; stdout: string };
    return { status: err.status, out: err.stdout };
  }
}

/** A vote with two answers, the trail written by the system; the runtime stopped, as a tamperer finds it. */
async function trail(): Promise<{ dataDir: string; voteId: string; table: string; endpoint: string }> {
  t = await startTestRuntime({ start: "2027-03-26T10:00:00+01:00", plan: [], dataDir: undefined });
  const vote = await openWrittenVote(t.deps, { committeeId: C, title: "Bevis", question: "Godkender I?", openedBy: "secretariat" });
  await t.rt.executor.idle();
  for (const [seatId, answer, ref] of [["ishoj", "for", "inbound/m-1"], ["brondby", "against", "inbound/m-2"]] as const) {
    await recordVoteAnswer(t.deps, { committeeId: C, voteId: vote.voteId, seatId, respondent: { kind: "member" }, answer, channel: "email", receivedAt: t.now(), sourceRef: ref });
  }
  await t.rt.executor.idle();
  const info = { dataDir: t.dataDir, voteId: vote.voteId, table: t.deps.store.tableName, endpoint: t.rt.dynamo.endpoint };
  await t.rt.stop();
  return info;
}

async function chain(x: { table: string; endpoint: string }, matter: string) {
  const { QueryCommand } = await import("@aws-sdk/lib-dynamodb");
  const doc = rawDocumentClient(x.endpoint);
  const out = await doc.send(new QueryCommand({ TableName: x.table, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": `AUDIT#${C}#${matter}` } }));
  doc.destroy();
  return (out.Items ?? []).sort((a, b) => Number(a.seq) - Number(b.seq));
}

async function put(x: { table: string; endpoint: string }, item: Record<string, unknown>) {
  const doc = rawDocumentClient(x.endpoint);
  await doc.send(new PutCommand({ TableName: x.table, Item: item }));
  doc.destroy();
}

describe("klyngeflow audit verify finds and names tampering (R-7.2)", () => {
  it("an untouched trail verifies (exit 0); a changed entry is named (exit 1)", async () => {
    const x = await trail();
    expect((await verify(x.dataDir))).toMatchObject({ status: 0, result: { ok: true, problems: [] } });
    const entries = await chain(x, `vote/${x.voteId}`);
    const response = entries.find((e) => e.action === "vote.response");
    await put(x, { ...response, data: { ...response?.data, answer: "against" } });
    const { status, result } = (await verify(x.dataDir));
    expect(status).toBe(1);
    expect(result.problems).toContainEqual(expect.objectContaining({ matter: `vote/${x.voteId}`, seq: response?.seq, code: "entry-changed", problem: "the entry was changed: its content does not match its hash" }));
    // What a person reads: Danish, the matter and the entry named, no code and no English.
    const text = await verifyText(x.dataDir);
    expect(text.status).toBe(1);
    expect(text.out).toContain("Revisionssporet er BRUDT");
    expect(text.out).toContain(`Skriftlig votering ${x.voteId}, hændelse nr. ${response?.seq}: hændelsen er ændret: indholdet passer ikke til dens hash`);
    expect(text.out).not.toMatch(/entry-changed|the entry|does not/);
  }, 90_000);

  it("a chain rewritten and rehashed with plain SHA-256 (no key) is named: the seals do not hold", async () => {
    const x = await trail();
    const entries = await chain(x, `vote/${x.voteId}`);
    let prev = GENESIS_HASH;
    for (const e of entries) {
      const { hash: _h, kid, mac, pk, sk, gsi1pk, gsi1sk, recordKind, ...content } = e;
      const changed = { ...content, ...(content.action === "vote.response" && content.actor === "ishoj" ? { data: { ...content.data, answer: "against" } } : {}), prevHash: prev };
      const hash = auditHash(changed as never);
      await put(x, { ...changed, hash, kid, mac, pk, sk, gsi1pk, gsi1sk, recordKind });
      prev = hash;
    }
    const { status, result } = (await verify(x.dataDir));
    expect(status).toBe(1);
    expect(result.problems.some((p) => p.problem.startsWith("the seal does not hold"))).toBe(true);
  }, 90_000);

  it("the newest entry removed is named: the anchor remembers how long the chain was", async () => {
    const x = await trail();
    const entries = await chain(x, `vote/${x.voteId}`);
    const newest = entries.at(-1);
    const doc = rawDocumentClient(x.endpoint);
    await doc.send(new DeleteCommand({ TableName: x.table, Key: { pk: newest?.pk, sk: newest?.sk } }));
    doc.destroy();
    const { status, result } = (await verify(x.dataDir));
    expect(status).toBe(1);
    expect(result.problems).toContainEqual(expect.objectContaining({ matter: `vote/${x.voteId}`, problem: `the anchor records ${newest?.seq} entries, the chain has ${Number(newest?.seq) - 1}: entries were removed` }));
  }, 90_000);

  it("R-3.6: a vote response changed in the table (the tally) is named, though the trail itself is untouched", async () => {
    const x = await trail();
    const { QueryCommand } = await import("@aws-sdk/lib-dynamodb");
    const doc = rawDocumentClient(x.endpoint);
    const out = await doc.send(new QueryCommand({ TableName: x.table, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": `V#${C}#${x.voteId}` } }));
    const ishoj = out.Items?.find((i) => i.seatId === "ishoj");
    await doc.send(new PutCommand({ TableName: x.table, Item: { ...ishoj, answer: "against" } }));
    doc.destroy();
    const { status, result } = (await verify(x.dataDir));
    expect(status).toBe(1);
    expect(result.problems.some((p) => p.matter === `vote/${x.voteId}` && p.problem.startsWith("the response of ishoj"))).toBe(true);
    // In Danish, the seat by its title from the committee's rulebook.
    expect((await verifyText(x.dataDir)).out).toMatch(/svaret fra Borgmester, Ishøj Kommune passer ikke med sporet: sporet siger JA \(for\), tabellen NEJ \(imod\)/);
  }, 90_000);
});

describe("every event has its own entry and its acting user", () => {
  it("R-3.7: six apologies entered by the secretariat within two seconds are six entries, each naming the secretariat user and the seat", async () => {
    t = await startTestRuntime({ start: "2027-04-01T10:00:00+02:00", plan: [{ id: "2027-04-22", startsAt: "2027-04-22T14:00", location: "Hvidovre Hospital" }] });
    const seats = ["ishoj", "brondby", "albertslund", "vallensbaek", "kobenhavn", "dragor"];
    for (const seatId of seats) {
      await recordApology(t.deps, { committeeId: C, meetingId: "2027-04-22", seatId, substituteAttends: false, receivedAt: t.now(), channel: "secretariat", sourceRef: `api/${seatId}-${Math.random()}`, by: "Sekretariatet (Anna)" });
    }
    const entries = (await t.deps.store.listOf("audit", { committeeId: C, matter: "meeting/2027-04-22" })).filter((e) => e.action === "meeting.apology");
    expect(entries.map((e) => [e.actor, e.data.seatId])).toEqual(seats.map((s) => ["Sekretariatet (Anna)", s]));
  });
});

describe("audit verify on a live system", () => {
  it("R-7.2: an answer recorded while verify reads (after the committee's index, before the chains) is no problem: found by the flood of 1000 replies", async () => {
    t = await startTestRuntime({ start: "2027-03-26T10:00:00+01:00", plan: [] });
    const deps = t.deps;
    const vote = await openWrittenVote(deps, { committeeId: C, title: "Levende", question: "Godkender I?", openedBy: "secretariat" });
    await t.rt.executor.idle();
    await recordVoteAnswer(deps, { committeeId: C, voteId: vote.voteId, seatId: "ishoj", respondent: { kind: "member" }, answer: "for", channel: "email", receivedAt: t.now(), sourceRef: "inbound/live-1" });
    // The interleaving made certain: the next answer is recorded right after verify has read the index.
    const store = deps.store;
    const lookup = store.lookup.bind(store);
    let interleaved = false;
    store.lookup = (async (kind, query, options) => {
      const found = await lookup(kind, query, options);
      if (kind === "audit" && !interleaved) {
        interleaved = true;
        await recordVoteAnswer(deps, { committeeId: C, voteId: vote.voteId, seatId: "brondby", respondent: { kind: "member" }, answer: "against", channel: "email", receivedAt: t!.now(), sourceRef: "inbound/live-2" });
      }
      return found;
    }) as typeof store.lookup;
    const { verifyAudit } = await import("#functions/audit/verify");
    const result = await verifyAudit(deps, C);
    store.lookup = lookup;
    expect(interleaved).toBe(true);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
