/** The whole local stack (store, executor on virtual time, HTTP, SMTP) on free ports, for HTTP and browser tests. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLocalStack, type LocalStack } from "#local/stack";

export async function startTestStack(virtualStart: string): Promise<LocalStack & { dataDir: string; close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), "klyngeflow-stack-"));
  const stack = await startLocalStack({ port: 0, smtpPort: 0, dataDir, token: "test-secretariat-token-0123456789", tokenFromEnv: true }, { virtualStart, quiet: true });
  return Object.assign(stack, {
    dataDir,
    async close() {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
