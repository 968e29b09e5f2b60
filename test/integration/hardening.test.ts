/**
 * Issue 20: no single reply, link or person can stop, corrupt or impersonate. Each finding of the outside
 * attack, through the real entry points (the member pages' HTTP app, processInbound with raw mail, the
 * sweeper, the local stack's start), each shown failing on a11355d.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Hono } from "hono";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterEach, describe, expect, it } from "vitest";
import { localInboundSweep, processInbound, sweepInbound } from "#functions/answers/email-replies";
import { setAsideAnswers } from "#functions/answers/isolation";
import { getLinkAction } from "#functions/answers/link-answers";
import { updateSeat } from "#functions/committee/seats";
import { lookups } from "#adapters/records";
import { makeApp } from "#functions/http/app";
import { cancelWrittenVote, openWrittenVote, voteState } from "#functions/written-votes/written-votes";
import { startLocalStack } from "#local/stack";
import { readLocalConfig } from "#local/config";
import { rulebook2026 } from "../support/rulebooks.ts";
import { startTestRuntime, type TestRuntime } from "../support/runtime.ts";

const C = "sundhedsklynge-syd";
const ISHOJ = "borgmester@ishoj.example.org";
let t: TestRuntime | undefined;
afterEach(async () => { await t?.stop(); t = undefined; });

/** Link answers stored and not yet judged (the sweeper's own query). */
const storedLinkAnswers = (rt: TestRuntime) => rt.deps.store.lookup("linkAction", lookups.linkActionsToJudge());
const post = (app: Hono, path: string, body: string) => app.request(path, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
const linkOf = (text: string) => new URL(/(http:\/\/[^\s?]+\/m\/[a-z0-9-]+)/.exec(text)?.[1] ?? "http://x/").pathname;

async function vote(rt: TestRuntime) {
  const v = await openWrittenVote(rt.deps, { committeeId: C, title: "Hærdning", question: "Godkender I?", openedBy: "secretariat" });
  await rt.rt.executor.idle();
  const ballots = (await rt.outbox()).filter((m) => m.purpose === "ballot");
  const ballot = (to: string) => ballots.find((b) => b.to === to);
  return { voteId: v.voteId, link: (to: string) => linkOf(ballot(to)?.text ?? ""), replyTo: (to: string) => ballot(to)?.replyTo ?? "" };
}

function mail(h: { from: string; to: string; id: string; body: string; extra?: string[] }): Buffer {
  return Buffer.from([`From: ${h.from}`, `To: ${h.to}`, "Subject: SV: Skriftlig votering", `Message-ID: <${h.id}@example.org>`, ...(h.extra ?? []),
    "Date: Fri, 26 Mar 2027 10:00:00 +0100", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "", h.body, ""].join("\r\n"));
}

/** Writes an item as the table holds it, bypassing the Store's schema check: what a bug or a tamperer leaves. */
async function rawPut(rt: TestRuntime, item: Record<string, unknown>): Promise<void> {
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: rt.rt.dynamo.endpoint, region: "local", credentials: { accessKeyId: "local", secretAccessKey: "local" } }));
  await doc.send(new PutCommand({ TableName: rt.deps.store.tableName, Item: item }));
  doc.destroy();
}

describe("Isolation: one reply or link answer that cannot be judged never stops a sweep or a start", () => {
  it("DESIGN.md principle 9: a stored reply whose record is corrupt is recorded, retried, then set aside and listed; the sweep judges the others", async () => {
    t = await startTestRuntime({ start: "2027-03-26T10:00:00+01:00", plan: [] });
    const v = await vote(t);
    // A reply accepted (raw + record) whose record a bug left unreadable, and a good one beside it.
    await t.deps.blobs.put("mail/in/smtp-bad.eml", mail({ from: ISHOJ, to: v.replyTo(ISHOJ), id: "bad", body: "JA" }), "message/rfc822");
    await rawPut(t, { pk: "INBOUND#smtp-bad", sk: "INBOUND", recordKind: "inbound", receiptId: "smtp-bad", status: "half-written" });
    await t.deps.blobs.put("mail/in/smtp-good.eml", mail({ from: "borgmester@brondby.example.org", to: v.replyTo("borgmester@brondby.example.org"), id: "good", body: "NEJ" }), "message/rfc822");
    const first = await sweepInbound(t.deps, t.deps.blobs, localInboundSweep);
    expect(first).toMatchObject({ processed: ["smtp-good"], failed: ["smtp-bad"] });
    expect((await voteState(t.deps, C, v.voteId)).result.seats.find((s) => s.seatId === "brondby")?.answer).toBe("against");
    await sweepInbound(t.deps, t.deps.blobs, localInboundSweep);
    await sweepInbound(t.deps, t.deps.blobs, localInboundSweep);
    expect(await sweepInbound(t.deps, t.deps.blobs, localInboundSweep)).toMatchObject({ processed: [], failed: [] });
    const [aside] = await setAsideAnswers(t.deps, undefined);
    expect(aside).toMatchObject({ answerId: "smtp-bad", kind: "inbound", attempts: 3 });
    expect(aside?.setAsideAt).toBeDefined();
    expect(aside?.error).toMatch(/CorruptRecordError/);
  });

  it("the local stack starts although a reply it accepted before cannot be judged", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "klyngeflow-isolation-"));
    const config = { ...readLocalConfig({ DATA_DIR: dataDir, PORT: "0", SMTP_PORT: "0", KLYNGEFLOW_TOKEN: "kf_isolation-test-token-0123456789" }), dataDir };
    try {
      const first = await startLocalStack(config, { virtualStart: "2027-03-26T10:00:00+01:00", quiet: true });
      await first.runtime.deps.blobs.put("mail/in/smtp-bad.eml", mail({ from: ISHOJ, to: "svar+x@svar.sundhedsklynge-syd.example.org", id: "bad", body: "JA" }), "message/rfc822");
      await rawPut({ rt: first.runtime, deps: first.runtime.deps } as unknown as TestRuntime, { pk: "INBOUND#smtp-bad", sk: "INBOUND", recordKind: "inbound", receiptId: "smtp-bad", status: "half-written" });
      const at = first.runtime.deps.clock.now();
      await first.stop();
      const again = await startLocalStack(config, { virtualStart: at, quiet: true });
      expect((await setAsideAnswers(again.runtime.deps, undefined)).map((a) => a.answerId)).toEqual(["smtp-bad"]);
      await again.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("R-7.2: a member-page form with a field named constructor (or __proto__) is stored as posted and judged", async () => {
    t = await startTestRuntime({ start: "2027-03-26T10:00:00+01:00", plan: [] });
    const v = await vote(t);
    const app = makeApp(t.deps);
    const res = await post(app, v.link(ISHOJ), "svar=for&constructor=5&__proto__=x");
    expect(res.status).toBe(303);
    const actionId = (res.headers.get("location") ?? "").split("/").at(-1) ?? "";
    expect((await getLinkAction(t.deps, actionId))?.form).toEqual([["svar", "for"], ["constructor", "5"], ["__proto__", "x"]]);
    expect((await app.request(res.headers.get("location") ?? "")).status).toBe(200);
    expect((await voteState(t.deps, C, v.voteId)).result.seats.find((s) => s.seatId === "ishoj")?.answer).toBe("for");
  });
});

describe("Who may answer: a token belongs to the person it was sent to", () => {
  it("R-1.2/R-3.6: after the seat's holder is replaced, the former holder's link stores nothing, counts nothing and sends no receipt to the new holder", async () => {
    t = await startTestRuntime({ start: "2027-03-26T10:00:00+01:00", plan: [] });
    const v = await vote(t);
    const seat = rulebook2026.seats.find((s) => s.id === "ishoj");
    await updateSeat(t.deps, C, "ishoj", { title: seat?.title ?? "", member: { name: "Ny borgmester (fiktiv)", email: "ny-borgmester@ishoj.example.org" }, substitutes: seat?.substitutes ?? [] }, "secretariat");
    const app = makeApp(t.deps);
    const res = await post(app, v.link(ISHOJ), "svar=against");
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await res.text()).toContain("Dit svar er ikke gemt");
    expect((await voteState(t.deps, C, v.voteId)).responses).toEqual([]);
    expect((await t.outbox()).filter((m) => m.purpose === "vote-receipt")).toEqual([]);
    // The former holder's reply address is refused as well (revoked), and nothing is sent to the new holder.
    const r = await processInbound(t.deps, { raw: mail({ from: ISHOJ, to: v.replyTo(ISHOJ), id: "former", body: "NEJ" }), receiptId: "former", receivedAt: t.now(), channel: "smtp" });
    expect(r.outcome).toBe("not-accepted");
    expect((await t.outbox()).some((m) => m.to === "ny-borgmester@ishoj.example.org" && m.purpose !== "ballot")).toBe(false);
  });

  it("R-3.6: a POST to a revoked (cancelled vote) link stores nothing", async () => {
    t = await startTestRuntime({ start: "2027-03-26T10:00:00+01:00", plan: [] });
    const v = await vote(t);
    await cancelWrittenVote(t.deps, C, v.voteId, "secretariat");
    const res = await post(makeApp(t.deps), v.link(ISHOJ), "svar=for");
    expect(res.status).toBe(410);
    expect(await storedLinkAnswers(t)).toEqual([]);
  });

  it("R-3.6: thirty POSTs of the same answer through one link send one receipt", async () => {
    t = await startTestRuntime({ start: "2027-03-26T10:00:00+01:00", plan: [] });
    const v = await vote(t);
    const app = makeApp(t.deps);
    for (let i = 0; i < 30; i++) {
      const res = await post(app, v.link(ISHOJ), "svar=for");
      await app.request(res.headers.get("location") ?? "");
    }
    expect((await t.outbox()).filter((m) => m.purpose === "vote-receipt").length).toBe(1);
  });
});

describe("No backscatter: only a verified sender is answered", () => {
  it("a forged From with no token, with a forged token, or with another seat's token is kept and not answered; so is unreadable mail", async () => {
    t = await startTestRuntime({ start: "2027-03-26T10:00:00+01:00", plan: [] });
    const v = await vote(t);
    const forgedToken = v.replyTo(ISHOJ).replace(/\+([a-z2-7])/, (_m, c: string) => `+${c === "a" ? "b" : "a"}`);
    const cases = [
      mail({ from: "victim@stranger.example.net", to: "sekretariat@svar.sundhedsklynge-syd.example.org", id: "no-token", body: "JA" }),
      mail({ from: "victim@stranger.example.net", to: forgedToken, id: "forged", body: "JA" }),
      mail({ from: "victim@stranger.example.net", to: v.replyTo(ISHOJ), id: "other-seat", body: "JA" }),
      Buffer.from(`From: victim@stranger.example.net\r\nTo: ${v.replyTo(ISHOJ)}\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n${"--x\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n".repeat(300)}`),
    ];
    const before = (await t.outbox()).length;
    for (const [i, raw] of cases.entries()) {
      const r = await processInbound(t.deps, { raw, receiptId: `bs-${i}`, receivedAt: t.now(), channel: "smtp" });
      expect(r.answered).toBe(false);
      expect((await t.deps.store.find("inbound", { receiptId: `bs-${i}` }))?.status).toBe("processed");
    }
    expect((await t.outbox()).length).toBe(before);
  });
});

describe("Bounds at every door", () => {
  /** A body of `bytes` sent in chunks, without a Content-Length (Transfer-Encoding: chunked). */
  const chunked = (bytes: number) => new ReadableStream<Uint8Array>({
    start(controller) {
      const chunk = new Uint8Array(1024 * 1024).fill(0x61);
      for (let sent = 0; sent < bytes; sent += chunk.length) controller.enqueue(chunk);
      controller.close();
    },
  });

  it("a chunked 20 MB API body is refused with 413 while it streams in", async () => {
    t = await startTestRuntime({ start: "2027-03-26T10:00:00+01:00", plan: [] });
    const { issueApiToken } = await import("#functions/committee/api-tokens");
    await issueApiToken(t.deps.store, t.now(), { token: "kf_bounds-test-token-0123456789", role: "secretariat", committeeId: C, name: "Sekretariatet" });
    const res = await makeApp(t.deps).request(`/api/committees/${C}/written-votes`, {
      method: "POST", body: chunked(20 * 1024 * 1024), duplex: "half",
      headers: { authorization: "Bearer kf_bounds-test-token-0123456789", "content-type": "application/json", "transfer-encoding": "chunked" },
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ problems: [{ field: "(body)" }] });
  });

  it("R-7.2: a 300 MB member-page POST is refused with 413 and nothing is stored", async () => {
    t = await startTestRuntime({ start: "2027-03-26T10:00:00+01:00", plan: [] });
    const v = await vote(t);
    const res = await makeApp(t.deps).request(v.link(ISHOJ), {
      method: "POST", body: chunked(300 * 1024 * 1024), duplex: "half", headers: { "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked" },
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await storedLinkAnswers(t)).toEqual([]);
  });

  it("R-7.2: a member-page POST whose Content-Length is over the form limit is refused with 413, in Danish, and nothing is stored; one just under it is stored", async () => {
    t = await startTestRuntime({ start: "2027-03-26T10:00:00+01:00", plan: [] });
    const v = await vote(t);
    const app = makeApp(t.deps);
    const { MAX_FORM_BODY } = await import("#functions/http/limits");
    const form = (bytes: number) => `svar=ja&kommentar=${"a".repeat(bytes - "svar=ja&kommentar=".length)}`;
    // As a browser sends it: the length declared (judged from the header, before anything is read).
    const post = (body: string) => app.request(v.link(ISHOJ), { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded", "content-length": String(Buffer.byteLength(body)) } });
    const over = await post(form(MAX_FORM_BODY + 1));
    expect(over.status).toBe(413);
    expect(await over.text()).toContain("Intet er gemt");
    expect(await storedLinkAnswers(t)).toEqual([]);
    const under = await post(form(MAX_FORM_BODY));
    expect(under.status).toBe(303);
    expect(await storedLinkAnswers(t)).toHaveLength(1);
  });

  it("the SMTP sink refuses a message over its advertised SIZE with 552 and stores nothing", async () => {
    t = await startTestRuntime({ start: "2027-03-26T10:00:00+01:00", plan: [] });
    const { startSmtpSink, MAX_MESSAGE_BYTES } = await import("#local/smtp-sink");
    const sink = await startSmtpSink(t.deps, 0);
    try {
      const nodemailer = (await import("nodemailer")).default;
      const send = nodemailer.createTransport({ host: "127.0.0.1", port: sink.port, secure: false, ignoreTLS: true }).sendMail({
        from: ISHOJ, to: "svar+x@svar.sundhedsklynge-syd.example.org", subject: "stor", text: "x".repeat(MAX_MESSAGE_BYTES + 1024 * 1024),
      });
      await expect(send).rejects.toMatchObject({ responseCode: 552 });
      expect(await t.deps.blobs.list("mail/in/")).toEqual([]);
    } finally {
      await sink.stop();
    }
  });
});
