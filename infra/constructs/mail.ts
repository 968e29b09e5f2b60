/**
 * SES: the sending identity and configuration set (bounces and complaints go to an SNS topic), and the
 * receiving side: a receipt rule for the reply domain that stores each message raw in a private encrypted
 * bucket before a Lambda reads it (raw first, R-7.2). The rule set must be made active once by hand (SES
 * allows one active set per region; CloudFormation cannot activate it).
 */
import { Arn, Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import { BlockPublicAccess, Bucket, BucketEncryption } from "aws-cdk-lib/aws-s3";
import { ConfigurationSet, ConfigurationSetTlsPolicy, EmailIdentity, EmailSendingEvent, EventDestination, Identity, ReceiptRuleSet, SuppressionReasons } from "aws-cdk-lib/aws-ses";
import { Lambda as LambdaAction, LambdaInvocationType, S3 as S3Action } from "aws-cdk-lib/aws-ses-actions";
import type { Topic } from "aws-cdk-lib/aws-sns";
import type { IKey, Key } from "aws-cdk-lib/aws-kms";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { allowPublisher, encryptedTopic } from "./notifications.ts";

export interface MailProps {
  prefix: string;
  senderDomain: string;
  inboundDomain: string;
  key: IKey;
  /** The key of the mail-events topic, which SES must be allowed to use (issue 19, defect 6). */
  notificationsKey: Key;
  accessLogs: IBucket;
}

export class Mail extends Construct {
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  readonly events: Topic;
  readonly inbound: Bucket;
  readonly ruleSet: ReceiptRuleSet;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, "ConfigurationSet", {
      configurationSetName: `${props.prefix}-mail`,
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.identity = new EmailIdentity(this, "Sender", { identity: Identity.domain(props.senderDomain), configurationSet: this.configurationSet });
    const events = encryptedTopic(this, "Events", { topicName: `${props.prefix}-mail-events`, displayName: "klyngeflow bounces and complaints", key: props.notificationsKey });
    this.events = events.topic;
    const configurationSet = Arn.format({ service: "ses", resource: "configuration-set", resourceName: `${props.prefix}-mail` }, Stack.of(this));
    allowPublisher(events, props.notificationsKey, "ses.amazonaws.com", configurationSet, { topicPolicy: false });
    this.configurationSet.addEventDestination("BouncesAndComplaints", {
      destination: EventDestination.snsTopic(this.events),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.REJECT],
    });
    // SES writes with SSE-S3 (it cannot use our customer key without a key policy for the SES service).
    this.inbound = new Bucket(this, "Inbound", {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: "inbound/",
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.ruleSet = new ReceiptRuleSet(this, "Receipts", { receiptRuleSetName: `${props.prefix}-inbound` });
  }

  /** Replies to the inbound domain: stored raw, then handed to the inbound Lambda. */
  receiveWith(handler: IFunction, inboundDomain: string): void {
    this.ruleSet.addRule("Replies", {
      recipients: [inboundDomain],
      scanEnabled: true,
      actions: [
        new S3Action({ bucket: this.inbound, objectKeyPrefix: "inbound/" }),
        new LambdaAction({ function: handler, invocationType: LambdaInvocationType.EVENT }),
      ],
    });
  }
}
