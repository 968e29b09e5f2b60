/**
 * What an AWS service needs to publish to one of our KMS-encrypted SNS topics: sns:Publish in the topic's
 * policy, and kms:GenerateDataKey* / kms:Decrypt in the key's policy (SNS encrypts each message with a
 * data key under the publisher's permission). Both only for that topic and only for the publisher's own
 * resources in this account (aws:SourceArn), as the SNS developer guide's key-management section shows
 * for AWS event sources and encrypted topics.
 */
import { Arn, Stack } from "aws-cdk-lib";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { Key } from "aws-cdk-lib/aws-kms";
import { Topic } from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";

/**
 * A topic encrypted with `key`, named, so that the key's policy can name the topic's ARN without a
 * reference to it (the topic refers to the key: a reference back would be a cycle).
 */
export function encryptedTopic(scope: Construct, id: string, props: { topicName: string; displayName: string; key: Key }): { topic: Topic; arn: string } {
  const topic = new Topic(scope, id, { topicName: props.topicName, masterKey: props.key, enforceSSL: true, displayName: props.displayName });
  return { topic, arn: Arn.format({ service: "sns", resource: props.topicName }, Stack.of(scope)) };
}

export function allowPublisher(topic: { topic: Topic; arn: string }, key: Key, service: string, sourceArn: string, options: { topicPolicy?: boolean } = {}): void {
  const principal = new ServicePrincipal(service);
  // SES's event destination (aws-ses) writes its own topic statement; CloudWatch's alarm action writes none.
  if (options.topicPolicy ?? true) topic.topic.addToResourcePolicy(new PolicyStatement({
    principals: [principal],
    actions: ["sns:Publish"],
    resources: [topic.topic.topicArn],
    conditions: { StringEquals: { "AWS:SourceAccount": Stack.of(topic.topic).account }, ArnLike: { "aws:SourceArn": sourceArn } },
  }));
  key.addToResourcePolicy(new PolicyStatement({
    principals: [principal],
    actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
    resources: ["*"],
    conditions: { StringEquals: { "kms:EncryptionContext:aws:sns:topicArn": topic.arn }, ArnLike: { "aws:SourceArn": sourceArn } },
  }));
}
