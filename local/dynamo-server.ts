/**
 * The local DynamoDB-compatible server: dynalite on loopback, persisted under a data folder (or in
 * memory for tests). No Java, no Docker. The real AWS SDK talks to it over HTTP.
 */
import { EventEmitter } from "node:events";
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceInUseException, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";
import { TABLE_KEYS } from "#adapters/table-definition";

export interface LocalDynamo {
  endpoint: string;
  port: number;
  /**
   * SDK client settings that hand each request to the same server in this process instead of over a
   * loopback socket: the SDK still serializes the real DynamoDB JSON protocol and dynalite still parses
   * and executes it; only the TCP and HTTP framing (about a third of a local call's CPU) is skipped.
   * The term benchmark uses it, as the AWS store's cost is not loopback HTTP. Signing is replaced by a
   * fixed header: dynalite requires one and checks only its form.
   */
  inProcess: Pick<DynamoDBClientConfig, "requestHandler" | "signer">;
  stop(): Promise<void>;
}

interface WireRequest { method: string; path: string; headers: Record<string, string>; body?: unknown }

function inProcessTransport(server: EventEmitter): LocalDynamo["inProcess"] {
  const handle = (request: WireRequest) =>
    new Promise((resolve) => {
      const req = Object.assign(new EventEmitter(), {
        method: request.method,
        url: request.path,
        headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v])),
      });
      const headers: Record<string, string> = {};
      const res = {
        statusCode: 200,
        contentType: "",
        setHeader: (k: string, v: unknown) => { headers[k.toLowerCase()] = String(v); },
        end: (body?: string) => resolve({ response: { statusCode: res.statusCode, headers, body: Buffer.from(body ?? "") } }),
      };
      server.emit("request", req, res);
      const body = request.body;
      // The SDK's body is a Uint8Array subclass whose string methods warn; take its bytes without them.
      req.emit("data", body instanceof Uint8Array ? Buffer.from(body.buffer, body.byteOffset, body.byteLength) : Buffer.from(typeof body === "string" ? body : ""));
      req.emit("end");
    });
  return {
    requestHandler: { handle, updateHttpClientConfig: () => undefined, httpHandlerConfigs: () => ({}) } as unknown as DynamoDBClientConfig["requestHandler"],
    signer: {
      sign: async (r: { headers: Record<string, string> }) => {
        r.headers.authorization = "AWS4-HMAC-SHA256 Credential=local/20260101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=0";
        r.headers["x-amz-date"] = "20260101T000000Z";
        return r;
      },
    } as unknown as DynamoDBClientConfig["signer"],
  };
}

export async function startLocalDynamo(options: { dataDir?: string; port?: number } = {}): Promise<LocalDynamo> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const server = dynalite({
    ...(options.dataDir ? { path: options.dataDir } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  // As the local Step Functions endpoint: idle keep-alive sockets are closed by the clients or by stop(),
  // never by the server in a race with a request the client is sending on them (ECONNRESET).
  (server as unknown as { keepAliveTimeout: number }).keepAliveTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    inProcess: inProcessTransport(server),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets of SDK clients would hold close() open.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

/** Creates the table with the same keys and index as the CDK stack, if it does not exist yet. */
export async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: "local", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    await waitUntilActive(client, tableName);
    client.destroy();
    return;
  } catch (e) {
    if ((e as { name?: string }).name !== "ResourceNotFoundException") throw e;
  }
  const { partitionKey: pk, sortKey: sk, gsi1, gsi2 } = TABLE_KEYS;
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [pk, sk, gsi1.partitionKey, gsi1.sortKey, gsi2.partitionKey, gsi2.sortKey].map((name) => ({ AttributeName: name, AttributeType: "S" })),
        KeySchema: [{ AttributeName: pk, KeyType: "HASH" }, { AttributeName: sk, KeyType: "RANGE" }],
        GlobalSecondaryIndexes: [gsi1, gsi2].map((g) => ({
          IndexName: g.name,
          KeySchema: [{ AttributeName: g.partitionKey, KeyType: "HASH" as const }, { AttributeName: g.sortKey, KeyType: "RANGE" as const }],
          Projection: { ProjectionType: "ALL" as const },
        })),
      }),
    );
  } catch (e) {
    if (!(e instanceof ResourceInUseException)) throw e;
  }
  try {
    await waitUntilActive(client, tableName);
  } finally {
    client.destroy();
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
