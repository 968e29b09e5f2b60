/**
 * written votes. The secretariat opens one; ballots go to every seat; responses are stored as
 * received and judged by the domain; the workflow reminds those who have not answered and closes the vote
 * at its deadline, early when every seat has voted, or at once on an objection (moved-to-meeting).
 */
import { createHash, randomBytes } from "node:crypto";
import { localDateOf, type Instant } from "#domain/calendar";
import { writtenVoteDeadline } from "#domain/deadlines";
import type { Respondent, Representation } from "#domain/representation";
import type { Rulebook } from "#domain/rulebook";
import { decideWrittenVote, type Answer, type Channel, type WrittenVoteResult } from "#domain/written-vote";
import { base32 } from "#adapters/link-keys";
import { signal } from "../callbacks/callbacks.ts";
import { committeeRulebook } from "../committee/committee.ts";
import { representationsOf } from "../committee/representation.ts";
import type { Deps } from "../deps.ts";
import { sendOnce } from "../mail/mailing.ts";
import * as messages from "../mail/messages.ts";
import { secretariatRecipient } from "../mail/recipients.ts";
import { revokeTokens } from "../mail/tokens.ts";
import { UnknownVoteError, VoteClosedError } from "./errors.ts";
import { voteExecutionName, voteMatter } from "./names.ts";
import { responseRecords, voteRecords, type VoteResponseRecord, type WrittenVote } from "./repository.ts";

export type { VoteResponseRecord, WrittenVote };

/** The vote, or undefined when there is none by that id. */
export function findVote(deps: Pick<Deps, "store">, committeeId: string, voteId: string): Promise<WrittenVote | undefined> {
  return voteRecords.get(deps.store, committeeId, voteId);
}

export async function getVote(deps: Pick<Deps, "store">, committeeId: string, voteId: string): Promise<WrittenVote> {
  const vote = await voteRecords.get(deps.store, committeeId, voteId);
  if (!vote) throw new UnknownVoteError(voteId);
  return vote;
}

/** A committee's written votes, as stored. */
export function listVotes(deps: Pick<Deps, "store">, committeeId: string): Promise<WrittenVote[]> {
  return voteRecords.list(deps.store, committeeId);
}

async function representations(deps: Pick<Deps, "store">, committeeId: string): Promise<Representation[]> {
  return (await representationsOf(deps, committeeId)).map((r) => ({
    seatId: r.seatId, substituteId: r.substituteId, from: r.from, to: r.to,
  }));
}

export interface VoteState {
  vote: WrittenVote;
  rulebook: Rulebook;
  responses: VoteResponseRecord[];
  result: WrittenVoteResult;
}

export async function voteState(deps: Pick<Deps, "store" | "clock">, committeeId: string, voteId: string, at?: Instant): Promise<VoteState> {
  const vote = await getVote(deps, committeeId, voteId);
  // a vote keeps the rulebook in force on the day it opened.
  const rulebook = await committeeRulebook(deps.store, committeeId, vote.openedAt);
  const responses = await responseRecords.list(deps.store, committeeId, voteId);
  const result = decideWrittenVote(
    { openedAt: vote.openedAt, closesAt: vote.closesAt, seatIds: vote.seatIds, concernsGeneralPractice: vote.concernsGeneralPractice, cancelledAt: vote.cancelledAt },
    responses.map((r) => ({ id: r.responseId, seatId: r.seatId, respondent: r.respondent, answer: r.answer, receivedAt: r.receivedAt, arrival: r.arrival, channel: r.channel })),
    await representations(deps, committeeId),
    rulebook,
    at ?? deps.clock.now(),
  );
  return { vote, rulebook, responses, result };
}

export interface OpenVoteInput {
  committeeId: string;
  title: string;
  question: string;
  material?: { name: string; blobKey: string; contentType: string; bytes: number }[];
  durationDays?: number | undefined;
  concernsGeneralPractice?: boolean;
  /** where the matter goes should a member object; the next meeting when absent. */
  targetMeetingId?: string | undefined;
  openedBy: string;
}

/** Material for a vote, stored under a key of ours by its content (the name is only shown). */
export async function storeVoteMaterial(deps: Deps, committeeId: string, file: { name: string; contentType: string; content: Buffer }): Promise<{ name: string; blobKey: string; contentType: string; bytes: number }> {
  const blobKey = `material/${committeeId}/votes/${createHash("sha256").update(file.content).digest("hex").slice(0, 24)}`;
  await deps.blobs.put(blobKey, file.content, file.contentType);
  return { name: file.name, blobKey, contentType: file.contentType, bytes: file.content.length };
}

/** Whether a material reference is one of this committee's stored vote materials (a form may carry one back). */
export function isVoteMaterialOf(committeeId: string, blobKey: string): boolean {
  return new RegExp(`^material/${committeeId.replace(/[^a-z0-9-]/g, "")}/votes/[0-9a-f]{24}$`).test(blobKey);
}

/** opens a vote with the rulebook's default duration (or the one given) and starts its workflow. */
export async function openWrittenVote(deps: Deps, input: OpenVoteInput): Promise<WrittenVote> {
  const now = deps.clock.now();
  const rulebook = await committeeRulebook(deps.store, input.committeeId, now);
  const deadline = writtenVoteDeadline(now, rulebook, input.durationDays ?? rulebook.writtenVote.defaultDurationDays);
  const voteId = `v${localDateOf(now, rulebook.calendar.timeZone).replace(/-/g, "")}-${base32(randomBytes(4)).slice(0, 6)}`;
  const vote: WrittenVote = {
    committeeId: input.committeeId,
    voteId,
    title: input.title,
    question: input.question,
    material: input.material ?? [],
    openedAt: now,
    openedBy: input.openedBy,
    closesAt: deadline.endsAt,
    seatIds: rulebook.seats.map((s) => s.id),
    concernsGeneralPractice: input.concernsGeneralPractice ?? false,
    ...(input.targetMeetingId ? { targetMeetingId: input.targetMeetingId } : {}),
    status: "open",
    rev: 0,
  };
  await voteRecords.create(deps.store, vote);
  await deps.store.appendAudit({
    committeeId: input.committeeId, matter: voteMatter(voteId), actor: input.openedBy, action: "vote.opened", channel: "api", ref: `${voteMatter(voteId)}#opened`,
    data: { title: input.title, closesAt: vote.closesAt, seats: vote.seatIds.length },
  });
  await deps.workflows.start("written-vote", voteExecutionName(input.committeeId, voteId), { committeeId: input.committeeId, voteId });
  return vote;
}

export interface VoteAnswerInput {
  committeeId: string;
  voteId: string;
  seatId: string;
  respondent: Respondent;
  answer: Answer;
  channel: Channel;
  receivedAt: Instant;
  /** Where the raw input is kept (inbound email blob, link action log); also makes the response id. */
  sourceRef: string;
  /** Its place in the order of arrival, when the channel knows it. */
  arrival?: number | undefined;
  remark?: string | undefined;
}

export type VoteAnswerOutcome =
  | { status: "recorded"; answer: Answer; result: WrittenVoteResult; vote: WrittenVote }
  /** This very answer (same sourceRef) was stored before, e.g. by a run cut off: how it was judged then. */
  | { status: "duplicate"; counted: boolean; reason?: string | undefined; result: WrittenVoteResult; vote: WrittenVote }
  | { status: "not-counted"; reason: string; result: WrittenVoteResult; vote: WrittenVote };

/**
 * stores a response as received (before it is judged), judges it against all responses, and
 * wakes the workflow when it may close the vote.
 */
export async function recordVoteAnswer(deps: Deps, input: VoteAnswerInput): Promise<VoteAnswerOutcome> {
  const responseId = input.sourceRef.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 180);
  const created = await responseRecords.create(deps.store, {
    committeeId: input.committeeId, voteId: input.voteId, responseId, seatId: input.seatId, respondent: input.respondent,
    answer: input.answer, receivedAt: input.receivedAt, ...(input.arrival !== undefined ? { arrival: input.arrival } : {}), channel: input.channel, sourceRef: input.sourceRef,
    ...(input.remark ? { remark: input.remark.slice(0, 5000) } : {}),
  });
  const state = await voteState(deps, input.committeeId, input.voteId, input.receivedAt);
  const judged = state.result.judged.find((j) => j.responseId === responseId);
  await deps.store.appendAudit({
    committeeId: input.committeeId, matter: voteMatter(input.voteId), actor: input.respondent.kind === "member" ? input.seatId : `${input.seatId}/${input.respondent.substituteId}`,
    action: judged?.counted ? "vote.response" : "vote.response-not-counted", channel: input.channel, ref: input.sourceRef,
    data: { answer: input.answer, receivedAt: input.receivedAt, ...(judged?.reason ? { reason: judged.reason } : {}) },
  });
  // On a redelivery the audit entry (idempotent by ref) and the signal are made again, in case the first
  // run died after storing the response.
  if (state.result.status === "closed" && judged?.counted) await signal(deps, input.committeeId, `${voteMatter(input.voteId)}#closable`, { closedBy: responseId });
  // an objection to the written procedure moves the matter to a meeting; the secretariat hears at once (once per answer).
  if (judged?.counted && input.answer === "objection") {
    const to = secretariatRecipient(state.rulebook);
    await sendOnce(deps, {
      key: `objection-notice#${voteMatter(input.voteId)}#${responseId}`, committeeId: input.committeeId, matter: voteMatter(input.voteId), purpose: "objection-notice", to,
      message: () => messages.objectionNotice(deps, state.rulebook, to, { subjectOf: "vote", about: state.vote.title, seatId: input.seatId, respondent: input.respondent, text: input.remark, receivedAt: input.receivedAt, consolePath: `/console/votes/${encodeURIComponent(input.voteId)}` }),
    });
  }
  if (!created) return { status: "duplicate", counted: judged?.counted ?? false, reason: judged?.reason, result: state.result, vote: state.vote };
  if (!judged?.counted) return { status: "not-counted", reason: judged?.reason ?? "unknown", result: state.result, vote: state.vote };
  return { status: "recorded", answer: input.answer, result: state.result, vote: state.vote };
}

/** the secretariat cancels an open vote; its workflow closes it as cancelled and tells the seats. */
export async function cancelWrittenVote(deps: Deps, committeeId: string, voteId: string, by: string): Promise<WrittenVote> {
  const { record } = await voteRecords.modify(deps.store, committeeId, voteId, (cur) => {
    if (cur.status === "closed") throw new VoteClosedError(voteId);
    return cur.cancelledAt ? undefined : { ...cur, cancelledAt: deps.clock.now() };
  });
  await deps.store.appendAudit({ committeeId, matter: voteMatter(voteId), actor: by, action: "vote.cancelled", channel: "api", ref: `${voteMatter(voteId)}#cancelled`, data: {} });
  // The ballots' reply addresses and links stop working: answers to a cancelled vote are refused as such.
  await revokeTokens(deps.store, committeeId, voteMatter(voteId), deps.clock.now());
  await signal(deps, committeeId, `${voteMatter(voteId)}#closable`, { cancelled: true });
  return record;
}

/** The awaited event "closable" (callbacks/awaited-events.ts): may the vote's workflow close it now? */
export async function voteClosable(deps: Pick<Deps, "store" | "clock">, committeeId: string, voteId: string): Promise<boolean> {
  return (await voteState(deps, committeeId, voteId)).result.status === "closed";
}

/** The time until which tokens of a vote still resolve: late replies must still get an answer. */
export function tokenExpiry(vote: WrittenVote, rulebook: Rulebook): Instant {
  return writtenVoteDeadline(vote.closesAt, rulebook, 30).endsAt;
}
