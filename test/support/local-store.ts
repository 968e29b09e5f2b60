/** A real local DynamoDB-compatible server on a free loopback port, and a Store talking to it with the real SDK. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManualClock } from "#adapters/clock";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { dynamoClient, Store } from "#adapters/store";
import { ensureTable, startLocalDynamo, type LocalDynamo } from "#local/dynamo-server";

export interface TestStore {
  store: Store;
  clock: ManualClock;
  dynamo: LocalDynamo;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startTestStore(options: { dataDir?: string; now?: string } = {}): Promise<TestStore> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "klyngeflow-store-"));
  const dynamo = await startLocalDynamo({ dataDir });
  await ensureTable(dynamo.endpoint, "klyngeflow-test");
  const clock = new ManualClock(options.now ?? "2027-03-24T15:30:00+01:00");
  const client = dynamoClient({ tableName: "klyngeflow-test", endpoint: dynamo.endpoint });
  const store = new Store(client, "klyngeflow-test", clock);
  return {
    store, clock, dynamo, dataDir,
    async stop() {
      client.destroy();
      await dynamo.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A document client straight to a local server, for tests that change records behind the Store's back. */
export function rawDocumentClient(endpoint: string): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint, region: "local", credentials: { accessKeyId: "local", secretAccessKey: "local" } }));
}
