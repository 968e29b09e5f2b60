/** Workflow task StepItemRequestsFunction. */
import { task } from "./task.ts";
import { meetingTaskInput } from "./schemas/task-inputs.ts";
import { itemsStep } from "./meetings/cycle.ts";

export const stepItemRequestsTask = task("step-item-requests", meetingTaskInput, itemsStep);
export const handler = stepItemRequestsTask.handler;
