/** What the committee module refuses (DESIGN.md example 9): typed, never retried, mapped by class at the edges. */
import { InvalidInputError, NotFoundError } from "#domain/errors";

export class UnknownCommitteeError extends NotFoundError {
  constructor(readonly committeeId: string) {
    super("committee", committeeId);
    this.name = "UnknownCommitteeError";
  }
}

export class UnknownSeatError extends NotFoundError {
  constructor(seatId: string) {
    super("seat", seatId);
    this.name = "UnknownSeatError";
  }
}

/** What is wrong with a seat file, for the words of the console (templates/console.ts). */
export interface SeatImportProblem {
  problem: "unreadable" | "missing-columns" | "unknown-seat" | "constituency-changed" | "invalid";
  row?: number;
  column?: string;
  value?: string;
  columns?: string[];
  /** The schema's own message in Danish, for "invalid". */
  message?: string;
}

/** A seat import whose file is refused as a whole, naming row and column. */
export class SeatImportError extends InvalidInputError {
  constructor(field: string, message: string, readonly detail: SeatImportProblem) {
    super(field, message);
    this.name = "SeatImportError";
  }
}
