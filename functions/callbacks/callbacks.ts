/**
 * Workflow callbacks (DESIGN.md principle 3): a waiting task's token lives in the store, keyed by what the
 * workflow awaits ("vote/<id>#closable", "meeting/<id>#agenda-released", "meeting/<id>#minutes-uploaded").
 * The event's source signals it; the registration re-checks the condition (from the table it is given,
 * awaited-events.ts), so an event that happened just before the token was stored is not missed.
 */
import type { Deps } from "../deps.ts";
import { callbackRecords } from "./repository.ts";

/** Whether an awaited event of one subject ("meeting/<id>", "vote/<id>") has already happened. */
export type AwaitedCondition = (deps: Deps, committeeId: string, subject: string) => Promise<boolean>;

export type AwaitedEvents = Readonly<Record<string, AwaitedCondition>>;

function parse(awaiting: string): { subject: string; event: string } {
  const [subject = "", event = ""] = awaiting.split("#");
  return { subject, event };
}

/** An awaited event that no table entry can check: the state machine would wait for its timeout. */
export class UnknownAwaitedEventError extends Error {
  constructor(event: string) {
    super(`no condition is defined for the awaited event "${event}"`);
    this.name = "UnknownAwaitedEventError";
  }
}

export async function registerCallback(
  deps: Deps,
  input: { committeeId: string; awaiting: string; taskToken: string; executionName?: string | undefined },
  awaited: AwaitedEvents,
): Promise<{ resumedAtOnce: boolean }> {
  const { subject, event } = parse(input.awaiting);
  const ready = awaited[event];
  if (!ready) throw new UnknownAwaitedEventError(event);
  await callbackRecords.put(deps.store, {
    committeeId: input.committeeId,
    awaiting: input.awaiting,
    taskToken: input.taskToken,
    registeredAt: deps.clock.now(),
    ...(input.executionName ? { executionName: input.executionName } : {}),
  });
  if (await ready(deps, input.committeeId, subject)) {
    await deps.workflows.resume(input.taskToken, { resumedBy: "already-happened" });
    return { resumedAtOnce: true };
  }
  return { resumedAtOnce: false };
}

/** Tells a waiting workflow its event happened; false when nothing waits (it will see it when it looks). */
export async function signal(deps: Deps, committeeId: string, awaiting: string, output: Record<string, unknown> = {}): Promise<boolean> {
  const cb = await callbackRecords.get(deps.store, committeeId, awaiting);
  if (!cb) return false;
  return deps.workflows.resume(cb.taskToken, output);
}
