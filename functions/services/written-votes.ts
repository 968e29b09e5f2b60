/**
 * written votes. The secretariat opens one; ballots go to every seat; responses are stored as
 * received and judged by the domain; the workflow reminds those who have not answered and closes the vote
 * at its deadline, early when every seat has voted, or at once on an objection (moved-to-meeting).
 */
import { randomBytes } from "node:crypto";
import { DateTime } from "luxon";
import { epochMs, localDateOf, type Instant } from "#domain/calendar";
import { remindersBefore, writtenVoteDeadline } from "#domain/deadlines";
import type { Respondent, Representation } from "#domain/representation";
import type { Rulebook } from "#domain/rulebook";
import { decideWrittenVote, seatsWithoutAnswer, type Answer, type Channel, type WrittenVoteResult } from "#domain/written-vote";
import { committeePk, votePk, type RecordOf } from "#adapters/records";
import { base32 } from "#adapters/link-keys";
import { committeeRulebook } from "./committee.ts";
import { defineAwaitedEvent, signal } from "./callbacks.ts";
import type { Deps } from "./deps.ts";
import { NotFoundError, StateConflictError } from "./errors.ts";
import { sendMailing, type MailRequest } from "./mail.ts";
import { revokeTokens } from "./tokens.ts";
import * as messages from "./messages.ts";
import { putOnNextAgenda } from "./agenda.ts";
import { representationsOf, recipientsOfSeats } from "./recipients.ts";

export type WrittenVote = RecordOf<"writtenVote">;
export type VoteResponseRecord = RecordOf<"voteResponse">;

export const voteMatter = (voteId: string) => `vote/${voteId}`;
export const voteExecutionName = (committeeId: string, voteId: string) => `vote--${committeeId}--${voteId}`.slice(0, 80);

/** UTC with Z and whole seconds: what a Step Functions Wait accepts. */
export function utc(instant: Instant): string {
  return DateTime.fromISO(instant, { setZone: true }).toUTC().toISO({ suppressMilliseconds: true }) ?? "";
}

export function secondsUntil(now: Instant, at: Instant): number {
  return Math.max(1, Math.ceil((epochMs(at) - epochMs(now)) / 1000));
}

export async function getVote(deps: Pick<Deps, "store">, committeeId: string, voteId: string): Promise<WrittenVote> {
  const vote = await deps.store.get("writtenVote", { pk: committeePk(committeeId), sk: `VOTE#${voteId}` });
  if (!vote) throw new NotFoundError("written vote", voteId);
  return vote;
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
  const rulebook = await committeeRulebook(deps.store, committeeId);
  const responses = await deps.store.list("voteResponse", votePk(committeeId, voteId), "RESPONSE#");
  const result = decideWrittenVote(
    { openedAt: vote.openedAt, closesAt: vote.closesAt, seatIds: vote.seatIds, concernsGeneralPractice: vote.concernsGeneralPractice, cancelledAt: vote.cancelledAt },
    responses.map((r) => ({ id: r.responseId, seatId: r.seatId, respondent: r.respondent, answer: r.answer, receivedAt: r.receivedAt, channel: r.channel })),
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
  openedBy: string;
}

/** opens a vote with the rulebook's default duration (or the one given) and starts its workflow. */
export async function openWrittenVote(deps: Deps, input: OpenVoteInput): Promise<WrittenVote> {
  const rulebook = await committeeRulebook(deps.store, input.committeeId);
  const now = deps.clock.now();
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
    status: "open",
    rev: 0,
  };
  await deps.store.create("writtenVote", vote);
  await deps.store.appendAudit({
    committeeId: input.committeeId, matter: voteMatter(voteId), actor: input.openedBy, action: "vote.opened", channel: "api", ref: `${voteMatter(voteId)}#opened`,
    data: { title: input.title, closesAt: vote.closesAt, seats: vote.seatIds.length },
  });
  await deps.workflows.start("written-vote", voteExecutionName(input.committeeId, voteId), { committeeId: input.committeeId, voteId });
  return vote;
}

/** The time until which tokens of a vote still resolve: late replies must still get an answer. */
function tokenExpiry(vote: WrittenVote, rulebook: Rulebook): Instant {
  return writtenVoteDeadline(vote.closesAt, rulebook, 30).endsAt;
}

/** task: one ballot per seat (and to a substitute recorded as representing it). */
export async function sendBallots(deps: Deps, ids: { committeeId: string; voteId: string }): Promise<{ next: string; sent: number }> {
  const { vote, rulebook, result } = await voteState(deps, ids.committeeId, ids.voteId);
  if (vote.status === "closed" || result.status === "closed") return { next: "close", sent: 0 };
  const mailing = (await recipientsOfSeats(deps, rulebook, deps.clock.now(), vote.seatIds)).map((r): MailRequest => ({
    key: `ballot#${vote.voteId}#${r.seatId}#${r.personId}`,
    committeeId: vote.committeeId, matter: voteMatter(vote.voteId), purpose: "ballot", seatId: r.seatId,
    to: r, token: { action: "written-vote", expiresAt: tokenExpiry(vote, rulebook) },
    message: (reply) => messages.ballot(deps, rulebook, vote, r, reply),
  }));
  const sent = (await sendMailing(deps, mailing)).filter((o) => o !== "already-sent").length;
  await deps.store.appendAudit({
    committeeId: vote.committeeId, matter: voteMatter(vote.voteId), actor: "workflow", action: "vote.ballots-sent", channel: "email", ref: `${voteMatter(vote.voteId)}#ballots-sent`,
    data: { seats: vote.seatIds.length, newlySent: sent },
  });
  return { next: "wait", sent };
}

/** task: reminders now due to seats without an answer; whether the vote is closed; when to look again. */
export async function writtenVoteStep(deps: Deps, ids: { committeeId: string; voteId: string }): Promise<{ next: "close" | "wait"; timeoutSeconds?: number; wakeAt?: string }> {
  const { vote, rulebook, result } = await voteState(deps, ids.committeeId, ids.voteId);
  if (vote.status === "closed" || result.status === "closed") return { next: "close" };
  const now = deps.clock.now();
  const deadline = { rule: "R-3.6" as const, what: "", date: localDateOf(vote.closesAt, rulebook.calendar.timeZone), weekday: "", endsAt: vote.closesAt };
  const reminders = remindersBefore(deadline, rulebook.reminders.writtenVoteDaysBeforeClose, "written vote reminder", rulebook)
    .filter((r) => epochMs(r.at) > epochMs(vote.openedAt));
  for (const [i, reminder] of reminders.entries()) {
    if (epochMs(reminder.at) > epochMs(now)) continue;
    await sendMailing(deps, (await recipientsOfSeats(deps, rulebook, now, seatsWithoutAnswer(result))).map((r) => ({
      key: `vote-reminder#${vote.voteId}#${i}#${r.seatId}#${r.personId}`, repeated: true,
      committeeId: vote.committeeId, matter: voteMatter(vote.voteId), purpose: "vote-reminder", seatId: r.seatId,
      to: r, token: { action: "written-vote", expiresAt: tokenExpiry(vote, rulebook) },
      message: (reply) => messages.voteReminder(deps, rulebook, vote, r, reply),
    })));
  }
  const upcoming = reminders.map((r) => r.at).filter((at) => epochMs(at) > epochMs(now));
  const closeAt = DateTime.fromISO(vote.closesAt, { setZone: true }).plus({ seconds: 1 }).toISO({ suppressMilliseconds: true }) ?? vote.closesAt;
  const wakeAt = [...upcoming, closeAt].sort((a, b) => epochMs(a) - epochMs(b))[0] ?? closeAt;
  return { next: "wait", timeoutSeconds: secondsUntil(now, wakeAt), wakeAt: utc(wakeAt) };
}

/** task: records the outcome, moves the matter to a meeting if objected, tells every seat. */
export async function closeWrittenVote(deps: Deps, ids: { committeeId: string; voteId: string }): Promise<{ outcome: string; movedToMeetingId?: string }> {
  const state = await voteState(deps, ids.committeeId, ids.voteId);
  const { rulebook, result } = state;
  if (result.status !== "closed" || !result.outcome || !result.closedAt || !result.closeReason) {
    throw new StateConflictError(`vote ${ids.voteId} is not closed yet`);
  }
  let movedToMeetingId = state.vote.movedToMeetingId;
  if (result.outcome === "moved-to-meeting" && !movedToMeetingId) {
    movedToMeetingId = await putOnNextAgenda(deps, {
      committeeId: ids.committeeId,
      itemId: `vote-${ids.voteId}`,
      title: state.vote.title,
      description: `${state.vote.question}\n\nSagen blev forsøgt afgjort ved skriftlig votering, men et medlem gjorde indsigelse (forretningsordenens § 3, stk. 6).`,
      concernsGeneralPractice: state.vote.concernsGeneralPractice,
      source: "written-vote",
      material: state.vote.material,
    });
  }
  const { record: vote } = await deps.store.modify("writtenVote", { pk: committeePk(ids.committeeId), sk: `VOTE#${ids.voteId}` }, (cur) =>
    cur.status === "closed" && cur.movedToMeetingId === movedToMeetingId
      ? undefined
      : { ...cur, status: "closed", closedAt: result.closedAt, closeReason: result.closeReason, outcome: result.outcome, ...(movedToMeetingId ? { movedToMeetingId } : {}) });
  {
    await deps.store.appendAudit({
      committeeId: ids.committeeId, matter: voteMatter(ids.voteId), actor: "workflow", action: "vote.closed", channel: "workflow", ref: `${voteMatter(ids.voteId)}#closed`,
      data: { outcome: result.outcome, closeReason: result.closeReason, tally: { ...result.tally }, perSeat: Object.fromEntries(result.seats.map((s) => [s.seatId, s.answer ?? null])), ...(movedToMeetingId ? { movedToMeetingId } : {}) },
    });
  }
  const movedToMeeting = movedToMeetingId
    ? await deps.store.get("meeting", { pk: committeePk(ids.committeeId), sk: `MEETING#${movedToMeetingId}` })
    : undefined;
  await sendMailing(deps, (await recipientsOfSeats(deps, rulebook, deps.clock.now(), vote.seatIds)).map((r) => ({
    key: `vote-result#${vote.voteId}#${r.seatId}#${r.personId}`,
    committeeId: vote.committeeId, matter: voteMatter(vote.voteId), purpose: "vote-result", seatId: r.seatId, to: r,
    message: () => messages.voteResult(deps, rulebook, { ...state, vote, movedToMeeting }, r),
  })));
  return { outcome: result.outcome, ...(movedToMeetingId ? { movedToMeetingId } : {}) };
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
  const created = await deps.store.create("voteResponse", {
    committeeId: input.committeeId, voteId: input.voteId, responseId, seatId: input.seatId, respondent: input.respondent,
    answer: input.answer, receivedAt: input.receivedAt, channel: input.channel, sourceRef: input.sourceRef,
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
  if (!created) return { status: "duplicate", counted: judged?.counted ?? false, reason: judged?.reason, result: state.result, vote: state.vote };
  if (!judged?.counted) return { status: "not-counted", reason: judged?.reason ?? "unknown", result: state.result, vote: state.vote };
  return { status: "recorded", answer: input.answer, result: state.result, vote: state.vote };
}

/** the secretariat cancels an open vote; its workflow closes it as cancelled and tells the seats. */
export async function cancelWrittenVote(deps: Deps, committeeId: string, voteId: string, by: string): Promise<WrittenVote> {
  const { record } = await deps.store.modify("writtenVote", { pk: committeePk(committeeId), sk: `VOTE#${voteId}` }, (cur) => {
    if (cur.status === "closed") throw new StateConflictError(`vote ${voteId} is already closed`, "voteId");
    return cur.cancelledAt ? undefined : { ...cur, cancelledAt: deps.clock.now() };
  });
  await deps.store.appendAudit({ committeeId, matter: voteMatter(voteId), actor: by, action: "vote.cancelled", channel: "api", ref: `${voteMatter(voteId)}#cancelled`, data: {} });
  // The ballots' reply addresses and links stop working: answers to a cancelled vote are refused as such.
  await revokeTokens(deps.store, committeeId, voteMatter(voteId), deps.clock.now());
  await signal(deps, committeeId, `${voteMatter(voteId)}#closable`, { cancelled: true });
  return record;
}

defineAwaitedEvent("closable", async (deps, committeeId, subject) => {
  const voteId = subject.replace(/^vote\//, "");
  return (await voteState(deps, committeeId, voteId)).result.status === "closed";
});

