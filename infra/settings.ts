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
  /** Public base URL of member pages and the console (the HTTP API's custom domain, or its default URL). */
  publicUrl: z.optional(z.url()),
});
export type StageSettings = z.infer<typeof stageSettingsSchema>;

export function readStageSettings(context: (key: string) => unknown): StageSettings {
  const raw = Object.fromEntries(["stage", "region", "senderDomain", "inboundDomain", "alarmEmail", "publicUrl"].map((k) => [k, context(k) ?? undefined]));
  const result = validate(stageSettingsSchema, raw);
  if (!result.ok) throw new Error(`invalid CDK context: ${describeProblems(result.problems).join("; ")}`);
  return result.data;
}
