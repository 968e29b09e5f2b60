/**
 * The metrics the code emits and the alarms watch (infra/constructs/alarms.ts), named in one place, and the
 * small port a use case counts through (`deps.metrics`). In a Lambda it is Powertools' EMF metrics
 * (functions/adapters/observability.ts); locally and in tests it counts in memory.
 */
import type { Mailer } from "./mailer.ts";

/** The CloudWatch namespace and the `service` dimension every metric carries (Powertools' default dimension). */
export const METRIC_NAMESPACE = "klyngeflow";
export const METRIC_SERVICE = "klyngeflow";

export const METRIC_NAMES = {
  /** A deadline of the rules of procedure passed without its action (R-3.3 agenda, R-3.5 minutes). */
  deadlineMissed: "DeadlineMissed",
  /** The mail provider refused or failed a send. */
  sendFailed: "SendFailed",
  /** An inbound reply could not be processed now: kept raw, retried, and swept later. */
  replySetAside: "ReplySetAside",
  /** A workflow task threw (Step Functions retries it; the execution's failure has its own alarm). */
  taskFailed: "TaskFailed",
} as const;
export type MetricName = (typeof METRIC_NAMES)[keyof typeof METRIC_NAMES];

export interface Metrics {
  count(name: MetricName, value?: number): void;
}

export const noMetrics: Metrics = { count: () => undefined };

/** In memory: the local runtime's and the tests' metrics. */
export class CountingMetrics implements Metrics {
  readonly counts: Partial<Record<MetricName, number>> = {};
  count(name: MetricName, value = 1): void {
    this.counts[name] = (this.counts[name] ?? 0) + value;
  }
}

/** A mailer whose failed sends are counted as SendFailed (and still thrown, so they are retried). */
export function countingSendFailures(mailer: Mailer, metrics: Metrics): Mailer {
  return {
    send: async (mail) => {
      try {
        return await mailer.send(mail);
      } catch (e) {
        metrics.count(METRIC_NAMES.sendFailed);
        throw e;
      }
    },
    ...(mailer.accepted ? { accepted: (messageId: string) => mailer.accepted?.(messageId) ?? Promise.resolve(false) } : {}),
  };
}
