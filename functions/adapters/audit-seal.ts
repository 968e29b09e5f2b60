/**
 * What makes the audit trail evidence: every entry's hash is sealed with an HMAC under a key the
 * table does not hold, and every new chain head is anchored outside the table, where it cannot be taken back.
 * Whoever can write the table can then neither change an entry and rehash the rest (the seal needs the key)
 * nor remove the newest entries (the anchor remembers how long the chain was).
 *
 * Locally the keys are a file in the data folder and the anchors an append-only file beside it; in AWS the
 * keys are a secret and the anchors objects in a bucket with S3 Object Lock (s3-anchors.ts).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { KeyRing } from "./link-keys.ts";
import { newKeyRing, parseKeyRing, serializeKeyRing } from "./link-keys.ts";

/** The head of a matter's chain after an append: its length and its last entry's hash. */
export interface AuditHead {
  committeeId: string;
  matter: string;
  seq: number;
  hash: string;
}

export interface AuditSeal {
  /** The seal of an entry's hash under the current key. */
  seal(hash: string): { kid: string; mac: string };
  /** Whether a seal holds (the key named by kid is known and the MAC matches). */
  holds(hash: string, kid: string, mac: string): boolean;
  /** Records a chain's new head where it cannot be changed. Idempotent for the same head. */
  anchor(head: AuditHead): Promise<void>;
  /** The longest anchored head of each of a committee's chains, by matter. */
  heads(committeeId: string): Promise<Map<string, AuditHead>>;
}

function mac(key: Buffer, hash: string): string {
  return createHmac("sha256", key).update(`audit:${hash}`).digest("hex");
}

/** Seals with a key ring (rotatable like the link keys: the current key seals, all verify). */
export function keyedSeal(keys: KeyRing, anchors: Pick<AuditSeal, "anchor" | "heads">): AuditSeal {
  return {
    seal(hash) {
      const key = keys.keys[keys.current];
      if (!key) throw new Error(`audit keys: the current key "${keys.current}" is missing`);
      return { kid: keys.current, mac: mac(key, hash) };
    },
    holds(hash, kid, given) {
      const key = keys.keys[kid];
      if (!key || !/^[0-9a-f]{64}$/.test(given)) return false;
      return timingSafeEqual(Buffer.from(mac(key, hash), "hex"), Buffer.from(given, "hex"));
    },
    anchor: (head) => anchors.anchor(head),
    heads: (committeeId) => anchors.heads(committeeId),
  };
}

/** The longest head per matter among anchored heads. */
export function longestHeads(all: Iterable<AuditHead>, committeeId: string): Map<string, AuditHead> {
  const heads = new Map<string, AuditHead>();
  for (const h of all) {
    if (h.committeeId !== committeeId) continue;
    const known = heads.get(h.matter);
    if (!known || h.seq > known.seq) heads.set(h.matter, h);
  }
  return heads;
}

/**
 * Anchors in an append-only file (one JSON line per head): appended with O_APPEND, never rewritten. An
 * operator could still edit it by hand; it is the local stand-in for the Object Lock bucket.
 */
export function fileAnchors(file: string): Pick<AuditSeal, "anchor" | "heads"> {
  mkdirSync(dirname(file), { recursive: true });
  return {
    async anchor(head) {
      appendFileSync(file, `${JSON.stringify(head)}\n`, { flag: "a", mode: 0o600 });
    },
    async heads(committeeId) {
      if (!existsSync(file)) return new Map();
      const lines = readFileSync(file, "utf8").split("\n").filter(Boolean);
      return longestHeads(lines.map((l) => JSON.parse(l) as AuditHead), committeeId);
    },
  };
}

/** Anchors kept in memory: for a test's own store, never for data that must be evidence. */
export function memoryAnchors(): Pick<AuditSeal, "anchor" | "heads"> {
  const all: AuditHead[] = [];
  return {
    async anchor(head) { all.push({ ...head }); },
    async heads(committeeId) { return longestHeads(all, committeeId); },
  };
}

/** The local seal: keys generated once and kept in the data folder (as the link keys are), anchors beside them. */
export function localSeal(dataDir: string): AuditSeal {
  const file = join(dataDir, "audit-keys.json");
  let ring: KeyRing;
  if (existsSync(file)) ring = parseKeyRing(readFileSync(file, "utf8"));
  else {
    mkdirSync(dataDir, { recursive: true });
    ring = newKeyRing();
    writeFileSync(file, serializeKeyRing(ring), { mode: 0o600 });
  }
  return keyedSeal(ring, fileAnchors(join(dataDir, "audit-anchors.jsonl")));
}
