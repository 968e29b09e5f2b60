/**
 * Secrets Manager as the stack's template makes it: each AWS::SecretsManager::Secret is created with the
 * value its GenerateSecretString makes Secrets Manager generate (the template string, with a random
 * password under GenerateStringKey), and served on loopback to the functions' real SecretsManagerClient.
 * Like Secrets Manager it finds a secret by name, by its ARN, or by the ARN without the random suffix,
 * and answers ResourceNotFoundException otherwise.
 */
import { randomUUID } from "node:crypto";
import { generateSecretString, type GenerateSecretString } from "#local/secrets";
import { AwsError, jsonService, type Listening } from "./aws-json-server.ts";
import type { Resolver } from "./template.ts";

interface StoredSecret { arn: string; name: string; value: string; versionId: string; created: number }

export interface SecretsStandIn extends Listening {
  secrets: StoredSecret[];
}

export async function startSecretsManager(resolver: Resolver): Promise<SecretsStandIn> {
  const secrets: StoredSecret[] = resolver.ofType("AWS::SecretsManager::Secret").map(({ id, name, properties }) => {
    const g = properties.GenerateSecretString as GenerateSecretString | undefined;
    const value = typeof properties.SecretString === "string" ? properties.SecretString : g ? generateSecretString(g) : "";
    return { arn: resolver.secretArn(id), name, value, versionId: randomUUID(), created: Date.now() / 1000 };
  });
  const find = (id: unknown): StoredSecret => {
    const s = secrets.find((x) => id === x.name || id === x.arn || id === x.arn.replace(/-[A-Za-z0-9]{6}$/, ""));
    if (!s) throw new AwsError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    return s;
  };
  const server = await jsonService("secretsmanager", {
    GetSecretValue: (i) => {
      const s = find(i.SecretId);
      return { ARN: s.arn, Name: s.name, VersionId: s.versionId, SecretString: s.value, VersionStages: ["AWSCURRENT"], CreatedDate: s.created };
    },
    PutSecretValue: (i) => {
      const s = find(i.SecretId);
      if (typeof i.SecretString !== "string" || !i.SecretString) throw new AwsError("InvalidParameterException", "You must provide either SecretString or SecretBinary.");
      Object.assign(s, { value: i.SecretString, versionId: String(i.ClientRequestToken ?? randomUUID()) });
      return { ARN: s.arn, Name: s.name, VersionId: s.versionId, VersionStages: ["AWSCURRENT"] };
    },
    DescribeSecret: (i) => {
      const s = find(i.SecretId);
      return { ARN: s.arn, Name: s.name, CreatedDate: s.created };
    },
  });
  return { ...server, secrets };
}
