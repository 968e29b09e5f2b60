/**
 * The one DynamoDB table's shape, shared by the CDK stack and the local store so both create the same
 * keys and index. The access patterns it serves are listed in docs/store.md.
 */
import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

export const TABLE_KEYS = {
  partitionKey: "pk",
  sortKey: "sk",
  gsi1: { name: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
  /** Lookups by an opaque value (a reply token's hash, an inbound Message-ID). */
  gsi2: { name: "gsi2", partitionKey: "gsi2pk", sortKey: "gsi2sk" },
  /** Epoch seconds; DynamoDB deletes expired items late (and dynalite never), so reads filter them too. */
  ttlAttribute: "expiresAt",
} as const;

export const DEFAULT_TABLE_NAME = "klyngeflow";

/** A table as CreateTable takes it, plus its TTL attribute (set by UpdateTimeToLive after creation). */
export interface TableSpec {
  create: CreateTableCommandInput;
  ttlAttribute?: string | undefined;
}

/**
 * The records table as CreateTable takes it: what infra/constructs/data.ts declares (test/infra checks the
 * synthesized template against it) and what the local servers create.
 */
export function recordsTable(tableName: string): TableSpec {
  const { partitionKey: pk, sortKey: sk, gsi1, gsi2 } = TABLE_KEYS;
  return {
    create: {
      TableName: tableName,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [pk, sk, gsi1.partitionKey, gsi1.sortKey, gsi2.partitionKey, gsi2.sortKey].map((name) => ({ AttributeName: name, AttributeType: "S" })),
      KeySchema: [{ AttributeName: pk, KeyType: "HASH" }, { AttributeName: sk, KeyType: "RANGE" }],
      GlobalSecondaryIndexes: [gsi1, gsi2].map((g) => ({
        IndexName: g.name,
        KeySchema: [{ AttributeName: g.partitionKey, KeyType: "HASH" }, { AttributeName: g.sortKey, KeyType: "RANGE" }],
        Projection: { ProjectionType: "ALL" },
      })),
    },
    ttlAttribute: TABLE_KEYS.ttlAttribute,
  };
}
