/**
 * Where the local executor keeps executions, so that a restart re-drives them from their last wait. It is
 * a table of its own: in AWS this state lives inside Step Functions, not in the application's table.
 */
import { type AttributeValue, DynamoDBClient, GetItemCommand, PutItemCommand, ScanCommand, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { dynamoClient, toAttributes } from "#adapters/store";
import { createTable } from "../tables.ts";
import type { Json } from "./jsonpath.ts";

export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "ABORTED" | "TIMED_OUT";

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  stateMachineName: string;
  name: string;
  input: Json;
  status: ExecutionStatus;
  startDate: string;
  stopDate?: string;
  output?: Json;
  error?: string;
  cause?: string;
  /** Where to resume after a restart: the state last entered that blocks (Wait, callback Task), with its input. */
  resumeAt?: { state: string; input: Json; waitingUntil?: string; callback?: boolean };
  transitions: number;
}

export interface ExecutionStore {
  put(record: ExecutionRecord): Promise<void>;
  get(executionArn: string): Promise<ExecutionRecord | undefined>;
  running(): Promise<ExecutionRecord[]>;
  all(): Promise<ExecutionRecord[]>;
}

export class MemoryExecutionStore implements ExecutionStore {
  private readonly records = new Map<string, ExecutionRecord>();
  async put(record: ExecutionRecord): Promise<void> {
    this.records.set(record.executionArn, structuredClone(record));
  }
  async get(arn: string): Promise<ExecutionRecord | undefined> {
    const r = this.records.get(arn);
    return r && structuredClone(r);
  }
  async running(): Promise<ExecutionRecord[]> {
    return (await this.all()).filter((r) => r.status === "RUNNING");
  }
  async all(): Promise<ExecutionRecord[]> {
    return [...this.records.values()].map((r) => structuredClone(r));
  }
}

export class DynamoExecutionStore implements ExecutionStore {
  constructor(private readonly client: DynamoDBClient, private readonly tableName: string) {}

  static async open(endpoint: string, tableName = "klyngeflow-executions", clientConfig: Partial<DynamoDBClientConfig> = {}): Promise<DynamoExecutionStore> {
    await createTable(endpoint, {
      create: {
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [{ AttributeName: "executionArn", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "executionArn", KeyType: "HASH" }],
      },
    }, clientConfig);
    return new DynamoExecutionStore(dynamoClient({ tableName, endpoint, localClient: clientConfig }), tableName);
  }

  async put(record: ExecutionRecord): Promise<void> {
    await this.client.send(new PutItemCommand({ TableName: this.tableName, Item: toAttributes(record) }));
  }
  async get(executionArn: string): Promise<ExecutionRecord | undefined> {
    const out = await this.client.send(new GetItemCommand({ TableName: this.tableName, Key: { executionArn: { S: executionArn } }, ConsistentRead: true }));
    return out.Item && (unmarshall(out.Item) as ExecutionRecord);
  }
  async running(): Promise<ExecutionRecord[]> {
    return (await this.all()).filter((r) => r.status === "RUNNING");
  }
  async all(): Promise<ExecutionRecord[]> {
    const out: ExecutionRecord[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.client.send(new ScanCommand({ TableName: this.tableName, ExclusiveStartKey: start, ConsistentRead: true }));
      out.push(...(page.Items ?? []).map((item) => unmarshall(item) as ExecutionRecord));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }
  close(): void {
    this.client.destroy();
  }
}
