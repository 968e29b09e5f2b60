/**
 * The local runtime: the same Deps the Lambdas get in AWS, built from local adapters (dynalite, outbox
 * folder, files for blobs), and the local executor running the same state-machine JSON behind a local
 * Step Functions endpoint, so the Workflows adapter is the real SFNClient.
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { FileBlobs, newLocalSigning } from "#adapters/blobs";
import { systemClock } from "#adapters/clock";
import { newKeyRing, parseKeyRing, serializeKeyRing, type KeyRing } from "#adapters/link-keys";
import { fanOut, OutboxMailer, SmtpMailer, type Mailer } from "#adapters/mailer";
import { CountingMetrics, countingSendFailures } from "#adapters/metrics";
import { localSeal } from "#adapters/audit-seal";
import { dynamoClient, Store } from "#adapters/store";
import { sfnWorkflows, type WorkflowName } from "#adapters/workflows";
import { STATE_MACHINES, WORKFLOW_TASKS } from "#functions/registry";
import type { Deps, Settings } from "#functions/deps";
import type { Definition } from "./asl/definition.ts";
import { DynamoExecutionStore } from "./asl/execution-store.ts";
import { LocalExecutor, type TaskHandler } from "./asl/executor.ts";
import type { Json } from "./asl/jsonpath.ts";
import { RealTime, VirtualTime, type Timekeeper } from "./asl/time.ts";
import { openLocalTables, type LocalDynamo } from "./dynamo-server.ts";
import { ensureTable } from "./tables.ts";
import { startSfnEndpoint, type SfnEndpoint } from "./sfn-endpoint.ts";
import { ROOT } from "./paths.ts";

export interface RuntimeOptions {
  dataDir: string;
  /** Start of virtual time; absent means the real clock. */
  virtualStart?: string | undefined;
  /** An SMTP server to deliver to besides the outbox (the local sink, or a test's). */
  smtp?: { host: string; port: number } | undefined;
  publicUrl: string;
  /** Keep the store in memory instead of under dataDir (benchmarks). */
  memoryStore?: boolean;
  /** Hand store requests to the local server in-process instead of over loopback HTTP (benchmarks). */
  inProcessStore?: boolean;
  onExecutionFailed?: (name: string, error: string, cause: string) => void;
  /** Test mode: wraps the adapters, e.g. to crash after a side effect (reliability/faults.ts). */
  instrument?: (deps: Deps) => void;
}

export interface Runtime {
  deps: Deps;
  executor: LocalExecutor;
  time: Timekeeper;
  dynamo: LocalDynamo;
  /** The records table's name (fixed on the stack's own dynalite, per data folder on a shared server). */
  tableName: string;
  sfn: SfnEndpoint;
  outboxDir: string;
  settings: Settings;
  stop(): Promise<void>;
}

export const LOCAL_SETTINGS = {
  senderAddress: "Politisk Sundhedsklynge Syd <sundhedsklynge@sundhedsklynge-syd.example.org>",
  senderDomain: "sundhedsklynge-syd.example.org",
  inboundDomain: "svar.sundhedsklynge-syd.example.org",
};

/** Link-signing keys are generated once and kept with the data, so links in sent mail keep working. */
function localKeys(dataDir: string): KeyRing {
  const file = join(dataDir, "link-keys.json");
  if (existsSync(file)) return parseKeyRing(readFileSync(file, "utf8"));
  const ring = newKeyRing();
  writeFileSync(file, serializeKeyRing(ring), { mode: 0o600 });
  return ring;
}

export function readDefinition(name: WorkflowName): Definition {
  return JSON.parse(readFileSync(join(ROOT, STATE_MACHINES[name]), "utf8")) as Definition;
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  mkdirSync(options.dataDir, { recursive: true });
  const { dynamo, records: tableName, executions: executionsTable } = await openLocalTables(options.dataDir, { memory: options.memoryStore ?? false });
  await ensureTable(dynamo.endpoint, tableName);
  const time: Timekeeper = options.virtualStart ? new VirtualTime(options.virtualStart) : new RealTime(systemClock());
  const clock = time.clock;
  // In-process only where the server is in this process (dynalite); a shared server is reached over loopback.
  const inProcess = options.inProcessStore ? dynamo.inProcess : undefined;
  const dynamoDb = dynamoClient({ tableName, endpoint: dynamo.endpoint, ...(inProcess ? { localClient: inProcess } : {}) });
  // The audit trail is sealed and anchored outside the table: keys and anchors in the data folder.
  const store = new Store(dynamoDb, tableName, clock, localSeal(options.dataDir));
  const outboxDir = join(options.dataDir, "outbox");
  const outbox = new OutboxMailer(outboxDir, clock);
  // As in a Lambda (functions/aws-deps.ts): failed sends are counted; the counts stay in memory.
  const metrics = new CountingMetrics();
  const mailer: Mailer = countingSendFailures(options.smtp ? fanOut(outbox, new SmtpMailer(options.smtp)) : outbox, metrics);
  const executions = await DynamoExecutionStore.open(dynamo.endpoint, executionsTable, inProcess ?? {});

  const handlers: Record<string, TaskHandler> = {};
  const executor = new LocalExecutor({
    time,
    store: executions,
    handlers,
    onExecutionFailed: (r) => options.onExecutionFailed?.(r.name, r.error ?? "", r.cause ?? ""),
  });
  const sfn = await startSfnEndpoint(executor);
  const arns = {
    "meeting-cycle": executor.stateMachineArn("meeting-cycle"),
    "written-vote": executor.stateMachineArn("written-vote"),
  };
  const settings: Settings = { ...LOCAL_SETTINGS, publicUrl: options.publicUrl };
  const deps: Deps = {
    store, clock, mailer, metrics,
    // Signed uploads and downloads go to the local server's /local/blobs routes (local/http-server.ts).
    blobs: new FileBlobs(join(options.dataDir, "blobs"), newLocalSigning(() => settings.publicUrl)),
    workflows: sfnWorkflows({ stateMachineArns: arns, endpoint: sfn.endpoint, region: "local" }),
    keys: localKeys(options.dataDir),
    settings,
  };
  options.instrument?.(deps);
  for (const [name, entry] of Object.entries(WORKFLOW_TASKS)) {
    const run = (await entry.load()).make(deps);
    handlers[name] = async (payload: Json) => (await run(payload)) as Json;
  }
  for (const name of Object.keys(STATE_MACHINES) as WorkflowName[]) executor.register(name, readDefinition(name));
  await executor.resumeAll();

  return {
    deps, executor, time, dynamo, tableName, sfn, outboxDir, settings,
    async stop() {
      await executor.shutdown();
      await sfn.stop();
      executions.close();
      dynamoDb.destroy();
      await dynamo.stop();
    },
  };
}
