/**
 * The local stack's DynamoDB API server: dynalite on loopback, persisted under a data folder (or in
 * memory), no Java, no Docker — `npm start`'s default, held to the same store contract as AWS's DynamoDB
 * Local (test/integration/store-contract.test.ts) — or a server already running that the environment names
 * (DynamoDB Local under the tests). The real AWS SDK talks to either over HTTP.
 */
import { createHash } from "node:crypto";
import { EventEmitter } from "node:events";
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import type { DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";

export interface LocalDynamo {
  endpoint: string;
  /**
   * SDK client settings that hand each request to the same server in this process instead of over a
   * loopback socket: the SDK still serializes the real DynamoDB JSON protocol and dynalite still parses
   * and executes it; only the TCP and HTTP framing (about a third of a local call's CPU) is skipped.
   * The term benchmark uses it, as the AWS store's cost is not loopback HTTP. Signing is replaced by a
   * fixed header: dynalite requires one and checks only its form.
   */
  inProcess?: InProcessTransport | undefined;
  stop(): Promise<void>;
}

type InProcessTransport = Pick<DynamoDBClientConfig, "requestHandler" | "signer">;

interface WireRequest { method: string; path: string; headers: Record<string, string>; body?: unknown }

function inProcessTransport(server: EventEmitter): InProcessTransport {
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

export async function startLocalDynamo(options: { dataDir?: string; port?: number } = {}): Promise<LocalDynamo & { inProcess: InProcessTransport }> {
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
    inProcess: inProcessTransport(server),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets of SDK clients would hold close() open.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

/**
 * A DynamoDB API server that is already running (DynamoDB Local under the tests, the rehearsal's), named by
 * `KLYNGEFLOW_DYNAMODB_ENDPOINT`; undefined when the local stack starts its own dynalite.
 */
export function sharedDynamoEndpoint(): string | undefined {
  return process.env.KLYNGEFLOW_DYNAMODB_ENDPOINT || undefined;
}

export interface LocalTables {
  dynamo: LocalDynamo;
  /** The application's records table (docs/store.md). */
  records: string;
  /** The local executor's executions (local/asl/execution-store.ts). */
  executions: string;
}

/**
 * The tables of one data folder. On its own dynalite (npm start's no-Java default, persisted under the
 * folder, or in memory) they have fixed names. On a shared server many runtimes meet (every test file's,
 * each with its own data folder), so the names carry the folder's hash: a runtime restarted on the same
 * folder finds its tables again, as it finds its dynalite files.
 */
export async function openLocalTables(dataDir: string, options: { memory?: boolean } = {}): Promise<LocalTables> {
  const shared = sharedDynamoEndpoint();
  if (shared) {
    const id = createHash("sha256").update(resolve(dataDir)).digest("hex").slice(0, 16);
    return { dynamo: { endpoint: shared, stop: async () => undefined }, records: `klyngeflow-${id}`, executions: `klyngeflow-executions-${id}` };
  }
  const dynamo = await startLocalDynamo(options.memory ? {} : { dataDir: resolve(dataDir, "dynamodb") });
  return { dynamo, records: "klyngeflow", executions: "klyngeflow-executions" };
}
