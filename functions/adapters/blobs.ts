/** Raw bytes (inbound emails, sent emails, material, minutes): files under the data folder locally, S3 in AWS. */
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";

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
export function checkKey(key: string): string {
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

