import { S3Client, type PutObjectCommandInput } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { S3Blobs } from "#adapters/s3-blobs";

describe("S3Blobs (issue 19, defect 10): objects are encrypted with the bucket's key, the stack's", () => {
  it("a put sends no ServerSideEncryption of its own: aws:kms without a key id would use the AWS-managed aws/s3 key", async () => {
    // A stand-in for S3 only at the wire: the SDK builds the real PutObject input; nothing leaves the process.
    const client = new S3Client({ region: "eu-north-1", credentials: { accessKeyId: "x", secretAccessKey: "y" } });
    const sent: PutObjectCommandInput[] = [];
    client.middlewareStack.add((next, context) => async (args) => {
      if (context.commandName === "PutObjectCommand") {
        sent.push(args.input as PutObjectCommandInput);
        return { output: { $metadata: {} }, response: {} } as never;
      }
      return next(args);
    }, { step: "initialize", name: "captureForTest" });
    await new S3Blobs("klyngeflow-test-blobs", client).put("mail/out/x.eml", Buffer.from("raw"), "message/rfc822");
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ Bucket: "klyngeflow-test-blobs", Key: "mail/out/x.eml", ContentType: "message/rfc822" });
    expect(sent[0]?.ServerSideEncryption).toBeUndefined();
    expect(sent[0]?.SSEKMSKeyId).toBeUndefined();
  });
});
