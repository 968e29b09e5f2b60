/**
 * Workflows: start an execution, resume a waiting task, stop one. The same SFNClient in AWS and locally
 * (against local/sfn-endpoint.ts); only the endpoint differs. Execution names are deterministic, so a
 * repeated start is the same execution (DESIGN.md principle 4).
 */
import { SFNClient, SendTaskFailureCommand, SendTaskSuccessCommand, StartExecutionCommand, StopExecutionCommand, DescribeExecutionCommand } from "@aws-sdk/client-sfn";

export type WorkflowName = "meeting-cycle" | "written-vote";

export interface Workflows {
  /** Starts (or finds, when the same name and input already run) an execution. */
  start(workflow: WorkflowName, name: string, input: Record<string, unknown>): Promise<{ executionArn: string }>;
  /** Completes a waiting callback task; false when the token no longer waits (already resumed, timed out). */
  resume(taskToken: string, output: Record<string, unknown>): Promise<boolean>;
  fail(taskToken: string, error: string, cause: string): Promise<boolean>;
  /** Stops an execution by its workflow and deterministic name (absent or finished: nothing to do). */
  stop(workflow: WorkflowName, name: string, cause: string): Promise<void>;
  status(executionArn: string): Promise<string | undefined>;
}

export interface SfnWorkflowsConfig {
  /** ARN of each state machine (from the stack's outputs, or the local executor's). */
  stateMachineArns: Record<WorkflowName, string>;
  endpoint?: string | undefined;
  region?: string | undefined;
}

const GONE = new Set(["TaskDoesNotExist", "TaskTimedOut", "InvalidToken"]);

export function sfnWorkflows(config: SfnWorkflowsConfig): Workflows {
  const client = new SFNClient({
    region: config.region ?? process.env.AWS_REGION ?? "eu-north-1",
    ...(config.endpoint ? { endpoint: config.endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}),
  });
  const gone = (e: unknown) => GONE.has((e as Error).name);
  return {
    async start(workflow, name, input) {
      try {
        const out = await client.send(new StartExecutionCommand({ stateMachineArn: config.stateMachineArns[workflow], name, input: JSON.stringify(input) }));
        return { executionArn: out.executionArn ?? "" };
      } catch (e) {
        // An execution of that name ran before (AWS keeps names 90 days): it is the one we meant.
        if ((e as Error).name === "ExecutionAlreadyExists") {
          const arn = config.stateMachineArns[workflow].replace(":stateMachine:", ":execution:") + `:${name}`;
          return { executionArn: arn };
        }
        throw e;
      }
    },
    async resume(taskToken, output) {
      try {
        await client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
        return true;
      } catch (e) {
        if (gone(e)) return false;
        throw e;
      }
    },
    async fail(taskToken, error, cause) {
      try {
        await client.send(new SendTaskFailureCommand({ taskToken, error, cause }));
        return true;
      } catch (e) {
        if (gone(e)) return false;
        throw e;
      }
    },
    async stop(workflow, name, cause) {
      const executionArn = `${config.stateMachineArns[workflow].replace(":stateMachine:", ":execution:")}:${name}`;
      try {
        await client.send(new StopExecutionCommand({ executionArn, cause }));
      } catch (e) {
        if ((e as Error).name !== "ExecutionDoesNotExist") throw e;
      }
    },
    async status(executionArn) {
      try {
        return (await client.send(new DescribeExecutionCommand({ executionArn }))).status;
      } catch (e) {
        if ((e as Error).name === "ExecutionDoesNotExist") return undefined;
        throw e;
      }
    },
  };
}
