/**
 * The JSONPath subset Step Functions reference paths use: `$`, `$.a.b`, `$['a b']`, `$.a[0]`, and `$$.…`
 * for the context object. Enough for our definitions; anything else is refused at load time.
 */
import { StatesError } from "./errors.ts";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

type Segment = string | number;

const cache = new Map<string, Segment[]>();

export function parsePath(path: string): { context: boolean; segments: Segment[] } {
  const context = path.startsWith("$$");
  const body = context ? path.slice(2) : path.slice(1);
  if (!path.startsWith("$")) throw new StatesError("States.Runtime", `"${path}" is not a JSONPath starting with $`);
  let segments = cache.get(body);
  if (!segments) {
    segments = [];
    const re = /\.([A-Za-z_][\w-]*)|\['([^']*)'\]|\[(\d+)\]/y;
    let i = 0;
    while (i < body.length) {
      re.lastIndex = i;
      const m = re.exec(body);
      if (!m) throw new StatesError("States.Runtime", `unsupported JSONPath "${path}" at "${body.slice(i)}"`);
      segments.push(m[1] ?? m[2] ?? Number(m[3]));
      i = re.lastIndex;
    }
    cache.set(body, segments);
  }
  return { context, segments };
}

export function isValidPath(path: string): boolean {
  try {
    parsePath(path);
    return true;
  } catch {
    return false;
  }
}

/** Reads a path; a missing field is States.Runtime, as in Step Functions. */
export function readPath(path: string, input: Json, context: Json): Json {
  const { context: fromContext, segments } = parsePath(path);
  let cur: Json | undefined = fromContext ? context : input;
  for (const seg of segments) {
    if (cur === null || typeof cur !== "object") cur = undefined;
    else cur = Array.isArray(cur) ? (typeof seg === "number" ? cur[seg] : undefined) : (cur as Record<string, Json>)[String(seg)];
    if (cur === undefined) throw new StatesError("States.Runtime", `the JSONPath "${path}" could not be found in the input`);
  }
  return cur as Json;
}

/** Whether a path exists (for IsPresent). */
export function hasPath(path: string, input: Json, context: Json): boolean {
  try {
    readPath(path, input, context);
    return true;
  } catch {
    return false;
  }
}

/** Writes `value` at a ResultPath inside a copy of `input`, creating objects on the way. */
export function writePath(path: string, input: Json, value: Json): Json {
  const { segments } = parsePath(path);
  if (segments.length === 0) return value;
  const root: Json = input !== null && typeof input === "object" && !Array.isArray(input) ? structuredClone(input) : {};
  let cur = root as Record<string, Json>;
  segments.forEach((seg, i) => {
    const key = String(seg);
    if (i === segments.length - 1) {
      cur[key] = value;
      return;
    }
    const next = cur[key];
    if (next === null || typeof next !== "object" || Array.isArray(next)) cur[key] = {};
    cur = cur[key] as Record<string, Json>;
  });
  return root;
}
