/** Read views of written votes for the API and the console. */
import type { Deps } from "../deps.ts";
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
  return votes.sort((a, b) => b.openedAt.localeCompare(a.openedAt)).map((v) => ({ id: v.voteId, title: v.title, status: v.status, outcome: v.outcome ?? null, openedAt: v.openedAt, closesAt: v.closesAt, closedAt: v.closedAt ?? null }));
}

