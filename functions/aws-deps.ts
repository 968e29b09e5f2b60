/** Dependencies of a Lambda in AWS, from its environment (set by the CDK stack), validated once per cold start. */
import * as z from "zod/mini";
import { describeProblems, validate } from "#domain/validation";
import type { Blobs } from "./adapters/blobs.ts";
import { keyedSeal, type AuditSeal } from "./adapters/audit-seal.ts";
import { clockFromEnvironment } from "./adapters/clock.ts";
import { lazy } from "./adapters/lazy.ts";
import { parseKeyRing } from "./adapters/link-keys.ts";
import type { Mailer } from "./adapters/mailer.ts";
import { countingSendFailures, noMetrics, type Metrics } from "./adapters/metrics.ts";
import { dynamoClient, Store } from "./adapters/store.ts";
import type { Workflows } from "./adapters/workflows.ts";
import type { Deps } from "./deps.ts";

const envSchema = z.object({
  TABLE_NAME: z.string().check(z.minLength(3)),
  BLOB_BUCKET: z.string().check(z.minLength(3)),
  MEETING_CYCLE_ARN: z.string().check(z.startsWith("arn:")),
  WRITTEN_VOTE_ARN: z.string().check(z.startsWith("arn:")),
  SENDER_ADDRESS: z.string().check(z.minLength(3)),
  SENDER_DOMAIN: z.string().check(z.minLength(3)),
  INBOUND_DOMAIN: z.string().check(z.minLength(3)),
  PUBLIC_URL: z.url(),
  LINK_KEYS_SECRET_ARN: z.optional(z.string()),
  LINK_KEYS: z.optional(z.string()),
  AUDIT_KEYS_SECRET_ARN: z.optional(z.string()),
  AUDIT_ANCHOR_BUCKET: z.optional(z.string()),
  SES_CONFIGURATION_SET: z.optional(z.string()),
});

async function secret(arn: string): Promise<string> {
  const { SecretsManagerClient, GetSecretValueCommand } = await import("@aws-sdk/client-secrets-manager");
  const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }));
  return out.SecretString ?? "";
}

async function linkKeys(env: z.infer<typeof envSchema>): Promise<string> {
  if (env.LINK_KEYS) return env.LINK_KEYS;
  if (!env.LINK_KEYS_SECRET_ARN) throw new Error("LINK_KEYS_SECRET_ARN or LINK_KEYS must be set");
  return secret(env.LINK_KEYS_SECRET_ARN);
}

/**
 * The audit seal: its keys from their own secret, its anchors in the Object Lock bucket (S3 client
 * built at the first anchor). A function without them (the authorizer) writes no audit entries.
 */
async function auditSeal(env: z.infer<typeof envSchema>): Promise<AuditSeal | undefined> {
  if (!env.AUDIT_KEYS_SECRET_ARN || !env.AUDIT_ANCHOR_BUCKET) return undefined;
  const bucket = env.AUDIT_ANCHOR_BUCKET;
  const anchors = lazy(async () => (await import("./adapters/s3-anchors.ts")).s3Anchors(bucket));
  return keyedSeal(parseKeyRing(await secret(env.AUDIT_KEYS_SECRET_ARN)), {
    anchor: async (head) => (await anchors()).anchor(head),
    heads: async (committeeId) => (await anchors()).heads(committeeId),
  });
}

/*
 * SES, S3 and Step Functions are built at their first call, not at a cold start: most task invocations
 * only read and write the table, and these SDK clients are most of what a Lambda would otherwise load
 * before its first line runs. The store is built at once: every invocation uses it.
 */
function lazyMailer(make: () => Promise<Mailer>): Mailer {
  const mailer = lazy(make);
  return { send: async (mail) => (await mailer()).send(mail) };
}

function lazyBlobs(make: () => Promise<Blobs>): Blobs {
  const blobs = lazy(make);
  return {
    put: async (key, body, contentType) => (await blobs()).put(key, body, contentType),
    get: async (key) => (await blobs()).get(key),
    list: async (prefix) => (await blobs()).list(prefix),
    signedUpload: async (key, options) => (await blobs()).signedUpload?.(key, options) ?? Promise.reject(new Error("no signed uploads")),
    signedDownload: async (key, options) => (await blobs()).signedDownload?.(key, options) ?? Promise.reject(new Error("no signed downloads")),
    size: async (key) => (await blobs()).size?.(key),
  };
}

function lazyWorkflows(make: () => Promise<Workflows>): Workflows {
  const workflows = lazy(make);
  return {
    start: async (workflow, name, input) => (await workflows()).start(workflow, name, input),
    resume: async (taskToken, output) => (await workflows()).resume(taskToken, output),
    fail: async (taskToken, error, cause) => (await workflows()).fail(taskToken, error, cause),
    stop: async (workflow, name, cause) => (await workflows()).stop(workflow, name, cause),
    status: async (executionArn) => (await workflows()).status(executionArn),
  };
}

function environment(source: NodeJS.ProcessEnv): z.infer<typeof envSchema> {
  const parsed = validate(envSchema, source);
  if (!parsed.ok) throw new Error(`invalid Lambda environment: ${describeProblems(parsed.problems).join("; ")}`);
  return parsed.data;
}

const storeOf = (env: z.infer<typeof envSchema>, clock = clockFromEnvironment(process.env), seal?: AuditSeal) => new Store(dynamoClient({ tableName: env.TABLE_NAME }), env.TABLE_NAME, clock, seal);

/** The store alone, for the authorizer: it looks up a token's hash and needs no link keys (infra/permissions.ts). */
export function storeFromEnvironment(source: NodeJS.ProcessEnv = process.env): Store {
  return storeOf(environment(source), clockFromEnvironment(source));
}

export async function depsFromEnvironment(source: NodeJS.ProcessEnv = process.env, metrics: Metrics = noMetrics): Promise<Deps> {
  const env = environment(source);
  const clock = clockFromEnvironment(source);
  const [keys, seal] = await Promise.all([linkKeys(env), auditSeal(env)]);
  return {
    store: storeOf(env, clock, seal),
    clock,
    metrics,
    mailer: countingSendFailures(lazyMailer(async () => new (await import("./adapters/ses-mailer.ts")).SesMailer({ ...(env.SES_CONFIGURATION_SET ? { configurationSet: env.SES_CONFIGURATION_SET } : {}) })), metrics),
    blobs: lazyBlobs(async () => new (await import("./adapters/s3-blobs.ts")).S3Blobs(env.BLOB_BUCKET)),
    workflows: lazyWorkflows(async () => (await import("./adapters/workflows.ts")).sfnWorkflows({ stateMachineArns: { "meeting-cycle": env.MEETING_CYCLE_ARN, "written-vote": env.WRITTEN_VOTE_ARN } })),
    keys: parseKeyRing(keys),
    settings: { senderAddress: env.SENDER_ADDRESS, senderDomain: env.SENDER_DOMAIN, inboundDomain: env.INBOUND_DOMAIN, publicUrl: env.PUBLIC_URL },
  };
}
