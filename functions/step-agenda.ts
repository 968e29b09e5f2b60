/** Workflow task StepAgendaFunction. */
import { task } from "./task.ts";
import { meetingTaskInput } from "./schemas/task-inputs.ts";
import { agendaStep } from "./meetings/cycle.ts";

export const stepAgendaTask = task("step-agenda", meetingTaskInput, agendaStep);
export const handler = stepAgendaTask.handler;
