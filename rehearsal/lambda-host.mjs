// One Lambda execution environment: run by the Node 22 binary (the Lambda runtime's version), with the
// function's environment only, in the function's asset folder. It loads the handler as the Node.js runtime
// does (`index.handler` → index.mjs, export `handler`), reports its init time, then takes one invocation
// at a time over IPC and answers with the result or the error as the runtime reports it
// ({errorType, errorMessage, trace}), the invocation's duration and the process's peak memory.
// Plain JavaScript, not TypeScript: nothing but the bundle and Node itself is loaded here.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const root = process.env.LAMBDA_TASK_ROOT ?? process.cwd();
const [file, exportName] = (process.env._HANDLER ?? "index.handler").split(".");
const memoryMb = Number(process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? "128");

function errorOf(e) {
  const err = e instanceof Error ? e : new Error(String(e));
  return { errorType: err.name || "Error", errorMessage: err.message, trace: String(err.stack ?? "").split("\n") };
}

const peakKb = () => process.resourceUsage().maxRSS;

let handler;
try {
  const path = [".mjs", ".js", ".cjs"].map((ext) => join(root, `${file}${ext}`)).find((p) => existsSync(p));
  if (!path) throw Object.assign(new Error(`Cannot find module '${file}'`), { name: "Runtime.ImportModuleError" });
  const mod = await import(pathToFileURL(path).href);
  handler = mod[exportName];
  if (typeof handler !== "function") throw Object.assign(new Error(`${file}.${exportName} is undefined or not exported`), { name: "Runtime.HandlerNotFound" });
  // Init Duration as Lambda reports it: from the start of the process to the handler being ready.
  process.send({ type: "ready", initMs: performance.now(), peakKb: peakKb() });
} catch (e) {
  process.send({ type: "init-error", initMs: performance.now(), error: errorOf(e) });
  process.exit(1);
}

let deadline = 0;
process.on("message", async (msg) => {
  if (msg.type !== "invoke") return;
  const started = performance.now();
  deadline = Date.now() + Number(msg.timeoutMs ?? 3000);
  const context = {
    ...msg.context,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  let reply;
  try {
    const value = await handler(msg.event, context);
    reply = { type: "result", id: msg.id, ok: true, payload: JSON.stringify(value === undefined ? null : value) };
  } catch (e) {
    reply = { type: "result", id: msg.id, ok: false, error: errorOf(e) };
  }
  reply.durationMs = performance.now() - started;
  reply.peakKb = peakKb();
  reply.memoryMb = memoryMb;
  process.send(reply);
});
