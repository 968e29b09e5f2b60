/**
 * Reply ingestion: written-vote answers posted concurrently through the member pages (the API a
 * signed link opens) and through SMTP (raw replies to the ballot's reply address), each measured from
 * request to "recorded" — the answer can no longer be lost: the link's 303 to the answer's page once the answer
 * is stored (acceptLinkAction); the SMTP server's 250 once the reply is stored (acceptInbound), as SES answers
 * before its Lambda runs — and until every answer is judged and its receipt sent. In the same run
 * and over the same local store: the store's conditional-put throughput (the write that claims an inbound
 * reply), as the ceiling the ingestion is compared against.
 *
 * The whole local stack serves it as `npm start` does: dynalite over loopback HTTP, the HTTP server, the
 * SMTP sink, the workflow executor on the real clock. Outgoing mail (ballots, receipts, results) is
 * composed in full and counted in memory.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nodemailer from "nodemailer";
import type { Mailer, OutgoingMail } from "#adapters/mailer";
import { parseRulebook, type Rulebook } from "#domain/rulebook";
import { loadCommittee } from "#functions/committee/setup";
import { openWrittenVote, voteState } from "#functions/written-votes/written-votes";
import { startHttpServer } from "#local/http-server";
import { ROOT } from "#local/paths";
import { startRuntime } from "#local/runtime";
import { startSmtpSink } from "#local/smtp-sink";
import { MemoryBlobs } from "./term.ts";

export interface IngestRow {
  channel: string;
  operations: number;
  concurrency: number;
  seconds: number;
  perSecond: number;
  p50ms: number;
  p99ms: number;
  /** Operations over the time from the first request until the last was judged and its receipt sent. */
  judgedPerSecond: number;
  /** Answers the store holds afterwards (for replies: counted responses). */
  recorded: number;
  /** Store reads and writes per operation during the phase (votes closing included). */
  readsPerOp: number;
  writesPerOp: number;
  emailsPerOp: number;
}

export interface IngestResult {
  rows: IngestRow[];
  /** Replies per second over the ceiling's conditional puts per second, per channel. */
  ratios: Record<string, number>;
}

class BallotMailer implements Mailer {
  /** Reply token per "voteTitle|email" from each ballot's Reply-To. */
  readonly tokens = new Map<string, string>();
  sent = 0;
  async send(mail: OutgoingMail): Promise<{ providerMessageId: string }> {
    this.sent += 1;
    const head = mail.raw.subarray(0, 4096).toString("latin1");
    if (/X-Klyngeflow-Purpose: ballot/.test(head)) {
      const token = /Reply-To:\s*(?:\r?\n\s+)?svar\+([^\s@>]+)@/.exec(head)?.[1];
      const title = /Subject: [^\r\n]*?(Sag-[a-z]+\d+)/.exec(head)?.[1];
      if (token && title) this.tokens.set(`${title}|${mail.to[0]}`, token);
    }
    return { providerMessageId: `mem-${this.sent}` };
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? 0;

type Timed = Omit<IngestRow, "recorded" | "readsPerOp" | "writesPerOp" | "emailsPerOp" | "judgedPerSecond">;

async function timed(label: string, jobs: (() => Promise<void>)[], concurrency: number): Promise<Timed> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      const t = performance.now();
      await job?.();
      latencies.push(performance.now() - t);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { channel: label, operations: jobs.length, concurrency, seconds, perSecond: jobs.length / seconds, p50ms: percentile(latencies, 0.5), p99ms: percentile(latencies, 0.99) };
}

export async function measureIngestion(options: { replies: number; concurrency: number; log?: (line: string) => void }): Promise<IngestResult> {
  const log = options.log ?? (() => undefined);
  const dataDir = mkdtempSync(join(tmpdir(), "klyngeflow-ingest-"));
  const mailer = new BallotMailer();
  const rt = await startRuntime({ dataDir, memoryStore: true, publicUrl: "http://127.0.0.1:3000", instrument: (d) => { d.mailer = mailer; d.blobs = new MemoryBlobs(); } });
  const { deps } = rt;
  const http = await startHttpServer(deps, { port: 0, outboxDir: rt.outboxDir });
  const smtp = await startSmtpSink(deps, 0);
  const committeeId = "ingest-bench";
  const base = JSON.parse(readFileSync(join(ROOT, "rulebooks/sundhedsklynge-syd-2026.json"), "utf8")) as Rulebook;
  const rulebook = parseRulebook({ ...base, id: `${committeeId}-2026`, committee: { id: committeeId, name: "Benchmark-klynge" } });
  await loadCommittee(deps.store, deps.clock, rulebook, []);
  const seats = rulebook.seats;
  try {
    // Enough open votes that every reply is a first answer from its seat.
    const votesPerChannel = Math.ceil(options.replies / seats.length);
    const votes: Record<"api" | "smtp", { voteId: string; title: string }[]> = { api: [], smtp: [] };
    log(`  åbner ${2 * votesPerChannel} skriftlige voteringer (${2 * votesPerChannel * seats.length} stemmesedler) …`);
    for (const channel of ["api", "smtp"] as const) {
      for (let i = 0; i < votesPerChannel; i++) {
        const title = `Sag-${channel}${String(i).padStart(4, "0")}`;
        const vote = await openWrittenVote(deps, { committeeId, title, question: "Godkender I forslaget?", openedBy: "secretariat" });
        votes[channel].push({ voteId: vote.voteId, title });
      }
    }
    await rt.executor.idle();
    const ballots = (channel: "api" | "smtp") =>
      votes[channel].flatMap((v) => seats.map((s) => ({ vote: v, seat: s, token: mailer.tokens.get(`${v.title}|${s.member.email}`) ?? "" }))).slice(0, options.replies);
    const missing = [...ballots("api"), ...ballots("smtp")].filter((b) => !b.token).length;
    if (missing) throw new Error(`${missing} ballots without a reply token`);

    // The ceiling: conditional puts of inbound receipts, through the same Store and transport.
    const putJobs = Array.from({ length: Math.max(1000, options.replies * 2) }, (_, i) => async () => {
      const ok = await deps.store.create("inbound", { receiptId: `ceiling-${i}`, receivedAt: deps.clock.now(), blobKey: `mail/in/ceiling-${i}.eml`, bytes: 1200, channel: "smtp", status: "received", rev: 0 });
      if (!ok) throw new Error("conditional put refused");
    });
    log("  loftet: betingede skrivninger …");
    // `judged`: what is still being worked on once every request has its answer (the SMTP sink judges after 250).
    const phase = async (label: string, jobs: (() => Promise<void>)[], judged: () => Promise<void> = async () => undefined) => {
      const before = { ...deps.store.stats, emails: mailer.sent };
      const started = performance.now();
      const row = await timed(label, jobs, options.concurrency);
      await judged();
      await rt.executor.idle();
      const judgedPerSecond = jobs.length / ((performance.now() - started) / 1000);
      const per = (n: number) => n / jobs.length;
      return { ...row, judgedPerSecond, readsPerOp: per(deps.store.stats.reads - before.reads), writesPerOp: per(deps.store.stats.writes - before.writes), emailsPerOp: per(mailer.sent - before.emails) };
    };
    const ceiling = await phase("store conditional put (ceiling)", putJobs);

    log(`  ${options.replies} svar via svarlink (HTTP) …`);
    const apiJobs = ballots("api").map((b, i) => async () => {
      // "Recorded" is the 303 to the answer's page: the answer is stored. A browser would follow it and see
      // the judgment; here the local server's background judge does that work (the "judged / s" column).
      const res = await fetch(`${http.url}/m/${b.token}`, { method: "POST", body: new URLSearchParams({ svar: ["for", "against", "abstain"][i % 3] ?? "for" }), redirect: "manual" });
      await res.arrayBuffer();
      if (res.status !== 303 || !res.headers.get("location")?.includes("/svar/")) throw new Error(`link answer not stored: ${res.status}`);
    });
    const api = await phase("reply via link (HTTP API)", apiJobs, () => http.idle());

    log(`  ${options.replies} svar via e-mail (SMTP) …`);
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: smtp.port, secure: false, ignoreTLS: true, pool: true, maxConnections: options.concurrency, maxMessages: Infinity });
    const smtpJobs = ballots("smtp").map((b, i) => async () => {
      const from = b.seat.member.email;
      const to = `svar+${b.token}@${deps.settings.inboundDomain}`;
      const raw = `From: ${from}\r\nTo: ${to}\r\nSubject: SV: Skriftlig votering\r\nMessage-ID: <ingest-${i}@mail.example.net>\r\nDate: ${new Date().toUTCString()}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${["JA", "NEJ", "UNDLAD"][i % 3]}\r\n\r\n> Skriftlig votering\r\n`;
      await transport.sendMail({ envelope: { from, to: [to] }, raw });
    });
    const viaSmtp = await phase("reply by email (SMTP)", smtpJobs, () => smtp.idle());
    transport.close();
    await rt.executor.idle();

    const counted = async (channel: "api" | "smtp") => {
      let n = 0;
      for (const v of votes[channel]) n += (await voteState(deps, committeeId, v.voteId)).responses.length;
      return n;
    };
    const rows: IngestRow[] = [
      { ...ceiling, recorded: putJobs.length },
      { ...api, recorded: await counted("api") },
      { ...viaSmtp, recorded: await counted("smtp") },
    ];
    return { rows, ratios: { api: api.perSecond / ceiling.perSecond, smtp: viaSmtp.perSecond / ceiling.perSecond } };
  } finally {
    await smtp.stop();
    await http.stop();
    await rt.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
