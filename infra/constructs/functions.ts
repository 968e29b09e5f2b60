/**
 * One Lambda per handler, bundled by the local esbuild (no Docker) as infra/bundle.ts does it: ESM, minified,
 * split into chunks, the AWS SDK included, Node.js 22 on ARM. Every function gets the same environment and
 * only the permissions it needs.
 */
import { join } from "node:path";
import { Arn, ArnFormat, Duration, Stack, Stage } from "aws-cdk-lib";
import { Architecture, Code, Function as LambdaFunction, LoggingFormat, Runtime, Tracing } from "aws-cdk-lib/aws-lambda";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { bundleLambda } from "../bundle.ts";

export const ROOT = join(import.meta.dirname, "..", "..");

export interface HandlerProps {
  entry: string;
  environment: Record<string, string>;
  timeout?: Duration;
  memorySize?: number;
}

const bundled = new Set<string>();

/** A handler file as a Lambda function. */
export function handlerFunction(scope: Construct, id: string, props: HandlerProps): LambdaFunction {
  const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.THREE_MONTHS });
  // Bundled once per process and cloud assembly into the assembly's neighbour (cdk.out → .build/): a second
  // synth in the same process (test/infra) reuses it, and two synths at once in different processes (the
  // infra and rehearsal tests) never share one. The asset hash follows the bundle's content.
  const assembly = Stage.of(scope)?.outdir;
  const outdir = join(assembly ? join(assembly, "..") : ROOT, ".build", "lambda", props.entry.replace(/\//g, "_").replace(/\.ts$/, ""));
  if (!bundled.has(outdir)) {
    bundleLambda(props.entry, outdir, { sourcemap: true });
    bundled.add(outdir);
  }
  return new LambdaFunction(scope, id, {
    code: Code.fromAsset(outdir),
    handler: "index.handler",
    runtime: Runtime.NODEJS_22_X,
    architecture: Architecture.ARM_64,
    memorySize: props.memorySize ?? 512,
    timeout: props.timeout ?? Duration.seconds(60),
    tracing: Tracing.ACTIVE,
    loggingFormat: LoggingFormat.JSON,
    logGroup,
    environment: { NODE_OPTIONS: "--enable-source-maps", ...props.environment },
  });
}

export function stateMachineArn(scope: Construct, name: string): string {
  return Arn.format({ service: "states", resource: "stateMachine", resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME }, Stack.of(scope));
}
