/**
 * A secret generated as Secrets Manager generates it from a template's `GenerateSecretString`
 * (AWS::SecretsManager::Secret): a random password by the template's rules, put under `GenerateStringKey`
 * in the JSON of `SecretStringTemplate`. The tests and the rehearsal use it, so that what a Lambda reads
 * in AWS is what it reads here.
 */
import { randomInt } from "node:crypto";

/** The properties of `GenerateSecretString` in a synthesized template (CloudFormation's names). */
export interface GenerateSecretString {
  SecretStringTemplate?: string;
  GenerateStringKey?: string;
  PasswordLength?: number;
  ExcludeCharacters?: string;
  ExcludeLowercase?: boolean;
  ExcludeUppercase?: boolean;
  ExcludeNumbers?: boolean;
  ExcludePunctuation?: boolean;
  IncludeSpace?: boolean;
  RequireEachIncludedType?: boolean;
}

/** GetRandomPassword's character classes; its punctuation is every printable ASCII symbol. */
const CLASSES = {
  lower: "abcdefghijklmnopqrstuvwxyz",
  upper: "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  numbers: "0123456789",
  punctuation: "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
  space: " ",
};

/** A password by GetRandomPassword's rules (length 32 by default; one of each included class by default). */
export function randomPassword(p: GenerateSecretString = {}): string {
  const excluded = new Set(p.ExcludeCharacters ?? "");
  const classes = [
    p.ExcludeLowercase ? "" : CLASSES.lower,
    p.ExcludeUppercase ? "" : CLASSES.upper,
    p.ExcludeNumbers ? "" : CLASSES.numbers,
    p.ExcludePunctuation ? "" : CLASSES.punctuation,
    p.IncludeSpace ? CLASSES.space : "",
  ].map((c) => [...c].filter((ch) => !excluded.has(ch)).join("")).filter((c) => c.length > 0);
  const length = p.PasswordLength ?? 32;
  if (classes.length === 0) throw new Error("GenerateSecretString: every character is excluded");
  if ((p.RequireEachIncludedType ?? true) && length < classes.length) throw new Error("GenerateSecretString: PasswordLength is shorter than the classes it must include");
  const all = classes.join("");
  for (;;) {
    const password = Array.from({ length }, () => all[randomInt(all.length)]).join("");
    if (!(p.RequireEachIncludedType ?? true) || classes.every((c) => [...c].some((ch) => password.includes(ch)))) return password;
  }
}

/** The SecretString Secrets Manager stores for a template's `GenerateSecretString`. */
export function generateSecretString(p: GenerateSecretString): string {
  const password = randomPassword(p);
  if (!p.GenerateStringKey) return password;
  if (!p.SecretStringTemplate) throw new Error("GenerateSecretString: GenerateStringKey needs SecretStringTemplate");
  const template = JSON.parse(p.SecretStringTemplate) as Record<string, unknown>;
  return JSON.stringify({ ...template, [p.GenerateStringKey]: password });
}
