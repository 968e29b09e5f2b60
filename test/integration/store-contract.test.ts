/**
 * The store contract: every Store operation and query shape the code uses, run against AWS's own DynamoDB
 * Local and against dynalite (npm start's no-Java default). dynalite stays the default only while this
 * whole suite passes on both (issue 19, Build item 1). Where dynalite is more lenient than AWS, the Store
 * itself refuses before sending, so nothing that works on dynalite fails on AWS.
 */
import {
  DescribeTimeToLiveCommand, DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand, type QueryCommandInput,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError, CorruptRecordError, StoreError } from "#adapters/errors";
import { records, type KindName } from "#adapters/records";
import { auditHash, GENESIS_HASH } from "#adapters/store";
import { factories } from "../support/factories.ts";
import { startTestStore, type StoreServer, type TestStore } from "../support/local-store.ts";

const C = "sundhedsklynge-syd";
const SERVERS: StoreServer[] = ["dynamodb-local", "dynalite"];

describe.each(SERVERS)("Store contract on %s", (server) => {
  let t: TestStore;
  let raw: DynamoDBClient;
  beforeAll(async () => {
    t = await startTestStore({ server });
    raw = new DynamoDBClient({ endpoint: t.dynamo.endpoint, region: "eu-north-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  });
  afterAll(async () => {
    raw.destroy();
    await t.stop();
  });

  it("runs on the server it names", () => {
    expect(t.server).toBe(server);
  });

  describe("writes", () => {
    for (const kind of Object.keys(records) as KindName[]) {
      it(`create writes a ${kind} once and get reads it back as written`, async () => {
        const record = factories[kind]();
        expect(await t.store.create(kind, record as never)).toBe(true);
        expect(await t.store.get(kind, t.store.keyOf(kind, record as never))).toEqual(record);
      });
    }

    it("create refuses a taken key (attribute_not_exists), keeps the first and counts the refusal", async () => {
      const first = factories.claim({ key: "contract-once" });
      const refused = t.store.stats.conditionalRefusals;
      expect(await t.store.create("claim", first)).toBe(true);
      expect(await t.store.create("claim", { ...first, owner: "second" })).toBe(false);
      expect(t.store.stats.conditionalRefusals).toBe(refused + 1);
      expect((await t.store.get("claim", t.store.keyOf("claim", first)))?.owner).toBe("test");
    });

    it("replace at revision 0 creates; replace at a stale revision is refused with a ConflictError", async () => {
      const m = factories.meeting({ meetingId: "contract-replace" });
      const saved = await t.store.replace("meeting", m);
      expect(saved.rev).toBe(1);
      await expect(t.store.replace("meeting", { ...m, location: "stale" })).rejects.toBeInstanceOf(ConflictError);
      expect((await t.store.replace("meeting", { ...saved, location: "Amager Hospital" })).rev).toBe(2);
    });

    it("modify re-reads and retries until every concurrent change is applied", async () => {
      const item = factories.agendaItem({ meetingId: "contract-modify", material: [] });
      await t.store.create("agendaItem", item);
      const key = t.store.keyOf("agendaItem", item);
      await Promise.all(Array.from({ length: 6 }, (_, i) =>
        t.store.modify("agendaItem", key, (cur) => ({ ...cur, material: [...cur.material, { name: `bilag-${i}.pdf`, blobKey: `m/${i}`, contentType: "application/pdf", bytes: i }] }))));
      const after = await t.store.get("agendaItem", key);
      expect(after?.material.map((m) => m.name).sort()).toEqual(Array.from({ length: 6 }, (_, i) => `bilag-${i}.pdf`));
      expect(after?.rev).toBe(6);
    });

    it("modify leaves the record alone when the change returns undefined, and refuses a missing record", async () => {
      const m = factories.meeting({ meetingId: "contract-unchanged" });
      await t.store.create("meeting", m);
      expect(await t.store.modify("meeting", t.store.keyOf("meeting", m), () => undefined)).toEqual({ record: m, changed: false });
      await expect(t.store.modify("meeting", { pk: `C#${C}`, sk: "MEETING#nowhere" }, (c) => c)).rejects.toBeInstanceOf(ConflictError);
    });

    it("put overwrites unconditionally, and an index entry that the new version lacks is gone from the index", async () => {
      const action = factories.linkAction({ actionId: "contract-put" });
      await t.store.put("linkAction", action);
      expect((await t.store.listByIndex("linkAction", "LINKACTION#received", "", { index: "gsi2" })).map((a) => a.actionId)).toContain("contract-put");
      await t.store.put("linkAction", { ...action, status: "judged" });
      expect((await t.store.get("linkAction", t.store.keyOf("linkAction", action)))?.status).toBe("judged");
      expect((await t.store.listByIndex("linkAction", "LINKACTION#received", "", { index: "gsi2" })).map((a) => a.actionId)).not.toContain("contract-put");
    });

    it("get of a key that was never written is undefined", async () => {
      expect(await t.store.get("meeting", { pk: `C#${C}`, sk: "MEETING#never" })).toBeUndefined();
    });

    it("a record is refused by its schema before it is sent, naming the field", async () => {
      await expect(t.store.create("voteResponse", factories.voteResponse({ answer: "maybe" as never }))).rejects.toThrow(/answer: Invalid option/);
    });
  });

  describe("queries", () => {
    beforeAll(async () => {
      for (const id of ["item-3", "item-1", "item-2"]) await t.store.create("agendaItem", factories.agendaItem({ meetingId: "contract-list", itemId: id }));
      await t.store.create("attendance", factories.attendance({ meetingId: "contract-list" }));
      for (const [id, at] of [["2031-b", "2031-05-01T14:00:00+02:00"], ["2031-a", "2031-03-01T14:00:00+01:00"], ["2032-a", "2032-03-01T14:00:00+01:00"]] as const) {
        await t.store.create("meeting", factories.meeting({ committeeId: "contract-index", meetingId: id, startsAt: at }));
      }
    });

    it("list: one kind under a partition by sort-key prefix, in key order, other kinds of the partition left out", async () => {
      expect((await t.store.list("agendaItem", `M#${C}#contract-list`, "ITEM#")).map((i) => i.itemId)).toEqual(["item-1", "item-2", "item-3"]);
      expect((await t.store.list("attendance", `M#${C}#contract-list`, "ATTENDANCE#")).map((a) => a.seatId)).toEqual(["ishoj"]);
    });

    it("list: newest first, and a limit returns exactly that many", async () => {
      expect((await t.store.list("agendaItem", `M#${C}#contract-list`, "ITEM#", { newestFirst: true })).map((i) => i.itemId)).toEqual(["item-3", "item-2", "item-1"]);
      expect((await t.store.list("agendaItem", `M#${C}#contract-list`, "ITEM#", { newestFirst: true, limit: 1 })).map((i) => i.itemId)).toEqual(["item-3"]);
      expect((await t.store.list("agendaItem", `M#${C}#contract-list`, "ITEM#", { limit: 2 })).map((i) => i.itemId)).toEqual(["item-1", "item-2"]);
    });

    it("list with a limit counts only the records of its kind, and returns no more than the limit", async () => {
      // Limit counts the items DynamoDB evaluates; the attendance between two items is not one of ours.
      const pk = `M#${C}#contract-limit`;
      await t.store.create("agendaItem", factories.agendaItem({ meetingId: "contract-limit", itemId: "a" }));
      await t.store.create("attendance", factories.attendance({ meetingId: "contract-limit", seatId: "b" }));
      for (const id of ["c", "d", "e"]) await t.store.create("agendaItem", factories.agendaItem({ meetingId: "contract-limit", itemId: id }));
      expect((await t.store.list("agendaItem", pk, "", { limit: 2 })).map((i) => i.itemId)).toEqual(["a", "c"]);
      expect((await t.store.list("agendaItem", pk, "", { limit: 3 })).map((i) => i.itemId)).toEqual(["a", "c", "d"]);
    });

    it("list and listByIndex without a prefix: the whole partition (AWS refuses begins_with on an empty string)", async () => {
      expect((await t.store.list("agendaItem", `M#${C}#contract-list`, "")).map((i) => i.itemId)).toEqual(["item-1", "item-2", "item-3"]);
      expect((await t.store.listByIndex("meeting", "MEETINGS")).filter((m) => m.committeeId === "contract-index").map((m) => m.meetingId)).toEqual(["2031-a", "2031-b", "2032-a"]);
    });

    it("listByIndex: gsi1 by prefix, in index order, newest first", async () => {
      expect((await t.store.listByIndex("meeting", "MEETINGS", "2031-")).map((m) => m.meetingId)).toEqual(["2031-a", "2031-b"]);
      expect((await t.store.listByIndex("meeting", "MEETINGS", "203", { newestFirst: true })).map((m) => m.meetingId)).toEqual(["2032-a", "2031-b", "2031-a"]);
    });

    it("listByIndex: gsi2 lookups by an opaque value; a record without an index entry is not in the index", async () => {
      const hash = "d".repeat(64);
      await t.store.create("email", factories.email({ idempotencyKey: "contract-token", token: { hash, action: "written-vote", expiresAt: "2027-06-01T00:00:00+02:00" } }));
      await t.store.create("email", factories.email({ idempotencyKey: "contract-no-token" }));
      expect((await t.store.listByIndex("email", `TOKEN#${hash}`, "", { index: "gsi2" })).map((e) => e.idempotencyKey)).toEqual(["contract-token"]);
    });

    it("pages: a partition of more than 1 MB is read in several pages, whole, by list and by listByIndex", async () => {
      const matter = "vote/contract-pages";
      const text = "x".repeat(100_000);
      for (let i = 0; i < 12; i++) await t.store.appendAudit({ committeeId: "contract-pages", matter, actor: `seat-${i}`, action: "vote.response", channel: "email", data: { text } });
      const pages = t.store.stats.readsByKind.audit ?? 0;
      expect((await t.store.list("audit", `AUDIT#contract-pages#${matter}`, "SEQ#")).map((e) => e.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      expect((t.store.stats.readsByKind.audit ?? 0) - pages).toBeGreaterThanOrEqual(2);
      expect(await t.store.listByIndex("audit", "AUDIT#contract-pages")).toHaveLength(12);
    });

    it("a query of an empty partition value is refused by the Store, as AWS refuses it", async () => {
      await expect(t.store.list("seat", "", "SEAT#")).rejects.toBeInstanceOf(StoreError);
      await expect(t.store.listByIndex("audit", "")).rejects.toThrow(/partition.*empty/);
    });
  });

  describe("TTL", () => {
    it("an expired record is neither got nor listed, although the server has not deleted it", async () => {
      const expiresAt = Math.floor(Date.parse("2027-03-25T00:00:00+01:00") / 1000);
      const claim = factories.claim({ key: "contract-ttl" });
      await t.store.create("claim", claim, { expiresAt });
      const item = factories.agendaItem({ meetingId: "contract-ttl" });
      await t.store.create("agendaItem", item, { expiresAt });
      expect(await t.store.get("claim", t.store.keyOf("claim", claim))).toEqual(claim);
      t.clock.set("2027-03-25T00:00:01+01:00");
      try {
        expect(await t.store.get("claim", t.store.keyOf("claim", claim))).toBeUndefined();
        expect(await t.store.list("agendaItem", `M#${C}#contract-ttl`, "ITEM#")).toEqual([]);
      } finally {
        t.clock.set("2027-03-24T15:30:00+01:00");
      }
    });

    // dynalite has no TTL API (and deletes nothing); DynamoDB Local has TTL as the stack declares it.
    if (server === "dynamodb-local") {
      it("the table has TTL on expiresAt, as the stack declares it", async () => {
        const out = await raw.send(new DescribeTimeToLiveCommand({ TableName: t.tableName }));
        expect(out.TimeToLiveDescription).toEqual({ TimeToLiveStatus: "ENABLED", AttributeName: "expiresAt" });
      });
    }
  });

  describe("the audit append", () => {
    it("R-7.2: concurrent appends make one unbroken hash chain; an append with a ref is recorded once", async () => {
      const matter = "vote/contract-chain";
      const append = (i: number, ref?: string) => t.store.appendAudit({ committeeId: C, matter, actor: `seat-${i}`, action: "vote.response", channel: "link", data: { i }, ...(ref ? { ref } : {}) });
      await Promise.all(Array.from({ length: 10 }, (_, i) => append(i)));
      const first = await append(10, "link/x");
      expect(await append(11, "link/x")).toEqual(first);
      const chain = await t.store.list("audit", `AUDIT#${C}#${matter}`, "SEQ#");
      expect(chain.map((e) => e.seq)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
      expect(chain[0]?.prevHash).toBe(GENESIS_HASH);
      chain.forEach((e, i) => {
        const { hash, ...rest } = e;
        expect(hash).toBe(auditHash(rest));
        if (i > 0) expect(e.prevHash).toBe(chain[i - 1]?.hash);
      });
    });
  });

  describe("limits AWS enforces, refused the same way here", () => {
    it("an item of about 350 kB is written; one over 400 kB is refused", async () => {
      const ok = factories.audit({ matter: "vote/contract-size", seq: 1, data: { text: "x".repeat(350_000) } });
      expect(await t.store.create("audit", ok)).toBe(true);
      const big = factories.audit({ matter: "vote/contract-size", seq: 2, data: { text: "x".repeat(410_000) } });
      await expect(t.store.create("audit", big)).rejects.toThrow(/Item size has exceeded the maximum allowed size/);
      // Sizes are UTF-8 bytes: 210,000 Danish letters are 420 kB (dynalite counts them as 210 kB).
      const danish = factories.audit({ matter: "vote/contract-size", seq: 3, data: { text: "æ".repeat(210_000) } });
      await expect(t.store.create("audit", danish)).rejects.toThrow(/Item size has exceeded the maximum allowed size: 42\d{4} bytes/);
    });

    it("a key attribute that would be empty or too long is refused by the Store, naming it", async () => {
      // DynamoDB refuses an empty string in any key attribute, an index's included, and keys over 2048/1024 bytes.
      await expect(t.store.create("audit", factories.audit({ matter: "m".repeat(1100) }))).rejects.toThrow(/gsi1sk: over 1024 bytes/);
      await expect(t.store.create("audit", factories.audit({ matter: "m".repeat(1100) }))).rejects.toBeInstanceOf(CorruptRecordError);
      await expect(t.store.create("email", factories.email({ idempotencyKey: "k".repeat(200), matter: "m".repeat(2100) }))).rejects.toThrow(/gsi1pk: over 2048 bytes/);
    });
  });

  describe("what AWS refuses: the requests the Store must never send", () => {
    // Each request is refused by DynamoDB Local as by AWS. dynalite accepts some (marked): that leniency is
    // why the tests run on DynamoDB Local, and why the Store checks these itself.
    const query = (input: Omit<QueryCommandInput, "TableName">) => () => raw.send(new QueryCommand({ TableName: t.tableName, ...input }));
    const cases: { name: string; send: () => Promise<unknown>; message: RegExp; dynaliteAccepts?: true }[] = [
      { name: "begins_with on an empty string (sort key)", send: query({ KeyConditionExpression: "pk = :pk AND begins_with(sk, :p)", ExpressionAttributeValues: { ":pk": { S: "x" }, ":p": { S: "" } } }), message: /empty string/, dynaliteAccepts: true },
      { name: "begins_with on an empty string (index sort key)", send: query({ IndexName: "gsi1", KeyConditionExpression: "gsi1pk = :pk AND begins_with(gsi1sk, :p)", ExpressionAttributeValues: { ":pk": { S: "x" }, ":p": { S: "" } } }), message: /empty string/, dynaliteAccepts: true },
      { name: "an empty partition value in a query", send: query({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": { S: "" } } }), message: /empty string/, dynaliteAccepts: true },
      { name: "an empty index key in an item", send: () => raw.send(new PutItemCommand({ TableName: t.tableName, Item: { pk: { S: "x" }, sk: { S: "y" }, gsi1pk: { S: "z" }, gsi1sk: { S: "" } } })), message: /empty string/, dynaliteAccepts: true },
      { name: "an index sort key over 1024 bytes", send: () => raw.send(new PutItemCommand({ TableName: t.tableName, Item: { pk: { S: "x" }, sk: { S: "y" }, gsi1pk: { S: "z" }, gsi1sk: { S: "s".repeat(1025) } } })), message: /Size limit exceeded/, dynaliteAccepts: true },
      { name: "a consistent read on a global secondary index", send: query({ IndexName: "gsi1", ConsistentRead: true, KeyConditionExpression: "gsi1pk = :pk", ExpressionAttributeValues: { ":pk": { S: "x" } } }), message: /onsistent read/ },
      { name: "a value in ExpressionAttributeValues that no expression uses", send: query({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": { S: "x" }, ":p": { S: "y" } } }), message: /unused in expressions/ },
      { name: "a reserved word as an attribute name", send: () => raw.send(new PutItemCommand({ TableName: t.tableName, Item: { pk: { S: "x" }, sk: { S: "y" } }, ConditionExpression: "status = :s", ExpressionAttributeValues: { ":s": { S: "a" } } })), message: /reserved keyword/ },
      { name: "a Limit of 0", send: query({ Limit: 0, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": { S: "x" } } }), message: /1/ },
      { name: "an empty sort key in a get", send: () => raw.send(new GetItemCommand({ TableName: t.tableName, Key: { pk: { S: "x" }, sk: { S: "" } } })), message: /empty string/ },
    ];
    for (const c of cases) {
      const refused = server === "dynamodb-local" || !c.dynaliteAccepts;
      it(`${c.name}: ${refused ? "refused" : "accepted by dynalite, refused by AWS and DynamoDB Local"}`, async () => {
        if (refused) await expect(c.send()).rejects.toThrow(c.message);
        else await expect(c.send()).resolves.toBeDefined();
      });
    }
  });
});
