/** The intrinsic functions our definitions use (States.Format, States.StringToJson, …), evaluated like Step Functions does. */
import { StatesError } from "./errors.ts";
import { readPath, type Json } from "./jsonpath.ts";

type Arg = { kind: "literal"; value: Json } | { kind: "path"; path: string } | { kind: "call"; name: string; args: Arg[] };

function parseCall(text: string): Arg {
  let i = 0;
  const s = text.trim();
  const skip = () => { while (s[i] === " ") i++; };
  const parseArg = (): Arg => {
    skip();
    if (s[i] === "'") {
      let out = "";
      i++;
      while (i < s.length && s[i] !== "'") {
        if (s[i] === "\\" && i + 1 < s.length) { out += s[i + 1]; i += 2; } else { out += s[i]; i++; }
      }
      i++;
      return { kind: "literal", value: out };
    }
    if (s[i] === "$") {
      const start = i;
      while (i < s.length && s[i] !== "," && s[i] !== ")") i++;
      return { kind: "path", path: s.slice(start, i).trim() };
    }
    if (s.startsWith("States.", i)) {
      const open = s.indexOf("(", i);
      const name = s.slice(i, open);
      i = open + 1;
      const args: Arg[] = [];
      skip();
      while (s[i] !== ")") {
        args.push(parseArg());
        skip();
        if (s[i] === ",") i++;
        else if (s[i] !== ")") throw new StatesError("States.Runtime", `cannot parse intrinsic "${text}"`);
      }
      i++;
      return { kind: "call", name, args };
    }
    const start = i;
    while (i < s.length && s[i] !== "," && s[i] !== ")") i++;
    const raw = s.slice(start, i).trim();
    if (raw === "null") return { kind: "literal", value: null };
    if (raw === "true" || raw === "false") return { kind: "literal", value: raw === "true" };
    const n = Number(raw);
    if (raw === "" || Number.isNaN(n)) throw new StatesError("States.Runtime", `cannot parse intrinsic argument "${raw}" in "${text}"`);
    return { kind: "literal", value: n };
  };
  const call = parseArg();
  if (call.kind !== "call") throw new StatesError("States.Runtime", `"${text}" is not an intrinsic function call`);
  return call;
}

const FUNCTIONS: Record<string, (args: Json[]) => Json> = {
  "States.Format": ([template, ...values]) => {
    let k = 0;
    return String(template).replace(/\{\}/g, () => {
      const v = values[k++];
      return typeof v === "string" ? v : JSON.stringify(v);
    });
  },
  "States.StringToJson": ([s]) => JSON.parse(String(s)) as Json,
  "States.JsonToString": ([v]) => JSON.stringify(v),
  "States.Array": (values) => values,
  "States.MathAdd": ([a, b]) => Number(a) + Number(b),
  "States.ArrayLength": ([a]) => (Array.isArray(a) ? a.length : 0),
  "States.ArrayGetItem": ([a, n]) => (Array.isArray(a) ? (a[Number(n)] ?? null) : null),
};

export const SUPPORTED_INTRINSICS = Object.keys(FUNCTIONS);

export function isIntrinsic(text: string): boolean {
  return text.trim().startsWith("States.");
}

export function evaluateIntrinsic(text: string, input: Json, context: Json): Json {
  const evaluate = (arg: Arg): Json => {
    if (arg.kind === "literal") return arg.value;
    if (arg.kind === "path") return readPath(arg.path, input, context);
    const fn = FUNCTIONS[arg.name];
    if (!fn) throw new StatesError("States.Runtime", `intrinsic ${arg.name} is not supported by the local executor`);
    return fn(arg.args.map(evaluate));
  };
  return evaluate(parseCall(text));
}

/** Names of the intrinsics a text calls, to refuse unsupported ones when a definition loads. */
export function intrinsicNames(text: string): string[] {
  return [...text.matchAll(/States\.[A-Za-z]+(?=\()/g)].map((m) => m[0]);
}
