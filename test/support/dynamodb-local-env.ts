// vitest setupFiles: every runtime, store and child process of a test file uses the run's DynamoDB Local.
import { inject } from "vitest";

process.env.KLYNGEFLOW_DYNAMODB_ENDPOINT = inject("dynamodbLocalEndpoint");
