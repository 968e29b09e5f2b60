/**
 * The synthesized stack as CloudFormation would read it: the template and asset manifest in `cdk.out`,
 * each resource given a physical name the way CloudFormation names resources it creates, and the
 * intrinsic functions (Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split) resolved to those names
 * and to the loopback endpoints of the rehearsal. Nothing here reads the source: what is deployed is what
 * is rehearsed (DESIGN.md principle 8).
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export interface Resource {
  Type: string;
  Properties?: Record<string, Json>;
  Metadata?: Record<string, Json>;
  DependsOn?: string | string[];
}
export interface CfnTemplate {
  Resources: Record<string, Resource>;
  Outputs?: Record<string, { Value: Json; Description?: string; Export?: Json }>;
}

/** The fake account the rehearsal deploys into; ARNs carry it as real ones carry the account id. */
export const ACCOUNT = "123456789012";

export interface CloudAssembly {
  dir: string;
  stackName: string;
  region: string;
  template: CfnTemplate;
  /** S3 object key of an asset (as the template's Code.S3Key names it) → its folder in cdk.out. */
  assetDirs: Map<string, string>;
}

interface Manifest {
  artifacts: Record<string, { type: string; environment?: string; properties?: { templateFile?: string; file?: string } }>;
}

/** Reads the one stack of a cloud assembly (`npm run synth` writes it to cdk.out). */
export function readCloudAssembly(given: string): CloudAssembly {
  const dir = resolve(given);
  const manifestFile = join(dir, "manifest.json");
  if (!existsSync(manifestFile)) throw new Error(`${dir} holds no cloud assembly: run npm run synth first`);
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as Manifest;
  const stacks = Object.entries(manifest.artifacts).filter(([, a]) => a.type === "aws:cloudformation:stack");
  if (stacks.length !== 1) throw new Error(`expected one stack in ${dir}, found ${stacks.length}`);
  const [stackName, stack] = stacks[0] as [string, Manifest["artifacts"][string]];
  const region = /\/([a-z]{2}-[a-z]+-\d)$/.exec(stack.environment ?? "")?.[1];
  if (!region) throw new Error(`stack ${stackName} has no region in its environment (${stack.environment})`);
  const template = JSON.parse(readFileSync(join(dir, stack.properties?.templateFile ?? ""), "utf8")) as CfnTemplate;
  const assetDirs = new Map<string, string>();
  for (const a of Object.values(manifest.artifacts).filter((x) => x.type === "cdk:asset-manifest")) {
    const assets = JSON.parse(readFileSync(join(dir, a.properties?.file ?? ""), "utf8")) as { files: Record<string, { source: { path: string }; destinations: Record<string, { objectKey: string }> }> };
    for (const f of Object.values(assets.files)) for (const d of Object.values(f.destinations)) assetDirs.set(d.objectKey, join(dir, f.source.path));
  }
  return { dir, stackName, region, template, assetDirs };
}

const short = (s: string, n: number) => createHash("sha256").update(s).digest("hex").slice(0, n).toUpperCase();

/**
 * Physical names as CloudFormation gives them to resources that name none: "<stack>-<logicalId>-<random>",
 * cut to the service's limit (deterministic here, so a rehearsal's data folder can be read again).
 */
export function physicalName(stackName: string, logicalId: string, max: number, lower = false): string {
  const suffix = short(`${stackName}/${logicalId}`, 12);
  const head = `${stackName}-${logicalId}`.slice(0, max - suffix.length - 1);
  const name = `${head}-${suffix}`;
  return lower ? name.toLowerCase() : name;
}

export interface Endpoints {
  /** The HTTP API's own URL, which the rehearsal serves on loopback (Fn::GetAtt Api.ApiEndpoint). */
  apiUrl: string;
}

/** Resolves a template's names and intrinsic functions for one rehearsal. */
export class Resolver {
  readonly names = new Map<string, string>();
  constructor(readonly assembly: CloudAssembly, readonly endpoints: Endpoints) {
    for (const [id, r] of Object.entries(assembly.template.Resources)) this.names.set(id, this.nameOf(id, r));
  }

  get region(): string {
    return this.assembly.region;
  }

  arn(service: string, resource: string, region = this.region): string {
    return `arn:aws:${service}:${region}:${ACCOUNT}:${resource}`;
  }

  private nameOf(id: string, r: Resource): string {
    const p = r.Properties ?? {};
    const stack = this.assembly.stackName;
    const str = (v: Json | undefined) => (typeof v === "string" ? v : undefined);
    switch (r.Type) {
      case "AWS::DynamoDB::Table": return str(p.TableName) ?? physicalName(stack, id, 255);
      case "AWS::S3::Bucket": return str(p.BucketName) ?? physicalName(stack, id, 63, true);
      case "AWS::Lambda::Function": return str(p.FunctionName) ?? physicalName(stack, id, 64);
      case "AWS::StepFunctions::StateMachine": return str(p.StateMachineName) ?? physicalName(stack, id, 80);
      case "AWS::SES::ConfigurationSet": return str(p.Name) ?? physicalName(stack, id, 64);
      case "AWS::SES::ReceiptRuleSet": return str(p.RuleSetName) ?? physicalName(stack, id, 64);
      case "AWS::SecretsManager::Secret": return str(p.Name) ?? physicalName(stack, id, 64);
      case "AWS::SNS::Topic": return str(p.TopicName) ?? physicalName(stack, id, 256);
      case "AWS::ApiGatewayV2::Api": return short(id, 10).toLowerCase();
      default: return physicalName(stack, id, 64);
    }
  }

  name(id: string): string {
    const n = this.names.get(id);
    if (!n) throw new Error(`template has no resource ${id}`);
    return n;
  }

  resource(id: string): Resource {
    const r = this.assembly.template.Resources[id];
    if (!r) throw new Error(`template has no resource ${id}`);
    return r;
  }

  /** Secrets Manager appends six random characters to a secret's name in its ARN. */
  secretArn(id: string): string {
    return this.arn("secretsmanager", `secret:${this.name(id)}-${short(id, 6).slice(0, 6)}`);
  }

  ref(id: string): string {
    switch (id) {
      case "AWS::Partition": return "aws";
      case "AWS::AccountId": return ACCOUNT;
      case "AWS::Region": return this.region;
      case "AWS::StackName": return this.assembly.stackName;
      case "AWS::URLSuffix": return "amazonaws.com";
      case "AWS::NoValue": return "";
    }
    const r = this.resource(id);
    const name = this.name(id);
    switch (r.Type) {
      case "AWS::SecretsManager::Secret": return this.secretArn(id);
      case "AWS::SNS::Topic": return this.arn("sns", name);
      case "AWS::StepFunctions::StateMachine": return this.arn("states", `stateMachine:${name}`);
      case "AWS::KMS::Key": return short(id, 32).toLowerCase();
      default: return name;
    }
  }

  getAtt(id: string, attribute: string): string {
    const r = this.resource(id);
    const name = this.name(id);
    const key = `${r.Type}.${attribute}`;
    switch (key) {
      case "AWS::Lambda::Function.Arn": return this.arn("lambda", `function:${name}`);
      case "AWS::DynamoDB::Table.Arn": return this.arn("dynamodb", `table/${name}`);
      case "AWS::S3::Bucket.Arn": return `arn:aws:s3:::${name}`;
      case "AWS::KMS::Key.Arn": return this.arn("kms", `key/${this.ref(id)}`);
      case "AWS::Logs::LogGroup.Arn": return this.arn("logs", `log-group:${name}:*`);
      case "AWS::IAM::Role.Arn": return `arn:aws:iam::${ACCOUNT}:role/${name}`;
      case "AWS::StepFunctions::StateMachine.Arn": return this.ref(id);
      case "AWS::StepFunctions::StateMachine.Name": return name;
      case "AWS::SNS::Topic.TopicArn": return this.ref(id);
      case "AWS::SNS::Topic.TopicName": return name;
      case "AWS::ApiGatewayV2::Api.ApiEndpoint": return this.endpoints.apiUrl;
      case "AWS::ApiGatewayV2::Api.ApiId": return name;
      case "AWS::SecretsManager::Secret.Id": return this.secretArn(id);
    }
    const dkim = /^DkimDNSToken(Name|Value)([123])$/.exec(attribute);
    if (r.Type === "AWS::SES::EmailIdentity" && dkim) {
      // Easy DKIM: three CNAMEs <token>._domainkey.<domain> → <token>.dkim.amazonses.com.
      const token = short(`${id}/dkim${dkim[2]}`, 32).toLowerCase();
      return dkim[1] === "Name" ? `${token}._domainkey.${String(r.Properties?.EmailIdentity)}` : `${token}.dkim.amazonses.com`;
    }
    throw new Error(`the rehearsal cannot resolve Fn::GetAtt ${id}.${attribute} (${r.Type})`);
  }

  /** Resolves every intrinsic function inside a template value. */
  resolve(value: Json | undefined): Json {
    if (value === undefined) return null;
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (!value || typeof value !== "object") return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const k = keys[0] as string;
      const arg = value[k] as Json;
      switch (k) {
        case "Ref": return this.ref(String(arg));
        case "Fn::GetAtt": {
          const [id, att] = Array.isArray(arg) ? arg.map(String) : String(arg).split(".");
          return this.getAtt(String(id), String(att));
        }
        case "Fn::Join": {
          const [sep, parts] = arg as [string, Json[]];
          return (this.resolve(parts) as Json[]).map(String).join(sep);
        }
        case "Fn::Select": {
          const [i, list] = arg as [number, Json];
          return (this.resolve(list) as Json[])[Number(this.resolve(i))] ?? null;
        }
        case "Fn::Split": {
          const [sep, s] = arg as [string, Json];
          return String(this.resolve(s)).split(sep);
        }
        case "Fn::Sub": {
          const [text, vars] = (Array.isArray(arg) ? arg : [arg, {}]) as [string, Record<string, Json>];
          return text.replace(/\$\{([^}]+)\}/g, (_m, ref: string) => {
            if (vars[ref] !== undefined) return String(this.resolve(vars[ref]));
            const [id, att] = ref.split(".");
            return att ? this.getAtt(String(id), att) : this.ref(ref);
          });
        }
      }
      if (k.startsWith("Fn::")) throw new Error(`the rehearsal cannot resolve ${k}`);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolve(v)]));
  }

  /** The resources of one type, with resolved properties. */
  ofType(type: string): { id: string; name: string; properties: Record<string, Json> }[] {
    return Object.entries(this.assembly.template.Resources)
      .filter(([, r]) => r.Type === type)
      .map(([id, r]) => ({ id, name: this.name(id), properties: this.resolve(r.Properties ?? {}) as Record<string, Json> }));
  }

  /** The stack's outputs, resolved, as DescribeStacks reports them. */
  outputs(): { OutputKey: string; OutputValue: string; Description?: string }[] {
    return Object.entries(this.assembly.template.Outputs ?? {}).map(([k, o]) => ({
      OutputKey: k,
      OutputValue: String(this.resolve(o.Value)),
      ...(o.Description ? { Description: o.Description } : {}),
    }));
  }
}
