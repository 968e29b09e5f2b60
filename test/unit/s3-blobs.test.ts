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

describe("S3Blobs.signedUpload: the console's form for large files, as S3 checks its policy", () => {
  const client = new S3Client({ region: "eu-north-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } });
  const policyOf = (fields: Record<string, string>) => JSON.parse(Buffer.from(fields.Policy ?? "", "base64").toString("utf8")) as { conditions: unknown[] };

  it("a key ending in ${filename} is a starts-with condition on its prefix; the redirect and the size range are signed; no type is required", async () => {
    const form = await new S3Blobs("klyngeflow-test-blobs", client).signedUpload("material/c/2027-04-22/i1/ABC/${filename}", { maxBytes: 100 * 1024 * 1024, expiresInSeconds: 3600, redirectTo: "https://konsol.example/console/modtaget?videre=%2Fconsole%2Fx" });
    expect(form.fields.key).toBe("material/c/2027-04-22/i1/ABC/${filename}");
    expect(form.fields.success_action_redirect).toBe("https://konsol.example/console/modtaget?videre=%2Fconsole%2Fx");
    const { conditions } = policyOf(form.fields);
    expect(conditions).toContainEqual(["starts-with", "$key", "material/c/2027-04-22/i1/ABC/"]);
    expect(conditions).toContainEqual({ success_action_redirect: "https://konsol.example/console/modtaget?videre=%2Fconsole%2Fx" });
    expect(conditions).toContainEqual(["content-length-range", 1, 100 * 1024 * 1024]);
    expect(conditions).not.toContainEqual(expect.objectContaining({ key: expect.anything() }));
    expect(JSON.stringify(conditions)).not.toContain("Content-Type");
  });

  it("with a type (minutes: PDF) the form carries it and the policy requires it", async () => {
    const form = await new S3Blobs("klyngeflow-test-blobs", client).signedUpload("minutes/c/m/upload-X/${filename}", { contentType: "application/pdf", maxBytes: 1000, expiresInSeconds: 60 });
    expect(form.fields["Content-Type"]).toBe("application/pdf");
    expect(policyOf(form.fields).conditions).toContainEqual(["eq", "$Content-Type", "application/pdf"]);
  });

  it("the file behind such a key: its name made fit to show, its type from its ending", async () => {
    const { uploadedFile } = await import("#adapters/blobs");
    expect(uploadedFile("material/c/m/i/ABC/Bilag 3 – økonomi.PDF")).toEqual({ name: "Bilag 3 – økonomi.PDF", contentType: "application/pdf" });
    expect(uploadedFile("material/c/m/i/ABC/Budget: 2028?.xlsx")).toEqual({ name: "Budget_ 2028_.xlsx", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
    expect(uploadedFile("material/c/m/i/ABC/noter")).toEqual({ name: "noter", contentType: "application/octet-stream" });
  });
});
