/**
 * Creating tables on a local DynamoDB API server (DynamoDB Local or dynalite) exactly as CloudFormation
 * creates them in AWS: from the records table's definition, or from a synthesized template's
 * `AWS::DynamoDB::Table` (the rehearsal works from cdk.out, not from the source).
 */
import {
  CreateTableCommand, DescribeTableCommand, type DynamoDBClient, type DynamoDBClientConfig, ResourceInUseException, UpdateTimeToLiveCommand, type CreateTableCommandInput,
} from "@aws-sdk/client-dynamodb";
import { dynamoClient } from "#adapters/store";
import { recordsTable, type TableSpec } from "#adapters/table-definition";

interface CfnTableProperties {
  AttributeDefinitions: CreateTableCommandInput["AttributeDefinitions"];
  KeySchema: CreateTableCommandInput["KeySchema"];
  BillingMode?: CreateTableCommandInput["BillingMode"];
  GlobalSecondaryIndexes?: CreateTableCommandInput["GlobalSecondaryIndexes"];
  TimeToLiveSpecification?: { AttributeName: string; Enabled: boolean };
}

/**
 * The CreateTable input for a template's `AWS::DynamoDB::Table` (its properties are the API's, less what
 * a local server ignores: encryption, recovery, deletion protection).
 */
export function tableFromTemplate(properties: CfnTableProperties, tableName: string): TableSpec {
  const { AttributeDefinitions, KeySchema, BillingMode, GlobalSecondaryIndexes, TimeToLiveSpecification: ttl } = properties;
  return {
    create: { TableName: tableName, BillingMode: BillingMode ?? "PROVISIONED", AttributeDefinitions, KeySchema, ...(GlobalSecondaryIndexes ? { GlobalSecondaryIndexes } : {}) },
    ttlAttribute: ttl?.Enabled ? ttl.AttributeName : undefined,
  };
}

/** Creates a table (and its TTL) if it does not exist yet, and waits until it and its indexes are ACTIVE. */
export async function createTable(endpoint: string, spec: TableSpec, localClient: Partial<DynamoDBClientConfig> = {}): Promise<void> {
  const client = dynamoClient({ tableName: spec.create.TableName ?? "", endpoint, localClient });
  const name = spec.create.TableName ?? "";
  try {
    let created = false;
    try {
      await client.send(new DescribeTableCommand({ TableName: name }));
    } catch (e) {
      if ((e as { name?: string }).name !== "ResourceNotFoundException") throw e;
      try {
        await client.send(new CreateTableCommand(spec.create));
        created = true;
      } catch (err) {
        if (!(err instanceof ResourceInUseException)) throw err;
      }
    }
    await waitUntilActive(client, name);
    if (created && spec.ttlAttribute) await enableTtl(client, name, spec.ttlAttribute);
  } finally {
    client.destroy();
  }
}

/** The records table of the application (docs/store.md). */
export const ensureTable = (endpoint: string, tableName: string) => createTable(endpoint, recordsTable(tableName));

async function enableTtl(client: DynamoDBClient, tableName: string, attribute: string): Promise<void> {
  try {
    await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: attribute, Enabled: true } }));
  } catch (e) {
    // dynalite has no UpdateTimeToLive (and deletes nothing): the Store filters expired items on read anyway.
    if ((e as { name?: string }).name !== "UnknownOperationException") throw e;
  }
}

/** CreateTable answers CREATING; writes before ACTIVE fail with ResourceNotFoundException. */
async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((g) => g.IndexStatus === "ACTIVE");
    if (Table?.TableStatus === "ACTIVE" && indexesActive) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}
