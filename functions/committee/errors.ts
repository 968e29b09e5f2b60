/** What the committee module refuses (DESIGN.md example 9): typed, never retried, mapped by class at the edges. */
import { InvalidInputError, NotFoundError, StateConflictError } from "#domain/errors";
import type { CommitteeRefusal } from "#templates/committees";

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

/** A committee created with the id of one that exists: committees are never overwritten (isolation). */
export class CommitteeExistsError extends StateConflictError {
  constructor(readonly committeeId: string) {
    super(`committee "${committeeId}" already exists`, "rulebook.committee.id");
    this.name = "CommitteeExistsError";
  }
}

/** a version adopted with the id of one the committee has: a version is never replaced. */
export class RulebookVersionExistsError extends StateConflictError {
  constructor(readonly rulebookId: string) {
    super(`the committee already has a rulebook version "${rulebookId}"`, "rulebook.id");
    this.name = "RulebookVersionExistsError";
  }
}

/**
 * a version's date that would change the rules of what has already happened (before today), or come
 * before a version adopted earlier. `after` is the date it must follow.
 */
export class EffectiveDateError extends InvalidInputError {
  constructor(readonly effectiveFrom: string, readonly after: string, readonly reason: "past" | "before-later-version") {
    super("effectiveFrom", reason === "past"
      ? `${effectiveFrom} is before today (${after}): meetings and votes before it keep the rules they ran under`
      : `${effectiveFrom} is not after ${after}, when a version adopted earlier takes effect`);
    this.name = "EffectiveDateError";
  }
}

/** A rulebook meant for another committee (its committee.id differs from the committee adopting it). */
export class WrongCommitteeError extends InvalidInputError {
  constructor(readonly expected: string, readonly got: string) {
    super("rulebook.committee.id", `the rulebook is for "${got}", not for "${expected}"`);
    this.name = "WrongCommitteeError";
  }
}

/** The facts of a refusal of the committee module, for its words (templates/committees.ts). */
export function refusalFacts(e: unknown): CommitteeRefusal | undefined {
  return (
    e instanceof CommitteeExistsError ? { kind: "exists", committeeId: e.committeeId }
    : e instanceof RulebookVersionExistsError ? { kind: "version-exists", rulebookId: e.rulebookId }
    : e instanceof InvalidInputError && e.field === "effectiveFrom" ? { kind: "effective-not-a-date", effectiveFrom: String(e.problem && "value" in e.problem ? e.problem.value : "") }
    : e instanceof EffectiveDateError ? (e.reason === "past" ? { kind: "effective-past", effectiveFrom: e.effectiveFrom, today: e.after } : { kind: "effective-before-later", effectiveFrom: e.effectiveFrom, after: e.after })
    : e instanceof WrongCommitteeError ? { kind: "wrong-committee", expected: e.expected, got: e.got }
    : e instanceof UnknownCommitteeError ? { kind: "unknown-committee", committeeId: e.committeeId }
    : undefined);
}
