/**
 * Concurrency campaign: all 17 seats answer N written votes at once, through member links (HTTP
 * POST) and email replies (SMTP) mixed, with redeliveries and changed answers; the tallies must equal a
 * reference computed from the inputs alone. Also measures reply ingestion.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import nodemailer from "nodemailer";
import { rulebookSchema } from "#domain/rulebook";
import { startLocalStack } from "#local/stack";

type Answer = "for" | "against" | "abstain";
const ANSWERS: Answer[] = ["for", "against", "abstain"];
const WORD: Record<Answer, string> = { for: "JA", against: "NEJ", abstain: "UNDLAD" };
const C = "sundhedsklynge-syd";

export interface ConcurrencyResult {
  votes: number;
  answersSent: number;
  redeliveries: number;
  changes: number;
  mismatches: string[];
  doubleCounted: number;
  seconds: number;
  ingestion: { replies: number; seconds: number; perSecond: number; p50ms: number; p99ms: number; viaSmtp: number; viaLink: number };
}

/** A deterministic choice from a seed, so a run can be repeated exactly. */
function pick(seed: number): number {
  let x = seed | 0;
  x = (x ^ 61) ^ (x >>> 16);
  x = x + (x << 3);
  x = x ^ (x >>> 4);
  x = Math.imul(x, 0x27d4eb2d);
  return (x ^ (x >>> 15)) >>> 0;
}

async function pool<T>(items: T[], concurrency: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await run(item);
    }
  }));
}

export async function runConcurrency(votes: number, options: { concurrency?: number; log?: (l: string) => void } = {}): Promise<ConcurrencyResult> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const dataDir = mkdtempSync(join(tmpdir(), "klyngeflow-concurrency-"));
  const stack = await startLocalStack({ port: 0, smtpPort: 0, dataDir, token: "concurrency-secretariat-token-00", tokenFromEnv: true }, { virtualStart: "2027-03-26T10:00:00+01:00", quiet: true });
  const { runtime, http, smtp, tokens } = stack;
  try {
    const rulebook = rulebookSchema.parse(JSON.parse(readFileSync(new URL("../rulebooks/sundhedsklynge-syd-2026.json", import.meta.url), "utf8")));
    const seats = rulebook.seats.map((s) => ({ id: s.id, email: s.member.email }));
    const voteIds: string[] = [];
    for (let v = 0; v < votes; v++) {
      const res = await fetch(`${http.url}/api/committees/${C}/written-votes`, {
        method: "POST", headers: { authorization: `Bearer ${tokens.secretariat}`, "content-type": "application/json" },
        body: JSON.stringify({ title: `Sag ${String(v + 1).padStart(3, "0")}`, question: `Godkender I sag ${v + 1}?` }),
      });
      voteIds.push(String(((await res.json()) as { id: string }).id));
      if ((v + 1) % 50 === 0) log(`  ${v + 1}/${votes} voteringer åbnet`);
    }
    await runtime.executor.idle();
    // What each member received: the reply address and the link of their ballot, by vote title.
    const ballot = new Map<string, { replyTo: string; link: string }>();
    const titleToVote = new Map(voteIds.map((id, i) => [`Sag ${String(i + 1).padStart(3, "0")}`, id]));
    for (const f of readdirSync(runtime.outboxDir)) {
      const m = await simpleParser(readFileSync(join(runtime.outboxDir, f)));
      if (String(m.headers.get("x-klyngeflow-purpose")) !== "ballot") continue;
      const title = (m.subject ?? "").replace(/^Skriftlig votering: /, "");
      const to = Array.isArray(m.to) ? "" : (m.to?.value[0]?.address ?? "");
      ballot.set(`${titleToVote.get(title)}|${to}`, { replyTo: m.replyTo?.value[0]?.address ?? "", link: /(http:\/\/127\.0\.0\.1:\d+\/m\/[a-z0-9-]+)/.exec(m.text ?? "")?.[1] ?? "" });
    }
    log(`  ${ballot.size} stemmesedler læst fra udbakken`);

    interface Send { voteId: string; seat: { id: string; email: string }; answer: Answer; channel: "link" | "smtp"; messageId: string }
    const expected = new Map<string, Answer>();
    const round1: Send[] = [];
    const round2: Send[] = [];
    const round3: Send[] = [];
    let n = 0;
    for (const voteId of voteIds) {
      seats.forEach((seat, i) => {
        const r = pick(++n);
        const first = ANSWERS[r % 3] as Answer;
        const channel = (r >>> 3) % 2 ? "link" : "smtp";
        const base = { voteId, seat, channel, messageId: `<c-${voteId}-${seat.id}-1@mail.example.net>` } as const;
        if (i === seats.length - 1) {
          round3.push({ ...base, answer: first });
          expected.set(`${voteId}|${seat.id}`, first);
          return;
        }
        round1.push({ ...base, answer: first });
        expected.set(`${voteId}|${seat.id}`, first);
        if ((r >>> 5) % 5 === 0) {
          // A changed answer: the latest before the close counts.
          const second = ANSWERS[(r + 1) % 3] as Answer;
          round2.push({ ...base, answer: second, messageId: `<c-${voteId}-${seat.id}-2@mail.example.net>` });
          expected.set(`${voteId}|${seat.id}`, second);
        } else if ((r >>> 5) % 5 === 1 && channel === "smtp") {
          // The same message delivered again: counts once.
          round2.push({ ...base, answer: first });
        }
      });
    }
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: smtp.port, secure: false, ignoreTLS: true, pool: true, maxConnections: 8 });
    const latencies: number[] = [];
    const send = async (s: Send) => {
      const b = ballot.get(`${s.voteId}|${s.seat.email}`);
      if (!b) throw new Error(`no ballot for ${s.voteId} ${s.seat.id}`);
      const t0 = performance.now();
      if (s.channel === "link") {
        const res = await fetch(b.link, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `svar=${s.answer}` });
        await res.text();
      } else {
        await transport.sendMail({ from: s.seat.email, to: b.replyTo, subject: "SV: Skriftlig votering", text: `${WORD[s.answer]}\n\n> Svar JA, NEJ, UNDLAD eller INDSIGELSE`, messageId: s.messageId });
      }
      latencies.push(performance.now() - t0);
    };
    const concurrency = options.concurrency ?? 32;
    const ingestStart = performance.now();
    // Each round is judged before the clock moves on (the sink answers 250 once a reply is stored).
    await pool(round1, concurrency, send);
    await smtp.idle();
    await runtime.executor.runUntil(Date.parse("2027-03-26T10:01:00+01:00"));
    await pool(round2, concurrency, send);
    await smtp.idle();
    await runtime.executor.runUntil(Date.parse("2027-03-26T10:02:00+01:00"));
    await pool(round3, concurrency, send);
    await smtp.idle();
    const ingestSeconds = (performance.now() - ingestStart) / 1000;
    await runtime.executor.idle();
    transport.close();
    log(`  ${round1.length + round2.length + round3.length} svar modtaget på ${ingestSeconds.toFixed(1)} s`);

    const mismatches: string[] = [];
    let doubleCounted = 0;
    for (const voteId of voteIds) {
      const res = await fetch(`${http.url}/api/committees/${C}/written-votes/${voteId}`, { headers: { authorization: `Bearer ${tokens.secretariat}` } });
      const view = (await res.json()) as { tally: Record<string, number>; status: string; closeReason: string; responses: { seat: string; answer: string | null }[] };
      const reference = { for: 0, against: 0, abstain: 0 };
      for (const seat of seats) reference[expected.get(`${voteId}|${seat.id}`) as Answer] += 1;
      if (view.tally.for !== reference.for || view.tally.against !== reference.against || view.tally.abstain !== reference.abstain) {
        mismatches.push(`${voteId}: tally ${JSON.stringify(view.tally)} ≠ reference ${JSON.stringify(reference)}`);
      }
      if (view.tally.respondents !== seats.length) doubleCounted += Math.abs((view.tally.respondents ?? 0) - seats.length);
      for (const r of view.responses) {
        if (r.answer !== expected.get(`${voteId}|${r.seat}`)) mismatches.push(`${voteId} ${r.seat}: ${r.answer} ≠ ${expected.get(`${voteId}|${r.seat}`)}`);
      }
      if (view.status !== "closed" || view.closeReason !== "all-seats-voted") mismatches.push(`${voteId}: ${view.status}/${view.closeReason}, expected closed when all seats voted`);
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
    const all = [...round1, ...round2, ...round3];
    return {
      votes, answersSent: all.length,
      redeliveries: round2.filter((s) => s.messageId.endsWith("-1@mail.example.net>")).length,
      changes: round2.filter((s) => s.messageId.endsWith("-2@mail.example.net>")).length,
      mismatches, doubleCounted, seconds: (Date.now() - started) / 1000,
      ingestion: { replies: all.length, seconds: ingestSeconds, perSecond: all.length / ingestSeconds, p50ms: q(0.5), p99ms: q(0.99), viaSmtp: all.filter((s) => s.channel === "smtp").length, viaLink: all.filter((s) => s.channel === "link").length },
    };
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
