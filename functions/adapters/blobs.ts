/** Raw bytes (inbound emails, sent emails, material, minutes): files under the data folder locally, S3 in AWS. */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";

/** A form a browser posts one file to, straight into the blob store (S3's presigned POST; locally its stand-in). */
export interface SignedUpload {
  url: string;
  /** Form fields to send before the file (the file goes last, as field "file"). */
  fields: Record<string, string>;
  expiresAt: string;
}

export interface Blobs {
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<Buffer | undefined>;
  list(prefix: string): Promise<string[]>;
  /**
   * Files larger than a Lambda request or response can carry (6 MB) go past it: uploaded by a signed form
   * to a key we chose, downloaded by a signed, expiring URL. Optional: stores without them keep files small.
   */
  signedUpload?(key: string, options: { contentType: string; maxBytes: number; expiresInSeconds: number }): Promise<SignedUpload>;
  signedDownload?(key: string, options: { fileName: string; contentType: string; expiresInSeconds: number }): Promise<string>;
  /** The size of a stored object, or undefined when there is none. */
  size?(key: string): Promise<number | undefined>;
}

export class InvalidBlobKeyError extends Error {
  constructor(key: string) {
    super(`blob key "${key}" is not allowed`);
    this.name = "InvalidBlobKeyError";
  }
}

/** Keys are ours (never user input verbatim); still refuse anything that could leave the folder. */
export function checkKey(key: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/.test(key) || key.includes("..") || key.includes("//")) throw new InvalidBlobKeyError(key);
  return key;
}

/** What the local server's upload and download routes check (local/http-server.ts): a signature over the terms. */
export interface LocalSigning {
  /** The server's base URL (known once it listens). */
  baseUrl(): string;
  secret: Buffer;
}

const sign = (secret: Buffer, text: string) => createHmac("sha256", secret).update(text).digest("hex");

/** Whether signed terms hold and have not expired. */
export function verifyLocalSignature(signing: Pick<LocalSigning, "secret">, text: string, signature: string, expiresAt: string, nowMs = Date.now()): boolean {
  const good = Buffer.from(sign(signing.secret, text), "hex");
  const given = Buffer.from(/^[0-9a-f]{64}$/.test(signature) ? signature : "0".repeat(64), "hex");
  return timingSafeEqual(good, given) && Date.parse(expiresAt) > nowMs;
}

export const uploadTerms = (f: { key: string; contentType: string; maxBytes: string; expires: string }) => `upload\n${f.key}\n${f.contentType}\n${f.maxBytes}\n${f.expires}`;
export const downloadTerms = (f: { key: string; name: string; type: string; expires: string }) => `download\n${f.key}\n${f.name}\n${f.type}\n${f.expires}`;

export function newLocalSigning(baseUrl: () => string): LocalSigning {
  return { baseUrl, secret: randomBytes(32) };
}

export class FileBlobs implements Blobs {
  private readonly root: string;
  constructor(root: string, private readonly signing?: LocalSigning) {
    this.root = resolve(root);
    mkdirSync(this.root, { recursive: true });
  }
  /** The terms the local server checks (only it asks). */
  signingForLocalServer(): LocalSigning | undefined {
    return this.signing;
  }
  async signedUpload(key: string, options: { contentType: string; maxBytes: number; expiresInSeconds: number }): Promise<SignedUpload> {
    if (!this.signing) throw new Error("signed uploads need the local server");
    const expires = new Date(Date.now() + options.expiresInSeconds * 1000).toISOString();
    const fields = { key: checkKey(key), contentType: options.contentType, maxBytes: String(options.maxBytes), expires };
    return { url: `${this.signing.baseUrl()}/local/blobs/upload`, fields: { ...fields, signature: sign(this.signing.secret, uploadTerms(fields)) }, expiresAt: expires };
  }
  async signedDownload(key: string, options: { fileName: string; contentType: string; expiresInSeconds: number }): Promise<string> {
    if (!this.signing) throw new Error("signed downloads need the local server");
    const f = { key: checkKey(key), name: options.fileName, type: options.contentType, expires: new Date(Date.now() + options.expiresInSeconds * 1000).toISOString() };
    const q = new URLSearchParams({ ...f, signature: sign(this.signing.secret, downloadTerms(f)) });
    return `${this.signing.baseUrl()}/local/blobs/download?${q}`;
  }
  async size(key: string): Promise<number | undefined> {
    const p = this.path(key);
    return existsSync(p) ? statSync(p).size : undefined;
  }
  private path(key: string): string {
    const p = resolve(join(this.root, checkKey(key)));
    if (!p.startsWith(this.root + sep)) throw new InvalidBlobKeyError(key);
    return p;
  }
  async put(key: string, body: Buffer): Promise<void> {
    const p = this.path(key);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, body);
  }
  async get(key: string): Promise<Buffer | undefined> {
    const p = this.path(key);
    return existsSync(p) ? readFileSync(p) : undefined;
  }
  async list(prefix: string): Promise<string[]> {
    const out: string[] = [];
    const walk = (dir: string, rel: string) => {
      if (!existsSync(dir)) return;
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const k = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) walk(join(dir, e.name), k);
        else if (k.startsWith(prefix)) out.push(k);
      }
    };
    walk(this.root, "");
    return out.sort();
  }
}

