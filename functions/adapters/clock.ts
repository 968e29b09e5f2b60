/** The only place that reads the system clock (DESIGN.md principle 7). */
import { readFileSync } from "node:fs";
import { instantAt, type Instant } from "#domain/calendar";

export interface Clock {
  now(): Instant;
}

export function systemClock(timeZone = "Europe/Copenhagen"): Clock {
  return { now: () => instantAt(Date.now(), timeZone) };
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
