/**
 * SES (v1 API, Query protocol) as the template configures it, for both directions.
 *
 * Sending (SendRawEmail, what SesMailer calls) is refused as SES refuses it: a raw message over 10 MB, more
 * than 50 recipients, a Source or From address outside a verified identity (MessageRejected "Email address
 * is not verified"), a configuration set that does not exist, recipients that are not verified while the
 * account is in the SES sandbox. The identities of the template start unverified: the deploy step that
 * publishes their DNS records verifies them (README, "Deploying to AWS"). Accepted messages land as .eml
 * files in an outbox folder. Mail to the SES mailbox simulator (bounce@ / complaint@simulator.amazonses.com)
 * bounces or complains as it does on SES, and the configuration set's event destination publishes the event
 * to its SNS topic — only if the topic's policy lets SES publish and, for an encrypted topic, its KMS key's
 * policy lets SES use the key (otherwise SES drops the event, as it does).
 *
 * Receiving: a message to a recipient is taken only by the active receipt rule set, by the first rule whose
 * Recipients match; its actions run in order: S3Action stores the raw message under prefix + SES's message
 * id, LambdaAction invokes the function (Event) with SES's receipt event.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { simpleParser, type AddressObject } from "mailparser";
import { AwsError, queryService, type Listening } from "./aws-json-server.ts";
import type { Json, Resolver } from "./template.ts";

export const RAW_MESSAGE_LIMIT = 10 * 1024 * 1024;
const MAX_RECIPIENTS = 50;
const SIMULATOR = "simulator.amazonses.com";

export interface SentMessage {
  messageId: string;
  file: string;
  source: string;
  destinations: string[];
  raw: Buffer;
  at: string;
}

type Verdict = "PASS" | "FAIL" | "GRAY" | "PROCESSING_FAILED";

export interface InboundResult {
  messageId: string;
  /** What the sending server would be told: 250 when SES took it, 550 when no rule takes the recipient. */
  smtp: 250 | 550;
  actions: string[];
}

export interface SesStandIn extends Listening {
  sent: SentMessage[];
  /** Events SES wanted to publish but could not (topic or key policy): SES drops them silently. */
  droppedEvents: { topicArn: string; reason: string }[];
  /** The deploy step "publish the identities' DNS records" (DKIM CNAMEs): the identities verify. */
  verifyIdentities(): void;
  /** The deploy step "request production access": recipients need no longer be verified. */
  leaveSandbox(): void;
  /** A message arriving for our domains over SMTP, as SES receives it. */
  receive(raw: Buffer, envelope: { from: string; to: string[] }, verdicts?: Partial<Record<"spf" | "dkim" | "dmarc", Verdict>>): Promise<InboundResult>;
}

export interface SesDeps {
  resolver: Resolver;
  outboxDir: string;
  s3: { endpoint: string; credentials: { accessKeyId: string; secretAccessKey: string } };
  /** Publishes to an SNS topic (the rehearsal's SNS delivers to its subscriptions). */
  publish(topicArn: string, message: string): Promise<void>;
  /** Invokes a function asynchronously (Event), as a receipt rule's Lambda action does. */
  invokeAsync(functionArn: string, event: Json): Promise<unknown>;
  now(): Date;
}

const addressesOf = (a: AddressObject | AddressObject[] | undefined) => (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value.map((v) => (v.address ?? "").toLowerCase()));
const bare = (s: string) => (/<([^>]+)>/.exec(s)?.[1] ?? s).trim().toLowerCase();
const domainOf = (address: string) => address.split("@")[1] ?? "";

type Statement = { Effect: string; Action: string | string[]; Principal?: Json; Condition?: Json };

/** Whether a resource policy lets a service principal do an action (an explicit Deny that applies wins). */
function policyAllows(statements: Statement[], service: string, action: string, secureTransport = true): boolean {
  const matchesAction = (a: string | string[]) => (Array.isArray(a) ? a : [a]).some((x) => x === action || x === "*" || (x.endsWith("*") && action.startsWith(x.slice(0, -1))));
  const forService = (p: Json | undefined) => p === "*" || (typeof p === "object" && p !== null && !Array.isArray(p) && ([p.Service].flat() as Json[]).includes(service));
  const applies = (s: Statement) => {
    const c = s.Condition as { Bool?: Record<string, string> } | undefined;
    if (c?.Bool?.["aws:SecureTransport"] === "false") return !secureTransport;
    return true;
  };
  if (statements.some((s) => s.Effect === "Deny" && matchesAction(s.Action) && forService(s.Principal) && applies(s))) return false;
  return statements.some((s) => s.Effect === "Allow" && matchesAction(s.Action) && forService(s.Principal) && applies(s));
}

export async function startSes(deps: SesDeps): Promise<SesStandIn> {
  const { resolver } = deps;
  mkdirSync(deps.outboxDir, { recursive: true });
  const identities = resolver.ofType("AWS::SES::EmailIdentity").map((i) => ({ identity: String(i.properties.EmailIdentity).toLowerCase(), verified: false }));
  const configurationSets = new Map(resolver.ofType("AWS::SES::ConfigurationSet").map((c) => [c.name, c.id]));
  const destinations = resolver.ofType("AWS::SES::ConfigurationSetEventDestination").map((d) => ({
    configurationSet: String(d.properties.ConfigurationSetName),
    ...(d.properties.EventDestination as { Enabled?: boolean; MatchingEventTypes: string[]; SnsDestination?: { TopicARN: string } }),
  }));
  const ruleSets = resolver.ofType("AWS::SES::ReceiptRuleSet").map((r) => r.name);
  const rules = resolver.ofType("AWS::SES::ReceiptRule").map((r) => ({ ruleSet: String(r.properties.RuleSetName), ...(r.properties.Rule as { Enabled?: boolean; Recipients?: string[]; Actions: Record<string, Record<string, Json>>[] }) }));
  const topics = new Map(resolver.ofType("AWS::SNS::Topic").map((t) => [resolver.ref(t.id), t]));
  let activeRuleSet: string | undefined;
  let sandbox = true;
  const sent: SentMessage[] = [];
  const droppedEvents: { topicArn: string; reason: string }[] = [];
  const s3 = new S3Client({ region: resolver.region, endpoint: deps.s3.endpoint, credentials: deps.s3.credentials, forcePathStyle: true });

  const verified = (address: string) => {
    const a = address.toLowerCase();
    return identities.some((i) => i.verified && (i.identity === a || i.identity === domainOf(a)));
  };

  /** Why SES could not publish to a topic, or undefined when it can. */
  const cannotPublish = (topicArn: string, configurationSet: string): string | undefined => {
    const topic = topics.get(topicArn);
    if (!topic) return `topic ${topicArn} does not exist`;
    const policies = resolver.ofType("AWS::SNS::TopicPolicy").filter((p) => (p.properties.Topics as Json[]).includes(topicArn));
    const statements = policies.flatMap((p) => (p.properties.PolicyDocument as { Statement: Statement[] }).Statement)
      .filter((s) => {
        const arn = (s.Condition as { StringEquals?: Record<string, string> } | undefined)?.StringEquals?.["AWS:SourceArn"];
        return !arn || arn.endsWith(`:configuration-set/${configurationSet}`);
      });
    if (!policyAllows(statements, "ses.amazonaws.com", "sns:Publish")) return "the topic's policy does not let ses.amazonaws.com publish";
    const keyId = topic.properties.KmsMasterKeyId;
    if (keyId) {
      const key = resolver.ofType("AWS::KMS::Key").find((k) => resolver.getAtt(k.id, "Arn") === keyId || resolver.ref(k.id) === keyId);
      const keyStatements = ((key?.properties.KeyPolicy as { Statement?: Statement[] } | undefined)?.Statement ?? []);
      for (const action of ["kms:GenerateDataKey", "kms:Decrypt"]) {
        if (!policyAllows(keyStatements, "ses.amazonaws.com", action)) return `the topic is encrypted with a KMS key whose policy does not let ses.amazonaws.com use ${action}`;
      }
    }
    return undefined;
  };

  const publishEvent = async (configurationSet: string | undefined, eventType: "Bounce" | "Complaint", mail: Record<string, Json>, detail: Record<string, Json>) => {
    if (!configurationSet) return;
    for (const d of destinations.filter((x) => x.configurationSet === configurationSet && x.Enabled !== false && x.MatchingEventTypes.includes(eventType.toLowerCase()))) {
      const topicArn = d.SnsDestination?.TopicARN;
      if (!topicArn) continue;
      const reason = cannotPublish(topicArn, configurationSet);
      if (reason) {
        droppedEvents.push({ topicArn, reason });
        continue;
      }
      await deps.publish(topicArn, JSON.stringify({ eventType, [eventType.toLowerCase()]: detail, mail }));
    }
  };

  const server = await queryService("http://ses.amazonaws.com/doc/2010-12-01/", {
    SendRawEmail: async (p) => {
      const data = Buffer.from(p.get("RawMessage.Data") ?? "", "base64");
      if (!data.length) throw new AwsError("InvalidParameterValue", "Raw message is empty.");
      if (data.length > RAW_MESSAGE_LIMIT) throw new AwsError("MessageRejected", `Message length (${data.length} bytes) is more than ${RAW_MESSAGE_LIMIT} bytes.`);
      const parsed = await simpleParser(data, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
      const fromHeader = addressesOf(parsed.from);
      if (fromHeader.length !== 1) throw new AwsError("InvalidParameterValue", "Missing or duplicate From header.");
      const listed = [...p.keys()].filter((k) => /^Destinations\.member\.\d+$/.test(k)).map((k) => bare(p.get(k) ?? ""));
      const recipients = listed.length ? listed : [...addressesOf(parsed.to), ...addressesOf(parsed.cc), ...addressesOf(parsed.bcc)];
      if (!recipients.length) throw new AwsError("InvalidParameterValue", "Missing final '@domain'");
      if (recipients.length > MAX_RECIPIENTS) throw new AwsError("InvalidParameterValue", `Recipient count exceeds ${MAX_RECIPIENTS}.`);
      const source = bare(p.get("Source") ?? fromHeader[0] ?? "");
      const unverified = [...new Set([source, ...fromHeader])].filter((a) => !verified(a));
      if (sandbox) unverified.push(...recipients.filter((a) => !verified(a) && domainOf(a) !== SIMULATOR));
      if (unverified.length) throw new AwsError("MessageRejected", `Email address is not verified. The following identities failed the check in region ${resolver.region.toUpperCase()}: ${unverified.join(", ")}`);
      const configurationSet = p.get("ConfigurationSetName") ?? undefined;
      if (configurationSet && !configurationSets.has(configurationSet)) throw new AwsError("ConfigurationSetDoesNotExist", `Configuration set <${configurationSet}> does not exist.`);
      const messageId = `${randomBytes(8).toString("hex")}-${randomUUID()}-000000`;
      const at = deps.now().toISOString();
      const file = join(deps.outboxDir, `${at.replace(/[-:.]/g, "")}-${messageId}.eml`);
      writeFileSync(file, data);
      sent.push({ messageId, file, source, destinations: recipients, raw: data, at });
      const mail: Record<string, Json> = { timestamp: at, source, sourceArn: resolver.arn("ses", `identity/${domainOf(source)}`), sendingAccountId: "123456789012", messageId, destination: recipients, headersTruncated: false, tags: (configurationSet ? { "ses:configuration-set": [configurationSet] } : {}) as Record<string, Json> };
      const bounced = recipients.filter((r) => r === `bounce@${SIMULATOR}`);
      if (bounced.length) {
        await publishEvent(configurationSet, "Bounce", mail, { feedbackId: randomUUID(), bounceType: "Permanent", bounceSubType: "General", timestamp: at, reportingMTA: "dns; amazonses.com",
          bouncedRecipients: bounced.map((emailAddress) => ({ emailAddress, action: "failed", status: "5.1.1", diagnosticCode: "smtp; 550 5.1.1 user unknown" })) });
      }
      const complained = recipients.filter((r) => r === `complaint@${SIMULATOR}`);
      if (complained.length) {
        await publishEvent(configurationSet, "Complaint", mail, { feedbackId: randomUUID(), complaintFeedbackType: "abuse", timestamp: at, arrivalDate: at, userAgent: "Amazon SES Mailbox Simulator", complainedRecipients: complained.map((emailAddress) => ({ emailAddress })) });
      }
      return { MessageId: messageId };
    },
    SetActiveReceiptRuleSet: (p) => {
      const name = p.get("RuleSetName") ?? undefined;
      if (name && !ruleSets.includes(name)) throw new AwsError("RuleSetDoesNotExist", `Rule set does not exist: ${name}`);
      activeRuleSet = name;
      return {};
    },
    DescribeActiveReceiptRuleSet: () => (activeRuleSet ? { Metadata: { Name: activeRuleSet } } : {}),
    GetIdentityVerificationAttributes: () => ({
      VerificationAttributes: identities.map((i) => ({ key: i.identity, value: { VerificationStatus: i.verified ? "Success" : "Pending" } })),
    }),
  });

  return {
    ...server,
    sent,
    droppedEvents,
    verifyIdentities: () => identities.forEach((i) => { i.verified = true; }),
    leaveSandbox: () => { sandbox = false; },
    async receive(raw, envelope, verdicts = {}) {
      const messageId = randomBytes(20).toString("hex").replace(/[0-9]/g, (d) => "abcdefghij"[Number(d)] ?? d).slice(0, 40);
      const recipients = envelope.to.map((r) => r.toLowerCase());
      const rule = activeRuleSet ? rules.find((r) => r.ruleSet === activeRuleSet && r.Enabled !== false && recipients.every((to) => (r.Recipients ?? []).some((x) => x === to || x === domainOf(to) || (x.startsWith(".") && domainOf(to).endsWith(x))))) : undefined;
      if (!rule) return { messageId, smtp: 550, actions: [] };
      const parsed = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
      const at = deps.now().toISOString();
      const actions: string[] = [];
      for (const action of rule.Actions) {
        if (action.S3Action) {
          const key = `${String(action.S3Action.ObjectKeyPrefix ?? "")}${messageId}`;
          await s3.send(new PutObjectCommand({ Bucket: String(action.S3Action.BucketName), Key: key, Body: raw }));
          actions.push(`s3:${key}`);
        } else if (action.LambdaAction) {
          const status = (v: Verdict | undefined) => ({ status: v ?? "PASS" });
          const event = {
            Records: [{
              eventSource: "aws:ses",
              eventVersion: "1.0",
              ses: {
                mail: {
                  timestamp: at, source: envelope.from, messageId, destination: recipients, headersTruncated: false,
                  headers: parsed.headerLines.map((h) => ({ name: h.line.split(":")[0] ?? h.key, value: h.line.slice(h.line.indexOf(":") + 1).trim() })),
                  commonHeaders: { returnPath: envelope.from, from: [parsed.from?.text ?? ""], to: recipients, date: parsed.date?.toUTCString() ?? "", messageId: parsed.messageId ?? "", subject: parsed.subject ?? "" },
                },
                receipt: {
                  timestamp: at, processingTimeMillis: 200, recipients,
                  spamVerdict: status("PASS"), virusVerdict: status("PASS"),
                  spfVerdict: status(verdicts.spf), dkimVerdict: status(verdicts.dkim), dmarcVerdict: status(verdicts.dmarc), dmarcPolicy: "none",
                  action: { type: "Lambda", functionArn: String(action.LambdaAction.FunctionArn), invocationType: String(action.LambdaAction.InvocationType ?? "Event") },
                },
              },
            }],
          };
          await deps.invokeAsync(String(action.LambdaAction.FunctionArn), event as unknown as Json);
          actions.push(`lambda:${String(action.LambdaAction.FunctionArn)}`);
        }
      }
      return { messageId, smtp: 250, actions };
    },
  };
}
