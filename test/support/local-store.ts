/**
 * A Store on a real DynamoDB API server through the real SDK: by default a table of its own on the run's
 * DynamoDB Local (AWS's own, test/support/dynamodb-local-setup.ts); `server: "dynalite"` starts the local
 * stack's dynalite instead (its persistence, and the store contract that dynalite must keep).
 */
import { keyedSeal, memoryAnchors } from "#adapters/audit-seal";
import { newKeyRing } from "#adapters/link-keys";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeleteTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { ManualClock } from "#adapters/clock";
import { dynamoClient, Store } from "#adapters/store";
import { sharedDynamoEndpoint, startLocalDynamo, type LocalDynamo } from "#local/dynamo-server";
import { uniqueTableName } from "#local/dynamodb-local";
import { ensureTable } from "#local/tables";

export type StoreServer = "dynamodb-local" | "dynalite";

export interface TestStore {
  store: Store;
  clock: ManualClock;
  dynamo: LocalDynamo;
  server: StoreServer;
  tableName: string;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startTestStore(options: { dataDir?: string; now?: string; server?: StoreServer } = {}): Promise<TestStore> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "klyngeflow-store-"));
  const shared = options.server === "dynalite" ? undefined : sharedDynamoEndpoint();
  if (options.server === "dynamodb-local" && !shared) throw new Error("no DynamoDB Local: KLYNGEFLOW_DYNAMODB_ENDPOINT is not set (vitest's globalSetup sets it)");
  const dynamo: LocalDynamo = shared ? { endpoint: shared, stop: async () => undefined } : await startLocalDynamo({ dataDir });
  // A table of its own on the shared server; on its own dynalite the fixed name finds persisted data again.
  const tableName = shared ? uniqueTableName("klyngeflow-test") : "klyngeflow-test";
  await ensureTable(dynamo.endpoint, tableName);
  const clock = new ManualClock(options.now ?? "2027-03-24T15:30:00+01:00");
  const client = dynamoClient({ tableName, endpoint: dynamo.endpoint });
  // A seal of its own (a fresh key, anchors in memory): the trail such a store writes verifies as evidence.
  const store = new Store(client, tableName, clock, keyedSeal(newKeyRing(), memoryAnchors()));
  return {
    store, clock, dynamo, dataDir, tableName,
    server: shared ? "dynamodb-local" : "dynalite",
    async stop() {
      if (shared) await client.send(new DeleteTableCommand({ TableName: tableName }));
      client.destroy();
      await dynamo.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A document client straight to a local server, for tests that change records behind the Store's back. */
export function rawDocumentClient(endpoint: string): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint, region: "eu-north-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } }));
}
