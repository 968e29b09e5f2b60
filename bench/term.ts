/**
 * Term simulation: N committees like Politisk Sundhedsklynge Syd play the whole 2026–2029 term
 * through the real state machines, handlers and local store on a virtual clock: 8 ordinary and 2
 * extraordinary meetings, 6 written votes, minutes objection rounds, 3 initiatives reporting before each
 * ordinary meeting; members answer by raw email through the same processInbound as production.
 * Delivery goes to an in-memory mailer and blob store (counted, not written to disk): the benchmark measures
 * orchestration, rules, rendering and the store.
 */
import { fork } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Blobs } from "#adapters/blobs";
import type { Mailer, OutgoingMail } from "#adapters/mailer";
import { parseRulebook, type Rulebook } from "#domain/rulebook";
import { loadCommittee } from "#functions/committee/setup";
import { upsertInitiative } from "#functions/initiatives/initiatives";
import { processInbound } from "#functions/answers/email-replies";
import { callExtraordinaryMeeting, startMeetingCycles } from "#functions/meetings/plan";
import { recordAttendance } from "#functions/meetings/attendance";
import { releaseAgenda } from "#functions/meetings/agenda";
import { uploadMinutes } from "#functions/minutes/minutes";
import { openWrittenVote } from "#functions/written-votes/written-votes";
import { startRuntime } from "#local/runtime";
import { meetingPk } from "#adapters/records";
import { ROOT } from "#local/paths";

export class CountingMailer implements Mailer {
  sent = 0;
  bytes = 0;
  byPurpose = new Map<string, number>();
  /** The latest message per (committee reply domain key): what a member would reply to. */
  latest = new Map<string, string>();
  async send(mail: OutgoingMail): Promise<{ providerMessageId: string }> {
    this.sent += 1;
    this.bytes += mail.raw.length;
    const head = mail.raw.subarray(0, 4096).toString("latin1");
    const purpose = /X-Klyngeflow-Purpose: (\S+)/.exec(head)?.[1] ?? "?";
    this.byPurpose.set(purpose, (this.byPurpose.get(purpose) ?? 0) + 1);
    const replyTo = /Reply-To:\s*(?:\r?\n\s+)?(svar\+[^\s>]+)/.exec(head)?.[1];
    const subject = /Subject: ([^\r\n]*)/.exec(head)?.[1] ?? "";
    if (replyTo) this.latest.set(`${purpose}|${mail.to[0]}|${/Sag (\d{3})/.exec(subject)?.[1] ?? ""}`, replyTo);
    return { providerMessageId: `mem-${this.sent}` };
  }
}

export class MemoryBlobs implements Blobs {
  private readonly map = new Map<string, Buffer>();
  async put(key: string, body: Buffer): Promise<void> { this.map.set(key, body); }
  async get(key: string): Promise<Buffer | undefined> { return this.map.get(key); }
  async list(prefix: string): Promise<string[]> { return [...this.map.keys()].filter((k) => k.startsWith(prefix)).sort(); }
}

export interface TermResult {
  committees: number;
  seconds: number;
  executions: number;
  transitions: number;
  taskInvocations: number;
  storeReads: number;
  storeWrites: number;
  writesByKind: Record<string, number>;
  readsByKind: Record<string, number>;
  emails: number;
  emailBytes: number;
  emailsByPurpose: Record<string, number>;
  responses: number;
  stateChanges: number;
  minimumWrites: number;
  writeRatio: number;
  meetingsApproved: number;
  votesClosed: number;
}

const ORDINARY = ["2026-03-12T14:00", "2026-11-05T14:00", "2027-04-22T14:00", "2027-11-04T14:00", "2028-04-27T14:00", "2028-11-02T14:00", "2029-04-26T14:00", "2029-11-01T14:00"];
const VOTES = ["2026-06-01T10:00", "2026-09-14T10:00", "2027-02-01T10:00", "2027-06-01T10:00", "2028-02-07T10:00", "2029-02-05T10:00"];
const EXTRA = [{ call: "2027-09-01T10:00", at: "2027-09-10T15:00" }, { call: "2028-06-01T10:00", at: "2028-06-09T15:00" }];

const iso = (local: string, days = 0, time?: string) => {
  const d = new Date(`${local.slice(0, 10)}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return `${d.toISOString().slice(0, 10)}T${time ?? local.slice(11, 16)}`;
};
const offsetOf = (local: string) => { const m = Number(local.slice(5, 7)); return m >= 4 && m <= 10 ? "+02:00" : "+01:00"; };
const instant = (local: string) => `${local}:00${offsetOf(local)}`;
const addr = (email: string, committee: string) => email.replace("@", `+${committee}@`);

export interface TermOptions {
  log?: (line: string) => void;
  /** Number the committees from here (a worker's share of a larger run). */
  first?: number;
  /** Hand store calls to the local server in-process (default) or over loopback HTTP. */
  inProcessStore?: boolean;
}

export async function runTerm(committees: number, options: TermOptions = {}): Promise<TermResult> {
  const log = options.log ?? (() => undefined);
  const dataDir = mkdtempSync(join(tmpdir(), "klyngeflow-bench-"));
  const mailer = new CountingMailer();
  const rt = await startRuntime({ dataDir, memoryStore: true, inProcessStore: options.inProcessStore ?? true, virtualStart: "2026-01-05T09:00:00+01:00", publicUrl: "http://127.0.0.1:3000", instrument: (d) => { d.mailer = mailer; d.blobs = new MemoryBlobs(); } });
  const started = performance.now();
  const { deps, executor } = rt;
  const base = JSON.parse(readFileSync(join(ROOT, "rulebooks/sundhedsklynge-syd-2026.json"), "utf8")) as Rulebook;
  const initiatives = (JSON.parse(readFileSync(join(ROOT, "rulebooks/sundhedsklynge-syd-initiatives.json"), "utf8")) as { initiatives: Parameters<typeof upsertInitiative>[2][] }).initiatives;
  const ids = Array.from({ length: committees }, (_, i) => `klynge-${String((options.first ?? 1) + i).padStart(3, "0")}`);
  let responses = 0;
  const missed: string[] = [];
  let seq = 0;
  const reply = async (c: string, purpose: string, person: string, text: string, match = "") => {
    const from = addr(person, c);
    const to = mailer.latest.get(`${purpose}|${from}|${match}`);
    if (!to) { missed.push(`${c} ${purpose} ${person} ${match} @ ${deps.clock.now()}`); return; }
    const n = ++seq;
    const raw = Buffer.from(`From: ${from}\r\nTo: ${to}\r\nSubject: SV\r\nMessage-ID: <b${n}@mail.example.net>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n`);
    await processInbound(deps, { raw, receiptId: `bench-${n}`, receivedAt: deps.clock.now(), channel: "smtp" });
    responses += 1;
  };

  for (const c of ids) {
    // Each committee's (fictional) people get their own addresses, as real committees' members do.
    const seatsOf = base.seats.map((s) => ({ ...s, member: { ...s.member, email: addr(s.member.email, c) }, substitutes: s.substitutes.map((x) => ({ ...x, email: addr(x.email, c) })) }));
    const rulebook = parseRulebook({ ...base, id: `${c}-2026`, committee: { id: c, name: `Politisk Sundhedsklynge ${c.slice(-3)}` }, seats: seatsOf });
    await loadCommittee(deps.store, deps.clock, rulebook, ORDINARY.map((startsAt) => ({ id: startsAt.slice(0, 10), startsAt, location: "Rådhuset" })));
    for (const i of initiatives) await upsertInitiative(deps, c, { ...i, owner: { ...i.owner, email: addr(i.owner.email, c) } }, "bench");
    await startMeetingCycles(deps, c);
  }
  const seats = base.seats;

  // Everything the secretariat, chairs and members do, in time order, for every committee.
  type Action = { at: string; run: (c: string) => Promise<void> };
  const actions: Action[] = [];
  ORDINARY.forEach((m, k) => {
    const id = m.slice(0, 10);
    actions.push({ at: iso(m, -38, "10:00"), run: async (c) => { for (const owner of ["ammeindsats@region.example.org", "den-gode-overgang@region.example.org"]) await reply(c, "initiative-report-request", owner, "På sporet\nNøgletal: 42", ""); } });
    actions.push({ at: iso(m, -12, "10:00"), run: async (c) => { await releaseAgenda(deps, c, id, "region-1"); } });
    actions.push({ at: iso(m, -5, "10:00"), run: async (c) => { for (const s of seats.slice(4, 6)) await reply(c, "agenda", s.member.email, "Afbud"); } });
    actions.push({ at: iso(m, 1, "10:00"), run: async (c) => { await recordAttendance(deps, c, id, [...seats.slice(0, 4), ...seats.slice(6, 14)].map((s) => ({ seatId: s.id, substitute: false })), "secretariat"); } });
    actions.push({ at: iso(m, 5, "10:00"), run: async (c) => { await uploadMinutes(deps, { committeeId: c, meetingId: id, content: Buffer.from("%PDF v1"), contentType: "application/pdf", changeNote: "", by: "secretariat" }); } });
    if (k % 2 === 0) {
      actions.push({ at: iso(m, 7, "10:00"), run: async (c) => { await reply(c, "minutes", seats[6]?.member.email ?? "", "INDSIGELSE\nPunkt 2 er forkert."); } });
      actions.push({ at: iso(m, 15, "10:00"), run: async (c) => { await uploadMinutes(deps, { committeeId: c, meetingId: id, content: Buffer.from("%PDF v2"), contentType: "application/pdf", changeNote: "Rettet", by: "secretariat" }); } });
    }
  });
  VOTES.forEach((v, k) => {
    actions.push({ at: v, run: async (c) => { await openWrittenVote(deps, { committeeId: c, title: `Sag ${String(k + 1).padStart(3, "0")}`, question: "Godkender I forslaget?", openedBy: "secretariat" }); } });
    actions.push({ at: iso(v, 2, "11:00"), run: async (c) => {
      const voters = seats.slice(0, k === 2 ? 10 : 15);
      for (const [i, s] of voters.entries()) await reply(c, "ballot", s.member.email, ["JA", "NEJ", "UNDLAD"][i % 3] ?? "JA", String(k + 1).padStart(3, "0"));
      if (k === 2) await reply(c, "ballot", seats[16]?.member.email ?? "", "INDSIGELSE", String(k + 1).padStart(3, "0"));
    } });
  });
  EXTRA.forEach((e) => {
    actions.push({ at: e.call, run: async (c) => { await callExtraordinaryMeeting(deps, { committeeId: c, startsAt: e.at, location: "", virtualUrl: "https://meet.example.org/x", items: [{ title: "Hastesag", description: "Kort varsel." }], by: "region-1" }); } });
    actions.push({ at: iso(e.at, 4, "10:00"), run: async (c) => { await uploadMinutes(deps, { committeeId: c, meetingId: `${e.at.slice(0, 10)}-x1`, content: Buffer.from("%PDF x"), contentType: "application/pdf", changeNote: "", by: "secretariat" }); } });
  });
  actions.sort((a, b) => instant(a.at).localeCompare(instant(b.at)) || 0);
  const byTime = new Map<string, Action[]>();
  for (const a of actions) byTime.set(a.at, [...(byTime.get(a.at) ?? []), a]);
  const times = [...byTime.keys()].sort((a, b) => Date.parse(instant(a)) - Date.parse(instant(b)));
  let done = 0;
  for (const t of times) {
    await executor.runUntil(Date.parse(instant(t)));
    for (const a of byTime.get(t) ?? []) {
      // Committees act at the same moment, as independent secretariats do.
      await Promise.all(ids.map((c) => a.run(c).catch((e: unknown) => { throw new Error(`${c} ved ${t}: ${String(e)}; missed: ${missed.slice(-5).join(" | ")}`); })));
    }
    await executor.idle();
    done += 1;
    if (done % 10 === 0) log(`  ${t.slice(0, 10)}: ${done}/${times.length} tidspunkter, ${mailer.sent} e-mails, ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  await executor.runUntil(Date.parse("2029-12-31T23:00:00+01:00"));
  const seconds = (performance.now() - started) / 1000;
  const stats = { reads: deps.store.stats.reads, writes: deps.store.stats.writes, writesByKind: { ...deps.store.stats.writesByKind }, readsByKind: { ...deps.store.stats.readsByKind } };

  // The rules' minimum, counted from what the store holds at the end: one write per email sent, one per
  // response, and one per fact or state change that must survive — the committee, its rulebook, seats and
  // initiatives; each meeting planned or called, its agenda released and sent, held, minutes approved;
  // each agenda item and attendance entry; each minutes version uploaded, sent and its round's result;
  // each written vote opened and closed.
  let approved = 0;
  let closed = 0;
  let facts = 0;
  for (const c of ids) {
    facts += 1 + 1 + base.seats.length + (await deps.store.list("initiative", `C#${c}`, "INITIATIVE#")).length;
    for (const m of await deps.store.list("meeting", `C#${c}`, "MEETING#")) {
      if (m.minutesApprovedAt) approved += 1;
      facts += 1 + [m.agendaReleasedAt, m.agendaSentAt, m.status === "held", m.minutesApprovedAt].filter(Boolean).length;
      const pk = meetingPk(c, m.meetingId);
      facts += (await deps.store.list("agendaItem", pk, "ITEM#")).length;
      facts += (await deps.store.list("attendance", pk, "ATTENDANCE#")).filter((a) => a.status !== "apology").length;
      for (const v of await deps.store.list("minutesVersion", pk, "MINUTES#")) facts += 1 + [v.sentAt, v.roundResult].filter(Boolean).length;
    }
    for (const v of await deps.store.list("writtenVote", `C#${c}`, "VOTE#")) {
      facts += v.status === "closed" ? 2 : 1;
      if (v.status === "closed") closed += 1;
    }
  }
  const minimum = mailer.sent + responses + facts;
  const result: TermResult = {
    committees, seconds,
    executions: executor.stats.executionsStarted, transitions: executor.stats.stateTransitions, taskInvocations: executor.stats.taskInvocations,
    storeReads: stats.reads, storeWrites: stats.writes, writesByKind: stats.writesByKind, readsByKind: stats.readsByKind,
    emails: mailer.sent, emailBytes: mailer.bytes, emailsByPurpose: Object.fromEntries([...mailer.byPurpose].sort()),
    responses, stateChanges: facts, minimumWrites: minimum, writeRatio: stats.writes / minimum,
    meetingsApproved: approved, votesClosed: closed,
  };
  await rt.stop();
  rmSync(dataDir, { recursive: true, force: true });
  return result;
}

/** Adds up workers' results; the wall time is the parent's. */
function combine(parts: TermResult[], seconds: number): TermResult {
  const sum = (f: (r: TermResult) => number) => parts.reduce((a, r) => a + f(r), 0);
  const merge = (f: (r: TermResult) => Record<string, number>) => {
    const out: Record<string, number> = {};
    for (const r of parts) for (const [k, v] of Object.entries(f(r))) out[k] = (out[k] ?? 0) + v;
    return Object.fromEntries(Object.entries(out).sort());
  };
  const writes = sum((r) => r.storeWrites);
  const minimum = sum((r) => r.minimumWrites);
  return {
    committees: sum((r) => r.committees), seconds,
    executions: sum((r) => r.executions), transitions: sum((r) => r.transitions), taskInvocations: sum((r) => r.taskInvocations),
    storeReads: sum((r) => r.storeReads), storeWrites: writes, writesByKind: merge((r) => r.writesByKind), readsByKind: merge((r) => r.readsByKind),
    emails: sum((r) => r.emails), emailBytes: sum((r) => r.emailBytes), emailsByPurpose: merge((r) => r.emailsByPurpose),
    responses: sum((r) => r.responses), stateChanges: sum((r) => r.stateChanges), minimumWrites: minimum, writeRatio: writes / minimum,
    meetingsApproved: sum((r) => r.meetingsApproved), votesClosed: sum((r) => r.votesClosed),
  };
}

/**
 * The same term for N committees split over `workers` processes, each with its own store and executor
 * (as Lambda runs many handlers at once and DynamoDB serves them all): one process per core.
 */
export async function runTermParallel(committees: number, workers: number, options: TermOptions = {}): Promise<TermResult> {
  const n = Math.max(1, Math.min(workers, committees));
  if (n === 1) return runTerm(committees, options);
  const started = performance.now();
  const shares = Array.from({ length: n }, (_, w) => Math.floor(committees / n) + (w < committees % n ? 1 : 0));
  let first = 1;
  const parts = await Promise.all(shares.map((count, w) => {
    const from = first;
    first += count;
    return new Promise<TermResult>((resolve, reject) => {
      const child = fork(import.meta.filename, [String(count), String(from), String(options.inProcessStore ?? true)], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
      child.on("message", (m: { log?: string; result?: TermResult; error?: string }) => {
        if (m.log && w === 0) options.log?.(m.log);
        if (m.result) resolve(m.result);
        if (m.error) reject(new Error(m.error));
      });
      child.on("exit", (code) => { if (code) reject(new Error(`term worker ${w + 1} exited with ${code}`)); });
    });
  }));
  return combine(parts, (performance.now() - started) / 1000);
}

if (process.argv[1] === import.meta.filename && process.send) {
  const [count = "1", from = "1", inProcess = "true"] = process.argv.slice(2);
  const send = process.send.bind(process);
  runTerm(Number(count), { first: Number(from), inProcessStore: inProcess === "true", log: (l) => send({ log: l }) })
    .then((result) => send({ result }, () => process.exit(0)))
    .catch((e: unknown) => send({ error: e instanceof Error ? e.stack ?? e.message : String(e) }, () => process.exit(1)));
}
