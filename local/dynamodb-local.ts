/**
 * AWS's own DynamoDB Local (1.25.1, Java 17) on a free loopback port: the store the tests hold the code to
 * (DESIGN.md principle 8), and the table server of the rehearsal.
 *
 * Where the jar comes from: the npm package `amplify-dynamodb-simulator` ships DynamoDB Local as
 * `emulator/DynamoDBLocal.jar` with its native libraries. Installing that package would pull ~350 MB of
 * Amplify CLI dependencies into node_modules for nobody's use, so on first need we fetch only its tarball
 * with `npm pack` (the npm registry and the user's npm settings, nothing else), check it against the
 * integrity pinned here, and extract `emulator/` into a cache folder outside node_modules (it survives
 * `npm ci` and is shared by worktrees and by the rehearsal). The next start finds it there.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createServer, connect } from "node:net";
import { homedir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The package that carries DynamoDB Local, its version and its registry integrity (`npm view … dist.integrity`). */
export const DYNAMODB_LOCAL = {
  version: "1.25.1",
  npmPackage: "amplify-dynamodb-simulator",
  npmVersion: "2.9.30",
  integrity: "sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ==",
} as const;

export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

/** `KLYNGEFLOW_CACHE_DIR`, else `$XDG_CACHE_HOME/klyngeflow`, else `~/.cache/klyngeflow`. */
export function cacheDir(): string {
  return process.env.KLYNGEFLOW_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "klyngeflow");
}

/** The folder holding DynamoDBLocal.jar and DynamoDBLocal_lib/, fetched and checked on first need. */
export async function dynamoDbLocalDir(): Promise<string> {
  const dir = join(cacheDir(), `dynamodb-local-${DYNAMODB_LOCAL.version}`);
  if (existsSync(join(dir, "DynamoDBLocal.jar"))) return dir;
  mkdirSync(cacheDir(), { recursive: true });
  const work = mkdtempSync(join(cacheDir(), ".fetch-"));
  try {
    const spec = `${DYNAMODB_LOCAL.npmPackage}@${DYNAMODB_LOCAL.npmVersion}`;
    const { stdout } = await run("npm", ["pack", spec, "--json", "--pack-destination", work], { maxBuffer: 64 * 1024 * 1024 }).catch((e: Error) => {
      throw new Error(`DynamoDB Local: \`npm pack ${spec}\` failed (${e.message.split("\n")[0]}); it needs the npm registry once, then runs from ${dir}`);
    });
    const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
    const tarball = join(work, filename);
    const actual = `sha512-${createHash("sha512").update(readFileSync(tarball)).digest("base64")}`;
    if (actual !== DYNAMODB_LOCAL.integrity) throw new Error(`DynamoDB Local: ${filename} has integrity ${actual}, expected ${DYNAMODB_LOCAL.integrity}; refusing to run it`);
    await run("tar", ["-xzf", tarball, "-C", work, "package/emulator"]);
    try {
      renameSync(join(work, "package", "emulator"), dir);
    } catch (e) {
      // Another process (a parallel test run, the rehearsal) extracted the same checked tarball first.
      if (!existsSync(join(dir, "DynamoDBLocal.jar"))) throw e;
    }
    return dir;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

const canConnect = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => { socket.destroy(); resolve(true); });
    socket.once("error", () => resolve(false));
  });

/*
 * JVM settings for 2 shared cores: the serial collector (no GC threads competing with the tests), a small
 * initial heap, and a cap well above what a whole test run holds in memory (~300 MB measured).
 */
const JVM_OPTIONS = ["-XX:+UseSerialGC", "-Xms64m", "-Xmx1g", "-Xss512k"];

/**
 * Starts DynamoDB Local in memory with one database for every client (`-sharedDb`: region and credentials
 * do not split the tables), on a free loopback port. Resolves once it accepts connections.
 */
export async function startDynamoDbLocal(options: { port?: number } = {}): Promise<DynamoDbLocal> {
  const dir = await dynamoDbLocalDir();
  for (let attempt = 0; ; attempt++) {
    const port = options.port ?? (await freePort());
    const child = spawn(process.env.JAVA ?? "java", [
      ...JVM_OPTIONS, `-Djava.library.path=${join(dir, "DynamoDBLocal_lib")}`, "-jar", join(dir, "DynamoDBLocal.jar"),
      "-inMemory", "-sharedDb", "-disableTelemetry", "-port", String(port),
    ], { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (b: Buffer) => { stderr = (stderr + b.toString()).slice(-4000); });
    const exited = new Promise<string>((resolve) => {
      child.once("error", (e: NodeJS.ErrnoException) =>
        resolve(e.code === "ENOENT" ? "DynamoDB Local needs Java 17 or later on PATH (Debian: apt-get install openjdk-17-jre-headless)" : e.message));
      child.once("exit", (code, signal) => resolve(`DynamoDB Local exited (${signal ?? code}) before it listened on port ${port}: ${stderr.trim()}`));
    });
    const ready = await Promise.race([listening(port, child), exited]);
    if (ready === true) return handle(child, port);
    const reason = ready === "exited" ? await exited : ready;
    child.kill("SIGKILL");
    // The free port was taken between our check and the JVM's bind: try another one.
    if (attempt < 2 && !options.port && /BindException|Address already in use/.test(reason)) continue;
    throw new Error(reason);
  }
}

async function listening(port: number, child: ChildProcess): Promise<true | string> {
  const started = Date.now();
  while (child.exitCode === null && child.signalCode === null) {
    if (await canConnect(port)) return true;
    if (Date.now() - started > 60_000) return `DynamoDB Local did not listen on port ${port} within 60 s`;
    await new Promise((r) => setTimeout(r, 50));
  }
  return "exited";
}

function handle(child: ChildProcess, port: number): DynamoDbLocal {
  // The JVM must not outlive this process, however it ends.
  const kill = () => child.kill("SIGKILL");
  process.once("exit", kill);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      process.removeListener("exit", kill);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** A table name no other test file or runtime on the same shared server uses. */
export function uniqueTableName(prefix = "klyngeflow"): string {
  return `${prefix}-${randomBytes(6).toString("hex")}`;
}
