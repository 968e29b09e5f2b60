/**
 * A loopback server for AWS's two wire protocols the stand-ins speak: JSON ("awsJson1_x": the operation in
 * X-Amz-Target, a JSON body, errors as {__type, message}) and Query (form-encoded Action=…&…, XML answers,
 * errors as <ErrorResponse>). The real SDK clients talk to them unchanged, pointed there by the SDK's
 * service-specific endpoint variables (AWS_ENDPOINT_URL_<SERVICE>).
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A refusal as AWS answers it: its code (the SDK's exception name) and message. */
export class AwsError extends Error {
  constructor(readonly code: string, message: string, readonly status = 400) {
    super(message);
    this.name = code;
  }
}

export interface Listening {
  endpoint: string;
  stop(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function listen(handle: (req: IncomingMessage, body: Buffer, res: ServerResponse) => Promise<void>): Promise<Listening> {
  const server: Server = createServer((req, res) => {
    body(req).then((b) => handle(req, b, res)).catch((e: Error) => {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(e.stack ?? e));
    });
  });
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

export type JsonOperations = Record<string, (input: Record<string, unknown>) => Promise<unknown> | unknown>;

/** awsJson1_1 (Secrets Manager): `X-Amz-Target: <prefix>.<Operation>`. */
export function jsonService(prefix: string, operations: JsonOperations): Promise<Listening> {
  return listen(async (req, raw, res) => {
    const reply = (status: number, doc: unknown) => {
      res.writeHead(status, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": randomUUID() });
      res.end(JSON.stringify(doc));
    };
    const target = String(req.headers["x-amz-target"] ?? "");
    const op = operations[target.startsWith(`${prefix}.`) ? target.slice(prefix.length + 1) : ""];
    if (!op) return reply(400, { __type: "UnknownOperationException", message: `${target} is not served by the rehearsal` });
    try {
      reply(200, await op(JSON.parse(raw.toString("utf8") || "{}") as Record<string, unknown>));
    } catch (e) {
      if (e instanceof AwsError) return reply(e.status, { __type: e.code, message: e.message });
      throw e;
    }
  });
}

const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Writes a Query-protocol result: objects become elements, arrays become <member> lists. */
export function toXml(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.map((v) => `<member>${toXml(v)}</member>`).join("");
  if (typeof value === "object") return Object.entries(value as Record<string, unknown>).map(([k, v]) => `<${k}>${toXml(v)}</${k}>`).join("");
  return escapeXml(String(value));
}

export type QueryOperations = Record<string, (params: URLSearchParams) => Promise<unknown> | unknown>;

/** The Query protocol (SES v1, CloudFormation): `Action=<Operation>&…`, answered with XML. */
export function queryService(xmlns: string, operations: QueryOperations): Promise<Listening> {
  return listen(async (_req, raw, res) => {
    const params = new URLSearchParams(raw.toString("utf8"));
    const action = params.get("Action") ?? "";
    const requestId = randomUUID();
    const xml = (status: number, doc: string) => {
      res.writeHead(status, { "content-type": "text/xml", "x-amzn-requestid": requestId });
      res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${doc}`);
    };
    const error = (e: AwsError) =>
      xml(e.status, `<ErrorResponse xmlns="${xmlns}"><Error><Type>Sender</Type><Code>${escapeXml(e.code)}</Code><Message>${escapeXml(e.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`);
    const op = operations[action];
    if (!op) return error(new AwsError("InvalidAction", `${action} is not served by the rehearsal`));
    try {
      const result = await op(params);
      xml(200, `<${action}Response xmlns="${xmlns}"><${action}Result>${toXml(result)}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`);
    } catch (e) {
      if (e instanceof AwsError) return error(e);
      throw e;
    }
  });
}
