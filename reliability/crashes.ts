/**
 * The fault-injection campaign: the meeting of 2027-04-22 with a written vote, an objection to the
 * written procedure, apologies, a late item request and a minutes objection round, played on virtual time —
 * once cleanly, then with the process killed after every n-th side effect (store write, email sent, blob
 * stored) and restarted on the same data. Each faulty run must end exactly like the clean one.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { loadMeetingPlan, loadRulebookFile, RULEBOOK_DIR } from "#adapters/rulebook-files";
import { meetingPk, votePk } from "#adapters/records";
import { verifyAudit } from "#functions/audit/verify";
import { loadCommittee } from "#functions/committee/setup";
import { upsertInitiative } from "#functions/initiatives/initiatives";
import { processInbound } from "#functions/answers/email-replies";
import { reconcileEmails } from "#functions/mail/mailing";
import { releaseAgenda } from "#functions/meetings/agenda";
import { startMeetingCycles } from "#functions/meetings/plan";
import { uploadMinutes } from "#functions/minutes/minutes";
import { meetingMatter } from "#functions/meetings/names";
import { minutesVersions } from "#functions/minutes/minutes";
import { signal } from "#functions/callbacks/callbacks";
import { listWrittenVotes, writtenVoteView } from "#functions/written-votes/queries";
import { openWrittenVote } from "#functions/written-votes/written-votes";
import { voteMatter } from "#functions/written-votes/names";
import { FaultInjector, ProcessCrash } from "./faults.ts";
import { startRuntime, type Runtime } from "#local/runtime";

const C = "sundhedsklynge-syd";
const M = "2027-04-22";

export interface SentCopy { messageId: string; to: string; purpose: string; date: string }

export interface ScenarioResult {
  /** By Message-ID: what members received, and how many copies. */
  messages: Map<string, { to: string; purpose: string; subject: string; copies: number; first: string }>;
  decisions: Record<string, unknown>;
  crashes: { effect: number; after: string; at: string }[];
  effects: number;
  failedExecutions: string[];
  audit: { ok: boolean; entries: number; problems: unknown[] };
  reconciled: { unconfirmed: number; resent: number };
  seconds: number;
}

export async function runScenario(crashAfter: (effect: number) => boolean, inspect?: (rt: Runtime) => Promise<void>): Promise<ScenarioResult> {
  const started = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), "klyngeflow-faults-"));
  const injector = new FaultInjector(crashAfter);
  const failed: string[] = [];
  const boot = (at: string) => startRuntime({ dataDir, virtualStart: at, publicUrl: "http://127.0.0.1:3000", instrument: (d) => injector.instrument(d), onExecutionFailed: (n, e, c) => failed.push(`${n}: ${e} ${c}`) });
  let rt: Runtime = await boot("2027-02-01T09:00:00+01:00");
  const restart = async () => {
    const at = rt.deps.clock.now();
    await rt.stop();
    injector.revive();
    rt = await boot(at);
  };
  /** Runs an (idempotent) action until it completes, restarting after each simulated crash. */
  const attempt = async (action: () => Promise<unknown>) => {
    for (let i = 0; i < 200; i++) {
      try {
        await action();
        await rt.executor.idle();
        if (!injector.dead) return;
      } catch (e) {
        if (!(e instanceof ProcessCrash) && (e as Error).name !== "ProcessCrash") throw e;
      }
      await restart();
    }
    throw new Error("too many crashes in one action");
  };
  const until = (at: string) => attempt(() => rt.executor.runUntil(Date.parse(at), () => { if (injector.dead) throw new ProcessCrash("dead"); }));
  const mailTo = async (purpose: string, to: string) => {
    for (const f of readdirSync(rt.outboxDir).sort().reverse()) {
      const m = await simpleParser(readFileSync(join(rt.outboxDir, f)));
      const addr = Array.isArray(m.to) ? "" : (m.to?.value[0]?.address ?? "");
      if (addr === to && String(m.headers.get("x-klyngeflow-purpose")) === purpose) return m;
    }
    throw new Error(`no ${purpose} to ${to}; crashes: ${JSON.stringify(injector.crashes.slice(-4))}; failed: ${failed.join("; ")}; executions: ${JSON.stringify((await rt.executor.list()).map((e) => [e.name, e.status, e.resumeAt?.state, e.error]))}`);
  };
  const reply = async (id: string, purpose: string, from: string, text: string) => {
    const m = await mailTo(purpose, from);
    const replyTo = m.replyTo?.value[0]?.address ?? "";
    const raw = Buffer.from(`From: ${from}\r\nTo: ${replyTo}\r\nSubject: SV: ${m.subject}\r\nMessage-ID: <${id}@mail.example.net>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n\r\n> ${m.subject}\r\n`);
    // As SES would redeliver an event whose processing died: the same receipt id again.
    await attempt(() => processInbound(rt.deps, { raw, receiptId: `fault-${id}`, receivedAt: rt.deps.clock.now(), channel: "smtp" }));
  };

  try {
    await attempt(async () => {
      const rulebook = loadRulebookFile(`${RULEBOOK_DIR}sundhedsklynge-syd-2026.json`);
      const plan = loadMeetingPlan(`${RULEBOOK_DIR}sundhedsklynge-syd-plan-2026.json`);
      await loadCommittee(rt.deps.store, rt.deps.clock, rulebook, plan.meetings.filter((m) => m.id === M));
      const initiatives = JSON.parse(readFileSync(`${RULEBOOK_DIR}sundhedsklynge-syd-initiatives.json`, "utf8")) as { initiatives: Parameters<typeof upsertInitiative>[2][] };
      for (const i of initiatives.initiatives) await upsertInitiative(rt.deps, C, i, "seed");
      await startMeetingCycles(rt.deps, C);
    });
    await until("2027-03-12T10:00:00+01:00");
    await reply("item-1", "call-for-items", "borgmester@hvidovre.example.org", "Kapaciteten i FAM\nDrøftelse af tallene.");
    await reply("report-1", "initiative-report-request", "ammeindsats@region.example.org", "På sporet\nAndel fuldt ammet: 61 %");
    await until("2027-03-26T10:00:00+01:00");
    await attempt(async () => {
      // Idempotent for the harness: the API call that opened it may have died after storing the vote.
      const existing = (await listWrittenVotes(rt.deps, C)).find((v) => v.title === "Forlængelse af ammeindsatsen");
      if (!existing) await openWrittenVote(rt.deps, { committeeId: C, title: "Forlængelse af ammeindsatsen", question: "Godkender I forlængelsen?", openedBy: "secretariat" });
      const vote = (await listWrittenVotes(rt.deps, C))[0];
      if (vote) await rt.deps.workflows.start("written-vote", `vote--${C}--${vote.id}`, { committeeId: C, voteId: vote.id });
    });
    const voters = ["region-1@region.example.org", "borgmester@ishoj.example.org", "borgmester@brondby.example.org", "borgmester@dragor.example.org", "borgmester@kobenhavn.example.org"];
    for (const [i, v] of voters.entries()) await reply(`vote-${i}`, "ballot", v, i === 3 ? "NEJ\nJeg ønsker dissens ført til protokol." : "JA");
    await reply("vote-change", "ballot", "borgmester@brondby.example.org", "UNDLAD");
    await until("2027-03-27T10:00:00+01:00");
    await reply("vote-objection", "ballot", "laege-1@plo.example.org", "INDSIGELSE");
    await reply("vote-late", "ballot", "borgmester@tarnby.example.org", "JA");
    await until("2027-04-08T10:00:00+02:00");
    await attempt(() => releaseAgenda(rt.deps, C, M, "region-1"));
    await reply("apology-1", "agenda", "borgmester@glostrup.example.org", "Afbud – min suppleant deltager.");
    await until("2027-04-27T10:00:00+02:00");
    const upload = (v: number, note: string) => attempt(async () => {
      const versions = await minutesVersions(rt.deps, C, M);
      if (!versions.some((x) => x.version === v)) await uploadMinutes(rt.deps, { committeeId: C, meetingId: M, content: Buffer.from(`%PDF v${v}`), contentType: "application/pdf", changeNote: note, by: "secretariat" });
      else await signal(rt.deps, C, `${meetingMatter(M)}#minutes-uploaded`);
    });
    await upload(1, "");
    await until("2027-05-01T09:00:00+02:00");
    await reply("objection-1", "minutes", "borgmester@brondby.example.org", "INDSIGELSE\nPunkt 3 mangler Brøndbys bemærkning.");
    await until("2027-05-07T09:30:00+02:00");
    await upload(2, "Punkt 3 rettet.");
    await until("2027-05-20T00:00:00+02:00");

    // What happened, from the outbox (what members received) and the store.
    const messages = new Map<string, { to: string; purpose: string; subject: string; copies: number; first: string }>();
    for (const f of readdirSync(rt.outboxDir).sort()) {
      const m = await simpleParser(readFileSync(join(rt.outboxDir, f)));
      const id = m.messageId ?? f;
      const prev = messages.get(id);
      const date = m.date?.toISOString() ?? "";
      if (prev) { prev.copies += 1; if (date < prev.first) prev.first = date; }
      else messages.set(id, { to: Array.isArray(m.to) ? "" : (m.to?.value[0]?.address ?? ""), purpose: String(m.headers.get("x-klyngeflow-purpose") ?? ""), subject: m.subject ?? "", copies: 1, first: date });
    }
    const vote = (await listWrittenVotes(rt.deps, C))[0];
    const view = vote ? await writtenVoteView(rt.deps, C, vote.id) : undefined;
    const meeting = await rt.deps.store.get("meeting", { pk: `C#${C}`, sk: `MEETING#${M}` });
    const decisions = {
      vote: { outcome: view?.outcome, closedAt: view?.closedAt, tally: view?.tally, perSeat: view?.responses.map((r) => [r.seat, r.answer, r.receivedAt]), notCounted: view?.notCounted.map((n) => [n.seat, n.reason]) },
      responsesStored: vote ? (await rt.deps.store.list("voteResponse", votePk(C, vote.id), "RESPONSE#")).length : 0,
      meeting: { agendaSentAt: meeting?.agendaSentAt, minutesApprovedAt: meeting?.minutesApprovedAt, approvedMinutesVersion: meeting?.approvedMinutesVersion, status: meeting?.status },
      attendance: (await rt.deps.store.list("attendance", meetingPk(C, M), "ATTENDANCE#")).map((a) => [a.seatId, a.status, a.substituteAttends]),
      objections: (await rt.deps.store.list("minutesObjection", meetingPk(C, M), "OBJECTION#")).map((o) => [o.seatId, o.version, o.receivedAt]),
      items: (await rt.deps.store.list("agendaItem", meetingPk(C, M), "ITEM#")).map((i) => [i.title, i.source, i.late]).sort(),
      reports: (await rt.deps.store.list("initiativeReport", meetingPk(C, M), "REPORT#")).map((r) => [r.initiativeId, r.receivedAt]),
    };
    const rec = { unconfirmed: 0, resent: 0 };
    for (const matter of [meetingMatter(M), vote ? voteMatter(vote.id) : "", "inbound", "initiatives"]) {
      const r = await reconcileEmails(rt.deps, C, matter);
      rec.unconfirmed += r.unconfirmed.length;
      rec.resent += r.resent.reduce((n, x) => n + x.resends, 0);
    }
    const audit = await verifyAudit(rt.deps, C);
    await inspect?.(rt);
    return {
      messages, decisions, crashes: injector.crashes, effects: injector.effects, failedExecutions: failed,
      audit: { ok: audit.ok, entries: audit.entries, problems: audit.problems }, reconciled: rec, seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await rt.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export interface Comparison {
  lost: string[];
  extra: string[];
  duplicates: number;
  duplicatesAllowed: number;
  moved: string[];
  decisionsDiffer: boolean;
  problems: string[];
}

/** What a message is, independent of random ids (a vote's id differs between runs): who, what, when. */
const identity = (m: { to: string; purpose: string; subject: string; first: string }) => `${m.first} ${m.purpose} ${m.to} ${m.subject}`;
const sameDocument = (m: { to: string; purpose: string; subject: string }) => `${m.purpose} ${m.to} ${m.subject}`;

/** How a faulty run differs from the clean one; every list must be empty for the run to pass. */
export function compare(clean: ScenarioResult, faulty: ScenarioResult): Comparison {
  const cleanIds = new Set([...clean.messages.values()].map(identity));
  const faultyIds = new Set([...faulty.messages.values()].map(identity));
  const faultyDocs = new Set([...faulty.messages.values()].map(sameDocument));
  const missing = [...clean.messages.values()].filter((m) => !faultyIds.has(identity(m)));
  // Sent, but at another time than in the clean run: a deadline would have moved.
  const moved = missing.filter((m) => faultyDocs.has(sameDocument(m))).map(identity);
  const lost = missing.filter((m) => !faultyDocs.has(sameDocument(m))).map(identity);
  const extra = [...faulty.messages.values()].filter((m) => !cleanIds.has(identity(m)) && !moved.some((x) => x.endsWith(sameDocument(m)))).map(identity);
  const duplicates = [...faulty.messages.values()].reduce((n, m) => n + m.copies - 1, 0);
  const duplicatesAllowed = faulty.crashes.filter((c) => c.after === "mailer.send").length;
  const decisionsDiffer = JSON.stringify(clean.decisions) !== JSON.stringify(faulty.decisions);
  const problems = [
    ...(lost.length ? [`${lost.length} email(s) lost`] : []),
    ...(extra.length ? [`${extra.length} unexpected email(s)`] : []),
    ...(moved.length ? [`${moved.length} email(s) first sent at another time (a deadline moved)`] : []),
    ...(duplicates > duplicatesAllowed ? [`${duplicates} duplicate(s), but only ${duplicatesAllowed} crash(es) right after a send`] : []),
    ...(faulty.reconciled.resent < duplicates ? [`the reconciler reports ${faulty.reconciled.resent} resend(s), the outbox has ${duplicates} duplicates`] : []),
    ...(faulty.reconciled.unconfirmed ? [`${faulty.reconciled.unconfirmed} email(s) left unconfirmed`] : []),
    ...(decisionsDiffer ? ["the decisions differ from the clean run"] : []),
    ...(faulty.failedExecutions.length ? [`failed executions: ${faulty.failedExecutions.join("; ")}`] : []),
    ...(!faulty.audit.ok ? [`audit trail broken: ${JSON.stringify(faulty.audit.problems)}`] : []),
  ];
  return { lost, extra, duplicates, duplicatesAllowed, moved, decisionsDiffer, problems };
}
