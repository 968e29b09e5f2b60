import { DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dynamoClient, Store } from "#adapters/store";
import { verifyAudit } from "#functions/audit/verify";
import { rawDocumentClient, startTestStore, type TestStore } from "../support/local-store.ts";

let t: TestStore;
const C = "sundhedsklynge-syd";
beforeAll(async () => {
  t = await startTestStore();
  for (const [i, action] of ["vote.opened", "vote.response", "vote.response", "vote.closed"].entries()) {
    await t.store.appendAudit({ committeeId: C, matter: "vote/v1", actor: `seat-${i}`, action, channel: "email", data: { i } });
  }
  for (const action of ["agenda.released", "agenda.sent"]) await t.store.appendAudit({ committeeId: C, matter: "meeting/2027-04-22", actor: "region-1", action, channel: "api", data: {} });
});
afterAll(async () => { await t.stop(); });

const raw = () => rawDocumentClient(t.dynamo.endpoint);

describe("R-7.2: the audit trail is hash-chained; audit verify names a changed or removed entry", () => {
  it("an untouched trail verifies", async () => {
    expect(await verifyAudit(t, C)).toEqual({ ok: true, chains: 2, entries: 6, problems: [] });
  });

  it("changing one entry's content in the store is detected and named", async () => {
    const [entry] = await t.store.list("audit", `AUDIT#${C}#vote/v1`, "SEQ#00000002");
    const doc = raw();
    // Someone edits a response's recorded answer directly in the table.
    await doc.send(new PutCommand({ TableName: t.tableName, Item: { ...entry, data: { i: 1, answer: "against" }, recordKind: "audit", pk: `AUDIT#${C}#vote/v1`, sk: "SEQ#00000002", gsi1pk: `AUDIT#${C}`, gsi1sk: `${entry?.at}#vote/v1#00000002` } }));
    const result = await verifyAudit(t, C);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ matter: "vote/v1", seq: 2, code: "entry-changed", params: {}, problem: "the entry was changed: its content does not match its hash" }]);
    await doc.send(new PutCommand({ TableName: t.tableName, Item: { ...entry, recordKind: "audit", pk: `AUDIT#${C}#vote/v1`, sk: "SEQ#00000002", gsi1pk: `AUDIT#${C}`, gsi1sk: `${entry?.at}#vote/v1#00000002` } }));
    expect((await verifyAudit(t, C)).ok).toBe(true);
    doc.destroy();
  });

  it("removing an entry from the middle of a chain is detected and named", async () => {
    const doc = raw();
    await doc.send(new DeleteCommand({ TableName: t.tableName, Key: { pk: `AUDIT#${C}#vote/v1`, sk: "SEQ#00000003" } }));
    const result = await verifyAudit(t, C);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => [p.matter, p.seq, p.problem])).toEqual([
      ["vote/v1", 4, "expected entry 3: entry 3 is missing"],
      ["vote/v1", 4, "the chain is broken: prevHash does not match the previous entry"],
    ]);
    doc.destroy();
  });

  it("two writers appending to one matter (two Lambda containers) keep one unbroken chain and record a ref once", async () => {
    // Each Store remembers the chains it appended to; the other writer's appends make that memory stale.
    const other = new Store(dynamoClient({ tableName: t.tableName, endpoint: t.dynamo.endpoint }), t.tableName, t.clock, t.store.auditSeal);
    const matter = "vote/v2";
    const append = (s: Store, i: number, ref?: string) => s.appendAudit({ committeeId: C, matter, actor: `seat-${i}`, action: "vote.response", channel: "email", data: { i }, ...(ref ? { ref } : {}) });
    await append(t.store, 1);
    await append(other, 2);
    await append(t.store, 3, "inbound/m-3");
    await append(other, 4, "inbound/m-4");
    // A redelivery lands on the first writer, whose memory of the chain ends before m-4: still one entry.
    const again = await append(t.store, 4, "inbound/m-4");
    await Promise.all([append(t.store, 5), append(other, 6), append(t.store, 7), append(other, 8)]);
    const chain = await t.store.list("audit", `AUDIT#${C}#${matter}`, "SEQ#");
    expect(chain.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(chain.filter((e) => e.ref === "inbound/m-4")).toEqual([again]);
    // (vote/v1 was damaged on purpose above.)
    expect((await verifyAudit(t, C)).problems.filter((p) => p.matter === matter)).toEqual([]);
  });

  it("answers appended at once by one process take turns: no write refused, the chain not read again, and a failing append does not hold up the rest", async () => {
    const matter = "vote/v3";
    await t.store.appendAudit({ committeeId: C, matter, actor: "secretariat", action: "vote.opened", channel: "api", data: {} });
    const refusedBefore = t.store.stats.conditionalRefusals;
    const readsBefore = t.store.stats.readsByKind.audit ?? 0;
    // Seat 5's entry cannot be hashed (a BigInt in its data): that append fails, the 15 others go on.
    const outcomes = await Promise.allSettled(Array.from({ length: 16 }, (_, i) =>
      t.store.appendAudit({ committeeId: C, matter, actor: `seat-${i}`, action: "vote.response", channel: "email", ref: `link/${i}`, data: i === 5 ? { n: 1n as unknown } : { i } })));
    expect(outcomes.filter((o) => o.status === "rejected")).toHaveLength(1);
    expect(t.store.stats.conditionalRefusals - refusedBefore).toBe(0);
    expect((t.store.stats.readsByKind.audit ?? 0) - readsBefore).toBe(0);
    const chain = await t.store.list("audit", `AUDIT#${C}#${matter}`, "SEQ#");
    expect(chain.map((e) => e.seq)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(chain.slice(1).map((e) => e.actor)).toEqual(Array.from({ length: 16 }, (_, i) => `seat-${i}`).filter((a) => a !== "seat-5"));
    expect((await verifyAudit(t, C)).problems.filter((p) => p.matter === matter)).toEqual([]);
  });
});
