/**
 * Powertools for AWS Lambda in every handler (issue 19, Build item 5): one JSON Logger whose entries carry
 * the committee, the matter and the execution — never an address, a token or a body — and EMF Metrics,
 * flushed after every invocation. Imported with the AWS adapters at a handler's first invocation, not at
 * load (infra/bundle.ts splits chunks), so that a cold start does not read it.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics as EmfMetrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { METRIC_NAMESPACE, METRIC_SERVICE, type MetricName, type Metrics } from "./metrics.ts";

export const logger = new Logger({ serviceName: METRIC_SERVICE });
const emf = new EmfMetrics({ namespace: METRIC_NAMESPACE, serviceName: METRIC_SERVICE });
let counted = false;

/** The Metrics port over Powertools: each count is one EMF value, published when the invocation ends. */
export const metrics: Metrics & { flush(): void } = {
  count(name: MetricName, value = 1) {
    emf.addMetric(name, MetricUnit.Count, value);
    counted = true;
  },
  flush() {
    // Publishing an empty buffer only logs a warning: publish when something was counted.
    if (counted) emf.publishStoredMetrics();
    counted = false;
  },
};

/** What a log entry may say about an invocation: ids only, each a short string. */
export interface LogKeys {
  committee?: string | undefined;
  matter?: string | undefined;
  execution?: string | undefined;
}

const short = (v: unknown) => (typeof v === "string" && v ? v.slice(0, 200) : undefined);

/** The keys of a workflow task's payload (never its task token): committee, matter, execution. */
export function taskLogKeys(event: unknown): LogKeys {
  const e = (event && typeof event === "object" ? event : {}) as Record<string, unknown>;
  const matter = short(e.meetingId) ? `meeting/${short(e.meetingId)}` : short(e.voteId) ? `vote/${short(e.voteId)}` : short(String(e.awaiting ?? "").split("#")[0]);
  return { committee: short(e.committeeId), matter, execution: short(e.executionName) };
}

/** An error for the log: its name and message with any address cut out (a provider's message may name one). */
export function loggableError(e: unknown): { name: string; message: string } {
  const err = e instanceof Error ? e : new Error(String(e));
  return { name: err.name, message: err.message.replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, "<address>").slice(0, 1000) };
}

/**
 * One invocation, observed: the Lambda context and the keys on every entry, the failure logged (and
 * counted, when `failure` names a metric), the metrics published at the end.
 */
export async function observed<T>(
  handler: string,
  keys: LogKeys,
  context: unknown,
  run: () => Promise<T>,
  failure?: MetricName,
  extra: Record<string, string> = {},
): Promise<T> {
  logger.resetKeys();
  if (context && typeof context === "object" && "awsRequestId" in context) logger.addContext(context as Parameters<Logger["addContext"]>[0]);
  logger.appendKeys({ handler, ...extra, ...Object.fromEntries(Object.entries(keys).filter(([, v]) => v !== undefined)) });
  const started = Date.now();
  try {
    const out = await run();
    logger.info("done", { ms: Date.now() - started });
    return out;
  } catch (e) {
    if (failure) metrics.count(failure);
    logger.error("failed", { ms: Date.now() - started, error: loggableError(e) });
    throw e;
  } finally {
    metrics.flush();
  }
}
