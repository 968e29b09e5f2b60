/**
 * Raw bytes in S3 (AWS). Its own module so that a Lambda loads the S3 client only when it first reads or
 * writes a blob (functions/aws-deps.ts).
 */
import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { checkKey, type Blobs } from "./blobs.ts";

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
