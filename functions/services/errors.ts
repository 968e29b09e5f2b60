/** Business refusals of the use cases: never retried; mapped to a 4xx or a Danish answer. */
export class NotFoundError extends Error {
  constructor(readonly what: string, readonly id: string) {
    super(`${what} "${id}" does not exist`);
    this.name = "NotFoundError";
  }
}

/** The request is understood but the matter's state does not allow it (closed, already released…). */
export class StateConflictError extends Error {
  constructor(message: string, readonly field?: string) {
    super(message);
    this.name = "StateConflictError";
  }
}
