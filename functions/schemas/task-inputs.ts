/** Inputs of the workflow tasks, as the state machines pass them. */
import * as z from "zod/mini";

const id = z.string().check(z.minLength(1), z.maxLength(200));

export const voteTaskInput = z.object({ committeeId: id, voteId: id });
export const meetingTaskInput = z.object({
  committeeId: id,
  meetingId: id,
  generation: z.number().check(z.int(), z.gte(1)),
  segment: z.optional(z.number().check(z.int(), z.gte(1))),
  /** When this execution started ($$.Execution.StartTime): a step that would wait past its year continues in a new one. */
  executionStartedAt: z.optional(z.string().check(z.minLength(10))),
});
export const awaitEventInput = z.object({
  committeeId: id,
  awaiting: z.string().check(z.regex(/^(vote|meeting)\/[^#]+#[a-z-]+$/, "expected <vote|meeting>/<id>#<event>")),
  taskToken: z.string().check(z.minLength(1)),
  executionName: z.optional(z.string()),
});
