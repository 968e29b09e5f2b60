/**
 * The local stack behind `npm start`: the persisted DynamoDB-compatible store and the committee's seed
 * data. (The workflow executor, HTTP server and SMTP sink join it as they are built.)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Clock } from "#adapters/clock";
import { systemClock } from "#adapters/clock";
import { loadMeetingPlan, loadRulebookFile, RULEBOOK_DIR } from "#adapters/rulebook-files";
import { documentClient, Store } from "#adapters/store";
import { loadCommittee, type LoadResult } from "#functions/services/committee";
import type { LocalConfig } from "./config.ts";
import { ensureTable, startLocalDynamo, type LocalDynamo } from "./dynamo-server.ts";

export const LOCAL_TABLE = "klyngeflow";

export interface LocalStack {
  config: LocalConfig;
  store: Store;
  clock: Clock;
  dynamo: LocalDynamo;
  seed: LoadResult;
  stop(): Promise<void>;
}

/** The token survives restarts unless KLYNGEFLOW_TOKEN is set, so a bookmarked console keeps working. */
function persistedToken(config: LocalConfig): string {
  if (config.tokenFromEnv) return config.token;
  const file = join(config.dataDir, "api-token");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  writeFileSync(file, `${config.token}\n`, { mode: 0o600 });
  return config.token;
}

export async function startLocalStack(config: LocalConfig, options: { clock?: Clock } = {}): Promise<LocalStack> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  mkdirSync(config.dataDir, { recursive: true });
  const token = persistedToken(config);
  const dynamo = await startLocalDynamo({ dataDir: join(config.dataDir, "dynamodb") });
  await ensureTable(dynamo.endpoint, LOCAL_TABLE);
  const clock = options.clock ?? systemClock();
  const doc = documentClient({ tableName: LOCAL_TABLE, endpoint: dynamo.endpoint });
  const store = new Store(doc, LOCAL_TABLE, clock);
  const rulebook = loadRulebookFile(`${RULEBOOK_DIR}sundhedsklynge-syd-2026.json`);
  const plan = loadMeetingPlan(`${RULEBOOK_DIR}sundhedsklynge-syd-plan-2026.json`);
  const seed = await loadCommittee(store, clock, rulebook, plan.meetings);
  return {
    config: { ...config, token },
    store,
    clock,
    dynamo,
    seed,
    async stop() {
      doc.destroy();
      await dynamo.stop();
    },
  };
}
