/**
 * What each Lambda may do, read from its handler and the use cases it calls (issue 19, defect 10). The
 * stack turns each line into exact IAM actions on exact resources (infra/stack.ts, grant); test/infra
 * checks every function's actions. A use case that starts doing more must be added here, or AWS refuses it.
 */
import type { WorkflowName } from "../functions/adapters/workflows.ts";
import type { TaskName } from "../functions/registry.ts";

export interface Needs {
  /** The records table: one token lookup (GetItem), reads (GetItem, Query incl. indexes), or reads and writes (+ PutItem). */
  table?: "get" | "read" | "write";
  /** The link-signing keys: every function that builds its dependencies from the environment reads them at a cold start. */
  linkKeys?: true;
  /** The blob bucket: material and minutes read back (member pages), raw mail and uploads written. */
  blobs?: ("get" | "put")[];
  /** Raw inbound messages SES stored (get) and the listing the sweeper walks. */
  inbound?: true;
  /** ses:SendRawEmail from our identity and configuration set. */
  mail?: true;
  /** states:StartExecution of these machines. */
  start?: WorkflowName[];
  /** states:SendTaskSuccess to a waiting task of these machines (callbacks.ts, signal and registerCallback). */
  resume?: WorkflowName[];
  /** Listing the audit anchors: `audit verify` compares each chain with its anchored head (the API's route). */
  auditVerify?: true;
  /** states:StopExecution of these machines' executions (a meeting moved or cancelled). */
  stop?: WorkflowName[];
}

/** sendMailing: claims and confirms in the table, keeps the raw message in the blob bucket, sends by SES. */
const MAILING: Needs = { table: "write", linkKeys: true, blobs: ["put"], mail: true };

export const TASK_NEEDS: Record<TaskName, Needs> = {
  SendBallotsFunction: MAILING,
  StepWrittenVoteFunction: MAILING, // reminders to the seats without an answer
  CloseWrittenVoteFunction: MAILING, // the outcome to every seat; a moved matter onto the next agenda
  AwaitEventFunction: { table: "write", linkKeys: true, resume: ["meeting-cycle", "written-vote"] }, // stores the token; resumes at once if it already happened
  LoadMeetingFunction: { table: "read", linkKeys: true },
  ContinueMeetingCycleFunction: { linkKeys: true, start: ["meeting-cycle"] }, // starts the next segment
  SendCallForItemsFunction: MAILING,
  StepItemRequestsFunction: MAILING, // initiative report reminders and escalations
  StepAgendaFunction: MAILING, // reminders; the missed-deadline alert
  SendAgendaFunction: MAILING,
  SendQuorumForecastFunction: MAILING,
  MarkMeetingHeldFunction: { table: "write", linkKeys: true },
  StepMinutesFunction: MAILING,
  SendMinutesFunction: MAILING,
  EvaluateMinutesRoundFunction: MAILING, // the approval to every seat
};

/** processInbound: raw from SES's bucket (kept again with the blobs), judged, answered; a vote's last answer resumes its close. */
const MAIL_IN: Needs = { ...MAILING, inbound: true, resume: ["written-vote"] };

export const HANDLER_NEEDS = {
  InboundMail: MAIL_IN,
  SweepInbound: MAIL_IN, // also judges answers by link left unjudged, which may resume a vote's close
  MailEvents: MAILING, // marks the address, alerts the secretariat
  // The console, API and member pages: uploads and downloads, every mailing the secretariat starts,
  // votes and meeting cycles started, agenda released / minutes uploaded / votes answered, meetings moved.
  Api: { ...MAILING, auditVerify: true, blobs: ["get", "put"], start: ["meeting-cycle", "written-vote"], resume: ["meeting-cycle", "written-vote"], stop: ["meeting-cycle"] },
  Authorizer: { table: "get" }, // one API token's hash
} satisfies Record<string, Needs>;
