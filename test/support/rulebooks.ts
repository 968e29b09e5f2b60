import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseRulebook, type Rulebook } from "#domain/rulebook";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(`${ROOT}${path}`, "utf8"));
}

/** The rulebook the seed documents describe (valid 2022-09-28 – 2025-12-31). */
export const rulebook2022: Rulebook = parseRulebook(readJson("rulebooks/sundhedsklynge-syd-2022.json"));
/** The renewed (assumed) rulebook for the 2026–2029 term. */
export const rulebook2026: Rulebook = parseRulebook(readJson("rulebooks/sundhedsklynge-syd-2026.json"));

/** A deep copy to change in one test without touching the shared rulebook. */
export function rulebookWith(change: (r: Rulebook) => void, base: Rulebook = rulebook2026): Rulebook {
  const copy = structuredClone(base);
  change(copy);
  return copy;
}
