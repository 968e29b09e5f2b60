/** Workflow task LoadMeetingFunction. */
import { task } from "./task.ts";
import { meetingTaskInput } from "./schemas/task-inputs.ts";
import { loadMeeting } from "./services/meeting-cycle.ts";

export const loadMeetingTask = task("load-meeting", meetingTaskInput, loadMeeting);
export const handler = loadMeetingTask.handler;
