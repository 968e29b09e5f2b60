/** Raw bytes (inbound emails, sent emails, material, minutes): files under the data folder locally, S3 in AWS. */
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";

export interface Blobs {
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<Buffer | undefined>;
  list(prefix: string): Promise<string[]>;
}

export class InvalidBlobKeyError extends Error {
  constructor(key: string) {
    super(`blob key "${key}" is not allowed`);
    this.name = "InvalidBlobKeyError";
  }
}

/** Keys are ours (never user input verbatim); still refuse anything that could leave the folder. */
function checkKey(key: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/.test(key) || key.includes("..") || key.includes("//")) throw new InvalidBlobKeyError(key);
  return key;
}

export class FileBlobs implements Blobs {
  private readonly root: string;
  constructor(root: string) {
    this.root = resolve(root);
    mkdirSync(this.root, { recursive: true });
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

export class S3Blobs implements Blobs {
  private readonly client = new S3Client({});
  constructor(private readonly bucket: string) {}
  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: checkKey(key), Body: body, ContentType: contentType, ServerSideEncryption: "aws:kms" }));
  }
  async get(key: string): Promise<Buffer | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: checkKey(key) }));
      if (!out.Body) return undefined;
      return Buffer.from(await out.Body.transformToByteArray());
    } catch (e) {
      if (e instanceof NoSuchKey) return undefined;
      throw e;
    }
  }
  async list(prefix: string): Promise<string[]> {
    const out: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      out.push(...(page.Contents ?? []).map((c) => c.Key ?? ""));
      token = page.NextContinuationToken;
    } while (token);
    return out;
  }
}
