/** Read views of written votes for the API and the console (R-3.6, R-7.1). */
import { rawAnswersOf } from "../answers/queries.ts";
import { auditTrail } from "../audit/audit.ts";
import type { Deps } from "../deps.ts";
import { emailsOfMatter, sentTimes } from "../mail/mailing.ts";
import { respondentName } from "../mail/messages.ts";
import { voteMatter } from "./names.ts";
import { listVotes, voteState } from "./written-votes.ts";

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
      byName: respondentName(rulebook, s.seatId, s.respondent) ?? null,
      changes: s.changes, remark: s.responseId ? (remark.get(s.responseId) ?? null) : null,
    })),
    notCounted: result.judged.filter((j) => !j.counted).map((j) => {
      const r = responses.find((x) => x.responseId === j.responseId);
      return { seat: r?.seatId ?? null, answer: r?.answer ?? null, channel: r?.channel ?? null, receivedAt: r?.receivedAt ?? null, reason: j.reason ?? null };
    }),
  };
}

export async function listWrittenVotes(deps: Deps, committeeId: string) {
  const votes = await listVotes(deps, committeeId);
  return votes.sort((a, b) => b.openedAt.localeCompare(a.openedAt)).map((v) => ({ id: v.voteId, title: v.title, status: v.status, outcome: v.outcome ?? null, openedAt: v.openedAt, closesAt: v.closesAt, closedAt: v.closedAt ?? null, movedToMeetingId: v.movedToMeetingId ?? null }));
}


/** R-7.1/R-7.2: a written vote for the archive: the decision, every response as received (counted or not), the raw answers, the mail and the audit trail. */
export async function writtenVoteExport(deps: Deps, committeeId: string, voteId: string) {
  const view = await writtenVoteView(deps, committeeId, voteId);
  const { responses, result } = await voteState(deps, committeeId, voteId);
  const judged = new Map(result.judged.map((j) => [j.responseId, j]));
  const emails = await emailsOfMatter(deps, committeeId, voteMatter(voteId));
  const sentAt = sentTimes(emails);
  return {
    exportedAt: deps.clock.now(),
    vote: view,
    responses: responses.map((r) => ({ seat: r.seatId, by: r.respondent.kind === "member" ? "member" : `substitute:${r.respondent.substituteId}`, answer: r.answer, channel: r.channel, receivedAt: r.receivedAt, remark: r.remark ?? null, counted: judged.get(r.responseId)?.counted ?? false, reason: judged.get(r.responseId)?.reason ?? null, source: r.sourceRef })),
    replies: await rawAnswersOf(deps, committeeId, voteMatter(voteId), responses.map((r) => r.sourceRef)),
    messages: emails.map((e) => ({ purpose: e.purpose, to: e.to.join(","), seat: e.seatId ?? null, subject: e.subject, messageId: e.messageId, sentAt: sentAt.get(e.idempotencyKey) ?? null, raw: e.blobKey ?? null })),
    audit: (await auditTrail(deps, committeeId, voteMatter(voteId))).map((a) => ({ seq: a.seq, at: a.at, actor: a.actor, action: a.action, channel: a.channel, ref: a.ref ?? null, hash: a.hash })),
  };
}

/** The vote's records as rows for a CSV. */
export function writtenVoteRows(exp: Awaited<ReturnType<typeof writtenVoteExport>>): unknown[][] {
  const rows: unknown[][] = [["section", "when", "who", "what", "detail"]];
  rows.push(["vote", exp.vote.openedAt, "", exp.vote.title, `${exp.vote.status} ${exp.vote.outcome ?? ""}`.trim()]);
  for (const r of exp.responses) rows.push(["response", r.receivedAt, `${r.seat} (${r.by})`, r.answer, `${r.counted ? "counted" : `not counted: ${r.reason ?? ""}`}${r.remark ? `; ${r.remark}` : ""}`]);
  for (const r of exp.replies) rows.push(["reply", r.receivedAt, r.from ?? "", r.channel, typeof r.raw === "string" ? r.raw : JSON.stringify(r.raw)]);
  for (const m of exp.messages) rows.push(["message", m.sentAt, m.to, m.purpose, m.subject]);
  for (const a of exp.audit) rows.push(["audit", a.at, a.actor, a.action, a.hash]);
  return rows;
}
