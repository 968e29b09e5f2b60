/** a meeting's records for the archive, as JSON and as CSV. */
import { rawAnswersOf } from "../answers/queries.ts";
import { auditTrail } from "../audit/audit.ts";
import { minutesObjections } from "../minutes/minutes.ts";
import type { Deps } from "../deps.ts";
import { emailsOfMatter, sentTimes } from "../mail/mailing.ts";
import { listVotes } from "../written-votes/written-votes.ts";
import { writtenVoteView } from "../written-votes/queries.ts";
import { meetingMatter } from "./names.ts";
import { meetingDetail } from "./queries.ts";

/** a meeting's records for the archive: approved minutes, attendance, decisions, messages. */
export async function meetingExport(deps: Deps, committeeId: string, meetingId: string) {
  const detail = await meetingDetail(deps, committeeId, meetingId);
  const votes = (await listVotes(deps, committeeId)).filter((v) => v.movedToMeetingId === meetingId);
  const audit = await auditTrail(deps, committeeId, meetingMatter(meetingId));
  const emails = await emailsOfMatter(deps, committeeId, meetingMatter(meetingId));
  const sentAt = sentTimes(emails);
  const objections = await minutesObjections(deps, committeeId, meetingId);
  return {
    exportedAt: deps.clock.now(),
    meeting: { id: meetingId, kind: detail.meeting.kind, startsAt: detail.meeting.startsAt, location: detail.meeting.location, presidingChair: detail.meeting.presidingChairTitle, status: detail.meeting.status },
    agenda: detail.items,
    attendance: detail.attendance,
    minutes: detail.minutes,
    writtenVotesMovedHere: await Promise.all(votes.map((v) => writtenVoteView(deps, committeeId, v.voteId))),
    /** every answer as it came: raw emails (where kept) and link forms as posted. */
    replies: await rawAnswersOf(deps, committeeId, meetingMatter(meetingId), objections.map((o) => o.sourceRef)),
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

/** A table as CSV: by default comma-separated (the API); for Excel a BOM and semicolons, as Danish Excel reads it. */
export function toCsv(rows: readonly (readonly unknown[])[], options: { excel?: boolean } = {}): string {
  const body = rows.map((r) => r.map(csvCell).join(options.excel ? ";" : ",")).join("\r\n") + "\r\n";
  return options.excel ? `\uFEFF${body}` : body;
}

export function exportCsv(exp: Awaited<ReturnType<typeof meetingExport>>, options: { excel?: boolean } = {}): string {
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
  for (const r of exp.replies) rows.push(["reply", r.receivedAt, r.from ?? "", r.channel, typeof r.raw === "string" ? r.raw : JSON.stringify(r.raw)]);
  for (const a of exp.audit) rows.push(["audit", a.at, a.actor, a.action, a.hash]);
  return toCsv(rows, options);
}

