/** Workflow task ContinueMeetingCycleFunction. */
import { task } from "./task.ts";
import { meetingTaskInput } from "./schemas/task-inputs.ts";
import { continueLater } from "./meetings/cycle.ts";

export const continueMeetingCycleTask = task("continue-meeting-cycle", meetingTaskInput, continueLater);
export const handler = continueMeetingCycleTask.handler;
