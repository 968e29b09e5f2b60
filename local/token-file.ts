/** The tokens file of a data folder (api-tokens.json, readable only by its owner). */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface TokenFile {
  /** The data folder's own committee's tokens (printed by npm start when new). */
  secretariat: string;
  chair: string;
  /** Whose tokens these are; files written before there were several committees hold Sundhedsklynge Syd's. */
  committee?: string | undefined;
  /** Tokens of committees created later with `klyngeflow committee create` (shown once, kept here). */
  committees?: Record<string, { secretariat: string; chair: string }> | undefined;
}

export const tokenFilePath = (dataDir: string) => join(dataDir, "api-tokens.json");

export function readTokenFile(dataDir: string): TokenFile | undefined {
  const file = tokenFilePath(dataDir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as TokenFile) : undefined;
}

export function writeTokenFile(dataDir: string, tokens: TokenFile): void {
  writeFileSync(tokenFilePath(dataDir), JSON.stringify(tokens, null, 2), { mode: 0o600 });
}
