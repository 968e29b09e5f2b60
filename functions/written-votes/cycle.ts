/**
 * in the written vote's workflow: ballots to every seat, reminders to the seats without an answer, and
 * the close — at the deadline, early when every seat has voted, or at once on an objection (the matter then
 * goes on the next meeting's agenda).
 */
import { DateTime } from "luxon";
import { epochMs, localDateOf, secondsUntil, utc } from "#domain/calendar";
import { remindersBefore } from "#domain/deadlines";
import { citation } from "#domain/rulebook";
import { seatsWithoutAnswer } from "#domain/written-vote";
import { movedFromWrittenVote } from "#templates/records";
import type { Deps } from "../deps.ts";
import { sendMailing, type MailRequest } from "../mail/mailing.ts";
import * as messages from "../mail/messages.ts";
import { recipientsOfSeats } from "../mail/recipients.ts";
import { putOnNextAgenda } from "../meetings/agenda.ts";
import { findMeeting } from "../meetings/meetings.ts";
import { VoteNotClosableError } from "./errors.ts";
import { voteMatter } from "./names.ts";
import { voteRecords } from "./repository.ts";
import { digestSubscribers } from "../members/links.ts";
import { tokenExpiry, voteState } from "./written-votes.ts";

/** task: one ballot per seat (and to a substitute recorded as representing it). */
export async function sendBallots(deps: Deps, ids: { committeeId: string; voteId: string }): Promise<{ next: string; sent: number }> {
  const { vote, rulebook, result } = await voteState(deps, ids.committeeId, ids.voteId);
  if (vote.status === "closed" || result.status === "closed") return { next: "close", sent: 0 };
  const mailing = (await recipientsOfSeats(deps, rulebook, deps.clock.now(), vote.seatIds)).map((r): MailRequest => ({
    key: `ballot#${vote.voteId}#${r.seatId}#${r.personId}`,
    committeeId: vote.committeeId, matter: voteMatter(vote.voteId), purpose: "ballot", seatId: r.seatId,
    to: r, token: { action: "written-vote", expiresAt: tokenExpiry(vote, rulebook) },
    message: (reply) => messages.ballot(rulebook, vote, r, reply),
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
  // A member who chose the weekly digest in place of reminders (where the rulebook allows it) gets that instead.
  const digest = await digestSubscribers(deps, rulebook);
  for (const [i, reminder] of reminders.entries()) {
    if (epochMs(reminder.at) > epochMs(now)) continue;
    const recipients = (await recipientsOfSeats(deps, rulebook, now, seatsWithoutAnswer(result))).filter((r) => !digest.bySeat.has(`${r.seatId}#${r.email.toLowerCase()}`));
    await sendMailing(deps, recipients.map((r) => ({
      key: `vote-reminder#${vote.voteId}#${i}#${r.seatId}#${r.personId}`, repeated: true,
      committeeId: vote.committeeId, matter: voteMatter(vote.voteId), purpose: "vote-reminder", seatId: r.seatId,
      to: r, token: { action: "written-vote", expiresAt: tokenExpiry(vote, rulebook) },
      message: (reply) => messages.voteReminder(rulebook, vote, r, reply),
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
    throw new VoteNotClosableError(ids.voteId);
  }
  let movedToMeetingId = state.vote.movedToMeetingId;
  if (result.outcome === "moved-to-meeting" && !movedToMeetingId) {
    movedToMeetingId = await putOnNextAgenda(deps, {
      committeeId: ids.committeeId,
      itemId: `vote-${ids.voteId}`,
      title: state.vote.title,
      description: movedFromWrittenVote(state.vote.question, citation(rulebook, "R-3.6")),
      concernsGeneralPractice: state.vote.concernsGeneralPractice,
      source: "written-vote",
      material: state.vote.material,
    }, state.vote.targetMeetingId);
  }
  const { record: vote } = await voteRecords.modify(deps.store, ids.committeeId, ids.voteId, (cur) =>
    cur.status === "closed" && cur.movedToMeetingId === movedToMeetingId
      ? undefined
      : { ...cur, status: "closed", closedAt: result.closedAt, closeReason: result.closeReason, outcome: result.outcome, ...(movedToMeetingId ? { movedToMeetingId } : {}) });
  {
    await deps.store.appendAudit({
      committeeId: ids.committeeId, matter: voteMatter(ids.voteId), actor: "workflow", action: "vote.closed", channel: "workflow", ref: `${voteMatter(ids.voteId)}#closed`,
      data: { outcome: result.outcome, closeReason: result.closeReason, tally: { ...result.tally }, perSeat: Object.fromEntries(result.seats.map((s) => [s.seatId, s.answer ?? null])), ...(movedToMeetingId ? { movedToMeetingId } : {}) },
    });
  }
  const movedToMeeting = movedToMeetingId ? await findMeeting(deps, ids.committeeId, movedToMeetingId) : undefined;
  await sendMailing(deps, (await recipientsOfSeats(deps, rulebook, deps.clock.now(), vote.seatIds)).map((r) => ({
    key: `vote-result#${vote.voteId}#${r.seatId}#${r.personId}`,
    committeeId: vote.committeeId, matter: voteMatter(vote.voteId), purpose: "vote-result", seatId: r.seatId, to: r,
    message: () => messages.voteResult(rulebook, { ...state, vote, movedToMeeting }, r),
  })));
  return { outcome: result.outcome, ...(movedToMeetingId ? { movedToMeetingId } : {}) };
}

