/**
 * Reply tokens: an opaque 128-bit token per message, scoped to (seat, matter, action). Only its
 * SHA-256 hash is stored, on the email record that carried it. Its signed form `<token>-<kid><hmac>` is
 * the local part of the reply address (`svar+…@`) and the path of the member link: a forged or garbled
 * token is refused before any lookup, and signing keys rotate.
 */
import { createHash, createHmac } from "node:crypto";
import { epochMs, type Instant } from "#domain/calendar";
import { base32, sign, verifySignature, type KeyRing } from "#adapters/link-keys";
import type { Store } from "#adapters/store";
import { emails, type EmailRecord } from "./repository.ts";

export type TokenAction = NonNullable<EmailRecord["token"]>["action"];
export type { EmailRecord };

const SIGNED = /^([a-z2-7]{26})-([a-z0-9]{2})([a-z2-7]{26})$/;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * The token of one email: a keyed hash of the email's idempotency key, so a retried send carries the same
 * token (and reply address) while nobody without the key can derive it.
 */
export function mintToken(keys: KeyRing, emailKey: string): { signed: string; hash: string } {
  const secret = keys.keys[keys.current];
  if (!secret) throw new Error(`link key ${keys.current} missing`);
  const token = base32(createHmac("sha256", secret).update(`token:${emailKey}`).digest().subarray(0, 16));
  return { signed: `${token}-${keys.current}${sign(keys, token)}`, hash: hashToken(token) };
}

export type TokenCheck =
  | { ok: true; email: EmailRecord }
  | { ok: false; reason: "malformed" | "forged" | "unknown" | "expired" | "revoked"; email?: EmailRecord };

/** The stored hash of a signed token whose signature holds, without a lookup; undefined for a forgery. */
export function verifiedTokenHash(keys: KeyRing, signed: string): string | undefined {
  const m = SIGNED.exec(signed.trim().toLowerCase());
  if (!m) return undefined;
  const [, token = "", kid = "", signature = ""] = m;
  return verifySignature(keys, token, kid, signature) ? hashToken(token) : undefined;
}

/** Verifies a signed token: the signature first (no lookup for forgeries), then the email that carried it. */
export async function verifyToken(store: Store, keys: KeyRing, signed: string, now: Instant): Promise<TokenCheck> {
  const m = SIGNED.exec(signed.trim().toLowerCase());
  if (!m) return { ok: false, reason: "malformed" };
  const [, token = "", kid = "", signature = ""] = m;
  if (!verifySignature(keys, token, kid, signature)) return { ok: false, reason: "forged" };
  return emailOfToken(store, hashToken(token), now);
}

/** The email that carried a token (by the token's hash), if the token was still valid at `at`. */
export async function emailOfToken(store: Store, tokenHash: string, at: Instant): Promise<TokenCheck> {
  const email = await emails.ofToken(store, tokenHash);
  if (!email?.token) return { ok: false, reason: "unknown" };
  if (email.token.revokedAt && epochMs(email.token.revokedAt) <= epochMs(at)) return { ok: false, reason: "revoked", email };
  if (epochMs(email.token.expiresAt) <= epochMs(at)) return { ok: false, reason: "expired", email };
  return { ok: true, email };
}

/**
 * Revokes the tokens of a matter's emails — all of them (a vote cancelled), or one seat's sent to some
 * addresses (a seat's holder or substitute replaced: their links stop working).
 */
export async function revokeTokens(store: Store, committeeId: string, matter: string, now: Instant, only: { seatId?: string; addresses?: readonly string[] } = {}): Promise<number> {
  const addresses = only.addresses ? new Set(only.addresses.map((a) => a.toLowerCase())) : undefined;
  let n = 0;
  for (const e of await emails.ofMatter(store, committeeId, matter)) {
    if (!e.token || e.token.revokedAt || (only.seatId && e.seatId !== only.seatId)) continue;
    if (addresses && !e.to.some((a) => addresses.has(a.toLowerCase()))) continue;
    await emails.put(store, { ...e, token: { ...e.token, revokedAt: now } });
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
