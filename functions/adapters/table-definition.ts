/**
 * The one DynamoDB table's shape, shared by the CDK stack and the local store so both create the same
 * keys and index. The access patterns it serves are listed in docs/store.md.
 */
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
