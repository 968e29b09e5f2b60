import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One DynamoDB Local for the run (AWS's own; needs Java 17), named to each test file by the environment.
    globalSetup: ["test/support/dynamodb-local-setup.ts"],
    setupFiles: ["test/support/dynamodb-local-env.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 30_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  },
});
