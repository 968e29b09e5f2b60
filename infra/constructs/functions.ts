/**
 * One Lambda per handler, bundled by the local esbuild (no Docker): ESM, minified, the AWS SDK included,
 * Node.js 22 on ARM. Every function gets the same environment and only the permissions it needs.
 */
import { join } from "node:path";
import { Arn, ArnFormat, Duration, Stack } from "aws-cdk-lib";
import { Architecture, LoggingFormat, Runtime, Tracing } from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";

export const ROOT = join(import.meta.dirname, "..", "..");

export interface HandlerProps {
  entry: string;
  environment: Record<string, string>;
  timeout?: Duration;
  memorySize?: number;
}

/** A handler file as a Lambda function. */
export function handlerFunction(scope: Construct, id: string, props: HandlerProps): NodejsFunction {
  const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.THREE_MONTHS });
  return new NodejsFunction(scope, id, {
    entry: join(ROOT, props.entry),
    handler: "handler",
    runtime: Runtime.NODEJS_22_X,
    architecture: Architecture.ARM_64,
    memorySize: props.memorySize ?? 512,
    timeout: props.timeout ?? Duration.seconds(60),
    tracing: Tracing.ACTIVE,
    loggingFormat: LoggingFormat.JSON,
    logGroup,
    environment: { NODE_OPTIONS: "--enable-source-maps", ...props.environment },
    projectRoot: ROOT,
    depsLockFilePath: join(ROOT, "package-lock.json"),
    bundling: {
      format: OutputFormat.ESM,
      minify: true,
      sourceMap: true,
      target: "node22",
      mainFields: ["module", "main"],
      externalModules: [],
      // Some bundled CommonJS dependencies call require(); give the ESM bundle one.
      banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
      tsconfig: join(ROOT, "tsconfig.json"),
    },
  });
}

export function stateMachineArn(scope: Construct, name: string): string {
  return Arn.format({ service: "states", resource: "stateMachine", resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME }, Stack.of(scope));
}
