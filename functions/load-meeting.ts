/** Workflow task LoadMeetingFunction. */
import { task } from "./task.ts";
import { meetingTaskInput } from "./schemas/task-inputs.ts";
import { loadMeeting } from "./meetings/cycle.ts";

export const loadMeetingTask = task("load-meeting", meetingTaskInput, loadMeeting);
export const handler = loadMeetingTask.handler;
