/**
 * A module (or anything) loaded at its first use and then kept: AWS SDK clients a Lambda may never need in
 * an invocation are not read at its cold start. A failed load is not kept, so the next call tries again.
 */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => (pending ??= load().catch((e: unknown) => { pending = undefined; throw e; }));
}
