/**
 * The one list of workflow task handlers: the `${Name}` each state machine uses, and the file that handles
 * it. CDK bundles each file as its own Lambda and substitutes its ARN; the local executor loads the same
 * module and calls its `make(deps)`.
 */
import type { Task } from "./task.ts";

export interface TaskEntry {
  /** Path from the repository root, for CDK's NodejsFunction. */
  entry: string;
  load(): Promise<Task>;
}

const t = (entry: string, load: () => Promise<Task>): TaskEntry => ({ entry, load });

export const WORKFLOW_TASKS = {
  SendBallotsFunction: t("functions/send-ballots.ts", async () => (await import("./send-ballots.ts")).sendBallotsTask),
  StepWrittenVoteFunction: t("functions/step-written-vote.ts", async () => (await import("./step-written-vote.ts")).stepWrittenVoteTask),
  CloseWrittenVoteFunction: t("functions/close-written-vote.ts", async () => (await import("./close-written-vote.ts")).closeWrittenVoteTask),
  AwaitEventFunction: t("functions/await-event.ts", async () => (await import("./await-event.ts")).awaitEventTask),
  LoadMeetingFunction: t("functions/load-meeting.ts", async () => (await import("./load-meeting.ts")).loadMeetingTask),
  ContinueMeetingCycleFunction: t("functions/continue-meeting-cycle.ts", async () => (await import("./continue-meeting-cycle.ts")).continueMeetingCycleTask),
  SendCallForItemsFunction: t("functions/send-call-for-items.ts", async () => (await import("./send-call-for-items.ts")).sendCallForItemsTask),
  StepItemRequestsFunction: t("functions/step-item-requests.ts", async () => (await import("./step-item-requests.ts")).stepItemRequestsTask),
  StepAgendaFunction: t("functions/step-agenda.ts", async () => (await import("./step-agenda.ts")).stepAgendaTask),
  SendAgendaFunction: t("functions/send-agenda.ts", async () => (await import("./send-agenda.ts")).sendAgendaTask),
  SendQuorumForecastFunction: t("functions/send-quorum-forecast.ts", async () => (await import("./send-quorum-forecast.ts")).sendQuorumForecastTask),
  MarkMeetingHeldFunction: t("functions/mark-meeting-held.ts", async () => (await import("./mark-meeting-held.ts")).markMeetingHeldTask),
  StepMinutesFunction: t("functions/step-minutes.ts", async () => (await import("./step-minutes.ts")).stepMinutesTask),
  SendMinutesFunction: t("functions/send-minutes.ts", async () => (await import("./send-minutes.ts")).sendMinutesTask),
  EvaluateMinutesRoundFunction: t("functions/evaluate-minutes-round.ts", async () => (await import("./evaluate-minutes-round.ts")).evaluateMinutesRoundTask),
} satisfies Record<string, TaskEntry>;

export type TaskName = keyof typeof WORKFLOW_TASKS;

/** The state machines, by the name the Workflows adapter uses, and their definition files. */
export const STATE_MACHINES = {
  "meeting-cycle": "workflows/meeting-cycle.asl.json",
  "written-vote": "workflows/written-vote.asl.json",
} as const;
