/** Workflow task SendBallotsFunction. */
import { task } from "./task.ts";
import { voteTaskInput } from "./schemas/task-inputs.ts";
import { sendBallots } from "./written-votes/cycle.ts";

export const sendBallotsTask = task("send-ballots", voteTaskInput, sendBallots);
export const handler = sendBallotsTask.handler;
