/**
 * Fault injection: a test mode that kills "the process" right after a side effect — a store
 * write (a conditional claim, a record, a state change), a sent email, a stored blob — so the harness can
 * restart the runtime and re-drive everything from what was persisted.
 */
import type { Deps } from "#functions/deps";

export class ProcessCrash extends Error {
  override name = "ProcessCrash";
}

export interface InjectedCrash {
  effect: number;
  after: string;
  at: string;
}

export class FaultInjector {
  /** Side effects seen so far, over all restarts. */
  effects = 0;
  readonly crashes: InjectedCrash[] = [];
  /** Set from the crash until the harness restarts: a dead process does nothing more. */
  dead = false;

  constructor(private readonly crashAfter: (effect: number) => boolean) {}

  before(): void {
    if (this.dead) throw new ProcessCrash("the process is dead");
  }

  after(kind: string, now: string): void {
    this.effects += 1;
    if (this.crashAfter(this.effects)) {
      this.dead = true;
      this.crashes.push({ effect: this.effects, after: kind, at: now });
      throw new ProcessCrash(`crashed after ${kind} (effect ${this.effects})`);
    }
  }

  revive(): void {
    this.dead = false;
  }

  /** Wraps the adapters of one runtime: store writes, mail sends and blob writes. */
  instrument(deps: Deps): void {
    const wrap = <T extends object, K extends keyof T>(target: T, method: K, kind: (args: unknown[]) => string) => {
      const original = (target[method] as unknown as (...a: unknown[]) => Promise<unknown>).bind(target);
      (target as Record<K, unknown>)[method] = async (...args: unknown[]) => {
        this.before();
        const result = await original(...args);
        // A conditional write that was refused changed nothing: not a side effect to crash after.
        if (result !== false) this.after(kind(args), deps.clock.now());
        return result;
      };
    };
    wrap(deps.store, "create", (a) => `store.create(${String(a[0])})`);
    wrap(deps.store, "put", (a) => `store.put(${String(a[0])})`);
    wrap(deps.store, "replace", (a) => `store.replace(${String(a[0])})`);
    wrap(deps.mailer, "send", () => "mailer.send");
    wrap(deps.blobs, "put", () => "blobs.put");
  }
}
