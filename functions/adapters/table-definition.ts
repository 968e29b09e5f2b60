/**
 * The one DynamoDB table's shape, shared by the CDK stack and the local store so both create the same
 * keys and index. The access patterns it serves are listed in docs/store.md.
 */
export const TABLE_KEYS = {
  partitionKey: "pk",
  sortKey: "sk",
  gsi1: { name: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
  /** Epoch seconds; DynamoDB deletes expired items late (and dynalite never), so reads filter them too. */
  ttlAttribute: "expiresAt",
} as const;

export const DEFAULT_TABLE_NAME = "klyngeflow";
