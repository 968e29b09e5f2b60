/** Workflow task StepMinutesFunction. */
import { task } from "./task.ts";
import { meetingTaskInput } from "./schemas/task-inputs.ts";
import { minutesStep } from "./minutes/cycle.ts";

export const stepMinutesTask = task("step-minutes", meetingTaskInput, minutesStep);
export const handler = stepMinutesTask.handler;
