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
import { committeeEntries, type AuditEntry } from "./audit.ts";
import { auditRecords } from "./repository.ts";

export interface AuditProblem {
  matter: string;
  seq: number;
  problem: string;
}

export interface AuditVerification {
  ok: boolean;
  chains: number;
  entries: number;
  problems: AuditProblem[];
}

type Chains = Map<string, AuditEntry[]>;

export async function verifyAudit(deps: Pick<Deps, "store" | "clock">, committeeId: string): Promise<AuditVerification> {
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
      if (!held.has(seq)) problems.push({ matter, seq, problem: `the index lists entry ${seq}, the chain does not have it` });
    }
    let prev = GENESIS_HASH;
    chain.forEach((e, i) => {
      const { hash, kid, mac, ...rest } = e;
      if (e.seq !== i + 1) problems.push({ matter, seq: e.seq, problem: `expected entry ${i + 1}: entry ${i + 1} is missing` });
      if (auditHash(rest) !== hash) problems.push({ matter, seq: e.seq, problem: "the entry was changed: its content does not match its hash" });
      if (e.prevHash !== prev) problems.push({ matter, seq: e.seq, problem: "the chain is broken: prevHash does not match the previous entry" });
      if (seal && !(kid && mac && seal.holds(hash, kid, mac))) {
        problems.push({ matter, seq: e.seq, problem: kid && mac ? "the seal does not hold: the entry was rewritten without the audit key" : "the entry is not sealed with the audit key" });
      }
      prev = hash;
    });
    const head = heads.get(matter);
    const last = chain.at(-1);
    if (head && (!last || last.seq < head.seq)) {
      problems.push({ matter, seq: head.seq, problem: `the anchor records ${head.seq} entries, the chain has ${last?.seq ?? 0}: entries were removed` });
    } else if (head) {
      const anchored = chain.find((e) => e.seq === head.seq);
      if (anchored && anchored.hash !== head.hash) problems.push({ matter, seq: head.seq, problem: "the entry differs from the one anchored at this length: the chain was rewritten" });
    } else if (seal && last) {
      problems.push({ matter, seq: last.seq, problem: "the chain has no anchor" });
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
        problems.push({ matter, seq: e?.seq ?? 0, problem: `the response of ${r.seatId} (${r.responseId}) does not agree with the trail: ${e ? `recorded ${String(e.data.answer)}, stored ${r.answer}` : "no entry records it"}` });
      }
    }
    const closed = entries.find((x) => x.action === "vote.closed");
    if (vote.status === "closed" && closed) {
      const tally = closed.data.tally as Record<string, number> | undefined;
      const now = result.tally as unknown as Record<string, number>;
      if (!tally || Object.keys(now).some((k) => tally[k] !== now[k]) || closed.data.outcome !== vote.outcome) {
        problems.push({ matter, seq: closed.seq, problem: `the tally and outcome recorded at the close (${JSON.stringify(tally)}, ${String(closed.data.outcome)}) differ from the responses stored now (${JSON.stringify(now)}, ${String(vote.outcome)})` });
      }
    }
  }
  for (const meeting of await listMeetings(deps, committeeId)) {
    const matter = meetingMatter(meeting.meetingId);
    const entries = entriesOf(chains, matter);
    for (const o of await minutesObjections(deps, committeeId, meeting.meetingId)) {
      const e = entries.find((x) => x.ref === o.sourceRef && x.action.startsWith("minutes.objection"));
      if (!e || e.data.version !== o.version) problems.push({ matter, seq: e?.seq ?? 0, problem: `the objection of ${o.seatId} to version ${o.version} does not agree with the trail` });
    }
    for (const v of await minutesVersions(deps, committeeId, meeting.meetingId)) {
      const up = entries.find((x) => x.action === "minutes.uploaded" && x.data.version === v.version);
      if (!up) problems.push({ matter, seq: 0, problem: `minutes version ${v.version} has no upload entry` });
      const sent = entries.find((x) => x.action === "minutes.sent" && x.data.version === v.version);
      if (v.sentAt && (!sent || sent.data.sentAt !== v.sentAt)) problems.push({ matter, seq: sent?.seq ?? 0, problem: `minutes version ${v.version} was sent ${v.sentAt}, the trail says ${String(sent?.data.sentAt ?? "never")}` });
    }
    for (const a of await attendanceOf(deps, committeeId, meeting.meetingId)) {
      if (a.status === "withdrawn") {
        // A withdrawn apology: its latest entry for the seat is the withdrawal (issue 21: apologies with undo).
        const e = [...entries].reverse().find((x) => (x.action === "meeting.apology" || x.action === "meeting.apology-withdrawn") && x.data.seatId === a.seatId);
        if (e?.action !== "meeting.apology-withdrawn") problems.push({ matter, seq: e?.seq ?? 0, problem: `the withdrawn apology of ${a.seatId} does not agree with the trail` });
      } else if (a.status === "apology") {
        // The latest apology entry of the seat says what the record must say.
        const e = [...entries].reverse().find((x) => x.action === "meeting.apology" && x.data.seatId === a.seatId);
        if (!e || e.data.substituteAttends !== a.substituteAttends) problems.push({ matter, seq: e?.seq ?? 0, problem: `the apology of ${a.seatId} does not agree with the trail` });
      } else {
        const e = [...entries].reverse().find((x) => x.action === "meeting.attendance");
        const present = ((e?.data.present as string[] | undefined) ?? []).includes(a.seatId);
        if (!e || present !== (a.status === "present")) problems.push({ matter, seq: e?.seq ?? 0, problem: `the attendance of ${a.seatId} (${a.status}) does not agree with the trail` });
      }
    }
  }
  return problems;
}
