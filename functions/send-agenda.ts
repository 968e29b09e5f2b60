/** Workflow task SendAgendaFunction. */
import { task } from "./task.ts";
import { meetingTaskInput } from "./schemas/task-inputs.ts";
import { sendAgenda } from "./meetings/cycle.ts";

export const sendAgendaTask = task("send-agenda", meetingTaskInput, sendAgenda);
export const handler = sendAgendaTask.handler;
