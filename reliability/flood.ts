/**
 * A flood of replies with `kill -9` in the middle: the real `npm start` process (local/start.ts) is sent
 * N replies over SMTP, 16 at a time, and killed with SIGKILL when half have been accepted; it is started
 * again on the same data folder and sent the replies it never answered 250 to. Afterwards every accepted
 * reply is judged once — none lost, none counted or answered twice — and the audit trail verifies.
 * Each (vote, seat) gets one reply (some delivered twice), so the reference tally follows from the inputs.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import nodemailer from "nodemailer";
import { ROOT } from "#local/paths";

const C = "sundhedsklynge-syd";
const TOKEN = "flood-secretariat-token-000000000";
const WORD = { for: "JA", against: "NEJ", abstain: "UNDLAD" } as const;
type Answer = keyof typeof WORD;

export interface FloodResult {
  replies: number;
  acceptedBeforeKill: number;
  resentAfterRestart: number;
  redeliveries: number;
  lost: string[];
  doubleCounted: string[];
  mismatches: string[];
  receiptsTwice: string[];
  startCrashed: boolean;
  auditOk: boolean;
  /** What `audit verify` found, when it found anything (at most ten). */
  auditProblems: string[];
  seconds: number;
}

interface Running { child: ChildProcess; url: string; smtpPort: number; exited: Promise<number | null> }

/** Starts `npm start`'s script on a data folder (real clock) and waits until it prints where it listens. */
function start(dataDir: string): Promise<Running> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", `${ROOT}local/start.ts`], {
      cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, PORT: "0", SMTP_PORT: "0", KLYNGEFLOW_TOKEN: TOKEN, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const url = /Konsol:\s+(http:\/\/[^\s]+)\/console/.exec(out)?.[1];
      const smtp = /SMTP \(svar ind\):\s+127\.0\.0\.1:(\d+)/.exec(out)?.[1];
      if (url && smtp && out.includes("Stop med Ctrl-C")) resolve({ child, url, smtpPort: Number(smtp), exited });
    });
    child.stderr?.on("data", () => undefined);
    void exited.then((code) => reject(new Error(`npm start exited (${code}) before it was ready: ${out.slice(-400)}`)));
  });
}

async function api(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, json: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 120_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function runFlood(replies: number, options: { log?: (l: string) => void } = {}): Promise<FloodResult> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), "klyngeflow-flood-"));
  let running = await start(dataDir);
  try {
    const rulebook = JSON.parse(readFileSync(`${ROOT}rulebooks/sundhedsklynge-syd-2026.json`, "utf8")) as { seats: { id: string; member: { email: string } }[] };
    const seats = rulebook.seats;
    const votes = Math.ceil(replies / seats.length);
    const voteIds: string[] = [];
    for (let v = 0; v < votes; v++) {
      const r = await api(running.url, "POST", `/api/committees/${C}/written-votes`, { title: `Flod ${v + 1}`, question: "Godkender I?", durationDays: 30 });
      voteIds.push(String(r.json.id));
    }
    // The ballots' reply addresses, from the outbox the stack writes.
    const outbox = join(dataDir, "outbox");
    const ballots = await until("the ballots", async () => {
      const files = readdirSync(outbox).filter((f) => f.endsWith(".eml"));
      return files.length >= votes * seats.length ? files : undefined;
    });
    const replyTo = new Map<string, string>();
    for (const f of ballots) {
      const m = await simpleParser(readFileSync(join(outbox, f)));
      if (String(m.headers.get("x-klyngeflow-purpose")) !== "ballot") continue;
      const title = /Flod (\d+)/.exec(m.subject ?? "")?.[1];
      const to = Array.isArray(m.to) ? "" : (m.to?.value[0]?.address ?? "");
      if (title && m.replyTo) replyTo.set(`${voteIds[Number(title) - 1]}|${to}`, m.replyTo.value[0]?.address ?? "");
    }
    // One reply per (vote, seat), a deterministic answer; every 20th also delivered a second time.
    const answers = ["for", "against", "abstain"] as Answer[];
    const jobs: { key: string; from: string; to: string; answer: Answer; messageId: string; seatId: string; voteId: string }[] = [];
    for (const [v, voteId] of voteIds.entries()) {
      for (const [s, seat] of seats.entries()) {
        if (jobs.length >= replies) break;
        jobs.push({ key: `${voteId}|${seat.id}`, voteId, seatId: seat.id, from: seat.member.email, to: replyTo.get(`${voteId}|${seat.member.email}`) ?? "", answer: answers[(v * 7 + s * 3) % 3] as Answer, messageId: `<flood-${v}-${s}@mail.example.net>` });
      }
    }
    const redelivered = jobs.filter((_, i) => i % 20 === 7);
    const queue = [...jobs, ...redelivered];
    const accepted = new Set<number>();
    const send = async (port: number, i: number) => {
      const j = queue[i];
      if (!j) return;
      const transport = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
      try {
        await transport.sendMail({ from: j.from, to: j.to, subject: "SV: Skriftlig votering", text: WORD[j.answer], messageId: j.messageId });
        accepted.add(i);
      } catch {
        // Not answered 250 (the server was killed): the client sends it again later, as an MTA would.
      } finally {
        transport.close();
      }
    };
    // Half the flood, 16 at a time; kill -9 once half is accepted, whatever is in flight.
    let next = 0;
    let killed = false;
    const half = Math.floor(queue.length / 2);
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (!killed && next < queue.length) {
        const i = next++;
        await send(running.smtpPort, i);
        if (!killed && accepted.size >= half) {
          killed = true;
          running.child.kill("SIGKILL");
        }
      }
    }));
    await running.exited;
    const acceptedBeforeKill = accepted.size;
    log(`  kill -9 efter ${acceptedBeforeKill} accepterede svar af ${queue.length}`);
    let startCrashed = false;
    try {
      running = await start(dataDir);
    } catch {
      startCrashed = true;
      running = await start(dataDir);
    }
    const missing = queue.map((_, i) => i).filter((i) => !accepted.has(i));
    await Promise.all(Array.from({ length: 16 }, async (_, w) => {
      for (let k = w; k < missing.length; k += 16) await send(running.smtpPort, missing[k] as number);
    }));
    // Everything accepted is judged: each vote's responses as the reference says.
    const lost: string[] = [];
    const doubleCounted: string[] = [];
    const mismatches: string[] = [];
    for (const voteId of voteIds) {
      const view = await until(`vote ${voteId} judged`, async () => {
        const r = await api(running.url, "GET", `/api/committees/${C}/written-votes/${voteId}`);
        const rs = (r.json.responses ?? []) as { seat: string; answer: string | null }[];
        const expected = jobs.filter((j) => j.voteId === voteId).length;
        return rs.filter((x) => x.answer).length >= expected ? r.json : undefined;
      }, 180_000).catch(() => undefined);
      const rs = ((view?.responses ?? []) as { seat: string; answer: string | null; changes?: number }[]);
      for (const j of jobs.filter((x) => x.voteId === voteId)) {
        const got = rs.find((x) => x.seat === j.seatId);
        if (!got?.answer) lost.push(j.key);
        else if (got.answer !== j.answer) mismatches.push(`${j.key}: ${got.answer} ≠ ${j.answer}`);
        if ((got?.changes ?? 0) > 0) doubleCounted.push(j.key);
      }
    }
    const audit = await api(running.url, "GET", `/api/committees/${C}/audit/verify`);
    running.child.kill("SIGINT");
    await running.exited;
    // One receipt per reply, however often it was delivered or the server died around it.
    const receipts = new Map<string, number>();
    for (const f of readdirSync(outbox).filter((x) => x.endsWith(".eml"))) {
      const m = await simpleParser(readFileSync(join(outbox, f)));
      if (String(m.headers.get("x-klyngeflow-purpose")) !== "vote-receipt") continue;
      const to = Array.isArray(m.to) ? "" : (m.to?.value[0]?.address ?? "");
      const key = `${to}|${m.subject}`;
      receipts.set(key, (receipts.get(key) ?? 0) + 1);
    }
    return {
      replies: jobs.length, acceptedBeforeKill, resentAfterRestart: missing.length, redeliveries: redelivered.length,
      lost, doubleCounted, mismatches, receiptsTwice: [...receipts].filter(([, n]) => n > 1).map(([k]) => k),
      startCrashed, auditOk: audit.json.ok === true,
      auditProblems: ((audit.json.problems ?? []) as { matter: string; seq: number; problem: string }[]).slice(0, 10).map((p) => `${p.matter} #${p.seq}: ${p.problem}`),
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    if (running.child.exitCode === null) running.child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  }
}
