/**
 * The synthesized stack brought up on loopback from cdk.out, as AWS would run it (issue 19, Build item 2):
 * the table from the template on a DynamoDB server, the secret as Secrets Manager generates it, every
 * function in its own Node 22 processes (lambda.ts), the state machines from their DefinitionString run by
 * the project's ASL executor on virtual time with each Task's Resource resolved to those processes and
 * callbacks through the real SFNClient against local/sfn-endpoint.ts, and S3, SES, SNS, EventBridge, API
 * Gateway and CloudFormation as stand-ins that check what AWS checks.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { DateTime } from "luxon";
import { StatesError } from "#local/asl/errors";
import { LocalExecutor } from "#local/asl/executor";
import { MemoryExecutionStore } from "#local/asl/execution-store";
import type { Definition } from "#local/asl/definition";
import type { Json as AslJson } from "#local/asl/jsonpath";
import { VirtualTime } from "#local/asl/time";
import { startDynamoDbLocal, type DynamoDbLocal } from "#local/dynamodb-local";
import { createTable, tableFromTemplate } from "#local/tables";
import { startSfnEndpoint, type SfnEndpoint } from "#local/sfn-endpoint";
import type { Listening } from "./aws-json-server.ts";
import { startApiGateway, type ApiGatewayStandIn } from "./api-gateway.ts";
import { startCloudFormation } from "./cloudformation.ts";
import { scheduledEvent, scheduleRules, snsTopics } from "./events.ts";
import { FunctionError, lambdaNode, startLambda, type LambdaService } from "./lambda.ts";
import { S3RVER_CREDENTIALS, startS3, type S3StandIn } from "./s3.ts";
import { startSecretsManager, type SecretsStandIn } from "./secrets.ts";
import { startSes, type SesStandIn } from "./ses.ts";
import { ACCOUNT, readCloudAssembly, Resolver, type Json } from "./template.ts";

/** Step Functions' limit on a state's input or output, and so on a task's result. */
export const STATE_PAYLOAD_LIMIT = 256 * 1024;

export interface RehearsalStack {
  resolver: Resolver;
  time: VirtualTime;
  executor: LocalExecutor;
  lambda: LambdaService;
  ses: SesStandIn;
  s3: S3StandIn;
  secrets: SecretsStandIn;
  api: ApiGatewayStandIn;
  sfn: SfnEndpoint;
  dynamo: DynamoDbLocal;
  cloudFormation: Listening;
  sns: ReturnType<typeof snsTopics>;
  /** The environment an operator's shell has for `klyngeflow admin` (credentials, region, endpoints). */
  operatorEnv: Record<string, string>;
  clockFile: string;
  /** Writes the virtual time where every process's clock reads it. */
  syncClock(): void;
  /** EventBridge: fires every scheduled rule once, now, with the event it sends. */
  fireSchedules(): Promise<unknown[]>;
  /** Called before each Step Functions task invokes its function (the scenario stages a race with it). */
  beforeTask: ((functionName: string, payload: Json) => Promise<void>)[];
  /** Failed executions, with their error and cause. */
  failures: { name: string; error: string; cause: string }[];
  stop(): Promise<void>;
}

export interface RehearsalOptions {
  cdkOut: string;
  dataDir: string;
  /** Start of virtual time (an ISO instant). */
  start: string;
}

export async function startRehearsalStack(options: RehearsalOptions): Promise<RehearsalStack> {
  mkdirSync(options.dataDir, { recursive: true });
  const assembly = readCloudAssembly(options.cdkOut);
  const endpoints = { apiUrl: "" };
  const resolver = new Resolver(assembly, endpoints);
  const time = new VirtualTime(options.start);
  const now = () => new Date(time.nowMs());
  const clockFile = join(options.dataDir, "clock");
  const syncClock = () => writeFileSync(clockFile, DateTime.fromMillis(time.nowMs(), { zone: "utc" }).toISO() ?? "");
  syncClock();

  // The store: AWS's DynamoDB Local, the table exactly as the template declares it (keys, indexes, TTL).
  const dynamo = await startDynamoDbLocal();
  for (const t of resolver.ofType("AWS::DynamoDB::Table")) await createTable(dynamo.endpoint, tableFromTemplate(t.properties as never, t.name));
  const s3 = await startS3(resolver, join(options.dataDir, "s3"));
  const secrets = await startSecretsManager(resolver);

  const failures: RehearsalStack["failures"] = [];
  const beforeTask: RehearsalStack["beforeTask"] = [];
  const handlers: Record<string, (payload: AslJson) => Promise<AslJson>> = {};
  const executor = new LocalExecutor({
    time,
    store: new MemoryExecutionStore(),
    handlers,
    arnPrefix: `arn:aws:states:${resolver.region}:${ACCOUNT}`,
    onExecutionFailed: (r) => failures.push({ name: r.name, error: r.error ?? "", cause: r.cause ?? "" }),
  });
  const sfn = await startSfnEndpoint(executor);

  // Lambda last among the services: its environment names the others' endpoints.
  let lambda: LambdaService | undefined;
  const invoke = async (arn: string, event: Json) => {
    if (!lambda) throw new Error("Lambda is not up yet");
    syncClock();
    return lambda.invoke(arn, event);
  };
  const invokeAsync = async (arn: string, event: Json) => {
    if (!lambda) throw new Error("Lambda is not up yet");
    syncClock();
    return lambda.invokeAsync(arn, event);
  };
  const sns = snsTopics(resolver, invokeAsync, now);
  const ses = await startSes({ resolver, outboxDir: join(options.dataDir, "ses-outbox"), s3: { endpoint: s3.endpoint, credentials: S3RVER_CREDENTIALS }, publish: sns.publish, invokeAsync, now });
  const gatewayDeps: Parameters<typeof startApiGateway>[0] = { resolver, invoke, now };
  const api = await startApiGateway(gatewayDeps);
  endpoints.apiUrl = api.url;
  const cloudFormation = await startCloudFormation(resolver, now());

  const awsEnv = {
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    AWS_SESSION_TOKEN: "rehearsal-session-token",
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_ENDPOINT_URL_SES: ses.endpoint,
    AWS_ENDPOINT_URL_SFN: sfn.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
    KLYNGEFLOW_CLOCK_FILE: clockFile,
  };
  lambda = startLambda(resolver, {
    baseEnv: { ...awsEnv, PATH: `${dirname(lambdaNode())}:/usr/bin:/bin`, TZ: ":UTC", LANG: "en_US.UTF-8", NODE_PATH: "/opt/nodejs/node22/node_modules:/opt/nodejs/node_modules" },
    logDir: join(options.dataDir, "logs"),
  });
  // Member links carry the stack's PUBLIC_URL: when it is a custom domain, the gateway answers for it.
  const publicUrl = [...lambda.functions.values()][0]?.config.environment.PUBLIC_URL;
  if (publicUrl && new URL(publicUrl).origin !== api.url) gatewayDeps.customDomain = new URL(publicUrl).host;
  for (const name of lambda.functions.keys()) {
    handlers[name] = async (payload) => {
      if (JSON.stringify(payload).length > STATE_PAYLOAD_LIMIT) throw new StatesError("States.DataLimitExceeded", `the input to ${name} exceeds ${STATE_PAYLOAD_LIMIT} bytes`);
      for (const hook of beforeTask) await hook(name, payload as Json);
      // REHEARSAL_TRACE=1 prints each task with its result (what Step Functions' execution history shows).
      if (process.env.REHEARSAL_TRACE) process.stderr.write(`${new Date(time.nowMs()).toISOString()} → ${name.replace(/^.*-Workflows|-[0-9A-F]{12}$/g, "")}\n`);
      let result: Json;
      try {
        result = await invoke(name, payload as Json);
      } catch (e) {
        // As Step Functions reports a Lambda error: the function's errorType, its error payload as the cause.
        if (e instanceof FunctionError) throw new StatesError(e.errorType, e.payload);
        throw new StatesError(`Lambda.${(e as Error).name}`, (e as Error).message);
      }
      if (process.env.REHEARSAL_TRACE) process.stderr.write(`   ← ${JSON.stringify(result).slice(0, 300)}\n`);
      if (JSON.stringify(result).length > STATE_PAYLOAD_LIMIT) throw new StatesError("States.DataLimitExceeded", `the result of ${name} exceeds ${STATE_PAYLOAD_LIMIT} bytes`);
      return result as AslJson;
    };
  }
  for (const m of resolver.ofType("AWS::StepFunctions::StateMachine")) {
    const substitutions = (m.properties.DefinitionSubstitutions ?? {}) as Record<string, Json>;
    const text = String(m.properties.DefinitionString).replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, key: string) => (substitutions[key] !== undefined ? String(substitutions[key]) : whole));
    executor.register(m.name, JSON.parse(text) as Definition);
  }

  const rules = scheduleRules(resolver);
  return {
    resolver, time, executor, lambda, ses, s3, secrets, api, sfn, dynamo, cloudFormation, sns, failures, beforeTask, clockFile, syncClock,
    operatorEnv: { ...awsEnv, AWS_REGION: resolver.region, AWS_ENDPOINT_URL_CLOUDFORMATION: cloudFormation.endpoint },
    async fireSchedules() {
      const out = [];
      for (const r of rules) for (const target of r.targets) out.push(await invokeAsync(target, scheduledEvent(r.arn, now())));
      return out;
    },
    async stop() {
      await executor.shutdown();
      await lambda?.stop();
      await Promise.all([sfn.stop(), api.stop(), ses.stop(), secrets.stop(), cloudFormation.stop(), s3.stop()]);
      await dynamo.stop();
    },
  };
}
