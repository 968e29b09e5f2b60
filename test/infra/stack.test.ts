import { readFileSync } from "node:fs";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { METRIC_NAMES } from "#adapters/metrics";
import { buildApp } from "../../infra/app.ts";
import { STACK_OUTPUTS } from "../../infra/outputs.ts";
import { readStageSettings } from "../../infra/settings.ts";
import { parseKeyRing, sign, verifySignature } from "#adapters/link-keys";
import { recordsTable } from "#adapters/table-definition";
import { STATE_MACHINES, WORKFLOW_TASKS } from "#functions/registry";
import { generateSecretString, randomPassword, type GenerateSecretString } from "#local/secrets";
import { tableFromTemplate } from "#local/tables";
import { ROOT } from "../support/rulebooks.ts";

const CONTEXT = { stage: "test", region: "eu-north-1", senderDomain: "sundhedsklynge-syd.example.org", inboundDomain: "svar.sundhedsklynge-syd.example.org", alarmEmail: "drift@sundhedsklynge-syd.example.org" };

let template: Template;
let resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;

beforeAll(() => {
  // A real synth, offline, with every Lambda bundled by the local esbuild; cdk-nag runs as a validation
  // plugin and makes synth throw on any unacknowledged finding.
  const { app, stack } = buildApp(new App({ context: CONTEXT, outdir: `${ROOT}cdk.out/test` }));
  app.synth();
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources;
}, 180_000);

describe("infra: the stack (CDK, cdk-nag)", () => {
  it("synthesizes offline with no unacknowledged cdk-nag AwsSolutions finding", () => {
    expect(Object.keys(resources).length).toBeGreaterThan(50);
  });

  it("the table has point-in-time recovery, customer-managed encryption, deletion protection and TTL", () => {
    template.hasResourceProperties("AWS::DynamoDB::Table", {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      SSESpecification: { SSEEnabled: true, SSEType: "KMS" },
      TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
      BillingMode: "PAY_PER_REQUEST",
    });
  });

  it("issue 19: the table the tests create on DynamoDB Local is the one the template declares (keys, indexes, TTL)", () => {
    const tables = Object.values(resources).filter((r) => r.Type === "AWS::DynamoDB::Table");
    expect(tables).toHaveLength(1);
    expect(tableFromTemplate(tables[0]?.Properties as never, "klyngeflow")).toEqual(recordsTable("klyngeflow"));
  });

  it("no IAM statement allows a '*' action or a whole service ('dynamodb:*')", () => {
    const actions = Object.values(resources)
      .filter((r) => r.Type === "AWS::IAM::Policy")
      .flatMap((r) => ((r.Properties?.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement))
      .flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
    expect(actions.length).toBeGreaterThan(20);
    expect(actions.filter((a) => a === "*" || a.endsWith(":*"))).toEqual([]);
  });

  it("one Lambda per workflow task, Node.js 22 on ARM, bundled as ESM", () => {
    const fns = Object.values(resources).filter((r) => r.Type === "AWS::Lambda::Function" && r.Properties?.Runtime === "nodejs22.x");
    expect(fns.length).toBe(Object.keys(WORKFLOW_TASKS).length + 5);
    expect(fns.every((f) => (f.Properties?.Architectures as string[])[0] === "arm64")).toBe(true);
  });

  it("the state machines are the files in workflows/, byte for byte, with only the ARNs substituted", () => {
    const machines = Object.values(resources).filter((r) => r.Type === "AWS::StepFunctions::StateMachine");
    expect(machines).toHaveLength(Object.keys(STATE_MACHINES).length);
    for (const [name, file] of Object.entries(STATE_MACHINES)) {
      const m = machines.find((x) => x.Properties?.StateMachineName === `klyngeflow-test-${name}`);
      const text = readFileSync(`${ROOT}${file}`, "utf8");
      expect(m?.Properties?.DefinitionString).toBe(text);
      const placeholders = [...new Set([...text.matchAll(/\$\{(\w+)\}/g)].map((x) => x[1]))].sort();
      const subs = m?.Properties?.DefinitionSubstitutions as Record<string, { "Fn::GetAtt": [string, string] }>;
      expect(Object.keys(subs).sort()).toEqual(placeholders);
      for (const sub of Object.values(subs)) expect(resources[sub["Fn::GetAtt"][0]]?.Type).toBe("AWS::Lambda::Function");
    }
  });

  it("SES: replies are stored raw in a private encrypted bucket before the inbound Lambda runs", () => {
    template.hasResourceProperties("AWS::SES::ReceiptRule", {
      Rule: { Recipients: ["svar.sundhedsklynge-syd.example.org"], ScanEnabled: true, Actions: [{ S3Action: { ObjectKeyPrefix: "inbound/" } }, { LambdaAction: { InvocationType: "Event" } }] },
    });
    const buckets = Object.values(resources).filter((r) => r.Type === "AWS::S3::Bucket");
    for (const b of buckets) {
      expect(b.Properties?.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      expect(b.Properties?.BucketEncryption).toBeDefined();
    }
  });

  it("alarms on failed and timed-out executions, missed deadlines, failed sends and replies set aside", () => {
    const alarms = Object.values(resources).filter((r) => r.Type === "AWS::CloudWatch::Alarm").map((r) => r.Properties?.MetricName);
    expect(alarms).toEqual(expect.arrayContaining(["ExecutionsFailed", "ExecutionsTimedOut", "DeadlineMissed", "SendFailed", "ReplySetAside"]));
  });

  it("issue 19, defect 7: every alarm on our namespace watches a metric exactly as the handlers' Powertools metrics write it (EMF)", async () => {
    const ours = Object.values(resources).filter((r) => r.Type === "AWS::CloudWatch::Alarm" && !String(r.Properties?.Namespace).startsWith("AWS/"));
    expect(ours.length).toBeGreaterThanOrEqual(3);
    const { metrics } = await import("#adapters/observability");
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => { written.push(String(chunk)); return true; });
    try {
      for (const alarm of ours) {
        const name = String(alarm.Properties?.MetricName);
        expect(Object.values(METRIC_NAMES)).toContain(name);
        written.length = 0;
        metrics.count(name as never);
        metrics.flush();
        const emf = JSON.parse(written.join("").trim().split("\n").find((l) => l.includes('"_aws"')) ?? "{}") as { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] } } & Record<string, unknown>;
        const [directive] = emf._aws.CloudWatchMetrics;
        expect(alarm.Properties?.Namespace).toBe(directive?.Namespace);
        expect(directive?.Metrics.map((m) => m.Name)).toEqual([name]);
        expect(alarm.Properties?.Dimensions).toEqual((directive?.Dimensions[0] ?? []).map((d) => ({ Name: d, Value: emf[d] })));
      }
    } finally {
      spy.mockRestore();
    }
  });
});

describe("issue 19, defect 1: the link-key secret as Secrets Manager generates it from the template", () => {
  // Two secrets of the same shape: the link keys and (issue 20) the audit keys; both are read as key rings.
  const generated = () => {
    const secrets = Object.values(resources).filter((r) => r.Type === "AWS::SecretsManager::Secret");
    expect(secrets).toHaveLength(2);
    const links = secrets.find((r) => String(r.Properties?.Description ?? "").includes("member links"));
    return generateSecretString(links?.Properties?.GenerateSecretString as GenerateSecretString);
  };

  it("is a key ring the Lambdas read at cold start, whose current key signs and verifies", () => {
    for (let i = 0; i < 20; i++) {
      const ring = parseKeyRing(generated());
      expect(ring.current).toBe("k1");
      const signature = sign(ring, "token-123");
      expect(verifySignature(ring, "token-123", "k1", signature)).toBe(true);
      expect(verifySignature(ring, "token-124", "k1", signature)).toBe(false);
    }
  });

  it("rotation as the README tells it: a key added and made current signs new links; links signed before keep verifying", () => {
    const before = JSON.parse(generated()) as Record<string, string>;
    const old = parseKeyRing(JSON.stringify(before));
    const sentLink = sign(old, "token-sent-before");
    // README: add "k2" with a new random value (aws secretsmanager get-random-password) and set current to it.
    const after = parseKeyRing(JSON.stringify({ ...before, current: "k2", k2: randomPassword({ PasswordLength: 48, ExcludePunctuation: true }) }));
    expect(after.current).toBe("k2");
    expect(verifySignature(after, "token-sent-before", "k1", sentLink)).toBe(true);
    const newLink = sign(after, "token-new");
    expect(verifySignature(after, "token-new", "k2", newLink)).toBe(true);
    expect(verifySignature(after, "token-new", "k1", newLink)).toBe(false);
    // Removing k1 retires the links it signed.
    const { k1: _retired, ...rest } = JSON.parse(JSON.stringify({ ...before, current: "k2", k2: "x".repeat(48) })) as Record<string, string>;
    expect(verifySignature(parseKeyRing(JSON.stringify(rest)), "token-sent-before", "k1", sentLink)).toBe(false);
  });
});

type Env = { Variables: Record<string, unknown> };
const lambdaEnvironments = (r: typeof resources) =>
  Object.values(r).filter((x) => x.Type === "AWS::Lambda::Function" && x.Properties?.Runtime === "nodejs22.x").map((f) => (f.Properties?.Environment as Env).Variables);

describe("issue 19, defect 5: links point at a URL the stack serves, and the stack says where everything is", () => {
  it("with no custom domain, every function's PUBLIC_URL is the HTTP API's own execute-api URL", () => {
    const apis = Object.entries(resources).filter(([, r]) => r.Type === "AWS::ApiGatewayV2::Api");
    expect(apis).toHaveLength(1);
    const envs = lambdaEnvironments(resources);
    expect(envs.length).toBe(Object.keys(WORKFLOW_TASKS).length + 5);
    for (const env of envs) expect(env.PUBLIC_URL).toEqual({ "Fn::GetAtt": [apis[0]?.[0], "ApiEndpoint"] });
    expect(JSON.stringify(envs)).not.toContain("klyngeflow.sundhedsklynge-syd.example.org");
  });

  it("outputs what an operator and the admin tool need: URLs, the MX target, table, machines, buckets, secret, DKIM records", () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown; Description?: string }>;
    // PublicUrlDnsTarget only with a custom domain (below).
    expect(Object.keys(outputs).sort()).toEqual(Object.values(STACK_OUTPUTS).filter((n) => n !== STACK_OUTPUTS.publicUrlDnsTarget).sort());
    const ref = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type).map(([id]) => id);
    expect(outputs[STACK_OUTPUTS.inboundMxRecord]?.Value).toBe("10 inbound-smtp.eu-north-1.amazonaws.com");
    expect(outputs[STACK_OUTPUTS.inboundDomain]?.Value).toBe("svar.sundhedsklynge-syd.example.org");
    expect(outputs[STACK_OUTPUTS.region]?.Value).toBe("eu-north-1");
    expect(outputs[STACK_OUTPUTS.tableName]?.Value).toEqual({ Ref: ref("AWS::DynamoDB::Table")[0] });
    expect(outputs[STACK_OUTPUTS.linkKeysSecretArn]?.Value).toEqual({ Ref: ref("AWS::SecretsManager::Secret")[0] });
    const ruleSet = outputs[STACK_OUTPUTS.receiptRuleSet]?.Value as { Ref: string };
    expect(resources[ruleSet.Ref]?.Properties?.RuleSetName).toBe("klyngeflow-test-inbound");
    const machines = ref("AWS::StepFunctions::StateMachine");
    expect([outputs[STACK_OUTPUTS.meetingCycleArn]?.Value, outputs[STACK_OUTPUTS.writtenVoteArn]?.Value]).toEqual(expect.arrayContaining(machines.map((m) => ({ Ref: m }))));
    const buckets = ref("AWS::S3::Bucket");
    for (const b of [STACK_OUTPUTS.blobBucket, STACK_OUTPUTS.inboundBucket]) expect(buckets.map((id) => ({ Ref: id }))).toContainEqual(outputs[b]?.Value);
    const api = ref("AWS::ApiGatewayV2::Api")[0];
    expect(JSON.stringify(outputs[STACK_OUTPUTS.consoleUrl]?.Value)).toContain(api);
    expect(JSON.stringify(outputs[STACK_OUTPUTS.consoleUrl]?.Value)).toContain("/console");
    expect(JSON.stringify(outputs[STACK_OUTPUTS.memberPagesBaseUrl]?.Value)).toContain("/m/");
    for (const n of [1, 2, 3] as const) expect(JSON.stringify(outputs[STACK_OUTPUTS[`dkim${n}`]]?.Value)).toMatch(new RegExp(`DkimDNSTokenName${n}.* CNAME .*DkimDNSTokenValue${n}`));
  });

  it("with publicUrl and its certificate, the stack maps the custom domain to the API and every link uses it", () => {
    const { app, stack } = buildApp(new App({ context: { ...CONTEXT, publicUrl: "https://klyngeflow.sundhedsklynge-syd.example.org", certificateArn: CERTIFICATE }, outdir: `${ROOT}cdk.out/test-domain` }));
    app.synth();
    const custom = Template.fromStack(stack);
    custom.hasResourceProperties("AWS::ApiGatewayV2::DomainName", { DomainName: "klyngeflow.sundhedsklynge-syd.example.org", DomainNameConfigurations: [{ CertificateArn: CERTIFICATE, EndpointType: "REGIONAL" }] });
    custom.resourceCountIs("AWS::ApiGatewayV2::ApiMapping", 1);
    for (const env of lambdaEnvironments(custom.toJSON().Resources)) expect(env.PUBLIC_URL).toBe("https://klyngeflow.sundhedsklynge-syd.example.org");
    const outputs = custom.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs[STACK_OUTPUTS.publicUrl]?.Value).toBe("https://klyngeflow.sundhedsklynge-syd.example.org");
    expect(JSON.stringify(outputs[STACK_OUTPUTS.publicUrlDnsTarget]?.Value)).toContain("RegionalDomainName");
  }, 180_000);
});

type Statement = { Effect: string; Principal?: { Service?: string | string[]; AWS?: unknown }; Action: string | string[]; Condition?: Record<string, Record<string, unknown>> };
const list = (x: string | string[] | undefined) => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
const keyOf = (topicId: string) => (resources[topicId]?.Properties?.KmsMasterKeyId as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];
const keyStatements = (keyId: string) => (resources[keyId]?.Properties?.KeyPolicy as { Statement: Statement[] }).Statement;
const byService = (statements: Statement[], service: string) => statements.filter((st) => st.Effect === "Allow" && list(st.Principal?.Service).includes(service));
const topicIdBy = (displayName: string) => Object.entries(resources).find(([, r]) => r.Type === "AWS::SNS::Topic" && r.Properties?.DisplayName === displayName)?.[0] ?? "";

describe("issue 19, defect 6: the encrypted SNS topics can be published to by the services that publish to them", () => {
  const publishers = [["klyngeflow alarms", "cloudwatch.amazonaws.com", ":cloudwatch:", ":alarm:*"], ["klyngeflow bounces and complaints", "ses.amazonaws.com", ":ses:", ":configuration-set/"]] as const;
  for (const [topic, service, arnService, arnResource] of publishers) {
    it(`${topic}: its KMS key lets ${service} encrypt (kms:GenerateDataKey*, kms:Decrypt) for this topic only, from this account's ${arnResource.replace(/[:/*]/g, "")}s`, () => {
      const id = topicIdBy(topic);
      expect(id).not.toBe("");
      const grants = byService(keyStatements(keyOf(id)), service);
      expect(grants).toHaveLength(1);
      const [grant] = grants;
      expect(list(grant?.Action).sort()).toEqual(["kms:Decrypt", "kms:GenerateDataKey*"]);
      // The topic's own ARN, formatted from its name (a reference would be a cycle: the topic refers to the key).
      const topicName = String(resources[id]?.Properties?.TopicName);
      expect(topicName).toMatch(/^klyngeflow-test-/);
      expect(JSON.stringify(grant?.Condition?.StringEquals?.["kms:EncryptionContext:aws:sns:topicArn"])).toMatch(new RegExp(`:sns:eu-north-1:.*"AWS::AccountId".*":${topicName}"`));
      const source = JSON.stringify(grant?.Condition?.ArnLike?.["aws:SourceArn"]);
      expect(source).toContain(arnService);
      expect(source).toContain(arnResource);
      expect(source).toContain("AWS::AccountId");
    });

    it(`${topic}: its topic policy lets ${service} publish, from this account only`, () => {
      const id = topicIdBy(topic);
      const policy = Object.values(resources).find((r) => r.Type === "AWS::SNS::TopicPolicy" && JSON.stringify(r.Properties?.Topics) === JSON.stringify([{ Ref: id }]));
      const allows = byService((policy?.Properties?.PolicyDocument as { Statement: Statement[] }).Statement, service);
      expect(allows.map((st) => list(st.Action))).toEqual([["sns:Publish"]]);
      expect(allows[0]?.Condition?.StringEquals?.["AWS:SourceAccount"] ?? allows[0]?.Condition?.StringEquals?.["aws:SourceAccount"]).toEqual({ Ref: "AWS::AccountId" });
    });
  }

  it("the data key (table, blobs, secret) grants no service principal but SES's write of raw inbound mail: the topics have a key of their own", () => {
    const dataKey = Object.entries(resources).find(([, r]) => r.Type === "AWS::KMS::Key" && String(r.Properties?.Description).includes("records"))?.[0] ?? "";
    expect(keyStatements(dataKey).flatMap((st) => list(st.Principal?.Service))).toEqual(["ses.amazonaws.com"]);
  });
});

/** The actions of a function's role (its inline policies), and the resources of each action. */
function roleActions(r: typeof resources, functionId: string): Map<string, unknown[]> {
  const role = ((r[functionId]?.Properties?.Role as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"])[0];
  const out = new Map<string, unknown[]>();
  for (const policy of Object.values(r).filter((x) => x.Type === "AWS::IAM::Policy" && JSON.stringify(x.Properties?.Roles) === JSON.stringify([{ Ref: role }]))) {
    for (const st of (policy.Properties?.PolicyDocument as { Statement: (Statement & { Resource: unknown })[] }).Statement) {
      for (const a of list(st.Action)) out.set(a, [...(out.get(a) ?? []), ...(Array.isArray(st.Resource) ? st.Resource : [st.Resource])]);
    }
  }
  return out;
}
const functionId = (r: typeof resources, logicalPrefix: string) =>
  Object.keys(r).find((id) => r[id]?.Type === "AWS::Lambda::Function" && id.startsWith(logicalPrefix) && !id.slice(logicalPrefix.length).startsWith("Logs")) ?? `(no ${logicalPrefix})`;

// Read from each handler and the use cases it calls (issue 19, defect 10). Every function but the
// authorizer reads the link keys at a cold start (secret + its KMS key); the table is one Store (GetItem,
// Query, PutItem); every email sent is kept raw in the blob bucket first (s3:PutObject); X-Ray everywhere.
const TRACE = ["xray:PutTelemetryRecords", "xray:PutTraceSegments"];
const READ = ["dynamodb:GetItem", "dynamodb:Query", "kms:Decrypt", "secretsmanager:GetSecretValue"];
// Every writer also appends audit entries: sealed with the audit keys (a second GetSecretValue) and anchored
// in the Object Lock bucket (s3:PutObject on anchors/*), issue 20.
const WRITE = [...READ, "dynamodb:PutItem", "kms:Encrypt", "kms:GenerateDataKey", "s3:PutObject"];
const MAIL = [...WRITE, "s3:PutObject", "ses:SendRawEmail"];
const EXPECTED: Record<string, string[]> = {
  WorkflowsSendBallotsFunction: MAIL,
  WorkflowsStepWrittenVoteFunction: MAIL, // reminders to seats without an answer
  WorkflowsCloseWrittenVoteFunction: MAIL, // the outcome to every seat
  WorkflowsAwaitEventFunction: [...WRITE, "states:SendTaskSuccess"], // stores the token; resumes at once if the event already happened
  WorkflowsLoadMeetingFunction: READ,
  WorkflowsContinueMeetingCycleFunction: ["kms:Decrypt", "secretsmanager:GetSecretValue", "states:StartExecution"], // starts the next segment, nothing else
  WorkflowsSendCallForItemsFunction: MAIL,
  WorkflowsStepItemRequestsFunction: MAIL, // report reminders and escalations
  WorkflowsStepAgendaFunction: MAIL, // reminders, the missed-deadline alert
  WorkflowsSendAgendaFunction: MAIL,
  WorkflowsSendQuorumForecastFunction: MAIL,
  WorkflowsMarkMeetingHeldFunction: WRITE,
  WorkflowsStepMinutesFunction: MAIL,
  WorkflowsSendMinutesFunction: MAIL,
  WorkflowsEvaluateMinutesRoundFunction: MAIL, // the approval to every seat
  InboundMail: [...MAIL, "s3:GetObject", "s3:ListBucket", "states:SendTaskSuccess"], // raw from the inbound bucket; a vote's last answer resumes its close
  SweepInbound: [...MAIL, "s3:GetObject", "s3:ListBucket", "states:SendTaskSuccess"],
  MailEvents: MAIL, // marks the address, alerts the secretariat
  Api: [...MAIL, "s3:GetObject", "s3:ListBucket", "states:SendTaskSuccess", "states:StartExecution", "states:StopExecution"],
  Authorizer: ["dynamodb:GetItem", "kms:Decrypt"], // looks up one API token's hash; nothing else
};

describe("issue 19, defect 10: each function has exactly the permissions its handler uses", () => {
  it("covers every function of the stack", () => {
    const fns = Object.keys(resources).filter((id) => resources[id]?.Type === "AWS::Lambda::Function" && resources[id]?.Properties?.Runtime === "nodejs22.x");
    expect(fns.map((id) => Object.keys(EXPECTED).find((p) => id.startsWith(p))).filter(Boolean)).toHaveLength(fns.length);
    expect(Object.keys(EXPECTED)).toHaveLength(Object.keys(WORKFLOW_TASKS).length + 5);
  });

  for (const [fn, actions] of Object.entries(EXPECTED)) {
    it(`${fn}: ${[...new Set(actions)].filter((a) => !a.startsWith("kms")).map((a) => a.split(":")[1]).join(", ")}`, () => {
      const granted = roleActions(resources, functionId(resources, fn));
      expect([...granted.keys()].sort()).toEqual([...new Set([...actions, ...TRACE])].sort());
    });
  }

  const refOf = (type: string, match: (p: Record<string, unknown>) => boolean) => Object.entries(resources).find(([, r]) => r.Type === type && match(r.Properties ?? {}))?.[0];
  it("and on exactly its resources: machines by workflow, the inbound bucket only for mail in, keys by use", () => {
    const machine = (name: string) => JSON.stringify({ "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, `:states:eu-north-1:`, { Ref: "AWS::AccountId" }, `:stateMachine:klyngeflow-test-${name}`]] });
    const on = (fn: string, action: string) => (roleActions(resources, functionId(resources, fn)).get(action) ?? []).map((x) => JSON.stringify(x)).sort();
    expect(on("WorkflowsContinueMeetingCycleFunction", "states:StartExecution")).toEqual([machine("meeting-cycle")]);
    expect(on("InboundMail", "states:SendTaskSuccess")).toEqual([machine("written-vote")]);
    expect(on("WorkflowsAwaitEventFunction", "states:SendTaskSuccess")).toEqual([machine("meeting-cycle"), machine("written-vote")].sort());
    expect(on("Api", "states:StopExecution")).toHaveLength(1);
    expect(on("Api", "states:StopExecution")[0]).toContain(":execution:klyngeflow-test-meeting-cycle:*");
    const inbound = refOf("AWS::S3::Bucket", (p) => JSON.stringify(p).includes("inbound"));
    const blobs = refOf("AWS::S3::Bucket", (p) => p.Versioned === undefined && JSON.stringify(p).includes("blobs/")) ?? refOf("AWS::S3::Bucket", (p) => JSON.stringify(p.LoggingConfiguration ?? {}).includes("blobs/"));
    expect(on("InboundMail", "s3:GetObject").every((r) => r.includes(String(inbound)) && r.includes("/inbound/*"))).toBe(true);
    expect(on("Api", "s3:GetObject").every((r) => r.includes(String(blobs)))).toBe(true);
    const anchors = refOf("AWS::S3::Bucket", (p) => p.ObjectLockEnabled === true);
    expect(on("SweepInbound", "s3:PutObject").every((r) => r.includes(String(blobs)) || (r.includes(String(anchors)) && r.includes("/anchors/*")))).toBe(true);
    expect(on("WorkflowsMarkMeetingHeldFunction", "s3:PutObject").every((r) => r.includes(String(anchors)) && r.includes("/anchors/*"))).toBe(true);
  });

  it("blobs and raw inbound mail are encrypted with the stack's records key, and SES may use it only to write the inbound bucket", () => {
    const dataKey = refOf("AWS::KMS::Key", (p) => String(p.Description).includes("records")) ?? "";
    for (const id of Object.keys(resources).filter((k) => resources[k]?.Type === "AWS::S3::Bucket" && !k.includes("AccessLogs"))) {
      const rule = (resources[id]?.Properties?.BucketEncryption as { ServerSideEncryptionConfiguration: { ServerSideEncryptionByDefault: Record<string, unknown>; BucketKeyEnabled?: boolean }[] }).ServerSideEncryptionConfiguration[0];
      expect([id, rule?.ServerSideEncryptionByDefault]).toEqual([id, { SSEAlgorithm: "aws:kms", KMSMasterKeyID: { "Fn::GetAtt": [dataKey, "Arn"] } }]);
      expect(rule?.BucketKeyEnabled).toBe(true);
    }
    const ses = byService(keyStatements(dataKey), "ses.amazonaws.com");
    expect(ses.map((st) => list(st.Action).sort())).toEqual([["kms:GenerateDataKey*"]]);
    const inbound = Object.values(resources).find((r) => r.Type === "AWS::S3::Bucket" && JSON.stringify(r.Properties?.BucketName ?? "").includes("inbound"));
    const context = JSON.stringify(ses[0]?.Condition?.StringEquals?.["kms:EncryptionContext:aws:s3:arn"]);
    expect(context).toContain(":s3:::klyngeflow-test-inbound-");
    // The same name the bucket has (its Fn::Join parts), so the grant is for that bucket only.
    expect(context).toContain(JSON.stringify((inbound?.Properties?.BucketName as { "Fn::Join": [string, unknown[]] })["Fn::Join"][1].slice(1)).slice(1, -1));
  });
});

const CERTIFICATE = "arn:aws:acm:eu-north-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789";

describe("infra: stage settings from CDK context are validated", () => {
  it("names the field that is wrong", () => {
    const ctx = { ...CONTEXT, alarmEmail: "not-an-address", region: "north" } as Record<string, unknown>;
    expect(() => readStageSettings((k) => ctx[k])).toThrow("invalid CDK context: region: expected an AWS region like eu-north-1; alarmEmail: Invalid email address");
  });

  it("defect 5: publicUrl is an https origin with no path, and needs its certificate in the stack's region", () => {
    const read = (extra: Record<string, unknown>) => () => readStageSettings((k) => ({ ...CONTEXT, ...extra } as Record<string, unknown>)[k]);
    expect(read({ publicUrl: "https://klyngeflow.example.org/" })).toThrow("publicUrl: expected https://<host> with no path or trailing slash");
    expect(read({ publicUrl: "http://klyngeflow.example.org" })).toThrow("publicUrl: expected https://<host> with no path or trailing slash");
    expect(read({ publicUrl: "https://klyngeflow.example.org" })).toThrow("certificateArn: required with publicUrl: an ACM certificate for klyngeflow.example.org in eu-north-1");
    expect(read({ publicUrl: "https://klyngeflow.example.org", certificateArn: CERTIFICATE.replace("eu-north-1", "us-east-1") })).toThrow("certificateArn: expected a certificate in eu-north-1");
    expect(read({ publicUrl: "https://klyngeflow.example.org", certificateArn: CERTIFICATE })().publicUrl).toBe("https://klyngeflow.example.org");
    expect(read({})().publicUrl).toBeUndefined();
  });
});
