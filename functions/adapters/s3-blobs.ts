/**
 * Raw bytes in S3 (AWS). Its own module so that a Lambda loads the S3 client only when it first reads or
 * writes a blob (functions/aws-deps.ts).
 */
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, NoSuchKey, NotFound, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { checkKey, FILENAME, type Blobs, type SignedUpload, type SignedUploadOptions } from "./blobs.ts";

export class S3Blobs implements Blobs {
  constructor(private readonly bucket: string, private readonly client = new S3Client({})) {}
  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    // No ServerSideEncryption header: the bucket's default (the stack's records key) applies. "aws:kms"
    // without a key id would encrypt with the AWS-managed aws/s3 key instead (issue 19, defect 10).
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: checkKey(key), Body: body, ContentType: contentType }));
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
  /**
   * A presigned POST: S3 itself refuses a file over maxBytes, of another type, under another key or with
   * another redirect (the conditions are signed). A key ending in `${filename}` becomes a starts-with
   * condition (the SDK does that), and S3 puts the file's name there.
   */
  async signedUpload(key: string, options: SignedUploadOptions): Promise<SignedUpload> {
    const { createPresignedPost } = await import("@aws-sdk/s3-presigned-post");
    checkKey(key.endsWith(FILENAME) ? `${key.slice(0, -FILENAME.length)}x` : key);
    const fields: Record<string, string> = {};
    if (options.contentType) fields["Content-Type"] = options.contentType;
    if (options.redirectTo) fields.success_action_redirect = options.redirectTo;
    const post = await createPresignedPost(this.client, {
      Bucket: this.bucket, Key: key, Expires: options.expiresInSeconds,
      Conditions: [["content-length-range", 1, options.maxBytes], ...(options.contentType ? [["eq", "$Content-Type", options.contentType] as ["eq", string, string]] : [])],
      Fields: fields,
    });
    return { url: post.url, fields: post.fields, expiresAt: new Date(Date.now() + options.expiresInSeconds * 1000).toISOString() };
  }
  /** A presigned GET that names the file for the browser; it expires, like the member's link. */
  async signedDownload(key: string, options: { fileName: string; contentType: string; expiresInSeconds: number }): Promise<string> {
    const { getSignedUrl } = await import("@aws-sdk/s3-request-presigner");
    const name = options.fileName.replace(/[^\w.\- æøåÆØÅ]/g, "_");
    return getSignedUrl(this.client, new GetObjectCommand({
      Bucket: this.bucket, Key: checkKey(key), ResponseContentType: options.contentType,
      ResponseContentDisposition: `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(options.fileName)}`,
    }), { expiresIn: options.expiresInSeconds });
  }
  async size(key: string): Promise<number | undefined> {
    try {
      return (await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: checkKey(key) }))).ContentLength;
    } catch (e) {
      if (e instanceof NotFound || e instanceof NoSuchKey) return undefined;
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
