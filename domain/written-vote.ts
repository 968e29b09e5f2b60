/**
 * deciding a matter by written vote. Responses are judged in the order received: the latest valid
 * answer of a seat counts (a substitute's only while the member has not answered); one objection to the written procedure ends the vote at once as
 * moved-to-meeting; the vote closes early when every seat has answered, otherwise at its deadline, and the
 * rulebook's decision rule decides.
 */
import { epochMs, type Instant } from "./calendar.ts";
import { isWithinDeadline } from "./deadlines.ts";
import { assessQuorum, type QuorumAssessment } from "./quorum.ts";
import { speaksForSeat, type Representation, type Respondent } from "./representation.ts";
import { citation, type Rulebook } from "./rulebook.ts";

export const ANSWERS = ["for", "against", "abstain", "objection"] as const;
export type Answer = (typeof ANSWERS)[number];
export type Channel = "email" | "link" | "api" | "secretariat";

export interface WrittenVoteSpec {
  openedAt: Instant;
  /** 23:59:59 local on the closing date (writtenVoteDeadline). */
  closesAt: Instant;
  /** The seats asked to vote (all seats of the rulebook when the vote opened). */
  seatIds: readonly string[];
  /** a matter concerning general practice needs PLO-Hovedstaden among the respondents. */
  concernsGeneralPractice: boolean;
  /** Set when the secretariat cancels the vote. */
  cancelledAt?: Instant | undefined;
}

export interface VoteResponse {
  id: string;
  seatId: string;
  respondent: Respondent;
  answer: Answer;
  /** The time of receipt (never the email's Date header). */
  receivedAt: Instant;
  channel: Channel;
  /** Where it came in the order of arrival (strictly increasing where it was received): breaks a tie in time. */
  arrival?: number | undefined;
}

export type NotCountedReason =
  | "not-a-seat"
  | "not-a-substitute-of-this-seat"
  | "substitute-not-representing"
  | "before-open"
  | "after-close"
  | "duplicate"
  /** a substitute answers for the seat only while its member has not answered the vote. */
  | "member-answered";

export interface JudgedResponse {
  responseId: string;
  counted: boolean;
  reason?: NotCountedReason;
}

export type CloseReason = "deadline" | "all-seats-voted" | "objection" | "cancelled";
export type Outcome = "carried" | "not-carried" | "moved-to-meeting" | "cancelled";

export interface SeatResult {
  seatId: string;
  answer?: Answer;
  receivedAt?: Instant;
  channel?: Channel;
  responseId?: string;
  respondent?: Respondent;
  /** Earlier answers of the seat, superseded by a later one (R-3.6: a vote may change until the close). */
  changes: number;
}

export interface Tally {
  for: number;
  against: number;
  abstain: number;
  objection: number;
  respondents: number;
}

export interface WrittenVoteResult {
  status: "open" | "closed";
  closedAt?: Instant;
  closeReason?: CloseReason;
  outcome?: Outcome;
  /** Why the outcome is what it is, in Danish, for the result email and the console. */
  explanation?: string;
  tally: Tally;
  quorumOfRespondents: QuorumAssessment;
  seats: SeatResult[];
  judged: JudgedResponse[];
}

function byReceipt(a: VoteResponse, b: VoteResponse): number {
  return epochMs(a.receivedAt) - epochMs(b.receivedAt) || (a.arrival ?? 0) - (b.arrival ?? 0) || a.id.localeCompare(b.id);
}

/** the state and outcome of a written vote at `now`, from every response received so far. */
export function decideWrittenVote(
  vote: WrittenVoteSpec,
  responses: readonly VoteResponse[],
  representations: readonly Representation[],
  rulebook: Rulebook,
  now: Instant,
): WrittenVoteResult {
  const rules = rulebook.writtenVote;
  const seats = new Map<string, SeatResult>(vote.seatIds.map((id) => [id, { seatId: id, changes: 0 }]));
  const judged: JudgedResponse[] = [];
  const seen = new Set<string>();
  let closedAt: Instant | undefined;
  let closeReason: CloseReason | undefined;

  const cancelMs = vote.cancelledAt ? epochMs(vote.cancelledAt) : Infinity;
  for (const r of [...responses].sort(byReceipt)) {
    const reject = (reason: NotCountedReason) => judged.push({ responseId: r.id, counted: false, reason });
    if (seen.has(r.id)) { reject("duplicate"); continue; }
    seen.add(r.id);
    if (closedAt || epochMs(r.receivedAt) >= cancelMs || !isWithinDeadline(r.receivedAt, { endsAt: vote.closesAt })) { reject("after-close"); continue; }
    if (epochMs(r.receivedAt) < epochMs(vote.openedAt)) { reject("before-open"); continue; }
    const seat = seats.get(r.seatId);
    if (!seat) { reject("not-a-seat"); continue; }
    const who = speaksForSeat(r.seatId, r.respondent, r.receivedAt, representations, rulebook);
    if (!who.ok) { reject(who.reason); continue; }

    // the substitute represents the member; the member's own answer is never replaced by it.
    if (r.respondent.kind === "substitute" && seat.respondent?.kind === "member") { reject("member-answered"); continue; }
    judged.push({ responseId: r.id, counted: true });
    if (seat.answer) seat.changes += 1;
    Object.assign(seat, { answer: r.answer, receivedAt: r.receivedAt, channel: r.channel, responseId: r.id, respondent: r.respondent });
    if (r.answer === "objection" && rules.singleObjectionMovesToMeeting) {
      closedAt = r.receivedAt;
      closeReason = "objection";
    } else if (rules.closeEarlyWhenAllSeatsVoted && [...seats.values()].every((s) => s.answer)) {
      closedAt = r.receivedAt;
      closeReason = "all-seats-voted";
    }
  }

  if (!closedAt) {
    const pastDeadline = !isWithinDeadline(now, { endsAt: vote.closesAt });
    const cancelled = vote.cancelledAt !== undefined && epochMs(now) >= cancelMs;
    if (cancelled && (!pastDeadline || cancelMs <= epochMs(vote.closesAt))) {
      closedAt = vote.cancelledAt;
      closeReason = "cancelled";
    } else if (pastDeadline) {
      closedAt = vote.closesAt;
      closeReason = "deadline";
    }
  }

  const tally = countAnswers([...seats.values()]);
  const respondentSeats = [...seats.values()].filter((s) => s.answer);
  const quorumOfRespondents = assessQuorum(
    {
      members: respondentSeats.filter((s) => s.respondent?.kind !== "substitute").map((s) => s.seatId),
      substitutes: respondentSeats.filter((s) => s.respondent?.kind === "substitute").map((s) => s.seatId),
      concernsGeneralPractice: vote.concernsGeneralPractice,
    },
    rulebook,
  );
  const result: WrittenVoteResult = {
    status: closedAt ? "closed" : "open",
    tally,
    quorumOfRespondents,
    seats: [...seats.values()],
    judged,
  };
  if (closedAt && closeReason) {
    const decided = outcomeOf(closeReason, tally, quorumOfRespondents, vote.seatIds.length, rulebook);
    Object.assign(result, { closedAt, closeReason, outcome: decided.outcome, explanation: decided.explanation });
  }
  return result;
}

function countAnswers(seats: readonly SeatResult[]): Tally {
  const t: Tally = { for: 0, against: 0, abstain: 0, objection: 0, respondents: 0 };
  for (const s of seats) {
    if (!s.answer) continue;
    t[s.answer] += 1;
    t.respondents += 1;
  }
  return t;
}

/** the rulebook's decision rule applied to the final tally. */
export function outcomeOf(
  reason: CloseReason,
  tally: Tally,
  quorum: QuorumAssessment,
  seatCount: number,
  rulebook: Rulebook,
): { outcome: Outcome; explanation: string } {
  if (reason === "cancelled") return { outcome: "cancelled", explanation: "Sekretariatet har annulleret afstemningen." };
  if (reason === "objection") {
    return {
      outcome: "moved-to-meeting",
      explanation: `Et medlem har gjort indsigelse mod skriftlig votering; sagen skal derfor behandles på et møde${citation(rulebook, "R-3.6")}.`,
    };
  }
  const rules = rulebook.writtenVote;
  if (rules.respondentsMustMakeQuorum && !quorum.quorate) {
    const failed = quorum.conditions.filter((c) => !c.ok).map((c) => c.message).join("; ");
    return { outcome: "not-carried", explanation: `Forslaget er ikke vedtaget: de svarende udgør ikke et beslutningsdygtigt flertal (${failed}).` };
  }
  const carried =
    rules.decisionRule === "more-for-than-against" ? tally.for > tally.against
    : rules.decisionRule === "majority-of-seats" ? tally.for * 2 > seatCount
    : tally.for > 0 && tally.against === 0;
  const counts = `${tally.for} for, ${tally.against} imod, ${tally.abstain} undlod at stemme`;
  return carried
    ? { outcome: "carried", explanation: `Forslaget er vedtaget: ${counts}.` }
    : { outcome: "not-carried", explanation: `Forslaget er ikke vedtaget: ${counts}.` };
}

/** Seats that have not answered yet: the only ones a reminder goes to. */
export function seatsWithoutAnswer(result: WrittenVoteResult): string[] {
  return result.seats.filter((s) => !s.answer).map((s) => s.seatId);
}
