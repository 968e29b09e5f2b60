/**
 * The shape of every workflow task handler: validate the input with zod, call one use case, return its
 * result (DESIGN.md example 1). `make(deps)` is what the local executor calls; `handler` is the Lambda
 * entry, which builds its dependencies from the environment once per cold start.
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
  handler(event: unknown): Promise<unknown>;
}

let awsDeps: Promise<Deps> | undefined;

export function task<S extends z.ZodMiniType, R>(name: string, schema: S, run: (deps: Deps, input: z.infer<S>) => Promise<R>): Task {
  const make = (deps: Deps) => async (event: unknown) => {
    const parsed = validate(schema, event);
    if (!parsed.ok) throw new TaskInputError(name, describeProblems(parsed.problems));
    return run(deps, parsed.data);
  };
  return {
    name,
    make,
    async handler(event: unknown) {
      awsDeps ??= import("./aws-deps.ts").then((m) => m.depsFromEnvironment());
      return make(await awsDeps)(event);
    },
  };
}
