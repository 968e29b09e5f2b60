/** Infrastructure faults of the adapters: thrown and retried, unlike the domain's business refusals. */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StoreError";
  }
}

/** A row read back from the table that does not match its record schema. */
export class CorruptRecordError extends StoreError {
  constructor(readonly kind: string, readonly key: string, problems: readonly string[]) {
    super(`${kind} ${key} does not match its schema: ${problems.join("; ")}`);
    this.name = "CorruptRecordError";
  }
}

/** An optimistic-concurrency write lost to another writer; the caller re-reads and tries again. */
export class ConflictError extends StoreError {
  constructor(readonly kind: string, readonly key: string) {
    super(`${kind} ${key} was changed by another writer`);
    this.name = "ConflictError";
  }
}
