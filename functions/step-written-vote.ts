/** Workflow task StepWrittenVoteFunction. */
import { task } from "./task.ts";
import { voteTaskInput } from "./schemas/task-inputs.ts";
import { writtenVoteStep } from "./written-votes/cycle.ts";

export const stepWrittenVoteTask = task("step-written-vote", voteTaskInput, writtenVoteStep);
export const handler = stepWrittenVoteTask.handler;
