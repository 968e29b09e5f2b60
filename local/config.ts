/** Settings of the local stack, from the environment (DESIGN.md "Public surfaces"), validated. */
import { resolve } from "node:path";
import * as z from "zod/mini";
import { validate } from "#domain/validation";
import { newApiToken } from "#functions/committee/api-tokens";

const port = z.pipe(z.string(), z.transform((s) => Number(s))).check(z.refine((n) => Number.isInteger(n) && n >= 0 && n <= 65535, "skal være et portnummer 0–65535"));

const envSchema = z.object({
  PORT: z._default(port, 3000),
  SMTP_PORT: z._default(port, 2525),
  DATA_DIR: z._default(z.string().check(z.minLength(1)), ".data"),
  KLYNGEFLOW_TOKEN: z.optional(z.string().check(z.minLength(16, "skal være mindst 16 tegn"), z.maxLength(200, "må højst være 200 tegn"), z.regex(/^\S+$/, "må ikke indeholde mellemrum"))),
});

/** A setting of the environment that is wrong: the message names it, in Danish. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export interface LocalConfig {
  port: number;
  smtpPort: number;
  dataDir: string;
  token: string;
  tokenFromEnv: boolean;
}

export function readLocalConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  const result = validate(envSchema, {
    PORT: env.PORT || undefined,
    SMTP_PORT: env.SMTP_PORT || undefined,
    DATA_DIR: env.DATA_DIR || undefined,
    KLYNGEFLOW_TOKEN: env.KLYNGEFLOW_TOKEN || undefined,
  });
  if (!result.ok) throw new ConfigError(`ugyldig indstilling: ${result.problems.map((p) => `${p.field} ${p.message}`).join("; ")}`);
  const { PORT, SMTP_PORT, DATA_DIR, KLYNGEFLOW_TOKEN } = result.data;
  return {
    port: PORT,
    smtpPort: SMTP_PORT,
    dataDir: resolve(DATA_DIR),
    // The same kind of token as every other the system issues (kf_…), so it is recognised wherever it is pasted.
    token: KLYNGEFLOW_TOKEN ?? newApiToken(),
    tokenFromEnv: Boolean(KLYNGEFLOW_TOKEN),
  };
}
