/** Workflow task CloseWrittenVoteFunction. */
import { task } from "./task.ts";
import { voteTaskInput } from "./schemas/task-inputs.ts";
import { closeWrittenVote } from "./written-votes/cycle.ts";

export const closeWrittenVoteTask = task("close-written-vote", voteTaskInput, closeWrittenVote);
export const handler = closeWrittenVoteTask.handler;
