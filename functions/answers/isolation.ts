/**
 * One answer never stops the rest (DESIGN.md principle 9): each stored answer is judged on its own. A judging
 * that throws is recorded against that answer; after a few failures the answer is set aside — kept where it
 * was stored, no longer retried, listed for the secretariat — and the start, sweep or queue goes on.
 */
import { METRIC_NAMES } from "#adapters/metrics";
import type { Deps } from "../deps.ts";
import { setAsideRecords, type SetAsideRecord } from "./repository.ts";

/** Judging attempts (by queue retries and sweeps together) before an answer is set aside. */
export const MAX_ATTEMPTS = 3;

export interface AnswerRef {
  answerId: string;
  kind: SetAsideRecord["kind"];
  committeeId?: string | undefined;
}

/** What is safe to keep of an error: its class and message, cut short (never a token or a body: ours name neither). */
function describe(e: unknown): string {
  const err = e instanceof Error ? e : new Error(String(e));
  return `${err.name}: ${err.message}`.slice(0, 1000);
}

/** Records a failed judging of an answer; returns whether it is now set aside. */
export async function recordFailure(deps: Deps, ref: AnswerRef, error: unknown, attempts = 1): Promise<boolean> {
  const now = deps.clock.now();
  const first: SetAsideRecord = {
    answerId: ref.answerId, kind: ref.kind, ...(ref.committeeId ? { committeeId: ref.committeeId } : {}),
    firstFailedAt: now, lastFailedAt: now, attempts, error: describe(error), ...(attempts >= MAX_ATTEMPTS ? { setAsideAt: now } : {}), rev: 0,
  };
  if (await setAsideRecords.create(deps.store, first)) return attempts >= MAX_ATTEMPTS;
  const { record } = await setAsideRecords.modify(deps.store, ref.answerId, (cur) => {
    const total = cur.attempts + attempts;
    return { ...cur, lastFailedAt: now, attempts: total, error: describe(error), ...(total >= MAX_ATTEMPTS && !cur.setAsideAt ? { setAsideAt: now } : {}) };
  });
  return Boolean(record.setAsideAt);
}

/** Whether an answer has been set aside (a sweep passes it by). */
export async function isSetAside(deps: Pick<Deps, "store">, answerId: string): Promise<boolean> {
  return Boolean((await setAsideRecords.get(deps.store, answerId))?.setAsideAt);
}

/**
 * Runs one answer's judging; a failure is recorded against the answer and reported as `failed`, never
 * thrown, so the caller goes on with the next.
 */
export async function judgeOnItsOwn<T>(deps: Deps, ref: AnswerRef, judge: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; setAside: boolean; error: string }> {
  try {
    return { ok: true, value: await judge() };
  } catch (e) {
    const setAside = await recordFailure(deps, ref, e).catch(() => false);
    if (setAside) deps.metrics?.count(METRIC_NAMES.replySetAside);
    console.error(JSON.stringify({ level: "error", msg: setAside ? "answer set aside" : "answer judging failed", kind: ref.kind, answerId: ref.answerId, error: describe(e) }));
    return { ok: false, setAside, error: describe(e) };
  }
}

/** The answers set aside (or failing) for a committee, newest first: what the secretariat should look at. */
export function setAsideAnswers(deps: Pick<Deps, "store">, committeeId: string | undefined): Promise<SetAsideRecord[]> {
  return setAsideRecords.ofCommittee(deps.store, committeeId);
}
