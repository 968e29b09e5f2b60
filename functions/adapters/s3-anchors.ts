/**
 * Audit chain heads in an S3 bucket with Object Lock (AWS; audit-seal.ts): one object per head, named by its
 * committee, matter, length and hash, so the heads are read by listing alone. Under Object Lock an anchor
 * can be neither overwritten nor deleted by the functions, whatever they may do to the table.
 */
import { ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { longestHeads, type AuditHead, type AuditSeal } from "./audit-seal.ts";

const pad = (n: number) => String(n).padStart(8, "0");

export function s3Anchors(bucket: string, client = new S3Client({})): Pick<AuditSeal, "anchor" | "heads"> {
  const prefix = (committeeId: string) => `anchors/${encodeURIComponent(committeeId)}/`;
  return {
    async anchor(head: AuditHead) {
      const key = `${prefix(head.committeeId)}${encodeURIComponent(head.matter)}/${pad(head.seq)}-${head.hash}`;
      // The same head twice is the same object: a retry writes another version of identical content.
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: JSON.stringify(head), ContentType: "application/json", ChecksumAlgorithm: "SHA256" }));
    },
    async heads(committeeId: string) {
      const all: AuditHead[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix(committeeId), ContinuationToken: token }));
        for (const o of page.Contents ?? []) {
          const m = /^anchors\/[^/]+\/([^/]+)\/(\d{8})-([0-9a-f]{64})$/.exec(o.Key ?? "");
          if (m?.[1] && m[2] && m[3]) all.push({ committeeId, matter: decodeURIComponent(m[1]), seq: Number(m[2]), hash: m[3] });
        }
        token = page.NextContinuationToken;
      } while (token);
      return longestHeads(all, committeeId);
    },
  };
}
