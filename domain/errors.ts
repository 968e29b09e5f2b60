/**
 * Business refusals of the domain. They are typed and never retried (DESIGN.md example 9):
 * the caller maps them to a 4xx, a Danish answer to a member, or a recorded "not counted".
 */
export class DomainError extends Error {
  constructor(
    message: string,
    readonly field?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "DomainError";
  }
}

/** What is wrong, as a code and the value concerned, so that each edge can say it in its own words (templates). */
export interface InputProblem {
  code: string;
  value?: string | undefined;
}

/** Input that does not describe a valid value (a date that does not exist, an unknown seat…). */
export class InvalidInputError extends DomainError {
  readonly problem: InputProblem | undefined;
  constructor(field: string, message: string, options?: { cause?: unknown; problem?: InputProblem }) {
    super(`${field}: ${message}`, field, options);
    this.name = "InvalidInputError";
    this.problem = options?.problem;
  }
}

/** A rulebook that fails its schema or its cross-field checks. */
export class RulebookError extends DomainError {
  constructor(readonly problems: readonly string[]) {
    super(`invalid rulebook: ${problems.join("; ")}`);
    this.name = "RulebookError";
  }
}

/** A record the request names does not exist (a meeting, a vote, an agenda item…). */
export class NotFoundError extends DomainError {
  constructor(readonly what: string, readonly id: string) {
    super(`${what} "${id}" does not exist`);
    this.name = "NotFoundError";
  }
}

/** The request is understood but the matter's state does not allow it (closed, already released…). */
export class StateConflictError extends DomainError {
  constructor(message: string, field?: string) {
    super(message, field);
    this.name = "StateConflictError";
  }
}
