/** The only place that reads the system clock (DESIGN.md principle 7). */
import { instantAt, type Instant } from "#domain/calendar";

export interface Clock {
  now(): Instant;
}

export function systemClock(timeZone = "Europe/Copenhagen"): Clock {
  return { now: () => instantAt(Date.now(), timeZone) };
}

/** A clock that only moves when told to: tests, the demo and the virtual-time executor. */
export class ManualClock implements Clock {
  constructor(private current: Instant) {}
  now(): Instant {
    return this.current;
  }
  set(to: Instant): void {
    this.current = to;
  }
}
