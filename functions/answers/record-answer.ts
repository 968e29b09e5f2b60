/**
 * A member's answer, whichever way it came (a reply by email, a member link): the one use case that records
 * it. Each channel reads its input into an `Answer`, calls `recordAnswer` and renders the typed outcome in
 * Danish (templates/answers.ts); nothing here knows about MIME, forms or words.
 */
import type { Instant } from "#domain/calendar";
import type { Respondent } from "#domain/representation";
import type { VoteAnswer } from "#domain/reply-reading";
import type { WrittenVoteResult } from "#domain/written-vote";
import type { Deps } from "../deps.ts";
import { recordInitiativeReport } from "../initiatives/initiatives.ts";
import type { EmailRecord } from "../mail/tokens.ts";
import type { PersonRecipient } from "../mail/recipients.ts";
import { requestAgendaItem, type AgendaItem } from "../meetings/agenda.ts";
import { recordApology } from "../meetings/attendance.ts";
import type { Meeting } from "../meetings/meetings.ts";
import { recordMinutesObjection } from "../minutes/minutes.ts";
import { recordVoteAnswer, type WrittenVote } from "../written-votes/written-votes.ts";

export type AnswerChannel = "email" | "link";

/** What the member answered, as the channel read it. */
export type Answer =
  | { kind: "vote"; answer: VoteAnswer; remark?: string | undefined }
  | { kind: "objection"; text: string }
  | { kind: "no-objection" }
  | { kind: "apology"; substituteAttends: boolean }
  | { kind: "item-request"; title: string; description: string }
  | { kind: "report"; text: string; figures: Record<string, number>; status?: "on-track" | "at-risk" | "off-track" | undefined };

/**
 * What an answer is about: the email whose reply address or link carried it (committee, matter, seat,
 * version, initiative), or the same facts from a member's own page, where the member chose the matter.
 */
export type AnswerScope = Pick<EmailRecord, "committeeId" | "matter" | "seatId" | "version"> & { token?: { initiativeId?: string | undefined } | undefined };

export interface AnswerInput {
  /** What the answer is about (an email, or a member's own page and the matter chosen on it). */
  email: AnswerScope;
  /** Who answered: the seat's member or substitute (or the initiative's owner). */
  person: PersonRecipient;
  answer: Answer;
  channel: AnswerChannel;
  /** When the answer arrived (acceptance, never judging): decides lateness. */
  receivedAt: Instant;
  /** Its place in the order of arrival (acceptance): "the latest answer counts" follows it. */
  arrival?: number | undefined;
  /** What recorded facts point back at (the inbound message, the link answer); also their idempotency key. */
  sourceRef: string;
}

/** What became of an answer; no words, only facts the channels render. */
export type AnswerOutcome =
  | { kind: "vote"; counted: true; answer: VoteAnswer; remark?: string | undefined; vote: WrittenVote }
  | { kind: "vote"; counted: false; reason: string; answer: VoteAnswer; vote: WrittenVote; result: WrittenVoteResult }
  | { kind: "no-objection" }
  | { kind: "objection"; counted: boolean; reason?: string | undefined; version: number; meetingId: string }
  | { kind: "apology"; counted: boolean; reason?: "too-late" | "cancelled" | undefined; substituteAttends: boolean; meeting: Meeting }
  | { kind: "item-request"; item: AgendaItem; onTime: boolean; meeting: Meeting; itemDeadline: Instant }
  | { kind: "report"; figures: number };

/** The matter's id after its kind ("vote/<id>", "meeting/<id>"). */
const idOf = (matter: string) => matter.slice(matter.indexOf("/") + 1);

function respondentOf(person: PersonRecipient): Respondent {
  return person.role === "substitute" ? { kind: "substitute", substituteId: person.personId } : { kind: "member" };
}

/** Records an answer once per source (a redelivery, a reloaded page or a cut-off run finds it as judged before). */
export async function recordAnswer(deps: Deps, input: AnswerInput): Promise<AnswerOutcome> {
  const { email, person, answer, channel, receivedAt, sourceRef, arrival } = input;
  const { committeeId, matter } = email;
  const seatId = email.seatId ?? "";
  const respondent = respondentOf(person);
  switch (answer.kind) {
    case "vote": {
      const out = await recordVoteAnswer(deps, { committeeId, voteId: idOf(matter), seatId, respondent, answer: answer.answer, channel, receivedAt, arrival, sourceRef, remark: answer.remark || undefined });
      // "duplicate": this very answer was stored before (a run cut off): it is finished as it was judged then.
      const counted = out.status === "recorded" || (out.status === "duplicate" && out.counted);
      if (counted) return { kind: "vote", counted: true, answer: answer.answer, remark: answer.remark || undefined, vote: out.vote };
      const reason = out.status === "not-counted" ? out.reason : out.status === "duplicate" ? (out.reason ?? "unknown") : "unknown";
      return { kind: "vote", counted: false, reason, answer: answer.answer, vote: out.vote, result: out.result };
    }
    case "no-objection":
      return { kind: "no-objection" };
    case "objection": {
      const out = await recordMinutesObjection(deps, { committeeId, meetingId: idOf(matter), seatId, respondent, text: answer.text, receivedAt, channel, sourceRef, version: email.version });
      return { kind: "objection", counted: out.status === "recorded", reason: out.reason, version: out.version, meetingId: idOf(matter) };
    }
    case "apology": {
      const out = await recordApology(deps, { committeeId, meetingId: idOf(matter), seatId, substituteAttends: answer.substituteAttends, receivedAt, channel, sourceRef });
      return { kind: "apology", counted: out.status === "recorded", ...(out.status === "recorded" ? {} : { reason: out.status }), substituteAttends: answer.substituteAttends, meeting: out.meeting };
    }
    case "item-request": {
      const out = await requestAgendaItem(deps, { committeeId, meetingId: idOf(matter), seatId, respondent, title: answer.title, description: answer.description, receivedAt, sourceRef, channel });
      return { kind: "item-request", item: out.item, onTime: out.onTime, meeting: out.meeting, itemDeadline: out.itemDeadline };
    }
    case "report": {
      const out = await recordInitiativeReport(deps, {
        committeeId, meetingId: idOf(matter), initiativeId: email.token?.initiativeId ?? "", reportId: sourceRef.slice(sourceRef.indexOf("/") + 1),
        receivedAt, text: answer.text, status: answer.status, figures: answer.figures, channel, sourceRef, actor: person.email,
      });
      return { kind: "report", figures: out.figures };
    }
  }
}
