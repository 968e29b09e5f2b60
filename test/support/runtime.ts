/**
 * A real local runtime for workflow tests: dynalite, the executor running the real ASL on virtual time, the
 * real handlers, and an outbox of real MIME messages parsed back with mailparser.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import type { PlannedMeeting } from "#domain/plan";
import type { Rulebook } from "#domain/rulebook";
import { loadCommittee } from "#functions/committee/setup";
import { startRuntime, type Runtime } from "#local/runtime";
import { rulebook2026 } from "./rulebooks.ts";

export interface SentMail {
  file: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  date: string;
  messageId: string;
  replyTo?: string;
  purpose: string;
  calendar?: string;
  raw: Buffer;
}

export interface TestRuntime {
  rt: Runtime;
  deps: Runtime["deps"];
  dataDir: string;
  /** Every message in the outbox so far, oldest first. */
  outbox(): Promise<SentMail[]>;
  /** Lets the workflows run on virtual time until `until` (local or ISO instant). */
  runUntil(until: string): Promise<void>;
  now(): string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const cache = new Map<string, SentMail>();

async function parse(file: string): Promise<SentMail> {
  const hit = cache.get(file);
  if (hit) return hit;
  const raw = readFileSync(file);
  const m: ParsedMail = await simpleParser(raw);
  const cal = m.attachments.find((a) => a.contentType.startsWith("text/calendar"));
  const to = Array.isArray(m.to) ? m.to.flatMap((a) => a.value) : (m.to?.value ?? []);
  const mail: SentMail = {
    file, raw,
    to: to.map((a) => a.address ?? "").join(","),
    subject: m.subject ?? "",
    text: m.text ?? "",
    html: typeof m.html === "string" ? m.html : "",
    date: m.date?.toISOString() ?? "",
    messageId: m.messageId ?? "",
    ...(m.replyTo ? { replyTo: m.replyTo.value.map((a) => a.address ?? "").join(",") } : {}),
    purpose: String(m.headers.get("x-klyngeflow-purpose") ?? ""),
    ...(cal ? { calendar: cal.content.toString("utf8") } : {}),
  };
  cache.set(file, mail);
  return mail;
}

export async function startTestRuntime(options: { start: string; rulebook?: Rulebook; plan?: (PlannedMeeting & { location?: string })[]; dataDir?: string } = { start: "2027-03-01T09:00:00+01:00" }): Promise<TestRuntime> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "klyngeflow-rt-"));
  const boot = () => startRuntime({ dataDir, virtualStart: options.start, publicUrl: "http://127.0.0.1:3000" });
  let rt = await boot();
  await loadCommittee(rt.deps.store, rt.deps.clock, options.rulebook ?? rulebook2026, options.plan ?? []);
  const t: TestRuntime = {
    get rt() { return rt; },
    get deps() { return rt.deps; },
    dataDir,
    async outbox() {
      const dir = rt.outboxDir;
      const files = readdirSync(dir).filter((f) => f.endsWith(".eml")).sort();
      return Promise.all(files.map((f) => parse(join(dir, f))));
    },
    async runUntil(until: string) {
      const ms = Date.parse(/[zZ]|[+-]\d{2}:\d{2}$/.test(until) ? until : `${until}+00:00`);
      await rt.executor.runUntil(ms);
    },
    now: () => rt.deps.clock.now(),
    async restart() {
      const at = rt.deps.clock.now();
      await rt.stop();
      rt = await startRuntime({ dataDir, virtualStart: at, publicUrl: "http://127.0.0.1:3000" });
    },
    async stop() {
      await rt.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}
