/**
 * The klyngeflow stack: data, the workflow Lambdas and state machines (from workflows/*.json), SES sending
 * and receiving, alarms. Each function gets exactly the actions its handler uses (infra/permissions.ts).
 */
import { HttpMethods } from "aws-cdk-lib/aws-s3";
import { Arn, ArnFormat, CfnOutput, Duration, Stack, Validations, type StackProps } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { Function as Handler } from "aws-cdk-lib/aws-lambda";
import { SnsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import { Rule, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import type { Construct } from "constructs";
import { METRIC_NAMESPACE, METRIC_SERVICE } from "../functions/adapters/metrics.ts";
import { STATE_MACHINES } from "../functions/registry.ts";
import type { WorkflowName } from "../functions/adapters/workflows.ts";
import { Alarms } from "./constructs/alarms.ts";
import { Data } from "./constructs/data.ts";
import { handlerFunction, stateMachineArn } from "./constructs/functions.ts";
import { Mail } from "./constructs/mail.ts";
import { Api } from "./constructs/http-api.ts";
import { Workflows } from "./constructs/workflows.ts";
import { STACK_OUTPUTS } from "./outputs.ts";
import { HANDLER_NEEDS, TASK_NEEDS, type Needs } from "./permissions.ts";
import type { StageSettings } from "./settings.ts";

export interface KlyngeflowStackProps extends StackProps {
  settings: StageSettings;
}

export class KlyngeflowStack extends Stack {
  readonly data: Data;
  readonly workflows: Workflows;
  readonly mail: Mail;
  readonly alarms: Alarms;
  readonly inboundFunction: Handler;
  readonly mailEventsFunction: Handler;
  readonly apiFunction: Handler;
  readonly authorizerFunction: Handler;
  readonly api: Api;
  readonly sweepFunction: Handler;

  constructor(scope: Construct, id: string, props: KlyngeflowStackProps) {
    super(scope, id, props);
    const s = props.settings;
    const prefix = `klyngeflow-${s.stage}`;
    this.data = new Data(this, "Data");
    this.mail = new Mail(this, "Mail", { prefix, senderDomain: s.senderDomain, inboundDomain: s.inboundDomain, key: this.data.key, notificationsKey: this.data.notificationsKey, accessLogs: this.data.accessLogs });
    // Named state machines: functions find them by a formatted ARN, which avoids a reference cycle
    // (machines reference functions; functions start machines).
    const machineArns = Object.fromEntries(Object.keys(STATE_MACHINES).map((n) => [n, stateMachineArn(this, `${prefix}-${n}`)])) as Record<WorkflowName, string>;
    // The API first: every email's links point at its URL (issue 19, defect 5).
    this.api = new Api(this, "Http", { prefix, customDomain: s.publicUrl && s.certificateArn ? { url: s.publicUrl, certificateArn: s.certificateArn } : undefined });
    const environment = {
      TABLE_NAME: this.data.table.tableName,
      BLOB_BUCKET: this.data.bucket.bucketName,
      INBOUND_BUCKET: this.mail.inbound.bucketName,
      MEETING_CYCLE_ARN: machineArns["meeting-cycle"],
      WRITTEN_VOTE_ARN: machineArns["written-vote"],
      SENDER_ADDRESS: `klyngeflow@${s.senderDomain}`,
      SENDER_DOMAIN: s.senderDomain,
      INBOUND_DOMAIN: s.inboundDomain,
      PUBLIC_URL: this.api.publicUrl,
      LINK_KEYS_SECRET_ARN: this.data.linkKeys.secretArn,
      AUDIT_KEYS_SECRET_ARN: this.data.auditKeys.secretArn,
      AUDIT_ANCHOR_BUCKET: this.data.anchors.bucketName,
      SES_CONFIGURATION_SET: this.mail.configurationSet.configurationSetName,
      POWERTOOLS_SERVICE_NAME: METRIC_SERVICE,
      POWERTOOLS_METRICS_NAMESPACE: METRIC_NAMESPACE,
    };
    this.workflows = new Workflows(this, "Workflows", { prefix, environment });
    this.inboundFunction = handlerFunction(this, "InboundMail", { entry: "functions/inbound-mail.ts", environment, timeout: Duration.minutes(1) });
    this.mailEventsFunction = handlerFunction(this, "MailEvents", { entry: "functions/mail-events.ts", environment });
    this.apiFunction = handlerFunction(this, "Api", { entry: "functions/api.ts", environment, timeout: Duration.seconds(29), memorySize: 1024 });
    this.authorizerFunction = handlerFunction(this, "Authorizer", { entry: "functions/authorize.ts", environment, timeout: Duration.seconds(10) });
    this.api.route({ app: this.apiFunction, authorizer: this.authorizerFunction });
    this.sweepFunction = handlerFunction(this, "SweepInbound", { entry: "functions/sweep-inbound.ts", environment, timeout: Duration.minutes(5) });
    new Rule(this, "SweepInboundSchedule", { schedule: Schedule.rate(Duration.minutes(15)), targets: [new LambdaFunction(this.sweepFunction)] });
    this.mail.receiveWith(this.inboundFunction, s.inboundDomain);
    this.mailEventsFunction.addEventSource(new SnsEventSource(this.mail.events));

    for (const [name, fn] of this.workflows.functions) this.grant(fn, TASK_NEEDS[name], machineArns);
    const handlers: Record<keyof typeof HANDLER_NEEDS, Handler> = {
      InboundMail: this.inboundFunction, SweepInbound: this.sweepFunction, MailEvents: this.mailEventsFunction, Api: this.apiFunction, Authorizer: this.authorizerFunction,
    };
    for (const [name, fn] of Object.entries(handlers)) this.grant(fn, HANDLER_NEEDS[name as keyof typeof HANDLER_NEEDS], machineArns);

    this.alarms = new Alarms(this, "Alarms", { prefix, alarmEmail: s.alarmEmail, key: this.data.notificationsKey });
    for (const [name, machine] of this.workflows.machines) this.alarms.watchStateMachine(name, machine);
    this.alarms.watchFunction("InboundMail", this.inboundFunction);
    this.alarms.watchFunction("Api", this.apiFunction);
    this.outputs(s);
    this.acknowledgeFindings();
  }

  /** Where everything is, for the operator after a deploy and for the admin tool (infra/outputs.ts). */
  private outputs(s: StageSettings): void {
    const out = (name: string, value: string, description: string) => new CfnOutput(this, name, { value, description });
    const o = STACK_OUTPUTS;
    // Large material and minutes are posted by the console straight to the blob bucket (a presigned POST,
    // issue 19 defect 8): the bucket accepts that from the console's own origin only.
    this.data.bucket.addCorsRule({ allowedMethods: [HttpMethods.POST], allowedOrigins: [this.api.publicUrl], allowedHeaders: ["*"], maxAge: 600 });
    const url = this.api.publicUrl;
    out(o.region, this.region, "The stack's region (SES sending and receiving, the table, the state machines).");
    out(o.publicUrl, url, "Base URL of the console, the API and the member pages; every email's links start with it.");
    if (this.api.dnsTarget) out(o.publicUrlDnsTarget, this.api.dnsTarget, `CNAME target for ${s.publicUrl?.slice("https://".length)} (the custom domain).`);
    out(o.apiUrl, this.api.api.apiEndpoint, "The HTTP API's own URL (execute-api), which works without any DNS.");
    out(o.consoleUrl, `${url}/console`, "The secretariat's console; log in with an API token.");
    out(o.memberPagesBaseUrl, `${url}/m/`, "Member pages: what signed links in emails open.");
    out(o.inboundDomain, s.inboundDomain, "The domain replies are sent to (svar+TOKEN@…).");
    out(o.inboundMxRecord, `10 inbound-smtp.${this.region}.amazonaws.com`, `The MX record for ${s.inboundDomain}: SES receives the replies.`);
    out(o.receiptRuleSet, this.mail.ruleSet.receiptRuleSetName, "Activate once: aws ses set-active-receipt-rule-set --rule-set-name <this>.");
    out(o.senderDomain, s.senderDomain, "The domain mail is sent from; verified in SES by the three DKIM records.");
    const identity = this.mail.identity;
    const dkim: [string, string][] = [
      [identity.dkimDnsTokenName1, identity.dkimDnsTokenValue1], [identity.dkimDnsTokenName2, identity.dkimDnsTokenValue2], [identity.dkimDnsTokenName3, identity.dkimDnsTokenValue3],
    ];
    [o.dkim1, o.dkim2, o.dkim3].forEach((name, i) => out(name, `${dkim[i]?.[0]} CNAME ${dkim[i]?.[1]}`, `DKIM record ${i + 1} of 3 for ${s.senderDomain}.`));
    out(o.tableName, this.data.table.tableName, "The records table (docs/store.md).");
    out(o.blobBucket, this.data.bucket.bucketName, "Material, minutes, sent mail.");
    out(o.inboundBucket, this.mail.inbound.bucketName, "Raw inbound replies, as SES stored them.");
    out(o.linkKeysSecretArn, this.data.linkKeys.secretArn, "The link-signing key ring (README: rotation).");
    out(o.auditKeysSecretArn, this.data.auditKeys.secretArn, "The keys that seal the audit trail (keep every key: old entries are verified with theirs).");
    out(o.auditAnchorBucket, this.data.anchors.bucketName, "The audit chains' anchors, under S3 Object Lock.");
    out(o.meetingCycleArn, this.workflows.machine("meeting-cycle").stateMachineArn, "The meeting-cycle state machine.");
    out(o.writtenVoteArn, this.workflows.machine("written-vote").stateMachineArn, "The written-vote state machine.");
    out(o.alarmTopicArn, this.alarms.topic.topicArn, "Alarms go to this topic (and the alarm address subscribed to it).");
  }

  /** Exactly the actions a function's needs (infra/permissions.ts) call for, on exactly their resources. */
  private grant(fn: Handler, needs: Needs, machines: Record<WorkflowName, string>): void {
    const { table, bucket, key, linkKeys, auditKeys, anchors } = this.data;
    const allow = (actions: string[], resources: string[]) => fn.addToRolePolicy(new PolicyStatement({ actions, resources }));
    if (needs.table === "get") allow(["dynamodb:GetItem"], [table.tableArn]);
    if (needs.table === "read" || needs.table === "write") allow(["dynamodb:GetItem", "dynamodb:Query"], [table.tableArn, `${table.tableArn}/index/*`]);
    if (needs.table === "write") {
      allow(["dynamodb:PutItem"], [table.tableArn]);
      // Every writer appends audit entries: sealed with the audit key, each new head anchored (R-7.2).
      allow(["secretsmanager:GetSecretValue"], [auditKeys.secretArn]);
      allow(["s3:PutObject"], [anchors.arnForObjects("anchors/*")]);
    }
    if (needs.auditVerify) allow(["s3:ListBucket"], [anchors.bucketArn]);
    if (needs.linkKeys) allow(["secretsmanager:GetSecretValue"], [linkKeys.secretArn]);
    if (needs.blobs?.includes("get")) {
      allow(["s3:GetObject"], [bucket.arnForObjects("*")]);
      // Without ListBucket a missing object answers 403, not 404 (S3Blobs.get returns undefined on NoSuchKey).
      allow(["s3:ListBucket"], [bucket.bucketArn]);
    }
    if (needs.blobs?.includes("put")) allow(["s3:PutObject"], [bucket.arnForObjects("*")]);
    if (needs.inbound) {
      allow(["s3:GetObject"], [this.mail.inbound.arnForObjects("inbound/*")]);
      allow(["s3:ListBucket"], [this.mail.inbound.bucketArn]);
    }
    // The records key: decrypting for every read (table, secret, objects), encrypting for every write.
    const writes = needs.table === "write" || needs.blobs?.includes("put");
    allow(writes ? ["kms:Decrypt", "kms:GenerateDataKey", "kms:Encrypt"] : ["kms:Decrypt"], [key.keyArn]);
    if (needs.mail) {
      allow(["ses:SendRawEmail"], [
        Arn.format({ service: "ses", resource: "identity", resourceName: this.mail.identity.emailIdentityName }, this),
        Arn.format({ service: "ses", resource: "configuration-set", resourceName: this.mail.configurationSet.configurationSetName }, this),
      ]);
    }
    const arns = (names: WorkflowName[] = []) => names.map((n) => machines[n]);
    if (needs.start?.length) allow(["states:StartExecution"], arns(needs.start));
    if (needs.resume?.length) allow(["states:SendTaskSuccess"], arns(needs.resume));
    if (needs.stop?.length) {
      allow(["states:StopExecution"], needs.stop.map((n) => Arn.format({ service: "states", resource: "execution", resourceName: `klyngeflow-${this.node.tryGetContext("stage") ?? "dev"}-${n}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }, this)));
    }
  }

  /** cdk-nag findings we accept, each named exactly and with its reason; the cdk-nag test fails on any other. */
  private acknowledgeFindings(): void {
    const ack = (finding: string, reason: string) => Validations.of(this).acknowledge({ id: `AwsSolutions::AwsSolutions-${finding}`, reason });
    const arn = (c: { node: { defaultChild?: unknown } }) => `<${this.getLogicalId(c.node.defaultChild as never)}.Arn>`;
    ack("IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]", "Lambda functions use the AWS-managed basic execution role only to write their own CloudWatch logs.");
    ack("IAM5[Resource::*]", "X-Ray trace segments and Step Functions log delivery have no resource-level permissions in IAM.");
    ack(`IAM5[Resource::${arn(this.data.table)}/index/*]`, "Queries on the table's own two secondary indexes (gsi1, gsi2).");
    ack(`IAM5[Resource::${arn(this.data.bucket)}/*]`, "Objects of our own private blob bucket; keys are built by the application (raw mail, material, minutes).");
    ack(`IAM5[Resource::${arn(this.data.anchors)}/anchors/*]`, "One object per audit chain head under anchors/ in our own Object Lock bucket; keys are built by the application.");
    ack(`IAM5[Resource::${arn(this.mail.inbound)}/inbound/*]`, "Raw inbound messages SES stored under inbound/, one object per message.");
    for (const name of Object.keys(STATE_MACHINES)) {
      ack(`IAM5[Resource::arn:<AWS::Partition>:states:${this.region}:<AWS::AccountId>:execution:klyngeflow-${this.node.tryGetContext("stage") ?? "dev"}-${name}:*]`, "Executions of our own state machine are named per meeting or vote, so they are matched by prefix.");
    }
    ack("APIG4", "The /api routes use a Lambda authorizer; the member pages, console and OpenAPI document check their own credentials (signed token, session cookie) in the app.");
    ack("SMG4", "The link-signing keys rotate by adding a key to the key ring (README); automatic rotation would invalidate the links in mail already sent.");
    ack("L1", "Node.js 22 is pinned deliberately: the code is tested on it; changing runtime is a reviewed change.");
  }
}
