/** Workflow task SendCallForItemsFunction. */
import { task } from "./task.ts";
import { meetingTaskInput } from "./schemas/task-inputs.ts";
import { sendCallForItems } from "./meetings/cycle.ts";

export const sendCallForItemsTask = task("send-call-for-items", meetingTaskInput, sendCallForItems);
export const handler = sendCallForItemsTask.handler;
