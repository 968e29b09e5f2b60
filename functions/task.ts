/**
 * The shape of every workflow task handler: validate the input with zod, call one use case, return its
 * result (DESIGN.md example 1). `make(deps)` is what the local executor calls; `handler` is the Lambda
 * entry, which builds its dependencies from the environment once per cold start and logs and counts each
 * invocation with Powertools (committee, matter, execution; a failure as TaskFailed).
 */
import type * as z from "zod/mini";
import { describeProblems, validate } from "#domain/validation";
import type { Deps } from "./deps.ts";

export class TaskInputError extends Error {
  constructor(task: string, problems: string[]) {
    super(`${task}: invalid input: ${problems.join("; ")}`);
    this.name = "TaskInputError";
  }
}

export interface Task {
  name: string;
  make(deps: Deps): (event: unknown) => Promise<unknown>;
  handler(event: unknown, context?: unknown): Promise<unknown>;
}

type Observability = typeof import("./adapters/observability.ts");
let aws: Promise<[Deps, Observability]> | undefined;

export function task<S extends z.ZodMiniType, R>(name: string, schema: S, run: (deps: Deps, input: z.infer<S>) => Promise<R>): Task {
  const make = (deps: Deps) => async (event: unknown) => {
    const parsed = validate(schema, event);
    if (!parsed.ok) throw new TaskInputError(name, describeProblems(parsed.problems));
    return run(deps, parsed.data);
  };
  return {
    name,
    make,
    // The AWS adapters and Powertools are imported at the first invocation, not at load (infra/bundle.ts).
    async handler(event: unknown, context?: unknown) {
      aws ??= Promise.all([import("./aws-deps.ts"), import("./adapters/observability.ts")]).then(async ([m, o]) => [await m.depsFromEnvironment(process.env, o.metrics), o]);
      const [deps, o] = await aws;
      return o.observed(name, o.taskLogKeys(event), context, () => make(deps)(event), "TaskFailed");
    },
  };
}
