/** Workflow task EvaluateMinutesRoundFunction. */
import { task } from "./task.ts";
import { meetingTaskInput } from "./schemas/task-inputs.ts";
import { evaluateMinutesRound } from "./minutes/cycle.ts";

export const evaluateMinutesRoundTask = task("evaluate-minutes-round", meetingTaskInput, evaluateMinutesRound);
export const handler = evaluateMinutesRoundTask.handler;
