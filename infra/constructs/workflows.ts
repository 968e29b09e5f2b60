/**
 * The state machines, from the same JSON files the local executor runs: `${Name}` placeholders become the
 * ARNs of the Lambdas in functions/registry.ts through definition substitutions.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { Function as LambdaFunction } from "aws-cdk-lib/aws-lambda";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from "aws-cdk-lib/aws-stepfunctions";
import { Construct } from "constructs";
import { STATE_MACHINES, WORKFLOW_TASKS, type TaskName } from "../../functions/registry.ts";
import type { WorkflowName } from "../../functions/adapters/workflows.ts";
import { ROOT, handlerFunction } from "./functions.ts";

export interface WorkflowsProps {
  prefix: string;
  environment: Record<string, string>;
}

export class Workflows extends Construct {
  readonly functions = new Map<TaskName, LambdaFunction>();
  readonly machines = new Map<WorkflowName, StateMachine>();

  constructor(scope: Construct, id: string, props: WorkflowsProps) {
    super(scope, id);
    for (const [name, task] of Object.entries(WORKFLOW_TASKS) as [TaskName, { entry: string }][]) {
      this.functions.set(name, handlerFunction(this, name, { entry: task.entry, environment: props.environment, timeout: Duration.minutes(5) }));
    }
    for (const [name, file] of Object.entries(STATE_MACHINES) as [WorkflowName, string][]) {
      const definition = readFileSync(join(ROOT, file), "utf8");
      const used = [...definition.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1] as TaskName);
      const machine = new StateMachine(this, `${name}Machine`, {
        stateMachineName: `${props.prefix}-${name}`,
        stateMachineType: StateMachineType.STANDARD,
        definitionBody: DefinitionBody.fromString(definition),
        definitionSubstitutions: Object.fromEntries(used.map((n) => [n, this.fn(n).functionArn])),
        tracingEnabled: true,
        logs: {
          destination: new LogGroup(this, `${name}Logs`, { retention: RetentionDays.SIX_MONTHS, removalPolicy: RemovalPolicy.RETAIN }),
          level: LogLevel.ALL,
          includeExecutionData: false,
        },
      });
      const arns = [...new Set(used)].map((n) => this.fn(n).functionArn);
      machine.addToRolePolicy(new PolicyStatement({ actions: ["lambda:InvokeFunction"], resources: arns }));
      this.machines.set(name, machine);
    }
  }

  machine(name: WorkflowName): StateMachine {
    const m = this.machines.get(name);
    if (!m) throw new Error(`no state machine ${name}`);
    return m;
  }

  fn(name: TaskName): LambdaFunction {
    const f = this.functions.get(name);
    if (!f) throw new Error(`no function ${name}`);
    return f;
  }
}
