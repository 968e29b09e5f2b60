/**
 * The events AWS delivers to Lambda, shaped as the services document them: SNS notifications (from the
 * SNS developer guide's Lambda example) and EventBridge scheduled events. SES receipt events are built by
 * the SES stand-in (ses.ts), API Gateway's by its stand-in (api-gateway.ts).
 */
import { randomUUID } from "node:crypto";
import type { Json, Resolver } from "./template.ts";

/** An SNS notification as a Lambda subscription receives it. */
export function snsEvent(topicArn: string, subscriptionArn: string, message: string, at: Date, subject: string | null = null): Json {
  const region = topicArn.split(":")[3] ?? "eu-north-1";
  return {
    Records: [{
      EventSource: "aws:sns",
      EventVersion: "1.0",
      EventSubscriptionArn: subscriptionArn,
      Sns: {
        Type: "Notification",
        MessageId: randomUUID(),
        TopicArn: topicArn,
        Subject: subject,
        Message: message,
        Timestamp: at.toISOString(),
        SignatureVersion: "1",
        Signature: Buffer.from(randomUUID()).toString("base64"),
        SigningCertUrl: `https://sns.${region}.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem`,
        UnsubscribeUrl: `https://sns.${region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`,
        MessageAttributes: {},
      },
    }],
  };
}

/** An EventBridge "Scheduled Event" as a rule with a ScheduleExpression sends it to its target. */
export function scheduledEvent(ruleArn: string, at: Date): Json {
  const [, , , region = "", account = ""] = ruleArn.split(":");
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "Scheduled Event",
    source: "aws.events",
    account,
    time: at.toISOString().replace(/\.\d{3}Z$/, "Z"),
    region,
    resources: [ruleArn],
    detail: {},
  };
}

/** SNS: each topic's Lambda subscriptions from the template, invoked asynchronously on publish. */
export function snsTopics(resolver: Resolver, invokeAsync: (arn: string, event: Json) => Promise<unknown>, now: () => Date) {
  const subscriptions = resolver.ofType("AWS::SNS::Subscription").map((s) => ({ id: s.id, topicArn: String(s.properties.TopicArn), protocol: String(s.properties.Protocol), endpoint: String(s.properties.Endpoint) }));
  const published: { topicArn: string; message: string; deliveredTo: string[] }[] = [];
  return {
    published,
    async publish(topicArn: string, message: string): Promise<void> {
      const deliveredTo: string[] = [];
      for (const s of subscriptions.filter((x) => x.topicArn === topicArn)) {
        // Email subscriptions stay pending until confirmed by a person; only Lambda ones are delivered here.
        if (s.protocol !== "lambda") continue;
        await invokeAsync(s.endpoint, snsEvent(topicArn, `${topicArn}:${randomUUID()}`, message, now()));
        deliveredTo.push(s.endpoint);
      }
      published.push({ topicArn, message, deliveredTo });
    },
  };
}

/** EventBridge rules with a schedule, and the functions they target. */
export function scheduleRules(resolver: Resolver) {
  return resolver.ofType("AWS::Events::Rule")
    .filter((r) => typeof r.properties.ScheduleExpression === "string" && r.properties.State !== "DISABLED")
    .map((r) => ({
      arn: resolver.arn("events", `rule/${r.name}`),
      schedule: String(r.properties.ScheduleExpression),
      targets: ((r.properties.Targets as { Arn: string }[] | null) ?? []).map((t) => t.Arn),
    }));
}
