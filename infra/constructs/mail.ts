/**
 * SES: the sending identity and configuration set (bounces and complaints go to an SNS topic), and the
 * receiving side: a receipt rule for the reply domain that stores each message raw in a private bucket,
 * encrypted with the stack's records key, before a Lambda reads it (raw first, R-7.2). The rule set must be made active once by hand (SES
 * allows one active set per region; CloudFormation cannot activate it).
 */
import { Arn, Aws, Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { BlockPublicAccess, Bucket, BucketEncryption } from "aws-cdk-lib/aws-s3";
import { ConfigurationSet, ConfigurationSetTlsPolicy, EmailIdentity, EmailSendingEvent, EventDestination, Identity, ReceiptRuleSet, SuppressionReasons } from "aws-cdk-lib/aws-ses";
import { Lambda as LambdaAction, LambdaInvocationType, S3 as S3Action } from "aws-cdk-lib/aws-ses-actions";
import type { Topic } from "aws-cdk-lib/aws-sns";
import type { Key } from "aws-cdk-lib/aws-kms";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { allowPublisher, encryptedTopic } from "./notifications.ts";

export interface MailProps {
  prefix: string;
  senderDomain: string;
  inboundDomain: string;
  /** The records key: raw inbound mail is kept under it. */
  key: Key;
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
    // raw replies under the stack's records key, as the blobs (issue 19, defect 10). SES's
    // PutObject is encrypted by S3 under SES's own permission, so the key lets ses.amazonaws.com generate
    // data keys, and only for this bucket (S3's encryption context with bucket keys is the bucket's ARN).
    // Named, so that the key's policy can name it without a reference cycle (the bucket refers to the key).
    const bucketName = `${props.prefix}-inbound-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
    this.inbound = new Bucket(this, "Inbound", {
      bucketName,
      encryption: BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: "inbound/",
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    props.key.addToResourcePolicy(new PolicyStatement({
      principals: [new ServicePrincipal("ses.amazonaws.com")],
      actions: ["kms:GenerateDataKey*"],
      resources: ["*"],
      conditions: { StringEquals: { "kms:EncryptionContext:aws:s3:arn": `arn:${Aws.PARTITION}:s3:::${bucketName}` } },
    }));
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
