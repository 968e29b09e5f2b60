/** Errors of the local ASL interpreter, named as Step Functions names them so Retry/Catch match alike. */
export class StatesError extends Error {
  constructor(readonly error: string, override readonly cause: string) {
    super(`${error}: ${cause}`);
    this.name = error;
  }
}

/** A definition uses something the local interpreter does not implement; refused when the machine loads. */
export class UnsupportedDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnsupportedDefinitionError";
  }
}
