/**
 * The local stand-in for what AWS runs apart from the request that stored an answer (SES's receipt-rule
 * Lambda; for links, the answer's page): answers already stored are judged here one at a time, in order of
 * arrival — so two answers from one member are judged in the order they came — while the servers go on
 * accepting. A judging that fails is tried again; one that keeps failing is left stored and unjudged for
 * the sweeper (local/stack.ts runs it at start).
 */
export interface JudgingQueueOptions {
  /** A judging that failed every attempt; its answer stays stored, unjudged. */
  onGiveUp?: (label: string, error: Error) => void;
  /** Pause before each further attempt (default 0.2 s, 1 s, 5 s). */
  retryDelaysMs?: number[];
}

/**
 * While answers keep arriving (one in the last QUIET_MS), judging waits — at most MAX_DEFER_MS after the
 * oldest waiting answer came. In AWS a judging never shares a processor with SES's 250 or a link's 303;
 * here it does, and in a burst at a deadline taking every answer in comes first.
 */
const QUIET_MS = 10;
const MAX_DEFER_MS = 1_000;

export class JudgingQueue {
  private readonly waiting: { label: string; judge: () => Promise<void>; at: number }[] = [];
  private lastPush = 0;
  private running: Promise<void> | undefined;
  private stopping = false;

  constructor(private readonly options: JudgingQueueOptions = {}) {}

  push(label: string, judge: () => Promise<void>): void {
    this.lastPush = performance.now();
    this.waiting.push({ label, judge, at: this.lastPush });
    this.running ??= this.drain();
  }

  /** Resolves when everything pushed so far has been judged (or given up on). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Judges what is waiting, without further retries, and stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.idle();
  }

  private async drain(): Promise<void> {
    for (let next = this.waiting.shift(); next; next = this.waiting.shift()) {
      for (let now = performance.now(); !this.stopping && now - this.lastPush < QUIET_MS && now - next.at < MAX_DEFER_MS; now = performance.now()) {
        await new Promise((r) => setTimeout(r, QUIET_MS));
      }
      await this.attempt(next.label, next.judge);
    }
    this.running = undefined;
  }

  private async attempt(label: string, judge: () => Promise<void>): Promise<void> {
    const delays = this.options.retryDelaysMs ?? [200, 1000, 5000];
    for (let attempt = 0; ; attempt++) {
      try {
        await judge();
        return;
      } catch (e) {
        const delay = delays[attempt];
        if (delay === undefined || this.stopping) {
          this.options.onGiveUp?.(label, e as Error);
          return;
        }
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }
}
