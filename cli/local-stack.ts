/**
 * How CLI commands reach the local data: through the running stack's HTTP server when `npm start` is up
 * (it holds the store's lock), otherwise by opening the data folder in this process.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Deps } from "#functions/deps";
import { readLocalConfig } from "#local/config";
import { startRuntime } from "#local/runtime";

export function localToken(): { token: string; dataDir: string; port: number } {
  const config = readLocalConfig();
  const file = join(config.dataDir, "api-tokens.json");
  const saved = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as { secretariat?: string }).secretariat : undefined;
  return { token: config.tokenFromEnv ? config.token : (saved ?? config.token), dataDir: config.dataDir, port: config.port };
}

/** Whether the data folder is there (opening one that is not would only make it, empty). */
export function localDataExists(): boolean {
  return existsSync(localToken().dataDir);
}
localDataExists.path = () => localToken().dataDir;

/** Calls the running stack; undefined when nothing listens. */
export async function callRunningStack(path: string, init: RequestInit = {}): Promise<Response | undefined> {
  const { token, port } = localToken();
  try {
    return await fetch(`http://127.0.0.1:${port}${path}`, { ...init, headers: { ...(init.headers ?? {}), authorization: `Bearer ${token}` } });
  } catch (e) {
    const code = (e as { cause?: { code?: string } }).cause?.code;
    if (code === "ECONNREFUSED") return undefined;
    throw e;
  }
}

/** Runs `fn` against the data folder directly (the stack is not running). */
export async function withLocalData<T>(fn: (deps: Deps) => Promise<T>): Promise<T> {
  const { dataDir, port } = localToken();
  const runtime = await startRuntime({ dataDir, publicUrl: `http://127.0.0.1:${port}` });
  try {
    return await fn(runtime.deps);
  } finally {
    await runtime.stop();
  }
}
