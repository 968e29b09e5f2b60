/** What the written-votes module refuses (R-3.6; DESIGN.md example 9): typed, never retried, mapped by class at the edges. */
import { NotFoundError, StateConflictError } from "#domain/errors";

export class UnknownVoteError extends NotFoundError {
  constructor(voteId: string) {
    super("written vote", voteId);
    this.name = "UnknownVoteError";
  }
}

export class VoteClosedError extends StateConflictError {
  constructor(voteId: string) {
    super(`vote ${voteId} is already closed`, "voteId");
    this.name = "VoteClosedError";
  }
}

/** The workflow asked to close a vote the domain still finds open (a retry lands after the close). */
export class VoteNotClosableError extends StateConflictError {
  constructor(voteId: string) {
    super(`vote ${voteId} is not closed yet`);
    this.name = "VoteNotClosableError";
  }
}
