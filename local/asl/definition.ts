/**
 * A state machine definition (Amazon States Language, JSONPath flavour) and the per-state data flow:
 * InputPath → Parameters → (task) → ResultSelector → ResultPath → OutputPath, Choice rules, Wait targets,
 * Retry and Catch. Only the subset our workflows use; `checkSupported` refuses the rest when loading.
 */
import { StatesError, UnsupportedDefinitionError } from "./errors.ts";
import { evaluateIntrinsic, intrinsicNames, isIntrinsic, SUPPORTED_INTRINSICS } from "./intrinsics.ts";
import { hasPath, isValidPath, readPath, writePath, type Json } from "./jsonpath.ts";

export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
}
export interface Catcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
}
export interface State {
  Type: "Task" | "Wait" | "Choice" | "Pass" | "Succeed" | "Fail" | "Map" | "Parallel";
  Comment?: string;
  Next?: string;
  End?: boolean;
  InputPath?: string | null;
  OutputPath?: string | null;
  ResultPath?: string | null;
  Parameters?: Json;
  ResultSelector?: Json;
  Result?: Json;
  Resource?: string;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  HeartbeatSeconds?: number;
  Retry?: Retrier[];
  Catch?: Catcher[];
  Seconds?: number;
  SecondsPath?: string;
  Timestamp?: string;
  TimestampPath?: string;
  Choices?: ChoiceRule[];
  Default?: string;
  Error?: string;
  Cause?: string;
  QueryLanguage?: string;
  Assign?: unknown;
}
export type ChoiceRule = { [op: string]: Json | ChoiceRule[] | ChoiceRule | undefined; Next?: string };
export interface Definition {
  Comment?: string;
  StartAt: string;
  States: Record<string, State>;
  TimeoutSeconds?: number;
  QueryLanguage?: string;
}

export const CALLBACK_RESOURCE = "arn:aws:states:::lambda:invoke.waitForTaskToken";

const SUPPORTED_TYPES = new Set(["Task", "Wait", "Choice", "Pass", "Succeed", "Fail"]);

/** Refuses what the local interpreter does not implement, so the same JSON cannot behave differently here. */
export function checkSupported(def: Definition, name: string): void {
  const problems: string[] = [];
  if (def.QueryLanguage && def.QueryLanguage !== "JSONPath") problems.push("QueryLanguage JSONata (use JSONPath)");
  if (!def.States[def.StartAt]) problems.push(`StartAt "${def.StartAt}" is not a state`);
  for (const [stateName, s] of Object.entries(def.States)) {
    const where = `${name}.${stateName}`;
    if (!SUPPORTED_TYPES.has(s.Type)) problems.push(`${where}: state type ${s.Type}`);
    if (s.QueryLanguage && s.QueryLanguage !== "JSONPath") problems.push(`${where}: JSONata`);
    if (s.Assign !== undefined) problems.push(`${where}: Assign (variables)`);
    for (const next of [s.Next, s.Default, ...(s.Catch ?? []).map((c) => c.Next), ...(s.Choices ?? []).map((c) => c.Next)]) {
      if (typeof next === "string" && !def.States[next]) problems.push(`${where}: Next "${next}" is not a state`);
    }
    const paths = [s.InputPath, s.OutputPath, s.ResultPath, s.TimestampPath, s.SecondsPath, s.TimeoutSecondsPath].filter((p): p is string => typeof p === "string");
    for (const p of paths) if (!isValidPath(p)) problems.push(`${where}: path "${p}"`);
    for (const text of templateExpressions(s.Parameters).concat(templateExpressions(s.ResultSelector))) {
      if (isIntrinsic(text)) {
        for (const fn of intrinsicNames(text)) if (!SUPPORTED_INTRINSICS.includes(fn)) problems.push(`${where}: intrinsic ${fn}`);
      } else if (!isValidPath(text)) problems.push(`${where}: path "${text}"`);
    }
  }
  if (problems.length) throw new UnsupportedDefinitionError(`${name} uses what the local executor does not support: ${problems.join("; ")}`);
}

function templateExpressions(template: Json | undefined): string[] {
  if (template === null || typeof template !== "object") return [];
  if (Array.isArray(template)) return template.flatMap(templateExpressions);
  return Object.entries(template).flatMap(([k, v]) => (k.endsWith(".$") && typeof v === "string" ? [v] : templateExpressions(v)));
}

/** Resolves a payload template (Parameters, ResultSelector): keys ending in `.$` take a path or intrinsic. */
export function resolveTemplate(template: Json, input: Json, context: Json): Json {
  if (template === null || typeof template !== "object") return template;
  if (Array.isArray(template)) return template.map((t) => resolveTemplate(t, input, context));
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith(".$") && typeof value === "string") {
      out[key.slice(0, -2)] = isIntrinsic(value) ? evaluateIntrinsic(value, input, context) : readPath(value, input, context);
    } else out[key] = resolveTemplate(value, input, context);
  }
  return out;
}

export function applyInputPath(state: State, input: Json, context: Json): Json {
  if (state.InputPath === null) return {};
  return state.InputPath === undefined ? input : readPath(state.InputPath, input, context);
}

export function applyOutputPath(state: State, output: Json, context: Json): Json {
  if (state.OutputPath === null) return {};
  return state.OutputPath === undefined ? output : readPath(state.OutputPath, output, context);
}

export function applyResultPath(resultPath: string | null | undefined, rawInput: Json, result: Json): Json {
  if (resultPath === null) return rawInput;
  return writePath(resultPath ?? "$", rawInput, result);
}

function compare(op: string, value: Json, expected: Json, input: Json, context: Json): boolean {
  const isPath = op.endsWith("Path");
  const target = isPath ? readPath(String(expected), input, context) : expected;
  const base = isPath ? op.slice(0, -4) : op;
  const type = base.replace(/(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals|Matches)$/, "");
  const rel = base.slice(type.length);
  const typeOk =
    type === "String" ? typeof value === "string" && typeof target === "string"
    : type === "Numeric" ? typeof value === "number" && typeof target === "number"
    : type === "Boolean" ? typeof value === "boolean"
    : type === "Timestamp" ? typeof value === "string" && typeof target === "string" && !Number.isNaN(Date.parse(value)) && !Number.isNaN(Date.parse(target))
    : false;
  if (!typeOk) return false;
  if (rel === "Matches") {
    const pattern = String(target).replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
    return new RegExp(`^${pattern}$`).test(String(value));
  }
  const [a, b] = type === "Timestamp" ? [Date.parse(String(value)), Date.parse(String(target))] : [value as number | string, target as number | string];
  switch (rel) {
    case "Equals": return a === b;
    case "LessThan": return a < b;
    case "GreaterThan": return a > b;
    case "LessThanEquals": return a <= b;
    case "GreaterThanEquals": return a >= b;
    default: return false;
  }
}

function evaluateRule(rule: ChoiceRule, input: Json, context: Json): boolean {
  if (Array.isArray(rule.And)) return (rule.And as ChoiceRule[]).every((r) => evaluateRule(r, input, context));
  if (Array.isArray(rule.Or)) return (rule.Or as ChoiceRule[]).some((r) => evaluateRule(r, input, context));
  if (rule.Not && typeof rule.Not === "object") return !evaluateRule(rule.Not as ChoiceRule, input, context);
  const variable = String(rule.Variable);
  for (const [op, expected] of Object.entries(rule)) {
    if (op === "Variable" || op === "Next" || op === "Comment") continue;
    if (op === "IsPresent") return hasPath(variable, input, context) === expected;
    if (!hasPath(variable, input, context)) return false;
    const value = readPath(variable, input, context);
    switch (op) {
      case "IsNull": return (value === null) === expected;
      case "IsString": return (typeof value === "string") === expected;
      case "IsNumeric": return (typeof value === "number") === expected;
      case "IsBoolean": return (typeof value === "boolean") === expected;
      case "IsTimestamp": return (typeof value === "string" && !Number.isNaN(Date.parse(value))) === expected;
      default: return compare(op, value, expected as Json, input, context);
    }
  }
  throw new StatesError("States.Runtime", `choice rule without a comparison on ${variable}`);
}

export function chooseNext(state: State, input: Json, context: Json): string {
  for (const rule of state.Choices ?? []) if (evaluateRule(rule, input, context)) return String(rule.Next);
  if (state.Default) return state.Default;
  throw new StatesError("States.NoChoiceMatched", "no choice rule matched and there is no Default");
}

/** The instant (ms) a Wait state waits until. In AWS a Timestamp must be UTC with Z; we enforce the same. */
export function waitUntil(state: State, input: Json, context: Json, nowMs: number): number {
  if (state.Seconds !== undefined) return nowMs + state.Seconds * 1000;
  if (state.SecondsPath) return nowMs + Number(readPath(state.SecondsPath, input, context)) * 1000;
  const ts = state.Timestamp ?? String(readPath(state.TimestampPath ?? "$", input, context));
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(ts)) {
    throw new StatesError("States.Runtime", `Wait timestamp "${ts}" must be UTC with Z and whole seconds (as in AWS)`);
  }
  return Date.parse(ts);
}

export function matches(errorEquals: string[], error: string): boolean {
  return errorEquals.some((e) => e === error || e === "States.ALL" || (e === "States.TaskFailed" && error !== "States.Timeout" && !error.startsWith("States.Runtime")));
}

/** Retry delay in ms for the n-th retry (1-based), or undefined when attempts are exhausted. */
export function retryDelay(retrier: Retrier, attempt: number): number | undefined {
  const max = retrier.MaxAttempts ?? 3;
  if (attempt > max) return undefined;
  const base = (retrier.IntervalSeconds ?? 1) * 1000 * (retrier.BackoffRate ?? 2) ** (attempt - 1);
  return retrier.MaxDelaySeconds !== undefined ? Math.min(base, retrier.MaxDelaySeconds * 1000) : base;
}
