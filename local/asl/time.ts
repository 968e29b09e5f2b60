/**
 * Time for the local executor: real (timers on the wall clock) or virtual (a clock that jumps from one
 * timer to the next when every execution is blocked, so months pass in seconds).
 */
import { ManualClock, type Clock } from "#adapters/clock";
import { instantAt } from "#domain/calendar";

export interface Timer {
  cancel(): void;
}

export interface Timekeeper {
  readonly clock: Clock;
  readonly virtual: boolean;
  nowMs(): number;
  schedule(atMs: number, fire: () => void): Timer;
}

const MAX_TIMEOUT = 2 ** 31 - 1;

export class RealTime implements Timekeeper {
  readonly virtual = false;
  constructor(readonly clock: Clock) {}
  nowMs(): number {
    return Date.parse(this.clock.now());
  }
  schedule(atMs: number, fire: () => void): Timer {
    let handle: NodeJS.Timeout | undefined;
    let cancelled = false;
    const arm = () => {
      const delay = atMs - Date.now();
      if (delay <= 0) return void setImmediate(() => !cancelled && fire());
      handle = setTimeout(arm, Math.min(delay, MAX_TIMEOUT));
    };
    arm();
    return { cancel: () => { cancelled = true; if (handle) clearTimeout(handle); } };
  }
}

interface Pending {
  atMs: number;
  seq: number;
  fire: () => void;
  cancelled: boolean;
}

export class VirtualTime implements Timekeeper {
  readonly virtual = true;
  readonly clock: ManualClock;
  private pending: Pending[] = [];
  private seq = 0;
  private current: number;

  constructor(start: string, private readonly timeZone = "Europe/Copenhagen") {
    this.current = Date.parse(start);
    this.clock = new ManualClock(this.instant(this.current));
  }

  private instant(ms: number): string {
    return instantAt(ms, this.timeZone);
  }

  nowMs(): number {
    return this.current;
  }

  schedule(atMs: number, fire: () => void): Timer {
    const entry: Pending = { atMs, seq: this.seq++, fire, cancelled: false };
    this.pending.push(entry);
    return { cancel: () => { entry.cancelled = true; } };
  }

  /** The earliest pending timer, if any. */
  nextAt(): number | undefined {
    this.pending = this.pending.filter((p) => !p.cancelled);
    return this.pending.reduce<number | undefined>((min, p) => (min === undefined || p.atMs < min ? p.atMs : min), undefined);
  }

  /** Moves the clock to `ms` (never backwards) and fires every timer due by then, in time order. */
  advanceTo(ms: number): number {
    const target = Math.max(ms, this.current);
    const due = this.pending.filter((p) => !p.cancelled && p.atMs <= target).sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
    const firstAt = due[0]?.atMs;
    // Fire only the earliest batch; later ones wait until executions woken now have run.
    const batch = firstAt === undefined ? [] : due.filter((p) => p.atMs === firstAt);
    this.current = firstAt ?? target;
    this.clock.set(this.instant(this.current));
    for (const p of batch) {
      p.cancelled = true;
      p.fire();
    }
    return batch.length;
  }
}
