/**
 * Who calls the API: a bearer token, stored only as its hash, with one role in one committee. The same
 * check runs in the local server and in AWS (the HTTP API's Lambda authorizer calls it). Members never use
 * API tokens: they act only through the tokens in their own emails.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Store } from "#adapters/store";
import { apiTokens } from "./repository.ts";

export type Role = "secretariat" | "chair";

export interface Caller {
  role: Role;
  committeeId: string;
  name: string;
}

export function hashApiToken(token: string): string {
  return createHash("sha256").update(`api:${token}`).digest("hex");
}

export function newApiToken(): string {
  return `kf_${randomBytes(24).toString("base64url")}`;
}

/** Stores a token for a role (idempotent for the same token). */
export async function issueApiToken(store: Store, now: string, input: { token: string; role: Role; committeeId: string; name: string }): Promise<void> {
  await apiTokens.create(store, { tokenHash: hashApiToken(input.token), role: input.role, committeeId: input.committeeId, name: input.name, createdAt: now });
}

/** Revokes a token by its id (the hash); the record stays, marked, for the audit. Undefined if unknown. */
export async function revokeApiToken(store: Store, now: string, tokenHash: string) {
  const record = await apiTokens.get(store, tokenHash);
  if (!record) return undefined;
  if (record.revokedAt) return record;
  const revoked = { ...record, revokedAt: now };
  await apiTokens.put(store, revoked);
  return revoked;
}

/** The caller a bearer token stands for, or undefined for a missing, unknown or revoked token. */
export async function authenticate(store: Store, authorization: string | undefined): Promise<Caller | undefined> {
  const m = /^Bearer\s+(\S{16,200})$/i.exec(authorization?.trim() ?? "");
  if (!m?.[1]) return undefined;
  const record = await apiTokens.get(store, hashApiToken(m[1]));
  if (!record || record.revokedAt) return undefined;
  return { role: record.role, committeeId: record.committeeId, name: record.name };
}
