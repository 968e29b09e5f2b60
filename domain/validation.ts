/**
 * One way to turn a zod failure into messages that name the field and say what was expected:
 * English for logs and the API, Danish for people (DESIGN.md principle 6).
 */
import * as z from "zod/mini";
// The two locales by path: `z.locales` would pull all of zod's forty-odd locales into every Lambda bundle.
import da from "zod/v4/locales/da.js";
import en from "zod/v4/locales/en.js";

z.config(en());
const danish = da();

export type Language = "en" | "da";

/** "seats[3].member.email" from ["seats", 3, "member", "email"]. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || "(root)";
}

export interface Problem {
  field: string;
  message: string;
}

/** Parses a value, returning either the data or the problems found, each naming its field. */
export function validate<T extends z.ZodMiniType>(
  schema: T,
  value: unknown,
  language: Language = "en",
): { ok: true; data: z.infer<T> } | { ok: false; problems: Problem[] } {
  const result = language === "da" ? schema.safeParse(value, { error: danish.localeError }) : schema.safeParse(value);
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    problems: result.error.issues.flatMap((issue) =>
      // An unknown field is named itself, so the caller sees which one to remove.
      issue.code === "unrecognized_keys"
        ? issue.keys.map((key) => ({ field: fieldPath([...issue.path, key]), message: language === "da" ? "ukendt felt" : "unknown field" }))
        : [{ field: fieldPath(issue.path), message: issue.message }],
    ),
  };
}

export function describeProblems(problems: readonly Problem[]): string[] {
  return problems.map((p) => `${p.field}: ${p.message}`);
}
