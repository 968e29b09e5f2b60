/** Workflow task AwaitEventFunction: stores the task token and resumes at once if the event already happened. */
import { task } from "./task.ts";
import { awaitEventInput } from "./schemas/task-inputs.ts";
import { AWAITED_EVENTS } from "./callbacks/awaited-events.ts";
import { registerCallback } from "./callbacks/callbacks.ts";

export const awaitEventTask = task("await-event", awaitEventInput, (deps, input) => registerCallback(deps, input, AWAITED_EVENTS));
export const handler = awaitEventTask.handler;
