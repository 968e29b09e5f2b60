/**
 * The Store: typed records in one DynamoDB table through the AWS SDK's DynamoDB client. The same code
 * talks to AWS and to the local DynamoDB-compatible server; only the endpoint differs.
 *
 * No operation needs a transaction (dynalite has none): every fact is one conditional write, ordered so
 * that a crash between two writes is safe to replay.
 */
import { createHash } from "node:crypto";
import {
  type AttributeValue, ConditionalCheckFailedException, DynamoDBClient, type DynamoDBClientConfig, GetItemCommand, PutItemCommand, QueryCommand, type QueryCommandInput,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { describeProblems, validate } from "#domain/validation";
import type { AuditSeal } from "./audit-seal.ts";
import type { Clock } from "./clock.ts";
import { ConflictError, CorruptRecordError, StoreError } from "./errors.ts";
import { auditPk, records, type IdOf, type IndexQuery, type Key, type KindName, type RecordOf, type ScopeOf } from "./records.ts";
import { TABLE_KEYS } from "./table-definition.ts";

export interface StoreStats {
  reads: number;
  writes: number;
  conditionalRefusals: number;
  /** Writes per record kind: where the writes go (the benchmark's table). */
  writesByKind: Record<string, number>;
  /** Reads (gets and query pages) per record kind. */
  readsByKind: Record<string, number>;
}

export interface DynamoConnection {
  tableName: string;
  /** Set for the local server ("http://127.0.0.1:PORT"); absent in AWS. */
  endpoint?: string | undefined;
  region?: string | undefined;
  /** Local only: client settings for the local server (e.g. its in-process transport). */
  localClient?: Partial<DynamoDBClientConfig> | undefined;
}

/**
 * The Store's client. The Store marshals its own items (rather than through lib-dynamodb's document
 * client), so the client can cache its resolved middleware per command; and as we never log SDK calls,
 * the SDK's logger step (which copies every input and output through a sensitive-data filter for a
 * no-op logger) is taken out. Together about a quarter of the CPU of a call, in a Lambda as locally.
 */
export function dynamoClient(conn: DynamoConnection): DynamoDBClient {
  const client = new DynamoDBClient({
    region: conn.region ?? process.env.AWS_REGION ?? "eu-north-1",
    cacheMiddleware: true,
    ...(conn.endpoint
      ? { endpoint: conn.endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 5, ...conn.localClient }
      : {}),
  });
  client.middlewareStack.remove("loggerMiddleware");
  return client;
}

/** As lib-dynamodb's document client marshals: undefined attributes are left out. */
export const toAttributes = (value: object): Record<string, AttributeValue> => marshall(value, { removeUndefinedValues: true });

type StoreQuery = Omit<QueryCommandInput, "TableName" | "ExpressionAttributeValues" | "ExclusiveStartKey"> & { ExpressionAttributeValues: Record<string, unknown> };

const KEY_ATTRIBUTES = ["pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "recordKind", TABLE_KEYS.ttlAttribute] as const;

/** DynamoDB's limits on key values: a partition key up to 2048 bytes, a sort key up to 1024, never empty. */
const KEY_LIMITS: Record<string, number> = { pk: 2048, sk: 1024, gsi1pk: 2048, gsi1sk: 1024, gsi2pk: 2048, gsi2sk: 1024 };
/** DynamoDB's largest item: 400 KB, names and values counted as UTF-8. */
export const MAX_ITEM_BYTES = 400 * 1024;

const utf8 = (s: string) => Buffer.byteLength(s, "utf8");

/**
 * An item's size as DynamoDB counts it (developer guide, "Item sizes and formats"): UTF-8 bytes of names
 * and strings, about one byte per two digits of a number, 3 bytes per list or map and 1 per element. Our
 * own because dynalite counts UTF-16 units (Danish text would pass there and fail in AWS), and the small
 * packages that do this are unmaintained.
 */
export function itemBytes(item: Record<string, AttributeValue>): number {
  const value = (v: AttributeValue): number => {
    if (v.S !== undefined) return utf8(v.S);
    if (v.N !== undefined) return Math.ceil(v.N.replace(/^[-+]?0*|\.|e.*$/gi, "").replace(/0+$/, "").length / 2) + 1;
    if (v.B !== undefined) return v.B.byteLength;
    if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
    if (v.L !== undefined) return 3 + v.L.reduce((sum, e) => sum + value(e) + 1, 0);
    if (v.M !== undefined) return 3 + Object.entries(v.M).reduce((sum, [k, e]) => sum + utf8(k) + value(e) + 1, 0);
    if (v.SS !== undefined) return v.SS.reduce((sum, e) => sum + utf8(e), 0);
    if (v.NS !== undefined) return v.NS.reduce((sum, e) => sum + value({ N: e }), 0);
    if (v.BS !== undefined) return v.BS.reduce((sum, e) => sum + e.byteLength, 0);
    return 0;
  };
  return Object.entries(item).reduce((sum, [name, v]) => sum + utf8(name) + value(v), 0);
}

/**
 * What DynamoDB refuses about an item's keys and size, checked before it is sent: AWS and DynamoDB Local
 * refuse these; dynalite accepts some of them (an empty or over-long index key, sizes counted in UTF-16).
 */
function itemProblems(item: Record<string, unknown>, attributes: Record<string, AttributeValue>): string[] {
  const problems: string[] = [];
  for (const [name, limit] of Object.entries(KEY_LIMITS)) {
    const v = item[name];
    if (v === undefined) continue;
    if (typeof v !== "string" || v === "") problems.push(`${name}: a key attribute must be a non-empty string`);
    else if (utf8(v) > limit) problems.push(`${name}: over ${limit} bytes (${utf8(v)})`);
  }
  const bytes = itemBytes(attributes);
  if (bytes > MAX_ITEM_BYTES) problems.push(`Item size has exceeded the maximum allowed size: ${bytes} bytes, at most ${MAX_ITEM_BYTES}`);
  return problems;
}

/** A partition value in a query: DynamoDB refuses an empty one. */
function checkPartition(kind: string, name: string, value: string): void {
  if (value === "") throw new StoreError(`${kind}: query of ${name}: the partition value is empty`);
}

/** Deterministic JSON (sorted keys) for hashing. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export const GENESIS_HASH = "0".repeat(64);

/** The content hash of an audit entry: everything but the hash and its seal. */
export function auditHash(entry: Omit<RecordOf<"audit">, "hash" | "kid" | "mac"> & { kid?: unknown; mac?: unknown }): string {
  const { kid: _k, mac: _m, ...content } = entry;
  return createHash("sha256").update(canonicalJson(content)).digest("hex");
}

export type AuditInput = Pick<RecordOf<"audit">, "committeeId" | "matter" | "actor" | "action" | "channel" | "data"> & {
  ref?: string | undefined;
};

/**
 * The key condition of a query: the partition, and the sort key's prefix only when there is one. AWS
 * refuses `begins_with(sk, "")` (an empty string in a key attribute); dynalite accepts it (issue 19,
 * defect 2).
 */
function keyCondition(partitionKey: string, partition: string, sortKey: string, prefix: string): Pick<StoreQuery, "KeyConditionExpression" | "ExpressionAttributeValues"> {
  return prefix
    ? { KeyConditionExpression: `${partitionKey} = :pk AND begins_with(${sortKey}, :prefix)`, ExpressionAttributeValues: { ":pk": partition, ":prefix": prefix } }
    : { KeyConditionExpression: `${partitionKey} = :pk`, ExpressionAttributeValues: { ":pk": partition } };
}

export class Store {
  readonly stats: StoreStats = { reads: 0, writes: 0, conditionalRefusals: 0, writesByKind: {}, readsByKind: {} };

  private read(kind: string): void {
    this.stats.reads += 1;
    this.stats.readsByKind[kind] = (this.stats.readsByKind[kind] ?? 0) + 1;
  }

  private wrote(kind: string): void {
    this.stats.writes += 1;
    this.stats.writesByKind[kind] = (this.stats.writesByKind[kind] ?? 0) + 1;
  }

  constructor(
    private readonly client: DynamoDBClient,
    readonly tableName: string,
    private readonly clock: Clock,
    /** Seals and anchors audit entries (R-7.2); without it the trail is only hash-chained, not evidence. */
    readonly auditSeal?: AuditSeal | undefined,
  ) {}

  /** The record as the table's item: validated, with its keys and index entries, and within DynamoDB's limits. */
  private item<K extends KindName>(kind: K, record: RecordOf<K>, ttl?: number): Record<string, AttributeValue> {
    const def = records[kind];
    const parsed = this.check(kind, record, "write");
    const key = def.key(parsed as never);
    const item = {
      ...(parsed as object),
      recordKind: kind,
      ...key,
      ...("index" in def && def.index ? def.index(parsed as never) : {}),
      ...("index2" in def && def.index2 ? (def.index2(parsed as never) ?? {}) : {}),
      ...(ttl ? { [TABLE_KEYS.ttlAttribute]: ttl } : {}),
    };
    const attributes = toAttributes(item);
    const problems = itemProblems(item, attributes);
    if (problems.length) throw new CorruptRecordError(kind, `${key.pk.slice(0, 200)}/${key.sk.slice(0, 200)}`, problems);
    return attributes;
  }

  private check<K extends KindName>(kind: K, value: unknown, when: "read" | "write", key = ""): RecordOf<K> {
    const result = validate(records[kind].schema, value);
    if (!result.ok) throw new CorruptRecordError(kind, key || `(${when})`, describeProblems(result.problems));
    return result.data as RecordOf<K>;
  }

  private fromItem<K extends KindName>(kind: K, item: Record<string, unknown>): RecordOf<K> | undefined {
    const expires = item[TABLE_KEYS.ttlAttribute];
    if (typeof expires === "number" && expires * 1000 <= Date.parse(this.clock.now())) return undefined;
    const rest = { ...item };
    for (const k of KEY_ATTRIBUTES) delete rest[k];
    return this.check(kind, rest, "read", `${String(item.pk)}/${String(item.sk)}`);
  }

  keyOf<K extends KindName>(kind: K, record: RecordOf<K> | IdOf<K>): Key {
    return (records[kind].key as (id: unknown) => Key)(record);
  }

  /** The record of a kind with these identifying fields (the repositories' way to read one). */
  async find<K extends KindName>(kind: K, id: IdOf<K>): Promise<RecordOf<K> | undefined> {
    return this.get(kind, this.keyOf(kind, id));
  }

  /** The records of a kind in one scope (a meeting's agenda items, a vote's responses), in key order. */
  async listOf<K extends KindName>(kind: K, scope: ScopeOf<K>, options: { newestFirst?: boolean; limit?: number } = {}): Promise<RecordOf<K>[]> {
    const collection = (records[kind] as { collection?: (scope: unknown) => { pk: string; skPrefix: string } }).collection;
    if (!collection) throw new Error(`records of kind ${kind} are not listed by scope`);
    const { pk, skPrefix } = collection(scope);
    return this.list(kind, pk, skPrefix, options);
  }

  /** The records of a kind in an index partition (records.ts `lookups`). */
  async lookup<K extends KindName>(kind: K, query: IndexQuery, options: { newestFirst?: boolean } = {}): Promise<RecordOf<K>[]> {
    return this.listByIndex(kind, query.partition, query.prefix ?? "", { ...options, index: query.index });
  }

  /**
   * Writes a record only if none exists under its key: the idempotency primitive. Returns false (and
   * writes nothing) when the key is already taken.
   */
  async create<K extends KindName>(kind: K, record: RecordOf<K>, options: { expiresAt?: number } = {}): Promise<boolean> {
    this.wrote(kind);
    try {
      await this.client.send(
        new PutItemCommand({ TableName: this.tableName, Item: this.item(kind, record, options.expiresAt), ConditionExpression: "attribute_not_exists(pk)" }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) {
        this.stats.conditionalRefusals += 1;
        return false;
      }
      throw e;
    }
  }

  /** Replaces a record that carries a `rev`, only if nobody changed it since it was read. */
  async replace<K extends KindName>(kind: K, record: RecordOf<K> & { rev: number }): Promise<RecordOf<K> & { rev: number }> {
    const next = { ...record, rev: record.rev + 1 };
    this.wrote(kind);
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: this.item(kind, next),
          ConditionExpression: record.rev === 0 ? "attribute_not_exists(pk) OR rev = :rev" : "rev = :rev",
          ExpressionAttributeValues: { ":rev": { N: String(record.rev) } },
        }),
      );
      return next;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) {
        this.stats.conditionalRefusals += 1;
        const k = this.keyOf(kind, record);
        throw new ConflictError(kind, `${k.pk}/${k.sk}`);
      }
      throw e;
    }
  }

  /**
   * Reads, changes and replaces a record, retrying when another writer got there first. `change`
   * returns undefined to leave the record as it is (e.g. "already released").
   */
  async modify<K extends KindName>(
    kind: K,
    key: Key,
    change: (current: RecordOf<K> & { rev: number }) => (RecordOf<K> & { rev: number }) | undefined,
  ): Promise<{ record: RecordOf<K> & { rev: number }; changed: boolean }> {
    for (let attempt = 0; ; attempt++) {
      const current = (await this.get(kind, key)) as (RecordOf<K> & { rev: number }) | undefined;
      if (!current) throw new ConflictError(kind, `${key.pk}/${key.sk} (missing)`);
      const next = change(current);
      if (!next) return { record: current, changed: false };
      try {
        return { record: await this.replace(kind, next), changed: true };
      } catch (e) {
        if (!(e instanceof ConflictError) || attempt >= 20) throw e;
      }
    }
  }

  /** Writes a record unconditionally (records that are facts nobody else writes). */
  /** Writes a record whatever is there; an expiry (epoch seconds, the table's TTL) must be given again, as the item is replaced whole. */
  async put<K extends KindName>(kind: K, record: RecordOf<K>, options: { expiresAt?: number } = {}): Promise<void> {
    this.wrote(kind);
    await this.client.send(new PutItemCommand({ TableName: this.tableName, Item: this.item(kind, record, options.expiresAt) }));
  }

  async get<K extends KindName>(kind: K, key: Key): Promise<RecordOf<K> | undefined> {
    this.read(kind);
    const out = await this.client.send(new GetItemCommand({ TableName: this.tableName, Key: { pk: { S: key.pk }, sk: { S: key.sk } }, ConsistentRead: true }));
    return out.Item ? this.fromItem(kind, unmarshall(out.Item)) : undefined;
  }

  /**
   * All records of a kind under one partition whose sort key starts with `skPrefix` (all of them for ""),
   * in key order; with a limit, at most that many.
   */
  async list<K extends KindName>(kind: K, pk: string, skPrefix: string, options: { newestFirst?: boolean; limit?: number } = {}): Promise<RecordOf<K>[]> {
    checkPartition(kind, TABLE_KEYS.partitionKey, pk);
    return this.query(kind, {
      ...keyCondition(TABLE_KEYS.partitionKey, pk, TABLE_KEYS.sortKey, skPrefix),
      ConsistentRead: true,
      ScanIndexForward: !options.newestFirst,
      ...(options.limit ? { Limit: options.limit } : {}),
    }, options.limit);
  }

  /**
   * Records of a kind through a secondary index (eventually consistent in AWS, so never a consistent
   * read: AWS refuses one on a global secondary index), by sort-key prefix or all of the partition.
   */
  async listByIndex<K extends KindName>(
    kind: K,
    partition: string,
    prefix = "",
    options: { newestFirst?: boolean; index?: "gsi1" | "gsi2" } = {},
  ): Promise<RecordOf<K>[]> {
    const g = TABLE_KEYS[options.index ?? "gsi1"];
    checkPartition(kind, g.partitionKey, partition);
    return this.query(kind, {
      IndexName: g.name,
      ...keyCondition(g.partitionKey, partition, g.sortKey, prefix),
      ScanIndexForward: !options.newestFirst,
    });
  }

  private async query<K extends KindName>(kind: K, input: StoreQuery, limit?: number): Promise<RecordOf<K>[]> {
    const out: RecordOf<K>[] = [];
    const values = toAttributes(input.ExpressionAttributeValues);
    let start: Record<string, AttributeValue> | undefined;
    do {
      this.read(kind);
      const page = await this.client.send(new QueryCommand({ TableName: this.tableName, ...input, ExpressionAttributeValues: values, ExclusiveStartKey: start }));
      for (const raw of page.Items ?? []) {
        if (raw.recordKind?.S !== kind) continue;
        const rec = this.fromItem(kind, unmarshall(raw));
        if (rec) out.push(rec);
      }
      start = page.LastEvaluatedKey;
    } while (start && (!limit || out.length < limit));
    // Limit counts the items DynamoDB evaluates, other kinds and expired ones included: a later page may
    // bring more of ours than were still wanted.
    return limit ? out.slice(0, limit) : out;
  }

  /**
   * The latest entries (newest first, up to 100) of the chains this Store appended to, so that the next
   * append to the same matter needs no query. A stale copy is harmless: another writer's append took
   * the sequence number this one would write next, so that write is refused and the chain is read again.
   */
  private readonly auditChains = new Map<string, RecordOf<"audit">[]>();

  /**
   * Appends an audit event to its matter's hash chain: one conditional write of entry n+1 after reading
   * entry n, retried when another writer took n+1. With a `ref` the append is idempotent: an entry with
   * the same action and ref among the matter's latest 100 is returned instead (a re-run after a crash
   * does not record the event twice). A removed last entry is caught by audit verify's index check.
   */
  async appendAudit(input: AuditInput): Promise<RecordOf<"audit">> {
    const pk = auditPk(input.committeeId, input.matter);
    // Appends to one chain from this process take turns. Concurrent answers to one vote would otherwise
    // all read entry n and race for n + 1; all but one are refused and read the chain again, so that 16
    // answers at a time cost about three refused writes and two chain reads each (measured: bench/ingest).
    // Other processes (Lambda containers) still race, and are refused and retried as before.
    const previous = this.appending.get(pk) ?? Promise.resolve();
    const append = previous.then(() => this.appendInTurn(pk, input));
    const turn = append.catch(() => undefined);
    this.appending.set(pk, turn);
    try {
      return await append;
    } finally {
      if (this.appending.get(pk) === turn) this.appending.delete(pk);
    }
  }

  private readonly appending = new Map<string, Promise<unknown>>();

  private async appendInTurn(pk: string, input: AuditInput): Promise<RecordOf<"audit">> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const recent = this.auditChains.get(pk) ?? (await this.list("audit", pk, "SEQ#", { newestFirst: true, limit: 100 }));
      const same = input.ref ? recent.find((e) => e.ref === input.ref && e.action === input.action) : undefined;
      if (same) {
        // A retry after a crash between the entry and its anchor: the chain's head is anchored (again).
        const head = recent[0];
        if (head) await this.auditSeal?.anchor({ committeeId: head.committeeId, matter: head.matter, seq: head.seq, hash: head.hash });
        return same;
      }
      const last = recent[0];
      const base = {
        committeeId: input.committeeId,
        matter: input.matter,
        seq: (last?.seq ?? 0) + 1,
        at: this.clock.now(),
        actor: input.actor,
        action: input.action,
        channel: input.channel,
        ...(input.ref ? { ref: input.ref } : {}),
        data: input.data,
        prevHash: last?.hash ?? GENESIS_HASH,
      };
      const hash = auditHash(base);
      const entry: RecordOf<"audit"> = { ...base, hash, ...(this.auditSeal ? this.auditSeal.seal(hash) : {}) };
      this.auditChains.delete(pk);
      if (await this.create("audit", entry)) {
        await this.auditSeal?.anchor({ committeeId: entry.committeeId, matter: entry.matter, seq: entry.seq, hash });
        if (this.auditChains.size >= 1000) this.auditChains.delete(this.auditChains.keys().next().value as string);
        this.auditChains.set(pk, [entry, ...recent].slice(0, 100));
        return entry;
      }
    }
    throw new ConflictError("audit", `${pk} (too much contention)`);
  }
}
