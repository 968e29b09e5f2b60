/** Workflow task MarkMeetingHeldFunction. */
import { task } from "./task.ts";
import { meetingTaskInput } from "./schemas/task-inputs.ts";
import { meetingHeld } from "./meetings/cycle.ts";

export const markMeetingHeldTask = task("mark-meeting-held", meetingTaskInput, meetingHeld);
export const handler = markMeetingHeldTask.handler;
