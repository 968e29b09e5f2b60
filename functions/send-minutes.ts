/** Workflow task SendMinutesFunction. */
import { task } from "./task.ts";
import { meetingTaskInput } from "./schemas/task-inputs.ts";
import { sendMinutes } from "./minutes/cycle.ts";

export const sendMinutesTask = task("send-minutes", meetingTaskInput, sendMinutes);
export const handler = sendMinutesTask.handler;
