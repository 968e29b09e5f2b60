/**
 * A Step Functions API endpoint on loopback around the local executor, speaking the awsJson1_0 protocol
 * (X-Amz-Target: AWSStepFunctions.<Operation>). The real SFNClient works against it unchanged, so the
 * workflow adapter is the same code in AWS and locally; only the endpoint differs.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ExecutionRecord } from "./asl/execution-store.ts";
import type { LocalExecutor } from "./asl/executor.ts";
import type { Json } from "./asl/jsonpath.ts";

export interface SfnEndpoint {
  endpoint: string;
  stop(): Promise<void>;
}

const seconds = (iso: string | undefined) => (iso ? Date.parse(iso) / 1000 : undefined);

function describe(r: ExecutionRecord): Record<string, unknown> {
  return {
    executionArn: r.executionArn,
    stateMachineArn: r.stateMachineArn,
    name: r.name,
    status: r.status,
    startDate: seconds(r.startDate),
    ...(r.stopDate ? { stopDate: seconds(r.stopDate) } : {}),
    input: JSON.stringify(r.input),
    ...(r.output !== undefined ? { output: JSON.stringify(r.output) } : {}),
    ...(r.error ? { error: r.error, cause: r.cause ?? "" } : {}),
  };
}

function parseJson(text: string | undefined, field: string): Json {
  try {
    return JSON.parse(text ?? "{}") as Json;
  } catch {
    throw Object.assign(new Error(`${field} is not valid JSON`), { name: "InvalidOutput" });
  }
}

export async function startSfnEndpoint(executor: LocalExecutor, port = 0): Promise<SfnEndpoint> {
  const operations: Record<string, (body: Record<string, string>) => Promise<unknown>> = {
    StartExecution: async (b) => {
      const r = await executor.start(b.stateMachineArn ?? "", b.name ?? crypto.randomUUID(), parseJson(b.input, "input"));
      return { executionArn: r.executionArn, startDate: seconds(r.startDate) };
    },
    DescribeExecution: async (b) => describe(await executor.describe(b.executionArn ?? "")),
    StopExecution: async (b) => {
      await executor.stop(b.executionArn ?? "", b.error, b.cause);
      return { stopDate: Date.now() / 1000 };
    },
    SendTaskSuccess: async (b) => {
      executor.sendTaskSuccess(b.taskToken ?? "", parseJson(b.output, "output"));
      return {};
    },
    SendTaskFailure: async (b) => {
      executor.sendTaskFailure(b.taskToken ?? "", b.error, b.cause);
      return {};
    },
    ListExecutions: async (b) => ({
      executions: (await executor.list())
        .filter((r) => !b.stateMachineArn || r.stateMachineArn === b.stateMachineArn)
        .filter((r) => !b.statusFilter || r.status === b.statusFilter)
        .map((r) => ({ executionArn: r.executionArn, stateMachineArn: r.stateMachineArn, name: r.name, status: r.status, startDate: seconds(r.startDate) })),
    }),
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"] ?? "");
      const op = operations[target.replace(/^AWSStepFunctions\./, "")];
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/x-amz-json-1.0" });
        res.end(JSON.stringify(body));
      };
      if (!op) return reply(400, { __type: "UnknownOperationException", message: `${target} is not supported locally` });
      let body: Record<string, string>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
      } catch {
        return reply(400, { __type: "SerializationException", message: "body is not JSON" });
      }
      op(body).then(
        (out) => reply(200, out),
        (e: Error) => reply(400, { __type: e.name || "InvalidArn", message: e.message }),
      );
    });
  });
  // Never close an idle keep-alive socket from this side: a request the client sends on it just as the
  // server closes it fails with ECONNRESET (seen with 50 committees in one process). stop() closes them all.
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const addr = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${addr.port}`,
    stop: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
