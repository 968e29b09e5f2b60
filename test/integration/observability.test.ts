/**
 * Issue 19, Build item 5: a Lambda entry as AWS invokes it (its exported handler, an event shaped as Step
 * Functions sends it, the table on DynamoDB Local) logs one JSON line per invocation with the committee,
 * the matter and the execution — never the task token, an address or a body — and counts a failure in EMF.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { METRIC_NAMES, METRIC_NAMESPACE, METRIC_SERVICE } from "#adapters/metrics";
import { sharedDynamoEndpoint } from "#local/dynamo-server";
import { uniqueTableName } from "#local/dynamodb-local";
import { ensureTable } from "#local/tables";

const table = uniqueTableName("klyngeflow-obs");
const lines: string[] = [];
const captured = () => lines.flatMap((l) => l.split("\n")).filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(async () => {
  const endpoint = sharedDynamoEndpoint() ?? "";
  await ensureTable(endpoint, table);
  Object.assign(process.env, {
    AWS_REGION: "eu-north-1", AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local", AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    TABLE_NAME: table, BLOB_BUCKET: "klyngeflow-blobs", MEETING_CYCLE_ARN: "arn:aws:states:eu-north-1:123456789012:stateMachine:klyngeflow-test-meeting-cycle",
    WRITTEN_VOTE_ARN: "arn:aws:states:eu-north-1:123456789012:stateMachine:klyngeflow-test-written-vote", SENDER_ADDRESS: "klyngeflow@sundhedsklynge-syd.example.org",
    SENDER_DOMAIN: "sundhedsklynge-syd.example.org", INBOUND_DOMAIN: "svar.sundhedsklynge-syd.example.org", PUBLIC_URL: "https://abc.execute-api.eu-north-1.amazonaws.com",
    LINK_KEYS: JSON.stringify({ current: "k1", k1: "k".repeat(48) }), POWERTOOLS_SERVICE_NAME: METRIC_SERVICE, POWERTOOLS_METRICS_NAMESPACE: METRIC_NAMESPACE,
  });
  // Powertools writes INFO and EMF to stdout, errors to stderr: both are the function's log.
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
  }
});
afterAll(() => { vi.restoreAllMocks(); });

const context = { awsRequestId: "req-1", functionName: "klyngeflow-test-LoadMeeting", functionVersion: "$LATEST", invokedFunctionArn: "arn:aws:lambda:eu-north-1:123456789012:function:x", memoryLimitInMB: "512", getRemainingTimeInMillis: () => 60_000 };

describe("Powertools in the Lambda entries (issue 19, Build item 5)", () => {
  it("a workflow task logs JSON with committee, matter and execution, and the Lambda context", async () => {
    const { handler } = await import("../../functions/load-meeting.ts");
    lines.length = 0;
    // No such meeting: the cycle stops (a real answer from the real table).
    expect(await handler({ committeeId: "sundhedsklynge-syd", meetingId: "2031-04-24", generation: 1, executionName: "m-sundhedsklynge-syd-2031-04-24-g1" }, context)).toEqual({ next: "stop" });
    const [entry] = captured().filter((e) => e.message === "done");
    expect(entry).toMatchObject({ level: "INFO", service: METRIC_SERVICE, handler: "load-meeting", committee: "sundhedsklynge-syd", matter: "meeting/2031-04-24", execution: "m-sundhedsklynge-syd-2031-04-24-g1", function_request_id: "req-1" });
  });

  it("a failing task is logged and counted as TaskFailed in EMF; its task token is in no log line", async () => {
    const { handler } = await import("../../functions/await-event.ts");
    lines.length = 0;
    const token = "AQCEAAAAKgAAAAMAAAAAAAAAAf-secret-task-token";
    await expect(handler({ committeeId: "sundhedsklynge-syd", awaiting: "not an event", taskToken: token, executionName: "v-x" }, context)).rejects.toThrow(/awaiting/);
    const entries = captured();
    expect(entries.find((e) => e.message === "failed")).toMatchObject({ level: "ERROR", handler: "await-event", committee: "sundhedsklynge-syd", execution: "v-x", error: { name: "TaskInputError" } });
    const emf = entries.find((e) => e._aws);
    expect(emf).toMatchObject({ [METRIC_NAMES.taskFailed]: 1, service: METRIC_SERVICE, _aws: { CloudWatchMetrics: [{ Namespace: METRIC_NAMESPACE, Dimensions: [["service"]], Metrics: [{ Name: METRIC_NAMES.taskFailed, Unit: "Count" }] }] } });
    expect(lines.join("")).not.toContain(token);
  });

  it("an error's message loses any address before it is logged", async () => {
    const { loggableError } = await import("#adapters/observability");
    expect(loggableError(new Error("Email address is not verified: borgmester@ishoj.example.org, <x.y@afdeling.example.net>")).message).toBe("Email address is not verified: <address>, <<address>>");
  });
});

describe("what the handler layer counts (issue 19, defect 7)", () => {
  it("a send the provider fails is counted as SendFailed and still thrown (so it is retried)", async () => {
    const { CountingMetrics, countingSendFailures } = await import("#adapters/metrics");
    const metrics = new CountingMetrics();
    const mailer = countingSendFailures({ send: async () => { throw new Error("Throttling: Maximum sending rate exceeded"); } }, metrics);
    await expect(mailer.send({ from: "a@b.example", to: ["c@d.example"], messageId: "<m@b.example>", raw: Buffer.from("x") })).rejects.toThrow(/Throttling/);
    expect(metrics.counts).toEqual({ [METRIC_NAMES.sendFailed]: 1 });
  });

  it("a reply that cannot be processed now is counted as ReplySetAside and thrown (Lambda retries it; the sweeper is the backstop)", async () => {
    const { CountingMetrics } = await import("#adapters/metrics");
    const { makeInboundMailHandler } = await import("../../functions/inbound-mail.ts");
    const { startTestRuntime } = await import("../support/runtime.ts");
    const t = await startTestRuntime({ start: "2027-03-26T10:00:00+01:00", plan: [] });
    try {
      const metrics = new CountingMetrics();
      // The blob store is down: the raw reply cannot be kept, so it must not be judged now.
      const deps = { ...t.deps, metrics, blobs: { ...t.deps.blobs, put: async () => { throw new Error("SlowDown"); } } };
      const event = { Records: [{ ses: { mail: { messageId: "abc123" }, receipt: { timestamp: "2027-03-26T09:00:00.000Z", recipients: ["svar+x@svar.sundhedsklynge-syd.example.org"] } } }] };
      const raw = Buffer.from("From: a@b.example\r\nTo: svar+x@svar.sundhedsklynge-syd.example.org\r\nSubject: Re\r\nMessage-ID: <r1@b.example>\r\n\r\nJA\r\n");
      await expect(makeInboundMailHandler(deps, { get: async () => raw })(event)).rejects.toThrow(/SlowDown/);
      expect(metrics.counts).toEqual({ [METRIC_NAMES.replySetAside]: 1 });
    } finally {
      await t.stop();
    }
  });
});
