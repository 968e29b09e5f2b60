import { describe, expect, it } from "vitest";
import type { Definition } from "#local/asl/definition";
import { DynamoExecutionStore, MemoryExecutionStore } from "#local/asl/execution-store";
import { ExecutionAlreadyExists, LocalExecutor, type TaskHandler } from "#local/asl/executor";
import type { Json } from "#local/asl/jsonpath";
import { VirtualTime } from "#local/asl/time";
import { sharedDynamoEndpoint } from "#local/dynamo-server";
import { uniqueTableName } from "#local/dynamodb-local";

function executor(handlers: Record<string, TaskHandler>, start = "2027-03-01T09:00:00+01:00", store = new MemoryExecutionStore()) {
  const time = new VirtualTime(start);
  return { time, store, ex: new LocalExecutor({ time, store, handlers }) };
}

const dataFlow: Definition = {
  StartAt: "Prepare",
  States: {
    Prepare: { Type: "Pass", Parameters: { "who.$": "$.seat", greeting: "hej", "label.$": "States.Format('{}-{}', $.seat, $.n)" }, ResultPath: "$.prepared", Next: "Call" },
    Call: { Type: "Task", Resource: "${Echo}", Parameters: { "seat.$": "$.prepared.who", "n.$": "$.n" }, ResultSelector: { "doubled.$": "$.doubled" }, ResultPath: "$.call", Next: "Route" },
    Route: { Type: "Choice", Choices: [{ Variable: "$.call.doubled", NumericGreaterThan: 10, Next: "Big" }], Default: "Small" },
    Big: { Type: "Pass", Result: "big", ResultPath: "$.size", End: true },
    Small: { Type: "Pass", Result: "small", ResultPath: "$.size", OutputPath: "$.size", End: true },
  },
};
const echo: TaskHandler = async (p) => ({ doubled: Number((p as { n: number }).n) * 2, seat: (p as { seat: string }).seat });

describe("Local executor: data flow as Step Functions does it", () => {
  it("Parameters with .$ paths and intrinsics, ResultSelector, ResultPath, Choice, OutputPath", async () => {
    const { ex } = executor({ Echo: echo });
    const arn = ex.register("flow", dataFlow);
    const big = await ex.start(arn, "big", { seat: "ishoj", n: 7 });
    const small = await ex.start(arn, "small", { seat: "dragor", n: 2 });
    await ex.idle();
    expect((await ex.describe(big.executionArn)).output).toEqual({
      seat: "ishoj", n: 7, prepared: { who: "ishoj", greeting: "hej", label: "ishoj-7" }, call: { doubled: 14 }, size: "big",
    });
    expect((await ex.describe(small.executionArn)).output).toBe("small");
  });

  it("gives the same results as aws-local-stepfunctions on the states both implement (differential test)", async () => {
    (Promise as unknown as { withResolvers?: unknown }).withResolvers ??= function withResolvers<T>() {
      let resolve!: (v: T) => void; let reject!: (e: unknown) => void;
      const promise = new Promise<T>((a, b) => { resolve = a; reject = b; });
      return { promise, resolve, reject };
    };
    const { StateMachine } = await import("aws-local-stepfunctions");
    const retryCatch: Definition = {
      StartAt: "Flaky",
      States: {
        Flaky: {
          Type: "Task", Resource: "arn:aws:lambda:eu-north-1:123456789012:function:Flaky", ResultPath: "$.flaky",
          Retry: [{ ErrorEquals: ["ConflictError"], IntervalSeconds: 0, MaxAttempts: 2 }],
          Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.failure", Next: "Recovered" }], Next: "Done",
        },
        Recovered: { Type: "Pass", Parameters: { "error.$": "$.failure.Error", "input.$": "$.n" }, End: true },
        Done: { Type: "Succeed" },
      },
    };
    for (const [def, inputs, handlerName] of [[dataFlow, [{ seat: "a", n: 1 }, { seat: "b", n: 9 }], "Echo"], [retryCatch, [{ n: 1 }, { n: 3 }, { n: 5 }], "Flaky"]] as const) {
      for (const input of inputs) {
        let calls = 0;
        const handler: TaskHandler = async (p) => {
          if (handlerName === "Echo") return echo(p);
          calls += 1;
          const failuresWanted = Number((p as { n: number }).n);
          if (calls <= failuresWanted) { const e = new Error("lost a race"); e.name = failuresWanted >= 5 ? "StoreError" : "ConflictError"; throw e; }
          return { calls };
        };
        const ours = executor({ [handlerName]: handler });
        const arn = ours.ex.register("m", def as Definition);
        const rec = await ours.ex.start(arn, "x", input as Json);
        await ours.ex.idle();
        const ourOutput = (await ours.ex.describe(rec.executionArn)).output;
        calls = 0;
        const stateNames = Object.entries((def as Definition).States).filter(([, s]) => s.Type === "Task").map(([n]) => n);
        // The library validates Resource as an ARN: give it the function ARN the placeholder stands for.
        const asArns = JSON.parse(JSON.stringify(def).replace(/\$\{(\w+)\}/g, "arn:aws:lambda:eu-north-1:123456789012:function:$1"));
        const theirs = new StateMachine(asArns, { validationOptions: { checkArn: false } });
        const { result } = theirs.run(input as never, {
          overrides: {
            taskResourceLocalHandlers: Object.fromEntries(stateNames.map((n) => [n, handler])) as never,
            retryIntervalOverrides: Object.fromEntries(stateNames.map((n) => [n, 0])),
          },
        });
        expect(ourOutput).toEqual(await result);
      }
    }
  });
});

describe("Local executor: waits on a virtual clock", () => {
  it("a Wait on a UTC timestamp jumps the clock there, and the task sees the new time", async () => {
    let seenAt = "";
    const { ex, time } = executor({ Stamp: async () => { seenAt = time.clock.now(); return {}; } });
    const arn = ex.register("wait", {
      StartAt: "Sleep",
      States: { Sleep: { Type: "Wait", TimestampPath: "$.until", Next: "Stamp" }, Stamp: { Type: "Task", Resource: "${Stamp}", End: true } },
    });
    const rec = await ex.start(arn, "w", { until: "2027-04-12T21:59:59Z" });
    await ex.runUntil(Date.parse("2027-03-20T00:00:00Z"));
    expect((await ex.describe(rec.executionArn)).status).toBe("RUNNING");
    await ex.runUntil(Date.parse("2027-12-31T00:00:00Z"));
    expect(seenAt).toBe("2027-04-12T23:59:59+02:00");
    expect((await ex.describe(rec.executionArn)).status).toBe("SUCCEEDED");
  });

  it("refuses a Wait timestamp with an offset, as AWS does (UTC with Z only)", async () => {
    const { ex } = executor({});
    const arn = ex.register("bad-wait", { StartAt: "S", States: { S: { Type: "Wait", TimestampPath: "$.until", End: true } } });
    const rec = await ex.start(arn, "w", { until: "2027-04-12T23:59:59+02:00" });
    await ex.idle();
    expect(await ex.describe(rec.executionArn)).toMatchObject({ status: "FAILED", error: "States.Runtime" });
  });
});

const callbackMachine: Definition = {
  StartAt: "Await",
  States: {
    Await: {
      Type: "Task", Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken",
      Parameters: { FunctionName: "${Register}", Payload: { "token.$": "$$.Task.Token", "matter.$": "$.matter" } },
      TimeoutSecondsPath: "$.timeoutSeconds", ResultPath: "$.answer",
      Catch: [{ ErrorEquals: ["States.Timeout"], ResultPath: null, Next: "TimedOut" }], End: true,
    },
    TimedOut: { Type: "Pass", Result: "timed out", End: true },
  },
};

describe("Local executor: the callback pattern", () => {
  it("the handler receives a token; SendTaskSuccess resumes the execution with its output", async () => {
    const tokens: string[] = [];
    const { ex } = executor({ Register: async (p) => { tokens.push(String((p as { token: string }).token)); return {}; } });
    const arn = ex.register("cb", callbackMachine);
    const rec = await ex.start(arn, "c", { matter: "agenda", timeoutSeconds: 86_400 });
    await ex.idle();
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    ex.sendTaskSuccess(tokens[0]!, { released: true });
    await ex.idle();
    expect(await ex.describe(rec.executionArn)).toMatchObject({ status: "SUCCEEDED", output: { matter: "agenda", timeoutSeconds: 86_400, answer: { released: true } } });
    expect(() => ex.sendTaskSuccess(tokens[0]!, {})).toThrow(/no longer/);
  });

  it("the timeout ends the wait with States.Timeout, caught by the definition", async () => {
    const { ex } = executor({ Register: async () => ({}) });
    const arn = ex.register("cb", callbackMachine);
    const rec = await ex.start(arn, "c", { matter: "agenda", timeoutSeconds: 3600 });
    await ex.runUntil(Date.parse("2027-03-01T10:00:00+01:00"));
    expect(await ex.describe(rec.executionArn)).toMatchObject({ status: "SUCCEEDED", output: "timed out" });
  });

  it("a handler that finds the awaited event already happened may complete its own token at once", async () => {
    let ex!: LocalExecutor;
    ({ ex } = executor({ Register: async (p) => { ex.sendTaskSuccess(String((p as { token: string }).token), { already: true }); return {}; } }));
    const rec = await ex.start(ex.register("cb", callbackMachine), "c", { matter: "m", timeoutSeconds: 60 });
    await ex.idle();
    expect((await ex.describe(rec.executionArn)).output).toMatchObject({ answer: { already: true } });
  });

  it("SendTaskFailure fails the task with the given error", async () => {
    const tokens: string[] = [];
    const { ex } = executor({ Register: async (p) => { tokens.push(String((p as { token: string }).token)); return {}; } });
    const rec = await ex.start(ex.register("cb", callbackMachine), "c", { matter: "m", timeoutSeconds: 60 });
    await ex.idle();
    ex.sendTaskFailure(tokens[0]!, "MinutesWithdrawn", "the secretariat withdrew the minutes");
    await ex.idle();
    expect(await ex.describe(rec.executionArn)).toMatchObject({ status: "FAILED", error: "MinutesWithdrawn" });
  });
});

describe("Local executor: executions as AWS names them", () => {
  it("starting the same name with the same input is the same execution; other input is refused", async () => {
    const { ex } = executor({});
    const arn = ex.register("w", { StartAt: "S", States: { S: { Type: "Wait", Seconds: 60, End: true } } });
    const a = await ex.start(arn, "meeting-2027-04-22-g1", { m: 1 });
    const b = await ex.start(arn, "meeting-2027-04-22-g1", { m: 1 });
    expect(b.executionArn).toBe(a.executionArn);
    expect(ex.stats.executionsStarted).toBe(1);
    await expect(ex.start(arn, "meeting-2027-04-22-g1", { m: 2 })).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it("StopExecution aborts a waiting execution", async () => {
    const { ex } = executor({});
    const arn = ex.register("w", { StartAt: "S", States: { S: { Type: "Wait", Seconds: 3600, End: true } } });
    const rec = await ex.start(arn, "x", {});
    await ex.idle();
    await ex.stop(rec.executionArn);
    expect((await ex.describe(rec.executionArn)).status).toBe("ABORTED");
  });

  it("refuses at load what the local interpreter does not implement: Map, JSONata, Assign, unknown handlers", () => {
    const { ex } = executor({ Known: async () => ({}) });
    expect(() => ex.register("m", { StartAt: "M", States: { M: { Type: "Map", End: true } } })).toThrow(/state type Map/);
    expect(() => ex.register("j", { QueryLanguage: "JSONata", StartAt: "P", States: { P: { Type: "Pass", End: true } } })).toThrow(/JSONata/);
    expect(() => ex.register("a", { StartAt: "P", States: { P: { Type: "Pass", Assign: { x: 1 }, End: true } } })).toThrow(/Assign/);
    expect(() => ex.register("u", { StartAt: "T", States: { T: { Type: "Task", Resource: "${Unknown}", End: true } } })).toThrow(/no local handler/);
  });
});

describe("Local executor: a restart re-drives executions from their last wait", () => {
  // On the run's DynamoDB Local, as the runtime keeps its executions there under the tests.
  const endpoint = sharedDynamoEndpoint() ?? "";
  const table = uniqueTableName("exec-restart");

  it("an execution waiting when the process stops continues after the restart, without re-running finished tasks", async () => {
    const calls: string[] = [];
    const handlers = { Step: async (p: Json) => { calls.push(String((p as { step: string }).step)); return {}; } };
    const def: Definition = {
      StartAt: "First",
      States: {
        First: { Type: "Task", Resource: "${Step}", Parameters: { step: "first" }, ResultPath: null, Next: "Sleep" },
        Sleep: { Type: "Wait", TimestampPath: "$.until", Next: "Second" },
        Second: { Type: "Task", Resource: "${Step}", Parameters: { step: "second" }, ResultPath: null, End: true },
      },
    };
    const store1 = await DynamoExecutionStore.open(endpoint, table);
    const one = executor(handlers, "2027-03-01T09:00:00+01:00", store1 as never);
    const rec = await one.ex.start(one.ex.register("m", def), "x", { until: "2027-03-10T08:00:00Z" });
    await one.ex.idle();
    await one.ex.shutdown();
    store1.close();
    expect(calls).toEqual(["first"]);

    const store2 = await DynamoExecutionStore.open(endpoint, table);
    const two = executor(handlers, "2027-03-05T09:00:00+01:00", store2 as never);
    two.ex.register("m", def);
    expect(await two.ex.resumeAll()).toBe(1);
    await two.ex.runUntil(Date.parse("2027-03-11T00:00:00Z"));
    expect(calls).toEqual(["first", "second"]);
    expect((await two.ex.describe(rec.executionArn)).status).toBe("SUCCEEDED");
    store2.close();
  });
});
