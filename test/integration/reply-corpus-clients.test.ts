/**
 * Replies as mail clients in other languages and quoting styles write them (bottom posts,
 * interleaved answers, foreign reply headers, '|' quoting, separators, wrapped attributions, mobile footers,
 * HTML-only replies), each with a real token, through processInbound. Every one gets its expected reading, and
 * the member's own text is exactly what the corpus says the member wrote; a quoted line is never the answer.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseInboundEmail } from "#adapters/inbound-mime";
import { ownText, type UnclearReason, type VoteAnswer } from "#domain/reply-reading";
import type { InboundResult } from "#functions/answers/email-replies";
import { unclearReplyDa } from "#templates/reply-reasons";
import { ROOT } from "../support/rulebooks.ts";
import { startReplyRuntime, type ReplyAction, type ReplyRuntime } from "../support/replies.ts";

interface Entry {
  file: string;
  client: string;
  action: ReplyAction;
  token: { seat: string };
  own: string;
  expect: { outcome: string; reading: "vote" | "unclear" | "objection" | "no-objection"; answer?: VoteAnswer; remark?: string; reason?: UnclearReason; answers?: VoteAnswer[]; text?: string };
  notes: string;
}

const DIR = `${ROOT}test/fixtures/replies/`;
const manifest = JSON.parse(readFileSync(`${DIR}manifest-clients.json`, "utf8")) as Entry[];
/** Lines of the ballot and minutes that every reply quotes: none may reach a record. */
const QUOTED = ["Svar JA, NEJ, UNDLAD eller INDSIGELSE", "Svarfrist", "forretningsordenens", "Har du indsigelser"];

let r: ReplyRuntime;
const results = new Map<string, { result: InboundResult; raw: Buffer; voteId?: string }>();

async function deliver(entry: Entry, voteTitle?: string, voteId?: string): Promise<void> {
  const token = await r.tokenFor(entry.action, entry.token.seat, voteTitle);
  const raw = Buffer.from(readFileSync(`${DIR}${entry.file}`, "latin1").replace("{{TOKEN}}", token), "latin1");
  const result = await r.deliver(raw, `clients-${entry.file.replace(/\W/g, "-")}`);
  results.set(entry.file, { result, raw, ...(voteId ? { voteId } : {}) });
}

beforeAll(async () => {
  r = await startReplyRuntime();
  // Votes: a new one whenever a seat would answer twice, so that each reply is its seat's only answer and no
  // vote closes early because every seat has answered.
  let seats = new Set<string>();
  let vote = { id: "", title: "" };
  let n = 0;
  for (const e of manifest.filter((x) => x.action === "written-vote")) {
    if (!vote.id || seats.has(e.token.seat) || seats.size >= 16) {
      vote = { title: `Sag ${++n} om klientsvar`, id: "" };
      vote.id = await r.openVote(vote.title);
      seats = new Set();
    }
    seats.add(e.token.seat);
    await deliver(e, vote.title, vote.id);
  }
  await r.toMinutesPhase();
  for (const e of manifest.filter((x) => x.action === "minutes")) await deliver(e);
}, 180_000);
afterAll(async () => { await r?.stop(); });

describe("the corpus of client replies", () => {
  it("has 35 or more raw emails, on example domains only, every byte beyond ASCII in a transfer encoding", () => {
    expect(manifest.length).toBeGreaterThanOrEqual(35);
    for (const e of manifest) {
      const raw = readFileSync(`${DIR}${e.file}`, "latin1");
      expect(/^[\x00-\x7f]*$/.test(raw), e.file).toBe(true);
      const addresses = raw.replace(/=\r?\n/g, "").match(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]{2,}/g) ?? [];
      expect(addresses.filter((a) => !/@([a-z0-9-]+\.)*example\.(org|net|com)$/i.test(a)), e.file).toEqual([]);
    }
  });
});

describe("every client reply through processInbound gets its expected reading and own text", () => {
  for (const entry of manifest) {
    const e = entry.expect;
    const what = e.reading === "vote" ? `vote ${e.answer}` : e.reading === "unclear" ? `unclear (${e.reason})` : e.reading;
    it(`${entry.file} (${entry.client}): ${what}${entry.notes ? ` — ${entry.notes}` : ""}`, async () => {
      const got = results.get(entry.file);
      if (!got) throw new Error("not delivered");
      expect(got.result.outcome).toBe(e.outcome);
      // The own text as the production parser and reader see it: exactly what the member wrote.
      const parsed = await parseInboundEmail(got.raw);
      expect(ownText({ text: parsed.text, html: parsed.html })).toBe(entry.own);

      if (e.reading === "vote") {
        const responses = await r.t.deps.store.list("voteResponse", r.votePk(got.voteId ?? ""), "RESPONSE#");
        const response = responses.find((x) => x.sourceRef === got.result.sourceRef);
        expect(response?.answer).toBe(e.answer);
        expect(response?.seatId).toBe(entry.token.seat);
        // R-7.1: the remark holds only the member's own words.
        expect(response?.remark ?? "").toBe(e.remark ?? "");
        for (const q of QUOTED) expect(response?.remark ?? "").not.toContain(q);
      } else if (e.reading === "unclear") {
        const why = unclearReplyDa({ kind: "unclear", reason: e.reason as UnclearReason, ...(e.answers ? { answers: e.answers } : {}) });
        expect(got.result.reason).toBe(why);
        const mail = (await r.t.outbox()).filter((m) => m.purpose === "reply-outcome" && m.text.replace(/\s+/g, " ").includes(why)).at(-1);
        expect(mail?.subject).toMatch(/^Svar venligst igen: /);
        // Never "your reply was empty" to a member who wrote something.
        expect(mail?.text ?? "").not.toMatch(/\btomt?\b/i);
      } else if (e.reading === "objection") {
        const objections = await r.t.deps.store.list("minutesObjection", r.meetingPk(), "OBJECTION#");
        const objection = objections.find((o) => o.sourceRef === got.result.sourceRef);
        expect(objection?.text).toBe(e.text);
      } else {
        expect(got.result.recorded).toBe("ingen indsigelse");
      }
    });
  }
});
