/**
 * Workflow callbacks (DESIGN.md principle 3): a waiting task's token lives in the store, keyed by what the
 * workflow awaits ("vote/<id>#closable", "meeting/<id>#agenda-released", "meeting/<id>#minutes-uploaded").
 * The event's source signals it; the registration re-checks the condition, so an event that happened just
 * before the token was stored is not missed.
 */
import type { Deps } from "./deps.ts";

export type AwaitedCondition = (deps: Deps, committeeId: string, subject: string) => Promise<boolean>;

const conditions = new Map<string, AwaitedCondition>();

/** Registers how to tell whether an awaited event ("<kind>/<id>#<event>") has already happened. */
export function defineAwaitedEvent(event: string, ready: AwaitedCondition): void {
  conditions.set(event, ready);
}

function parse(awaiting: string): { subject: string; event: string } {
  const [subject = "", event = ""] = awaiting.split("#");
  return { subject, event };
}

export async function registerCallback(
  deps: Deps,
  input: { committeeId: string; awaiting: string; taskToken: string; executionName?: string | undefined },
): Promise<{ resumedAtOnce: boolean }> {
  await deps.store.put("callback", {
    committeeId: input.committeeId,
    awaiting: input.awaiting,
    taskToken: input.taskToken,
    registeredAt: deps.clock.now(),
    ...(input.executionName ? { executionName: input.executionName } : {}),
  });
  const { subject, event } = parse(input.awaiting);
  const ready = conditions.get(event);
  if (ready && (await ready(deps, input.committeeId, subject))) {
    await deps.workflows.resume(input.taskToken, { resumedBy: "already-happened" });
    return { resumedAtOnce: true };
  }
  return { resumedAtOnce: false };
}

/** Tells a waiting workflow its event happened; false when nothing waits (it will see it when it looks). */
export async function signal(deps: Deps, committeeId: string, awaiting: string, output: Record<string, unknown> = {}): Promise<boolean> {
  const cb = await deps.store.get("callback", { pk: `CALLBACK#${committeeId}#${awaiting}`, sk: "CALLBACK" });
  if (!cb) return false;
  return deps.workflows.resume(cb.taskToken, output);
}
