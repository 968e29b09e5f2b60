import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { factories } from "../support/factories.ts";
import { startTestStore, type TestStore } from "../support/local-store.ts";
import { ROOT } from "../support/rulebooks.ts";

let t: TestStore;
beforeAll(async () => { t = await startTestStore(); });
afterAll(async () => { await t.stop(); });

// Every Store operation and query shape is in the store contract (store-contract.test.ts), on DynamoDB
// Local and on dynalite; here what a rule needs of the store, and dynalite's persistence.
describe("Store on DynamoDB Local", () => {
  it("R-3.6: a redelivered response (same id) is one record", async () => {
    const r = factories.voteResponse({ voteId: "vote-dup", responseId: "msg-123" });
    expect(await t.store.create("voteResponse", r)).toBe(true);
    expect(await t.store.create("voteResponse", { ...r, answer: "against" })).toBe(false);
    expect(await t.store.list("voteResponse", "V#sundhedsklynge-syd#vote-dup", "RESPONSE#")).toEqual([r]);
  });
});

describe("Store: data survives a restart of npm start's dynalite", () => {
  it("a record written, the server stopped and started again: the record is still there", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "klyngeflow-persist-"));
    try {
      const first = await startTestStore({ dataDir, server: "dynalite" });
      const meeting = factories.meeting({ meetingId: "persisted" });
      await first.store.create("meeting", meeting);
      await first.stop();
      const second = await startTestStore({ dataDir, server: "dynalite" });
      expect(await second.store.get("meeting", second.store.keyOf("meeting", meeting))).toEqual(meeting);
      await second.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("a record written, the server process killed with SIGKILL and started again: the record is still there", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "klyngeflow-kill-"));
    try {
      const child = spawn(process.execPath, ["--import", "tsx", "test/support/dynamo-child.ts", dataDir], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
      const endpoint = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (b: Buffer) => { const m = /listening (\S+)/.exec(b.toString()); if (m?.[1]) resolve(m[1]); });
        child.once("exit", (code) => reject(new Error(`child exited ${code}`)));
      });
      const { dynamoClient, Store } = await import("#adapters/store");
      const { ManualClock } = await import("#adapters/clock");
      const { ensureTable } = await import("#local/tables");
      await ensureTable(endpoint, "klyngeflow-test");
      const client = dynamoClient({ tableName: "klyngeflow-test", endpoint });
      const store = new Store(client, "klyngeflow-test", new ManualClock("2027-03-24T15:30:00+01:00"));
      const vote = factories.writtenVote({ voteId: "survives-kill" });
      await store.create("writtenVote", vote);
      client.destroy();
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
      const again = await startTestStore({ dataDir, server: "dynalite" });
      expect(await again.store.get("writtenVote", again.store.keyOf("writtenVote", vote))).toEqual(vote);
      await again.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
