/**
 * vitest globalSetup: one DynamoDB Local (AWS's own, on Java 17) for the whole run, shared by every test
 * file; each file's stores and runtimes create their own tables on it (test/support/local-store.ts,
 * local/dynamo-server.ts). One JVM, not one per file: its start-up and memory are paid once on 2 cores.
 */
import type { TestProject } from "vitest/node";
import { startDynamoDbLocal } from "#local/dynamodb-local";

declare module "vitest" {
  export interface ProvidedContext {
    dynamodbLocalEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startDynamoDbLocal();
  project.provide("dynamodbLocalEndpoint", server.endpoint);
  return () => server.stop();
}
