/**
 * The local Step Functions executor: runs the same ASL JSON we deploy, each Task resolved to the same
 * handler module the Lambda uses. Executions persist at every blocking state (Wait, callback Task) and are
 * re-driven from there after a restart; the tasks since then run again, which is safe because every task
 * is idempotent. Callback tokens follow AWS semantics: issued per task attempt, resumed by
 * SendTaskSuccess/Failure, ended by the task's timeout (States.Timeout).
 */
import { randomBytes } from "node:crypto";
import { DateTime } from "luxon";
import {
  applyInputPath, applyOutputPath, applyResultPath, CALLBACK_RESOURCE, checkSupported, chooseNext, matches,
  resolveTemplate, retryDelay, waitUntil, type Definition, type State,
} from "./definition.ts";
import { StatesError } from "./errors.ts";
import type { ExecutionRecord, ExecutionStore } from "./execution-store.ts";
import { readPath, type Json } from "./jsonpath.ts";
import type { Timekeeper, Timer } from "./time.ts";
import { VirtualTime } from "./time.ts";

export type TaskHandler = (payload: Json) => Promise<Json>;

export const LOCAL_ACCOUNT = "arn:aws:states:local:000000000000";

export class ExecutionAlreadyExists extends Error {
  override name = "ExecutionAlreadyExists";
}
export class ExecutionDoesNotExist extends Error {
  override name = "ExecutionDoesNotExist";
}
export class StateMachineDoesNotExist extends Error {
  override name = "StateMachineDoesNotExist";
}
export class TaskDoesNotExist extends Error {
  override name = "TaskDoesNotExist";
}

interface TokenWaiter {
  executionArn: string;
  settle(outcome: { ok: true; output: Json } | { ok: false; error: string; cause: string }): void;
}

interface Running {
  record: ExecutionRecord;
  aborters: Set<() => void>;
  aborted: boolean;
  done: Promise<void>;
}

export interface ExecutorStats {
  executionsStarted: number;
  stateTransitions: number;
  taskInvocations: number;
}

export interface ExecutorOptions {
  time: Timekeeper;
  store: ExecutionStore;
  /** Resolves the `${Name}` placeholders of Resource/FunctionName to the handler modules. */
  handlers: Record<string, TaskHandler>;
  /** Called for unexpected failures, so a failed execution is never silent. */
  onExecutionFailed?: (record: ExecutionRecord) => void;
  /**
   * "arn:aws:states:<region>:<account>" of the ARNs it issues (default LOCAL_ACCOUNT): the rehearsal runs
   * it under the stack's region and account, so ARNs that functions format from the template's state
   * machine ARNs (an execution to stop or describe) are the ones it knows.
   */
  arnPrefix?: string;
}

function toStatesError(e: unknown): StatesError {
  if (e instanceof StatesError) return e;
  if (e instanceof Error) return new StatesError(e.name || "Error", e.message);
  return new StatesError("Error", String(e));
}

function placeholderName(resource: string): string {
  const m = /^\$\{([A-Za-z0-9_]+)\}$/.exec(resource);
  if (m?.[1]) return m[1];
  const arn = /:function:([A-Za-z0-9_-]+)(:.*)?$/.exec(resource);
  if (arn?.[1]) return arn[1];
  return resource;
}

export class LocalExecutor {
  readonly stats: ExecutorStats = { executionsStarted: 0, stateTransitions: 0, taskInvocations: 0 };
  private readonly machines = new Map<string, Definition>();
  private readonly running = new Map<string, Running>();
  private readonly tokens = new Map<string, TokenWaiter>();
  private busy = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: ExecutorOptions) {}

  get time(): Timekeeper {
    return this.options.time;
  }

  stateMachineArn(name: string): string {
    return `${this.options.arnPrefix ?? LOCAL_ACCOUNT}:stateMachine:${name}`;
  }

  /** Registers a definition; refuses what the interpreter does not support, and unknown task handlers. */
  register(name: string, definition: Definition): string {
    checkSupported(definition, name);
    for (const [stateName, s] of Object.entries(definition.States)) {
      if (s.Type !== "Task") continue;
      const fn = s.Resource === CALLBACK_RESOURCE || s.Resource === "arn:aws:states:::lambda:invoke"
        ? String((s.Parameters as Record<string, Json> | undefined)?.FunctionName ?? "")
        : String(s.Resource);
      if (!this.options.handlers[placeholderName(fn)]) throw new StateMachineDoesNotExist(`${name}.${stateName}: no local handler for ${fn}`);
    }
    this.machines.set(name, definition);
    return this.stateMachineArn(name);
  }

  private machineName(arn: string): string {
    const name = arn.split(":stateMachine:")[1] ?? arn;
    if (!this.machines.has(name)) throw new StateMachineDoesNotExist(`state machine ${arn} does not exist`);
    return name;
  }

  private enter(): void {
    this.busy += 1;
  }

  private leave(): void {
    this.busy -= 1;
    if (this.busy === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      setImmediate(() => waiters.forEach((w) => w()));
    }
  }

  /** Resolves once no execution is running a state (all are waiting or done). */
  async idle(): Promise<void> {
    for (;;) {
      if (this.busy === 0) {
        await new Promise((r) => setImmediate(r));
        if (this.busy === 0) return;
      }
      await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    }
  }

  /**
   * Virtual time only: lets executions run, jumping the clock from timer to timer, until `untilMs`
   * (or until nothing is scheduled before it). `check` runs whenever all executions are blocked, before
   * the clock moves (a test harness throws from it to stop time, e.g. when a simulated process died).
   */
  async runUntil(untilMs: number, check?: (nowMs: number) => void | Promise<void>): Promise<number> {
    const time = this.options.time;
    if (!(time instanceof VirtualTime)) throw new Error("runUntil needs virtual time");
    let fired = 0;
    for (;;) {
      await this.idle();
      await check?.(time.nowMs());
      const next = time.nextAt();
      if (next === undefined || next > untilMs) {
        time.advanceTo(untilMs);
        await this.idle();
        await check?.(time.nowMs());
        return fired;
      }
      fired += time.advanceTo(next);
    }
  }

  async start(stateMachineArn: string, name: string, input: Json): Promise<ExecutionRecord> {
    const machine = this.machineName(stateMachineArn);
    const executionArn = `${this.options.arnPrefix ?? LOCAL_ACCOUNT}:execution:${machine}:${name}`;
    const existing = this.running.get(executionArn)?.record ?? (await this.options.store.get(executionArn));
    if (existing) {
      // Same name and same input while running is the same execution (as in AWS); anything else is refused.
      if (existing.status === "RUNNING" && JSON.stringify(existing.input) === JSON.stringify(input)) return existing;
      throw new ExecutionAlreadyExists(`execution ${name} already exists (${existing.status})`);
    }
    const record: ExecutionRecord = {
      executionArn,
      stateMachineArn: this.stateMachineArn(machine),
      stateMachineName: machine,
      name,
      input,
      status: "RUNNING",
      startDate: this.iso(this.options.time.nowMs()),
      resumeAt: { state: (this.machines.get(machine) as Definition).StartAt, input },
      transitions: 0,
    };
    await this.options.store.put(record);
    this.stats.executionsStarted += 1;
    this.launch(record);
    return record;
  }

  /** After a restart: drives every RUNNING execution again from its last blocking state. */
  async resumeAll(): Promise<number> {
    const records = await this.options.store.running();
    for (const r of records) if (!this.running.has(r.executionArn) && this.machines.has(r.stateMachineName)) this.launch(r);
    return records.length;
  }

  async describe(executionArn: string): Promise<ExecutionRecord> {
    const r = this.running.get(executionArn)?.record ?? (await this.options.store.get(executionArn));
    if (!r) throw new ExecutionDoesNotExist(`execution ${executionArn} does not exist`);
    return structuredClone(r);
  }

  async list(): Promise<ExecutionRecord[]> {
    return this.options.store.all();
  }

  async stop(executionArn: string, error = "Aborted", cause = "stopped"): Promise<void> {
    const run = this.running.get(executionArn);
    if (!run) {
      const r = await this.options.store.get(executionArn);
      if (!r) throw new ExecutionDoesNotExist(`execution ${executionArn} does not exist`);
      return;
    }
    run.aborted = true;
    Object.assign(run.record, { error, cause });
    for (const abort of run.aborters) abort();
    await run.done;
  }

  sendTaskSuccess(token: string, output: Json): void {
    const waiter = this.tokens.get(token);
    if (!waiter) throw new TaskDoesNotExist("task token is not (or no longer) waiting");
    waiter.settle({ ok: true, output });
  }

  sendTaskFailure(token: string, error = "TaskFailed", cause = ""): void {
    const waiter = this.tokens.get(token);
    if (!waiter) throw new TaskDoesNotExist("task token is not (or no longer) waiting");
    waiter.settle({ ok: false, error, cause });
  }

  /** Waits for every running execution to stop and forgets them (used when the process shuts down). */
  async shutdown(): Promise<void> {
    for (const run of this.running.values()) {
      run.aborted = true;
      (run as { shuttingDown?: boolean }).shuttingDown = true;
      for (const abort of run.aborters) abort();
    }
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  private iso(ms: number): string {
    return DateTime.fromMillis(ms, { zone: "utc" }).toISO({ suppressMilliseconds: true }) ?? "";
  }

  private launch(record: ExecutionRecord): void {
    const run: Running = { record, aborters: new Set(), aborted: false, done: Promise.resolve() };
    this.running.set(record.executionArn, run);
    this.enter();
    run.done = this.drive(run).finally(() => {
      this.running.delete(record.executionArn);
      this.leave();
    });
  }

  /** Blocks the execution until `wake` settles it, without counting it as busy meanwhile. */
  private block<T>(run: Running, register: (wake: (value: T) => void) => Timer | (() => void)): Promise<T | "aborted"> {
    this.leave();
    return new Promise<T | "aborted">((resolve) => {
      let settled = false;
      const finish = (value: T | "aborted") => {
        if (settled) return;
        settled = true;
        this.enter();
        run.aborters.delete(onAbort);
        cancel();
        resolve(value);
      };
      const handle = register((v) => finish(v));
      const cancel = typeof handle === "function" ? handle : () => handle.cancel();
      const onAbort = () => finish("aborted");
      run.aborters.add(onAbort);
      if (run.aborted) finish("aborted");
    });
  }

  private sleepUntil(run: Running, atMs: number): Promise<"woken" | "aborted"> {
    if (atMs <= this.options.time.nowMs()) return Promise.resolve(run.aborted ? "aborted" : "woken");
    return this.block<"woken">(run, (wake) => this.options.time.schedule(atMs, () => wake("woken")));
  }

  /** When Step Functions would end this execution: a year (365 days) after it started. */
  private yearEnd(run: Running): number {
    return Date.parse(run.record.startDate) + 365 * 86_400_000;
  }

  private async persist(run: Running): Promise<void> {
    await this.options.store.put(run.record);
  }

  private async finish(run: Running, status: ExecutionRecord["status"], fields: Partial<ExecutionRecord>): Promise<void> {
    if ((run as { shuttingDown?: boolean }).shuttingDown) return; // stays RUNNING in the store: re-driven on the next start
    Object.assign(run.record, { status, stopDate: this.iso(this.options.time.nowMs()), ...fields });
    delete run.record.resumeAt;
    await this.persist(run);
    if (status === "FAILED") this.options.onExecutionFailed?.(run.record);
  }

  private context(run: Running, stateName: string, token?: string): Json {
    return {
      Execution: { Id: run.record.executionArn, Name: run.record.name, Input: run.record.input, StartTime: run.record.startDate },
      StateMachine: { Id: run.record.stateMachineArn, Name: run.record.stateMachineName },
      State: { Name: stateName, EnteredTime: this.iso(this.options.time.nowMs()) },
      ...(token ? { Task: { Token: token } } : {}),
    };
  }

  private async drive(run: Running): Promise<void> {
    const def = this.machines.get(run.record.stateMachineName) as Definition;
    let name = run.record.resumeAt?.state ?? def.StartAt;
    let input: Json = run.record.resumeAt?.input ?? run.record.input;
    try {
      for (;;) {
        if (run.aborted) return await this.finish(run, "ABORTED", {});
        // Standard executions last at most a year: Step Functions ends a longer one as TIMED_OUT.
        if (this.options.time.nowMs() >= this.yearEnd(run)) return await this.finish(run, "TIMED_OUT", { error: "States.Timeout", cause: "the execution ran for a year, the limit of a Standard workflow" });
        const state = def.States[name];
        if (!state) throw new StatesError("States.Runtime", `state ${name} does not exist`);
        run.record.transitions += 1;
        this.stats.stateTransitions += 1;
        const ctx = this.context(run, name);
        let output: Json;
        let next = state.End ? undefined : state.Next;
        switch (state.Type) {
          case "Pass": {
            const eff = applyInputPath(state, input, ctx);
            const result = state.Result !== undefined ? state.Result : state.Parameters !== undefined ? resolveTemplate(state.Parameters, eff, ctx) : eff;
            output = applyOutputPath(state, applyResultPath(state.ResultPath, input, result), ctx);
            break;
          }
          case "Choice": {
            const eff = applyInputPath(state, input, ctx);
            next = chooseNext(state, eff, ctx);
            output = applyOutputPath(state, eff, ctx);
            break;
          }
          case "Wait": {
            const eff = applyInputPath(state, input, ctx);
            // A wait past the year's end is cut there, where AWS would end the execution.
            const until = Math.min(waitUntil(state, eff, ctx, this.options.time.nowMs()), this.yearEnd(run));
            if (until > this.options.time.nowMs()) {
              run.record.resumeAt = { state: name, input, waitingUntil: this.iso(until) };
              await this.persist(run);
              if ((await this.sleepUntil(run, until)) === "aborted") continue;
            }
            output = applyOutputPath(state, eff, ctx);
            break;
          }
          case "Task": {
            const r = await this.runTask(run, name, state, input);
            if (r === "aborted") continue;
            output = r.output;
            if (r.next) next = r.next;
            break;
          }
          case "Succeed":
            return await this.finish(run, "SUCCEEDED", { output: applyOutputPath(state, applyInputPath(state, input, ctx), ctx) });
          case "Fail":
            return await this.finish(run, "FAILED", { error: state.Error ?? "States.Fail", cause: state.Cause ?? "" });
          default:
            throw new StatesError("States.Runtime", `state type ${state.Type} is not supported locally`);
        }
        // A Catch's Next wins over End; otherwise End (or no Next) ends the execution.
        if (!next) return await this.finish(run, "SUCCEEDED", { output });
        name = next;
        input = output;
      }
    } catch (e) {
      // A simulated process death (fault injection): nothing more is recorded; a restart re-drives it.
      if ((e as Error).name === "ProcessCrash") return;
      const err = toStatesError(e);
      await this.finish(run, "FAILED", { error: err.error, cause: err.cause });
    }
  }

  private handlerFor(fn: string): TaskHandler {
    const handler = this.options.handlers[placeholderName(fn)];
    if (!handler) throw new StatesError("States.Runtime", `no local handler for ${fn}`);
    return handler;
  }

  private async runTask(run: Running, name: string, state: State, rawInput: Json): Promise<{ output: Json; next?: string } | "aborted"> {
    const attempts = new Map<object, number>();
    for (;;) {
      const callback = state.Resource === CALLBACK_RESOURCE;
      const token = callback ? randomBytes(32).toString("base64url") : undefined;
      const ctx = this.context(run, name, token);
      try {
        const eff = applyInputPath(state, rawInput, ctx);
        const params = state.Parameters !== undefined ? resolveTemplate(state.Parameters, eff, ctx) : eff;
        let result: Json;
        this.stats.taskInvocations += 1;
        if (callback && token) {
          const p = params as Record<string, Json>;
          const timeoutSeconds = state.TimeoutSeconds ?? (state.TimeoutSecondsPath ? Number(readPath(state.TimeoutSecondsPath, eff, ctx)) : undefined);
          if (timeoutSeconds === undefined) throw new StatesError("States.Runtime", `${name}: a callback task needs TimeoutSeconds or TimeoutSecondsPath`);
          // Resuming the same callback after a restart keeps its original deadline: in Step Functions the
          // timer starts when the state is entered, and a restart of this emulator must not move it.
          const resumed = run.record.resumeAt;
          const sameWait = resumed?.callback && resumed.state === name && resumed.waitingUntil && JSON.stringify(resumed.input) === JSON.stringify(rawInput);
          const timeoutAt = sameWait ? Date.parse(resumed.waitingUntil ?? "") : this.options.time.nowMs() + Math.max(0, timeoutSeconds) * 1000;
          run.record.resumeAt = { state: name, input: rawInput, waitingUntil: this.iso(timeoutAt), callback: true };
          await this.persist(run);
          let outcome: { ok: true; output: Json } | { ok: false; error: string; cause: string } | undefined;
          let wakeEarly: ((v: "settled") => void) | undefined;
          this.tokens.set(token, {
            executionArn: run.record.executionArn,
            settle: (o) => {
              if (outcome) return;
              outcome = o;
              wakeEarly?.("settled");
            },
          });
          try {
            await this.handlerFor(String(p.FunctionName))(p.Payload ?? {});
            if (!outcome) {
              const woke = await this.block<"settled" | "timeout">(run, (wake) => {
                wakeEarly = wake;
                return this.options.time.schedule(Math.min(timeoutAt, this.yearEnd(run)), () => wake("timeout"));
              });
              if (woke === "aborted") return "aborted";
            }
          } finally {
            this.tokens.delete(token);
          }
          if (!outcome) throw new StatesError("States.Timeout", `${name} timed out waiting for its task token`);
          if (!outcome.ok) throw new StatesError(outcome.error, outcome.cause);
          result = outcome.output;
        } else if (state.Resource === "arn:aws:states:::lambda:invoke") {
          const p = params as Record<string, Json>;
          result = { Payload: await this.handlerFor(String(p.FunctionName))(p.Payload ?? {}), StatusCode: 200 };
        } else {
          result = await this.handlerFor(String(state.Resource))(params);
        }
        const selected = state.ResultSelector !== undefined ? resolveTemplate(state.ResultSelector, result, ctx) : result;
        return { output: applyOutputPath(state, applyResultPath(state.ResultPath, rawInput, selected), ctx) };
      } catch (e) {
        if (run.aborted) return "aborted";
        if ((e as Error).name === "ProcessCrash") throw e;
        const err = toStatesError(e);
        const retrier = state.Retry?.find((r) => matches(r.ErrorEquals, err.error));
        if (retrier) {
          const n = (attempts.get(retrier) ?? 0) + 1;
          attempts.set(retrier, n);
          const delay = retryDelay(retrier, n);
          if (delay !== undefined) {
            if ((await this.sleepUntil(run, this.options.time.nowMs() + delay)) === "aborted") return "aborted";
            continue;
          }
        }
        const catcher = state.Catch?.find((c) => matches(c.ErrorEquals, err.error));
        if (catcher) return { next: catcher.Next, output: applyResultPath(catcher.ResultPath, rawInput, { Error: err.error, Cause: err.cause }) };
        throw err;
      }
    }
  }
}
