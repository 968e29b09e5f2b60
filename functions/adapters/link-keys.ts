/**
 * The keys that sign reply addresses and member links. Several may be known (rotation): the current one
 * signs, all verify, and a retired key is simply removed. In AWS they are a secret; locally they are
 * generated once and kept in the data folder, in the same shape.
 *
 * The shape is what Secrets Manager generates from the stack's template (infra/constructs/data.ts):
 * `{"current":"k1","k1":"<48 random letters and digits>"}` — SecretStringTemplate `{"current":"k1"}` with the
 * generated password under GenerateStringKey "k1". A key is its text's UTF-8 bytes. Rotating is adding
 * `"k2":"<new random text>"` and setting `"current":"k2"` (README, "Link-signing keys").
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import * as z from "zod/mini";
import { describeProblems, validate } from "#domain/validation";

export interface KeyRing {
  /** kid of the key that signs new tokens */
  current: string;
  keys: Record<string, Buffer>;
}

const KID = /^[a-z0-9]{2}$/;
/** A key's text: at least 32 characters (the generated ones have 48, about 285 bits). */
const keyText = z.string().check(z.minLength(32, "expected a key of at least 32 characters"));
const keyRingSchema = z.catchall(z.object({ current: z.string().check(z.regex(KID, "expected a 2-character key id")) }), keyText);
/** Data folders written before issue 19 hold `{current, keys: {kid: base64 of 32 bytes}}`; their links must keep verifying. */
const legacyRingSchema = z.object({ current: z.string().check(z.regex(KID)), keys: z.record(z.string().check(z.regex(KID)), z.string().check(z.minLength(32))) });

export function parseKeyRing(json: string): KeyRing {
  const raw = JSON.parse(json) as unknown;
  const legacy = legacyRingSchema.safeParse(raw);
  const ring: KeyRing = legacy.success
    ? { current: legacy.data.current, keys: Object.fromEntries(Object.entries(legacy.data.keys).map(([k, v]) => [k, Buffer.from(v, "base64")])) }
    : (() => {
      const { current, ...keys } = parseRing(raw);
      return { current, keys: Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, Buffer.from(v, "utf8")])) };
    })();
  if (!ring.keys[ring.current]) throw new Error(`link keys: the current key "${ring.current}" is not among the keys`);
  return ring;
}

function parseRing(raw: unknown): { current: string } & Record<string, string> {
  const parsed = validate(keyRingSchema, raw);
  if (!parsed.ok) throw new Error(`link keys: ${describeProblems(parsed.problems).join("; ")}`);
  const bad = Object.keys(parsed.data).filter((k) => k !== "current" && !KID.test(k));
  if (bad.length) throw new Error(`link keys: ${bad.join(", ")}: expected 2-character key ids`);
  return parsed.data as { current: string } & Record<string, string>;
}

export function serializeKeyRing(ring: KeyRing): string {
  const keys = Object.entries(ring.keys).map(([k, v]) => {
    const text = v.toString("utf8");
    if (!Buffer.from(text, "utf8").equals(v)) throw new Error(`link keys: key ${k} is not text`);
    return [k, text];
  });
  return JSON.stringify({ current: ring.current, ...Object.fromEntries(keys) }, null, 2);
}

/** A new key's text: 32 random bytes as base64url (43 characters). */
const newKey = () => Buffer.from(randomBytes(32).toString("base64url"), "utf8");

export function newKeyRing(kid = "k1"): KeyRing {
  return { current: kid, keys: { [kid]: newKey() } };
}

/** Adds a new signing key; the old ones keep verifying until removed. */
export function rotate(ring: KeyRing, kid: string): KeyRing {
  return { current: kid, keys: { ...ring.keys, [kid]: newKey() } };
}

const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/** RFC 4648 base32, lower case, no padding: survives mail systems that lower-case local parts. */
export function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function sign(ring: KeyRing, token: string, kid = ring.current): string {
  const key = ring.keys[kid];
  if (!key) throw new Error(`unknown link key ${kid}`);
  return base32(createHmac("sha256", key).update(token).digest()).slice(0, 26);
}

export function verifySignature(ring: KeyRing, token: string, kid: string, signature: string): boolean {
  if (!ring.keys[kid]) return false;
  const expected = Buffer.from(sign(ring, token, kid));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
