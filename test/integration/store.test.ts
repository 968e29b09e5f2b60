import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError, CorruptRecordError } from "#adapters/errors";
import { records, type KindName } from "#adapters/records";
import { auditHash, GENESIS_HASH } from "#adapters/store";
import { factories } from "../support/factories.ts";
import { startTestStore, type TestStore } from "../support/local-store.ts";
import { ROOT } from "../support/rulebooks.ts";

let t: TestStore;
beforeAll(async () => { t = await startTestStore(); });
afterAll(async () => { await t.stop(); });

describe("Store: every record kind through the real SDK against DynamoDB Local", () => {
  for (const kind of Object.keys(records) as KindName[]) {
    it(`writes and reads back a ${kind}`, async () => {
      const record = factories[kind]();
      expect(await t.store.create(kind, record as never)).toBe(true);
      expect(await t.store.get(kind, t.store.keyOf(kind, record as never))).toEqual(record);
    });
  }

  it("refuses a second conditional write of the same idempotency key, and keeps the first", async () => {
    const first = factories.email({ idempotencyKey: "email#ballot#vote-9#ishoj", subject: "first" });
    expect(await t.store.create("email", first)).toBe(true);
    expect(await t.store.create("email", { ...first, subject: "second" })).toBe(false);
    expect((await t.store.get("email", t.store.keyOf("email", first)))?.subject).toBe("first");
  });

  it("R-3.6: a redelivered response (same id) is one record", async () => {
    const r = factories.voteResponse({ voteId: "vote-dup", responseId: "msg-123" });
    expect(await t.store.create("voteResponse", r)).toBe(true);
    expect(await t.store.create("voteResponse", { ...r, answer: "against" })).toBe(false);
    expect(await t.store.list("voteResponse", "V#sundhedsklynge-syd#vote-dup", "RESPONSE#")).toEqual([r]);
  });

  it("lists the records of a partition by prefix, in key order, and by the secondary index", async () => {
    for (const id of ["item-3", "item-2"]) await t.store.create("agendaItem", factories.agendaItem({ meetingId: "2027-11-04", itemId: id }));
    await t.store.create("attendance", factories.attendance({ meetingId: "2027-11-04" }));
    const items = await t.store.list("agendaItem", "M#sundhedsklynge-syd#2027-11-04", "ITEM#");
    expect(items.map((i) => i.itemId)).toEqual(["item-2", "item-3"]);
    await t.store.create("meeting", factories.meeting({ meetingId: "2028-04-27", startsAt: "2028-04-27T14:00:00+02:00" }));
    const meetings = await t.store.listByIndex("meeting", "MEETINGS", "2028-");
    expect(meetings.map((m) => m.meetingId)).toEqual(["2028-04-27"]);
  });

  it("replaces a record only at the revision it was read at", async () => {
    const m = factories.meeting({ meetingId: "2029-04-26" });
    await t.store.create("meeting", m);
    const moved = await t.store.replace("meeting", { ...m, location: "Amager Hospital" });
    expect(moved.rev).toBe(1);
    await expect(t.store.replace("meeting", { ...m, location: "stale write" })).rejects.toBeInstanceOf(ConflictError);
    const { record, changed } = await t.store.modify("meeting", t.store.keyOf("meeting", m), (cur) =>
      cur.agendaReleasedAt ? undefined : { ...cur, agendaReleasedAt: "2027-04-10T10:00:00+02:00" });
    expect([changed, record.rev, record.location]).toEqual([true, 2, "Amager Hospital"]);
    const again = await t.store.modify("meeting", t.store.keyOf("meeting", m), (cur) => (cur.agendaReleasedAt ? undefined : cur));
    expect(again.changed).toBe(false);
  });

  it("refuses to write a record that does not match its schema, naming the field", async () => {
    const bad = factories.voteResponse({ answer: "maybe" as never });
    await expect(t.store.create("voteResponse", bad)).rejects.toThrow(/answer: Invalid option/);
    await expect(t.store.create("voteResponse", bad)).rejects.toBeInstanceOf(CorruptRecordError);
  });

  it("does not return a record past its expiry time even if the store has not deleted it", async () => {
    const claim = factories.claim({ key: "short-lived" });
    const expiresAt = Math.floor(Date.parse("2027-03-25T00:00:00+01:00") / 1000);
    await t.store.create("claim", claim, { expiresAt });
    expect(await t.store.get("claim", t.store.keyOf("claim", claim))).toEqual(claim);
    t.clock.set("2027-03-25T00:00:01+01:00");
    expect(await t.store.get("claim", t.store.keyOf("claim", claim))).toBeUndefined();
    t.clock.set("2027-03-24T15:30:00+01:00");
  });

  it("R-7.2: appends audit events to a hash chain per matter, concurrent appends included", async () => {
    await Promise.all(Array.from({ length: 12 }, (_, i) =>
      t.store.appendAudit({ committeeId: "sundhedsklynge-syd", matter: "vote/chain", actor: `seat-${i}`, action: "vote.response", channel: "link", data: { i } })));
    const chain = await t.store.list("audit", "AUDIT#sundhedsklynge-syd#vote/chain", "SEQ#");
    expect(chain.map((e) => e.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(chain[0]?.prevHash).toBe(GENESIS_HASH);
    chain.forEach((e, i) => {
      const { hash, ...rest } = e;
      expect(hash).toBe(auditHash(rest));
      if (i > 0) expect(e.prevHash).toBe(chain[i - 1]?.hash);
    });
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
