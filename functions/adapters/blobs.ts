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

/**
 * The terms of a signed form. A key ending in `${filename}` is a prefix: the store puts the uploaded file's
 * own name there (S3's POST does), so a form in a page without scripts still tells us the file's name.
 * Without contentType any type is taken; with redirectTo the store answers 303 to it with `key` (and
 * `bucket`, `etag`) in the query, as S3's success_action_redirect does.
 */
export interface SignedUploadOptions {
  contentType?: string;
  maxBytes: number;
  expiresInSeconds: number;
  redirectTo?: string;
}

/** Where a form's file name goes in its key. */
export const FILENAME = "${filename}";

export interface Blobs {
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<Buffer | undefined>;
  list(prefix: string): Promise<string[]>;
  /**
   * Files larger than a Lambda request or response can carry (6 MB) go past it: uploaded by a signed form
   * to a key we chose, downloaded by a signed, expiring URL. Optional: stores without them keep files small.
   */
  signedUpload?(key: string, options: SignedUploadOptions): Promise<SignedUpload>;
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

/**
 * Keys are ours, except the last segment of a file uploaded by a signed form, which is the file's own name
 * (`${filename}`): Danish letters and spaces, never a path. Refuse anything that could leave the folder.
 */
export function checkKey(key: string): string {
  const segments = key.split("/");
  const ours = segments.slice(0, -1).every((s) => /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(s));
  const last = segments.at(-1) ?? "";
  const name = /^[^\u0000-\u001f\u007f\\]{1,255}$/u.test(last) && last !== "." && last !== ".." && last.trim() === last;
  if (!ours || !name || Buffer.byteLength(key) > 1024) throw new InvalidBlobKeyError(key);
  return key;
}

/**
 * The file behind a key a signed form filled in: its name as the browser sent it, made fit to show and to
 * offer for download (no path or reserved characters), and its type as its ending says.
 */
export function uploadedFile(key: string): { name: string; contentType: string } {
  const raw = key.split("/").at(-1) ?? "";
  const name = raw.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, "_").replace(/\.{2,}/g, ".").trim().slice(-150) || "fil";
  const ending = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? "";
  return { name, contentType: TYPES[ending] ?? "application/octet-stream" };
}

/** What a signed form stored under a key that must start with `prefix`: undefined when the key is not one of those, or nothing is there (yet). */
export async function formUpload(blobs: Blobs, prefix: string, key: string): Promise<{ key: string; name: string; contentType: string; bytes: number } | undefined> {
  if (!key.startsWith(prefix) || key.slice(prefix.length).split("/").length !== 2) return undefined;
  try {
    checkKey(key);
  } catch {
    return undefined;
  }
  const bytes = await blobs.size?.(key);
  return bytes === undefined ? undefined : { key, ...uploadedFile(key), bytes };
}

const TYPES: Record<string, string> = {
  pdf: "application/pdf", doc: "application/msword", docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xls: "application/vnd.ms-excel", xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ppt: "application/vnd.ms-powerpoint", pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  odt: "application/vnd.oasis.opendocument.text", ods: "application/vnd.oasis.opendocument.spreadsheet", odp: "application/vnd.oasis.opendocument.presentation",
  csv: "text/csv", txt: "text/plain", png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", zip: "application/zip",
};

/** A file's name as a signed form puts it into its key (S3 takes it as the browser sends it; "/" would make a folder). */
export const nameInKey = (fileName: string) => fileName.replace(/[\\/\u0000-\u001f\u007f]/g, "_").trim().slice(0, 200) || "fil";

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

export const uploadTerms = (f: { key: string; contentType: string; maxBytes: string; expires: string; redirect: string }) => `upload\n${f.key}\n${f.contentType}\n${f.maxBytes}\n${f.expires}\n${f.redirect}`;
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
  async signedUpload(key: string, options: SignedUploadOptions): Promise<SignedUpload> {
    if (!this.signing) throw new Error("signed uploads need the local server");
    const expires = new Date(Date.now() + options.expiresInSeconds * 1000).toISOString();
    checkKey(key.endsWith(FILENAME) ? `${key.slice(0, -FILENAME.length)}x` : key);
    const terms = { key, contentType: options.contentType ?? "", maxBytes: String(options.maxBytes), expires, redirect: options.redirectTo ?? "" };
    const { redirect, ...fields } = terms;
    // Named as S3 names it, so a form works the same against either.
    return { url: `${this.signing.baseUrl()}/local/blobs/upload`, fields: { ...fields, ...(redirect ? { success_action_redirect: redirect } : {}), signature: sign(this.signing.secret, uploadTerms(terms)) }, expiresAt: expires };
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

