/** Reads rulebooks and meeting plans from files (the shipped ones under rulebooks/, or a path given). */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as z from "zod/mini";
import { InvalidInputError } from "#domain/errors";
import type { PlannedMeeting } from "#domain/plan";
import { parseRulebook, type Rulebook } from "#domain/rulebook";
import { describeProblems, validate } from "#domain/validation";

export const RULEBOOK_DIR = fileURLToPath(new URL("../../rulebooks/", import.meta.url));

function readJsonFile(path: string, field: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new InvalidInputError(field, `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { problem: { code: "unreadable-file", value: path } });
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InvalidInputError(field, `${path} is not valid JSON: ${(e as Error).message}`, { problem: { code: "not-json", value: path } });
  }
}

export function loadRulebookFile(path: string): Rulebook {
  return parseRulebook(readJsonFile(path, "rulebook"));
}

/** The rulebooks shipped with klyngeflow (files named <committee>-<year>.json), oldest validity first. */
export function shippedRulebooks(): Rulebook[] {
  return readdirSync(RULEBOOK_DIR)
    .filter((f) => /^[a-z0-9-]+-\d{4}\.json$/.test(f) && !f.includes("-plan-"))
    .map((f) => loadRulebookFile(`${RULEBOOK_DIR}${f}`))
    .sort((a, b) => a.validity.from.localeCompare(b.validity.from));
}

/** The shipped rulebook in force on a date, else the newest one. */
export function shippedRulebookFor(date: string): { rulebook: Rulebook; inForce: boolean } {
  const all = shippedRulebooks();
  const inForce = all.find((r) => r.validity.from <= date && date <= r.validity.to);
  const rulebook = inForce ?? all.at(-1);
  if (!rulebook) throw new InvalidInputError("rulebook", `no rulebook found in ${RULEBOOK_DIR}`);
  return { rulebook, inForce: Boolean(inForce) };
}

export const meetingPlanSchema = z.object({
  committeeId: z.string(),
  term: z.object({ from: z.string(), to: z.string() }),
  note: z.optional(z.string()),
  meetings: z.array(
    z.object({
      id: z.string().check(z.minLength(1)),
      startsAt: z.string(),
      kind: z.optional(z.enum(["ordinary", "extraordinary"])),
      location: z.optional(z.string()),
    }),
  ),
});
export type MeetingPlan = z.infer<typeof meetingPlanSchema>;

export function loadMeetingPlan(path: string): MeetingPlan & { meetings: PlannedMeeting[] } {
  const result = validate(meetingPlanSchema, readJsonFile(path, "plan"));
  if (!result.ok) throw new InvalidInputError("plan", `${path}: ${describeProblems(result.problems).join("; ")}`);
  return result.data;
}
