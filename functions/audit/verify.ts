/**
 * Verifying the audit trail as evidence (R-7.2). Every matter's chain must run from 1 without gaps, each
 * entry must hash to its stored hash and point at the previous one, and each hash must carry a seal under a
 * key the table does not hold; each chain must be as long as the head anchored outside the table; and the
 * records that matter — vote responses and the tally, objections, apologies and attendance, minutes
 * versions — must agree with their entries. A problem names the matter and the entry or record.
 */
import { auditHash, GENESIS_HASH } from "#adapters/store";
import { listMeetings } from "../meetings/meetings.ts";
import { attendanceOf } from "../meetings/attendance.ts";
import { meetingMatter } from "../meetings/names.ts";
import { minutesObjections, minutesVersions } from "../minutes/minutes.ts";
import { listVotes, voteState } from "../written-votes/written-votes.ts";
import { voteMatter } from "../written-votes/names.ts";
import type { Deps } from "../deps.ts";
import type { AuditProblem, AuditProblemCode } from "#domain/audit";
import { committeeEntries, type AuditEntry } from "./audit.ts";
import { auditRecords } from "./repository.ts";

export type { AuditProblem, AuditProblemCode };

type Params = Record<string, string | number>;
const ENGLISH: Record<AuditProblemCode, (p: Params) => string> = {
  "index-entry-missing": (p) => `the index lists entry ${p.seq}, the chain does not have it`,
  "entry-missing": (p) => `expected entry ${p.expected}: entry ${p.expected} is missing`,
  "entry-changed": () => "the entry was changed: its content does not match its hash",
  "chain-broken": () => "the chain is broken: prevHash does not match the previous entry",
  "seal-broken": () => "the seal does not hold: the entry was rewritten without the audit key",
  "not-sealed": () => "the entry is not sealed with the audit key",
  "entries-removed": (p) => `the anchor records ${p.anchored} entries, the chain has ${p.held}: entries were removed`,
  "chain-rewritten": () => "the entry differs from the one anchored at this length: the chain was rewritten",
  "no-anchor": () => "the chain has no anchor",
  "response-disagrees": (p) => `the response of ${p.seat} (${p.responseId}) does not agree with the trail: ${p.recorded === "" ? "no entry records it" : `recorded ${p.recorded}, stored ${p.stored}`}`,
  "tally-differs": (p) => `the tally and outcome recorded at the close (${p.recorded}) differ from the responses stored now (${p.stored})`,
  "objection-disagrees": (p) => `the objection of ${p.seat} to version ${p.version} does not agree with the trail`,
  "minutes-not-uploaded": (p) => `minutes version ${p.version} has no upload entry`,
  "minutes-sent-differs": (p) => `minutes version ${p.version} was sent ${p.sentAt}, the trail says ${p.trail}`,
  "withdrawal-disagrees": (p) => `the withdrawn apology of ${p.seat} does not agree with the trail`,
  "apology-disagrees": (p) => `the apology of ${p.seat} does not agree with the trail`,
  "attendance-disagrees": (p) => `the attendance of ${p.seat} (${p.status}) does not agree with the trail`,
};

const found = (matter: string, seq: number, code: AuditProblemCode, params: Params = {}): AuditProblem =>
  ({ matter, seq, code, params, problem: ENGLISH[code]({ seq, ...params }) });

export interface AuditVerification {
  ok: boolean;
  chains: number;
  entries: number;
  problems: AuditProblem[];
}

type Chains = Map<string, AuditEntry[]>;

/**
 * A trail that is still being written to (answers arriving, anchors following their entries) can look
 * wrong for the instant between two reads: so what one pass finds is checked by a second, and only what
 * both find is reported. Tampering stays; a write in flight does not.
 */
export async function verifyAudit(deps: Pick<Deps, "store" | "clock">, committeeId: string): Promise<AuditVerification> {
  const first = await verifyOnce(deps, committeeId);
  if (first.ok) return first;
  const again = await verifyOnce(deps, committeeId);
  const same = new Set(again.problems.map((p) => `${p.matter}|${p.seq}|${p.code}`));
  const problems = first.problems.filter((p) => same.has(`${p.matter}|${p.seq}|${p.code}`));
  return { ...again, ok: problems.length === 0, problems };
}

async function verifyOnce(deps: Pick<Deps, "store" | "clock">, committeeId: string): Promise<AuditVerification> {
  const { store } = deps;
  const seal = store.auditSeal;
  const all = await committeeEntries(deps, committeeId);
  // The index is read first, the chains after, while the system may go on appending (and on AWS the index
  // is eventually consistent): a chain may hold more than the index listed, never less of what it listed.
  const indexed = new Map<string, Set<number>>();
  for (const e of all) indexed.set(e.matter, (indexed.get(e.matter) ?? new Set()).add(e.seq));
  const heads = seal ? await seal.heads(committeeId) : new Map();
  const problems: AuditProblem[] = [];
  const chains: Chains = new Map();
  // Every matter the index or the anchors know of: a chain removed from the table still has its anchor.
  for (const matter of new Set([...indexed.keys(), ...heads.keys()])) {
    // Read each chain from the table itself (the index is only the list of matters).
    const chain = (await auditRecords.chain(store, committeeId, matter)).sort((a, b) => a.seq - b.seq);
    chains.set(matter, chain);
    const held = new Set(chain.map((e) => e.seq));
    for (const seq of indexed.get(matter) ?? []) {
      if (!held.has(seq)) problems.push(found(matter, seq, "index-entry-missing"));
    }
    let prev = GENESIS_HASH;
    chain.forEach((e, i) => {
      const { hash, kid, mac, ...rest } = e;
      if (e.seq !== i + 1) problems.push(found(matter, e.seq, "entry-missing", { expected: i + 1 }));
      if (auditHash(rest) !== hash) problems.push(found(matter, e.seq, "entry-changed"));
      if (e.prevHash !== prev) problems.push(found(matter, e.seq, "chain-broken"));
      if (seal && !(kid && mac && seal.holds(hash, kid, mac))) {
        problems.push(found(matter, e.seq, kid && mac ? "seal-broken" : "not-sealed"));
      }
      prev = hash;
    });
    const head = heads.get(matter);
    const last = chain.at(-1);
    if (head && (!last || last.seq < head.seq)) {
      problems.push(found(matter, head.seq, "entries-removed", { anchored: head.seq, held: last?.seq ?? 0 }));
    } else if (head) {
      const anchored = chain.find((e) => e.seq === head.seq);
      if (anchored && anchored.hash !== head.hash) problems.push(found(matter, head.seq, "chain-rewritten"));
    } else if (seal && last) {
      problems.push(found(matter, last.seq, "no-anchor"));
    }
  }
  problems.push(...(await crossCheck(deps, committeeId, chains)));
  return { ok: problems.length === 0, chains: chains.size, entries: all.length, problems };
}

const entriesOf = (chains: Chains, matter: string) => chains.get(matter) ?? [];

/** The records that decide matters, each against the entries that recorded it. */
async function crossCheck(deps: Pick<Deps, "store" | "clock">, committeeId: string, chains: Chains): Promise<AuditProblem[]> {
  const problems: AuditProblem[] = [];
  for (const vote of await listVotes(deps, committeeId)) {
    const matter = voteMatter(vote.voteId);
    const entries = entriesOf(chains, matter);
    const { responses, result } = await voteState(deps, committeeId, vote.voteId, vote.closedAt ?? deps.clock.now());
    for (const r of responses) {
      const e = entries.find((x) => x.ref === r.sourceRef && x.action.startsWith("vote.response"));
      if (!e || e.data.answer !== r.answer || e.data.receivedAt !== r.receivedAt) {
        problems.push(found(matter, e?.seq ?? 0, "response-disagrees", { seat: r.seatId, responseId: r.responseId, recorded: e ? String(e.data.answer) : "", stored: String(r.answer) }));
      }
    }
    const closed = entries.find((x) => x.action === "vote.closed");
    if (vote.status === "closed" && closed) {
      const tally = closed.data.tally as Record<string, number> | undefined;
      const now = result.tally as unknown as Record<string, number>;
      if (!tally || Object.keys(now).some((k) => tally[k] !== now[k]) || closed.data.outcome !== vote.outcome) {
        problems.push(found(matter, closed.seq, "tally-differs", { recorded: `${JSON.stringify(tally)}, ${String(closed.data.outcome)}`, stored: `${JSON.stringify(now)}, ${String(vote.outcome)}` }));
      }
    }
  }
  for (const meeting of await listMeetings(deps, committeeId)) {
    const matter = meetingMatter(meeting.meetingId);
    const entries = entriesOf(chains, matter);
    for (const o of await minutesObjections(deps, committeeId, meeting.meetingId)) {
      const e = entries.find((x) => x.ref === o.sourceRef && x.action.startsWith("minutes.objection"));
      if (!e || e.data.version !== o.version) problems.push(found(matter, e?.seq ?? 0, "objection-disagrees", { seat: o.seatId, version: o.version }));
    }
    for (const v of await minutesVersions(deps, committeeId, meeting.meetingId)) {
      const up = entries.find((x) => x.action === "minutes.uploaded" && x.data.version === v.version);
      if (!up) problems.push(found(matter, 0, "minutes-not-uploaded", { version: v.version }));
      const sent = entries.find((x) => x.action === "minutes.sent" && x.data.version === v.version);
      if (v.sentAt && (!sent || sent.data.sentAt !== v.sentAt)) problems.push(found(matter, sent?.seq ?? 0, "minutes-sent-differs", { version: v.version, sentAt: v.sentAt, trail: String(sent?.data.sentAt ?? "never") }));
    }
    for (const a of await attendanceOf(deps, committeeId, meeting.meetingId)) {
      if (a.status === "withdrawn") {
        // A withdrawn apology: its latest entry for the seat is the withdrawal (issue 21: apologies with undo).
        const e = [...entries].reverse().find((x) => (x.action === "meeting.apology" || x.action === "meeting.apology-withdrawn") && x.data.seatId === a.seatId);
        if (e?.action !== "meeting.apology-withdrawn") problems.push(found(matter, e?.seq ?? 0, "withdrawal-disagrees", { seat: a.seatId }));
      } else if (a.status === "apology") {
        // The latest apology entry of the seat says what the record must say.
        const e = [...entries].reverse().find((x) => x.action === "meeting.apology" && x.data.seatId === a.seatId);
        if (!e || e.data.substituteAttends !== a.substituteAttends) problems.push(found(matter, e?.seq ?? 0, "apology-disagrees", { seat: a.seatId }));
      } else {
        const e = [...entries].reverse().find((x) => x.action === "meeting.attendance");
        const present = ((e?.data.present as string[] | undefined) ?? []).includes(a.seatId);
        if (!e || present !== (a.status === "present")) problems.push(found(matter, e?.seq ?? 0, "attendance-disagrees", { seat: a.seatId, status: a.status }));
      }
    }
  }
  return problems;
}
