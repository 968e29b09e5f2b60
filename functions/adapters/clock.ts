/** The only place that reads the system clock (DESIGN.md principle 7). */
import { readFileSync } from "node:fs";
import { instantAt, preciseInstantAt, type Instant } from "#domain/calendar";

export interface Clock {
  now(): Instant;
  /**
   * When an answer arrives: to the millisecond, and in this process strictly later than the arrival before
   * it, so that "the latest answer counts" and "after the close" follow the order of arrival (two answers in
   * one millisecond are one millisecond apart). A clock without it (a virtual one) answers `now()`.
   */
  arrival?(): Instant;
}

let lastArrival = 0;

/**
 * Where an answer comes in the order of arrival: strictly increasing in this process (microseconds of the
 * real clock, or one more than the last), so two answers at the same instant — the same second of virtual
 * time, the same millisecond of real time — are still ordered as they arrived. Across processes it follows
 * the real clocks.
 */
export function arrivalSequence(): number {
  lastArrival = Math.max(lastArrival + 1, Date.now() * 1000);
  return lastArrival;
}

/** The arrival instant of a clock (its own, or its `now()`). */
export const arrivalOf = (clock: Clock): Instant => clock.arrival?.() ?? clock.now();

export function systemClock(timeZone = "Europe/Copenhagen"): Clock {
  let last = 0;
  return {
    now: () => instantAt(Date.now(), timeZone),
    arrival: () => {
      last = Math.max(Date.now(), last + 1);
      return preciseInstantAt(last, timeZone);
    },
  };
}

/**
 * The clock a Lambda (or the admin CLI) uses: the system clock, unless KLYNGEFLOW_CLOCK_FILE names a file
 * holding the current instant. That is how the rehearsal (rehearsal/) runs the deployed bundles, each in
 * its own process, on the executor's virtual time: the one seam is the one place that reads time, so no
 * handler has a rehearsal-only path, and the SDK's request signing and the runtime's timers keep real time
 * (patching Date in the process would move them too). The stack never sets the variable (test/rehearsal).
 */
export function clockFromEnvironment(env: NodeJS.ProcessEnv = process.env, timeZone = "Europe/Copenhagen"): Clock {
  const file = env.KLYNGEFLOW_CLOCK_FILE;
  if (!file) return systemClock(timeZone);
  return {
    now: () => {
      const ms = Date.parse(readFileSync(file, "utf8").trim());
      if (Number.isNaN(ms)) throw new Error(`KLYNGEFLOW_CLOCK_FILE ${file} holds no instant`);
      return instantAt(ms, timeZone);
    },
  };
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
