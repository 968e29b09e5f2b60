/** Workflow task AwaitEventFunction. */
import { task } from "./task.ts";
import { awaitEventInput } from "./schemas/task-inputs.ts";
import { registerCallback } from "./services/callbacks.ts";

export const awaitEventTask = task("await-event", awaitEventInput, registerCallback);
export const handler = awaitEventTask.handler;
