/**
 * The keys that sign reply addresses and member links. Several may be known (rotation): the newest signs,
 * all verify, and a retired key is simply removed. In AWS they come from the environment (a secret);
 * locally they are generated once and kept in the data folder.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import * as z from "zod/mini";

export interface KeyRing {
  /** kid of the key that signs new tokens */
  current: string;
  keys: Record<string, Buffer>;
}

const keyRingSchema = z.object({
  current: z.string().check(z.regex(/^[a-z0-9]{2}$/, "expected a 2-character key id")),
  keys: z.record(z.string().check(z.regex(/^[a-z0-9]{2}$/)), z.string().check(z.minLength(32))),
});

export function parseKeyRing(json: string): KeyRing {
  const parsed = keyRingSchema.parse(JSON.parse(json));
  if (!parsed.keys[parsed.current]) throw new Error(`link keys: the current key "${parsed.current}" is not among the keys`);
  return { current: parsed.current, keys: Object.fromEntries(Object.entries(parsed.keys).map(([k, v]) => [k, Buffer.from(v, "base64")])) };
}

export function serializeKeyRing(ring: KeyRing): string {
  return JSON.stringify({ current: ring.current, keys: Object.fromEntries(Object.entries(ring.keys).map(([k, v]) => [k, v.toString("base64")])) }, null, 2);
}

export function newKeyRing(kid = "k1"): KeyRing {
  return { current: kid, keys: { [kid]: randomBytes(32) } };
}

/** Adds a new signing key; the old ones keep verifying until removed. */
export function rotate(ring: KeyRing, kid: string): KeyRing {
  return { current: kid, keys: { ...ring.keys, [kid]: randomBytes(32) } };
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
