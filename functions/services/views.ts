/**
 * Read views for the API and the console: the term at a glance, a meeting's timeline, a written vote with
 * one line per seat, minutes rounds with objections per seat, and a meeting's record for the archive.
 */
import { epochMs, localDateOf } from "#domain/calendar";
import { checkMeetingPlan } from "#domain/plan";
import { minutesHistory } from "#domain/minutes";
import { committeePk, meetingPk } from "#adapters/records";
import { listAgendaItems, listMeetings, type Meeting } from "./agenda.ts";
import { committeeRulebook } from "./committee.ts";
import type { Deps } from "./deps.ts";
import { NotFoundError } from "./errors.ts";
import { sentTimes } from "./mail.ts";
import { listInitiatives, meetingMatter, meetingTimeline, minutesVersions, quorumForecastFor } from "./meeting-cycle.ts";
import { voteState } from "./written-votes.ts";

type Dated = { rule: string; what: string; date: string; weekday: string; at: string; past: boolean };

function deadlinesOf(meeting: Meeting, timeline: ReturnType<typeof meetingTimeline>, now: string): Dated[] {
  const out: Dated[] = [];
  const add = (d: { rule: string; what: string; date: string; weekday: string; endsAt?: string; at?: string } | undefined) => {
    if (!d) return;
    const at = d.endsAt ?? d.at ?? "";
    out.push({ rule: d.rule, what: d.what, date: d.date, weekday: d.weekday, at, past: epochMs(at) <= epochMs(now) });
  };
  add(timeline.callForItems);
  add(timeline.items);
  add(timeline.initiativeReports);
  timeline.agendaReminders.forEach(add);
  add(timeline.agenda);
  add(timeline.quorumForecast);
  add({ rule: "R-3.1", what: "meeting", date: localDateOf(meeting.startsAt, "Europe/Copenhagen"), weekday: "", at: meeting.startsAt });
  add(timeline.minutes);
  return out.sort((a, b) => epochMs(a.at) - epochMs(b.at));
}

export async function termView(deps: Deps, committeeId: string) {
  const rulebook = await committeeRulebook(deps.store, committeeId);
  const meetings = await listMeetings(deps, committeeId);
  const now = deps.clock.now();
  const plan = checkMeetingPlan(meetings.filter((m) => m.status !== "cancelled").map((m) => ({ id: m.meetingId, startsAt: m.startsAt, kind: m.kind })), rulebook);
  return {
    committee: { id: committeeId, name: rulebook.committee.name, rulebook: rulebook.id, rulebookStatus: rulebook.status, validity: rulebook.validity, term: rulebook.term },
    warnings: plan.warnings,
    years: plan.years,
    meetings: meetings.map((m) => {
      const timeline = meetingTimeline(m, rulebook);
      const deadlines = deadlinesOf(m, timeline, now);
      return {
        id: m.meetingId, kind: m.kind, status: m.status, startsAt: m.startsAt, location: m.location,
        agendaSentAt: m.agendaSentAt ?? null, minutesApprovedAt: m.minutesApprovedAt ?? null,
        nextDeadline: m.status === "cancelled" ? null : (deadlines.find((d) => !d.past) ?? null),
      };
    }),
  };
}

export async function meetingDetail(deps: Deps, committeeId: string, meetingId: string) {
  const rulebook = await committeeRulebook(deps.store, committeeId);
  const meeting = await deps.store.get("meeting", { pk: committeePk(committeeId), sk: `MEETING#${meetingId}` });
  if (!meeting) throw new NotFoundError("meeting", meetingId);
  const now = deps.clock.now();
  const timeline = meetingTimeline(meeting, rulebook);
  const items = await listAgendaItems(deps, committeeId, meetingId);
  const attendance = await deps.store.list("attendance", meetingPk(committeeId, meetingId), "ATTENDANCE#");
  const emails = await deps.store.listByIndex("email", `EMAILS#${committeeId}#${meetingMatter(meetingId)}`);
  const forecast = await quorumForecastFor(deps, rulebook, committeeId, meetingId);
  const reports = await deps.store.list("initiativeReport", meetingPk(committeeId, meetingId), "REPORT#");
  const initiatives = await listInitiatives(deps, committeeId);
  const sentAt = sentTimes(emails);
  const sent = new Map<string, { purpose: string; count: number; first: string; last: string }>();
  for (const e of emails) {
    const at = sentAt.get(e.idempotencyKey) ?? e.claimedAt;
    const s = sent.get(e.purpose) ?? { purpose: e.purpose, count: 0, first: at, last: at };
    s.count += 1;
    if (at < s.first) s.first = at;
    if (at > s.last) s.last = at;
    sent.set(e.purpose, s);
  }
  const seatTitle = (id: string) => rulebook.seats.find((s) => s.id === id)?.title ?? id;
  return {
    meeting: { ...meeting, presidingChairTitle: seatTitle(meeting.presidingChair) },
    deadlines: deadlinesOf(meeting, timeline, now),
    items: items.map((i) => ({ id: i.itemId, order: i.order, title: i.title, description: i.description, authoritiesOnly: i.authoritiesOnly, concernsGeneralPractice: i.concernsGeneralPractice, source: i.source, requestedBy: i.requestedBy ?? null, late: i.late, status: i.status, receivedAt: i.receivedAt, material: i.material.map((m) => ({ name: m.name, bytes: m.bytes })) })),
    attendance: attendance.map((a) => ({ seat: a.seatId, title: seatTitle(a.seatId), status: a.status, substituteAttends: a.substituteAttends, receivedAt: a.receivedAt, channel: a.channel })),
    quorumForecast: { ...forecast.forecast, gp: forecast.gpForecast ?? null, bounced: forecast.bounced.map((e) => e.to.join(", ")) },
    emails: { byPurpose: [...sent.values()].sort((a, b) => a.first.localeCompare(b.first)), total: emails.length, unconfirmed: emails.filter((e) => !sentAt.has(e.idempotencyKey)).length },
    initiativeReports: initiatives.map((i) => {
      const r = reports.filter((x) => x.initiativeId === i.initiativeId).sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))[0];
      return { initiative: i.initiativeId, name: i.name, status: r ? "received" : timeline.initiativeReports && epochMs(timeline.initiativeReports.endsAt) < epochMs(now) ? "missing" : "awaited", receivedAt: r?.receivedAt ?? null, report: r ? { status: r.status ?? null, figures: r.figures ?? {}, text: r.text } : null };
    }),
    minutes: await minutesView(deps, committeeId, meetingId),
  };
}

/** `GET …/meetings/{id}/minutes`: rounds, and objections per seat (a public surface: keep its shape). */
export async function minutesView(deps: Deps, committeeId: string, meetingId: string) {
  const rulebook = await committeeRulebook(deps.store, committeeId);
  const meeting = await deps.store.get("meeting", { pk: committeePk(committeeId), sk: `MEETING#${meetingId}` });
  if (!meeting) throw new NotFoundError("meeting", meetingId);
  const versions = await minutesVersions(deps, committeeId, meetingId);
  const objections = await deps.store.list("minutesObjection", meetingPk(committeeId, meetingId), "OBJECTION#");
  const sent = versions.filter((v) => v.sentAt).map((v) => ({ version: v.version, sentAt: v.sentAt ?? "" }));
  const history = minutesHistory(sent, objections.map((o) => ({ id: o.objectionId, version: o.version, seatId: o.seatId, receivedAt: o.receivedAt, text: o.text })), deps.clock.now(), rulebook);
  const counted = new Set(history.rounds.flatMap((r) => (r.state === "objected" ? r.objections.map((o) => o.id) : [])));
  const perSeat: Record<string, number> = {};
  for (const o of objections) perSeat[o.seatId] = (perSeat[o.seatId] ?? 0) + 1;
  return {
    meetingId,
    status: meeting.minutesApprovedAt ? "approved" : history.awaitingRevision ? "awaiting-revision" : history.rounds.at(-1)?.state === "open" ? "objection-window-open" : versions.length ? "uploaded" : "awaited",
    approved: history.approved ?? null,
    rounds: versions.map((v) => {
      const round = history.rounds.find((r) => r.version === v.version);
      return {
        version: v.version, uploadedAt: v.uploadedAt, sentAt: v.sentAt ?? null, changeNote: v.changeNote,
        objectionDeadline: round?.window.endsAt ?? null, state: round?.state ?? "not-sent",
        objections: objections.filter((o) => o.version === v.version).map((o) => ({
          seat: o.seatId, receivedAt: o.receivedAt, channel: o.channel, text: o.text,
          counted: round?.state === "objected" ? counted.has(o.objectionId) : round?.state === "open" ? null : false,
        })),
      };
    }),
    objectionsPerSeat: perSeat,
  };
}

/** `GET …/written-votes/{id}`: status, outcome, and one response per seat with answer, channel and time. */
export async function writtenVoteView(deps: Deps, committeeId: string, voteId: string) {
  const { vote, rulebook, responses, result } = await voteState(deps, committeeId, voteId);
  const remark = new Map(responses.filter((r) => r.remark).map((r) => [r.responseId, r.remark]));
  return {
    id: vote.voteId, title: vote.title, question: vote.question, status: result.status, outcome: result.outcome ?? null,
    closeReason: result.closeReason ?? null, explanation: result.explanation ?? null,
    openedAt: vote.openedAt, closesAt: vote.closesAt, closedAt: result.closedAt ?? null, cancelledAt: vote.cancelledAt ?? null,
    movedToMeetingId: vote.movedToMeetingId ?? null, concernsGeneralPractice: vote.concernsGeneralPractice,
    tally: result.tally,
    quorumOfRespondents: { quorate: result.quorumOfRespondents.quorate, present: result.quorumOfRespondents.present, required: result.quorumOfRespondents.required, conditions: result.quorumOfRespondents.conditions },
    responses: result.seats.map((s) => ({
      seat: s.seatId, title: rulebook.seats.find((x) => x.id === s.seatId)?.title ?? s.seatId,
      answer: s.answer ?? null, channel: s.channel ?? null, receivedAt: s.receivedAt ?? null,
      by: s.respondent ? (s.respondent.kind === "member" ? "member" : `substitute:${s.respondent.substituteId}`) : null,
      changes: s.changes, remark: s.responseId ? (remark.get(s.responseId) ?? null) : null,
    })),
    notCounted: result.judged.filter((j) => !j.counted).map((j) => {
      const r = responses.find((x) => x.responseId === j.responseId);
      return { seat: r?.seatId ?? null, answer: r?.answer ?? null, channel: r?.channel ?? null, receivedAt: r?.receivedAt ?? null, reason: j.reason ?? null };
    }),
  };
}

export async function listWrittenVotes(deps: Deps, committeeId: string) {
  const votes = await deps.store.list("writtenVote", committeePk(committeeId), "VOTE#");
  return votes.sort((a, b) => b.openedAt.localeCompare(a.openedAt)).map((v) => ({ id: v.voteId, title: v.title, status: v.status, outcome: v.outcome ?? null, openedAt: v.openedAt, closesAt: v.closesAt, closedAt: v.closedAt ?? null }));
}

/** a meeting's records for the archive: approved minutes, attendance, decisions, messages. */
export async function meetingExport(deps: Deps, committeeId: string, meetingId: string) {
  const detail = await meetingDetail(deps, committeeId, meetingId);
  const votes = (await deps.store.list("writtenVote", committeePk(committeeId), "VOTE#")).filter((v) => v.movedToMeetingId === meetingId);
  const audit = await deps.store.list("audit", `AUDIT#${committeeId}#${meetingMatter(meetingId)}`, "SEQ#");
  const emails = await deps.store.listByIndex("email", `EMAILS#${committeeId}#${meetingMatter(meetingId)}`);
  const sentAt = sentTimes(emails);
  return {
    exportedAt: deps.clock.now(),
    meeting: { id: meetingId, kind: detail.meeting.kind, startsAt: detail.meeting.startsAt, location: detail.meeting.location, presidingChair: detail.meeting.presidingChairTitle, status: detail.meeting.status },
    agenda: detail.items,
    attendance: detail.attendance,
    minutes: detail.minutes,
    writtenVotesMovedHere: await Promise.all(votes.map((v) => writtenVoteView(deps, committeeId, v.voteId))),
    messages: emails.map((e) => ({ purpose: e.purpose, to: e.to.join(","), seat: e.seatId ?? null, subject: e.subject, messageId: e.messageId, sentAt: sentAt.get(e.idempotencyKey) ?? null, raw: e.blobKey ?? null })),
    audit: audit.map((a) => ({ seq: a.seq, at: a.at, actor: a.actor, action: a.action, channel: a.channel, ref: a.ref ?? null, hash: a.hash })),
  };
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? "" : String(v);
  // A leading =, +, - or @ would be run as a formula by spreadsheets: prefix it.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function exportCsv(exp: Awaited<ReturnType<typeof meetingExport>>): string {
  const rows: unknown[][] = [["section", "when", "who", "what", "detail"]];
  rows.push(["meeting", exp.meeting.startsAt, exp.meeting.presidingChair, exp.meeting.kind, `${exp.meeting.location} (${exp.meeting.status})`]);
  for (const i of exp.agenda) rows.push(["agenda", i.receivedAt, i.requestedBy ?? "sekretariatet", i.title, `${i.status}${i.late ? ", for sent" : ""}${i.authoritiesOnly ? ", kun myndigheder" : ""}`]);
  for (const a of exp.attendance) rows.push(["attendance", a.receivedAt, a.title, a.status, a.substituteAttends ? "suppleant" : ""]);
  for (const r of exp.minutes.rounds) {
    rows.push(["minutes", r.sentAt ?? r.uploadedAt, "sekretariatet", `udgave ${r.version}`, r.state]);
    for (const o of r.objections) rows.push(["objection", o.receivedAt, o.seat, `udgave ${r.version}`, o.text]);
  }
  for (const v of exp.writtenVotesMovedHere) for (const r of v.responses) rows.push(["vote", r.receivedAt, r.title, `${v.title}: ${r.answer ?? "ikke svaret"}`, r.remark ?? ""]);
  for (const m of exp.messages) rows.push(["message", m.sentAt, m.to, m.purpose, m.subject]);
  for (const a of exp.audit) rows.push(["audit", a.at, a.actor, a.action, a.hash]);
  return rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

export async function auditView(deps: Deps, committeeId: string, matter?: string) {
  const entries = matter
    ? await deps.store.list("audit", `AUDIT#${committeeId}#${matter}`, "SEQ#")
    : await deps.store.listByIndex("audit", `AUDIT#${committeeId}`, "", { newestFirst: true });
  return entries.slice(0, 500).map((a) => ({ matter: a.matter, seq: a.seq, at: a.at, actor: a.actor, action: a.action, channel: a.channel, ref: a.ref ?? null, data: a.data }));
}


