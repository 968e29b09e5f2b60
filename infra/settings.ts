/** Stage settings from CDK context, validated: a typo in cdk.json fails the synth with the field named. */
import * as z from "zod/mini";
import { describeProblems, validate } from "../domain/validation.ts";

const domain = z.string().check(z.regex(/^(?=.{4,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/, "expected a domain name like example.org"));

export const stageSettingsSchema = z.object({
  stage: z.string().check(z.regex(/^[a-z][a-z0-9-]{1,20}$/, "expected a short lower-case stage name")),
  region: z.string().check(z.regex(/^[a-z]{2}-[a-z]+-\d$/, "expected an AWS region like eu-north-1")),
  senderDomain: domain,
  inboundDomain: domain,
  alarmEmail: z.email(),
  /**
   * Public base URL of member pages and the console, when a custom domain is wanted: the stack maps it to
   * the HTTP API (with `certificateArn`), and its DNS name points at output PublicUrlDnsTarget. Without it,
   * links use the HTTP API's own execute-api URL, which works at once.
   */
  publicUrl: z.optional(z.string().check(z.regex(/^https:\/\/([a-z0-9-]+\.)+[a-z]{2,}$/, "expected https://<host> with no path or trailing slash, e.g. https://klyngeflow.example.dk"))),
  /** An ACM certificate for publicUrl's host, in the stack's region (API Gateway regional domains need it there). */
  certificateArn: z.optional(z.string().check(z.regex(/^arn:aws:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/, "expected an ACM certificate ARN"))),
});
export type StageSettings = z.infer<typeof stageSettingsSchema>;

const KEYS = ["stage", "region", "senderDomain", "inboundDomain", "alarmEmail", "publicUrl", "certificateArn"] as const;

export function readStageSettings(context: (key: string) => unknown): StageSettings {
  const raw = Object.fromEntries(KEYS.map((k) => [k, context(k) ?? undefined]));
  const result = validate(stageSettingsSchema, raw);
  if (!result.ok) throw new Error(`invalid CDK context: ${describeProblems(result.problems).join("; ")}`);
  const s = result.data;
  const host = s.publicUrl?.slice("https://".length);
  if (host && !s.certificateArn) throw new Error(`invalid CDK context: certificateArn: required with publicUrl: an ACM certificate for ${host} in ${s.region}`);
  if (s.certificateArn && s.certificateArn.split(":")[3] !== s.region) throw new Error(`invalid CDK context: certificateArn: expected a certificate in ${s.region}, the stack's region`);
  if (s.certificateArn && !host) throw new Error("invalid CDK context: certificateArn: only with publicUrl (the custom domain it is for)");
  return s;
}
