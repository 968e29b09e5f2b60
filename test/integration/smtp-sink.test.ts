/**
 * The local SMTP sink stands in for SES: 250 means the reply is stored — its bytes and a
 * "received" record — and judging follows, one reply at a time in order of arrival.
 */
import nodemailer from "nodemailer";
import { afterEach, describe, expect, it } from "vitest";
import type { Deps } from "#functions/deps";
import type { InboundResult } from "#functions/answers/email-replies";
import { localInboundSweep, sweepInbound } from "#functions/answers/email-replies";
import { openWrittenVote, voteState } from "#functions/written-votes/written-votes";
import { startSmtpSink, type SmtpSink } from "#local/smtp-sink";
import { startTestRuntime, type TestRuntime } from "../support/runtime.ts";

const C = "sundhedsklynge-syd";
let t: TestRuntime;
let sink: SmtpSink | undefined;
afterEach(async () => {
  await sink?.stop();
  sink = undefined;
  await t?.stop();
});

async function ballotReplyTo(seatEmail: string): Promise<{ voteId: string; replyTo: string }> {
  const vote = await openWrittenVote(t.deps, { committeeId: C, title: "Modtagelse", question: "?", openedBy: "secretariat" });
  await t.rt.executor.idle();
  const ballot = (await t.outbox()).find((m) => m.purpose === "ballot" && m.to === seatEmail);
  return { voteId: vote.voteId, replyTo: ballot?.replyTo ?? "" };
}

const send = (port: number, from: string, to: string, text: string, messageId: string) =>
  nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true }).sendMail({ from, to, subject: "SV: Skriftlig votering", text, messageId });

/** Holds every store write of one kind until released: judging can be caught between acceptance and outcome. */
function holdingWrites(deps: Deps): { release(): void } {
  let release!: () => void;
  const gate = new Promise<void>((r) => { release = r; });
  const create = deps.store.create.bind(deps.store);
  deps.store.create = (async (kind: string, record: never, options?: never) => {
    if (kind === "voteResponse") await gate;
    return create(kind as never, record, options);
  }) as typeof deps.store.create;
  return { release };
}

describe("Stored before judged: the SMTP sink answers 250 once a reply is stored, and judges it after", () => {
  it("R-7.2: at 250 the bytes and a received record exist; judging then records the vote and sends the receipt", async () => {
    t = await startTestRuntime({ start: "2027-03-26T10:00:00+01:00", plan: [] });
    const { voteId, replyTo } = await ballotReplyTo("borgmester@ishoj.example.org");
    const held = holdingWrites(t.deps);
    sink = await startSmtpSink(t.deps, 0);
    await send(sink.port, "borgmester@ishoj.example.org", replyTo, "JA", "<accept-1@mail.example.net>");
    const inbound = await t.deps.store.listByIndex("inbound", "INBOUND#unknown", "");
    expect(inbound).toEqual([expect.objectContaining({ status: "received", channel: "smtp", receivedAt: "2027-03-26T10:00:00+01:00", envelopeTo: [replyTo] })]);
    expect((await t.deps.blobs.get(inbound[0]?.blobKey ?? ""))?.toString()).toContain("JA");
    expect((await voteState(t.deps, C, voteId)).responses).toEqual([]);

    held.release();
    await sink.idle();
    const { result } = await voteState(t.deps, C, voteId);
    expect(result.tally.for).toBe(1);
    const record = await t.deps.store.get("inbound", { pk: `INBOUND#${inbound[0]?.receiptId}`, sk: "INBOUND" });
    expect(record).toMatchObject({ status: "processed", outcome: "recorded", committeeId: C });
    expect((await t.outbox()).filter((m) => m.purpose === "reply-outcome").map((m) => m.to)).toEqual(["borgmester@ishoj.example.org"]);
  });

  it("R-3.6: two replies from one member are judged in the order they arrived, each at its time of acceptance", async () => {
    t = await startTestRuntime({ start: "2027-03-26T10:00:00+01:00", plan: [] });
    const { voteId, replyTo } = await ballotReplyTo("borgmester@dragor.example.org");
    const held = holdingWrites(t.deps);
    const results: InboundResult[] = [];
    sink = await startSmtpSink(t.deps, 0, { onResult: (r) => results.push(r) });
    await send(sink.port, "borgmester@dragor.example.org", replyTo, "JA", "<order-1@mail.example.net>");
    await t.runUntil("2027-03-26T11:00:00+01:00");
    await send(sink.port, "borgmester@dragor.example.org", replyTo, "NEJ", "<order-2@mail.example.net>");
    held.release();
    await sink.idle();
    expect(results.map((r) => r.recorded)).toEqual(["JA", "NEJ"]);
    const dragor = (await voteState(t.deps, C, voteId)).result.seats.find((s) => s.seatId === "dragor");
    expect(dragor).toMatchObject({ answer: "against" });
  });

  it("R-7.2: a judging that keeps failing leaves the reply received; the sweeper finishes it with its time of acceptance", async () => {
    t = await startTestRuntime({ start: "2027-03-26T10:00:00+01:00", plan: [] });
    const { voteId, replyTo } = await ballotReplyTo("borgmester@brondby.example.org");
    const create = t.deps.store.create.bind(t.deps.store);
    t.deps.store.create = (async (kind: string, record: never, options?: never) => {
      if (kind === "voteResponse") throw new Error("store unavailable");
      return create(kind as never, record, options);
    }) as typeof t.deps.store.create;
    const gaveUp: string[] = [];
    sink = await startSmtpSink(t.deps, 0, { retryDelaysMs: [1, 1], onGiveUp: (id, e) => gaveUp.push(`${id}: ${e.message}`) });
    await send(sink.port, "borgmester@brondby.example.org", replyTo, "UNDLAD", "<sweep-1@mail.example.net>");
    await sink.idle();
    expect(gaveUp).toEqual([expect.stringMatching(/^smtp-sha256-[0-9a-f]+: store unavailable$/)]);
    const [received] = await t.deps.store.listByIndex("inbound", "INBOUND#unknown", "");
    expect(received).toMatchObject({ status: "received" });

    t.deps.store.create = create;
    await t.runUntil("2027-03-26T15:00:00+01:00");
    const swept = await sweepInbound(t.deps, t.deps.blobs, localInboundSweep);
    expect(swept.processed).toEqual([received?.receiptId]);
    const brondby = (await voteState(t.deps, C, voteId)).result.seats.find((s) => s.seatId === "brondby");
    expect(brondby).toMatchObject({ answer: "abstain", receivedAt: "2027-03-26T10:00:00+01:00" });
  });
});
