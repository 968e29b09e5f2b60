/** Workflow task SendQuorumForecastFunction. */
import { task } from "./task.ts";
import { meetingTaskInput } from "./schemas/task-inputs.ts";
import { sendQuorumForecast } from "./meetings/cycle.ts";

export const sendQuorumForecastTask = task("send-quorum-forecast", meetingTaskInput, sendQuorumForecast);
export const handler = sendQuorumForecastTask.handler;
