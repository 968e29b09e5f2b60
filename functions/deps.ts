/** What every use case needs from the world, passed in (DESIGN.md example 10: dependencies through factories). */
import type { Blobs } from "#adapters/blobs";
import type { Clock } from "#adapters/clock";
import type { KeyRing } from "#adapters/link-keys";
import type { Mailer } from "#adapters/mailer";
import type { Metrics } from "#adapters/metrics";
import type { Store } from "#adapters/store";
import type { Workflows } from "#adapters/workflows";

export interface Settings {
  /** The address our mail comes from, e.g. sundhedsklynge@sundhedsklynge-syd.example.org. */
  senderAddress: string;
  /** Right-hand side of our Message-IDs. */
  senderDomain: string;
  /** The domain replies go to (svar+TOKEN@inboundDomain). */
  inboundDomain: string;
  /** Base URL of member pages and the console, e.g. http://127.0.0.1:3000. */
  publicUrl: string;
}

export interface Deps {
  store: Store;
  clock: Clock;
  mailer: Mailer;
  blobs: Blobs;
  workflows: Workflows;
  keys: KeyRing;
  settings: Settings;
  /**
   * What the alarms watch (adapters/metrics.ts: DeadlineMissed, SendFailed, ReplySetAside): a use case
   * counts through it, e.g. `deps.metrics?.count(METRIC_NAMES.deadlineMissed)` when it sends a missed-deadline
   * alert. EMF in a Lambda, in memory locally; absent counts nothing.
   */
  metrics?: Metrics | undefined;
}
