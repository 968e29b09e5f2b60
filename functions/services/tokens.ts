/**
 * Reply tokens (issue 5): an opaque random token of 128 bits per message, scoped to (seat, matter,
 * action), stored only as its SHA-256 hash. Its signed form — `<token>-<kid><hmac>` — is the local part
 * of the reply address (`svar+…@`) and the path of the member link, so a forged or garbled token is
 * refused before any lookup, and keys can be rotated.
 */
import { createHash, createHmac, randomBytes } from "node:crypto";
import { epochMs, type Instant } from "#domain/calendar";
import type { KeyRing } from "#adapters/link-keys";
import { base32, sign, verifySignature } from "#adapters/link-keys";
import type { RecordOf } from "#adapters/records";
import type { Store } from "#adapters/store";

export type TokenAction = RecordOf<"token">["action"];
export type TokenRecord = RecordOf<"token">;

const SIGNED = /^([a-z2-7]{26})-([a-z0-9]{2})([a-z2-7]{26})$/;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface IssueTokenInput {
  committeeId: string;
  matter: string;
  action: TokenAction;
  seatId?: string | undefined;
  initiativeId?: string | undefined;
  expiresAt: Instant;
  emailKey: string;
}

/** Issues a token for one message. Deterministic per email key: a retried send reuses the same token. */
export async function issueToken(store: Store, keys: KeyRing, now: Instant, input: IssueTokenInput): Promise<string> {
  // Derived from the email's idempotency key and a secret, so a retry of the same send issues the same
  // token (and the same reply address) instead of a second one.
  const seed = createHmac("sha256", keys.keys[keys.current] ?? Buffer.alloc(32)).update(`token:${input.emailKey}`).digest();
  const token = base32(seed.subarray(0, 16));
  await store.create("token", {
    tokenHash: hashToken(token),
    committeeId: input.committeeId,
    matter: input.matter,
    action: input.action,
    ...(input.seatId ? { seatId: input.seatId } : {}),
    ...(input.initiativeId ? { initiativeId: input.initiativeId } : {}),
    issuedAt: now,
    expiresAt: input.expiresAt,
    emailKey: input.emailKey,
  });
  return `${token}-${keys.current}${sign(keys, token)}`;
}

/** A fresh random token not tied to an email (e.g. a confirmation link). */
export function randomToken(): string {
  return base32(randomBytes(16));
}

export type TokenCheck =
  | { ok: true; token: TokenRecord }
  | { ok: false; reason: "malformed" | "forged" | "unknown" | "expired" | "revoked"; token?: TokenRecord };

/** Verifies a signed token: signature first (no lookup for forgeries), then the stored record. */
export async function verifyToken(store: Store, keys: KeyRing, signed: string, now: Instant): Promise<TokenCheck> {
  const m = SIGNED.exec(signed.trim().toLowerCase());
  if (!m) return { ok: false, reason: "malformed" };
  const [, token = "", kid = "", signature = ""] = m;
  if (!verifySignature(keys, token, kid, signature)) return { ok: false, reason: "forged" };
  const record = await store.get("token", { pk: `TOKEN#${hashToken(token)}`, sk: "TOKEN" });
  if (!record) return { ok: false, reason: "unknown" };
  if (record.revokedAt && epochMs(record.revokedAt) <= epochMs(now)) return { ok: false, reason: "revoked", token: record };
  if (epochMs(record.expiresAt) <= epochMs(now)) return { ok: false, reason: "expired", token: record };
  return { ok: true, token: record };
}

/** Revokes every token of a matter (or of one seat in it), e.g. when a vote is cancelled. */
export async function revokeTokens(store: Store, committeeId: string, matter: string, now: Instant, seatId?: string): Promise<number> {
  const tokens = await store.listByIndex("token", `TOKENS#${committeeId}#${matter}`, seatId ? `${seatId}#` : "");
  let n = 0;
  for (const t of tokens) {
    if (t.revokedAt) continue;
    await store.put("token", { ...t, revokedAt: now });
    n += 1;
  }
  return n;
}

/** Pulls the signed token out of a reply address such as svar+TOKEN@svar.example.org. */
export function tokenFromAddress(address: string, inboundDomain: string): string | undefined {
  const m = /^([^@+]+)\+([^@]+)@(.+)$/.exec(address.trim().toLowerCase());
  if (!m || m[3] !== inboundDomain.toLowerCase()) return undefined;
  return m[2];
}

export function replyAddress(signedToken: string, inboundDomain: string): string {
  return `svar+${signedToken}@${inboundDomain}`;
}
