/**
 * S3 on loopback: s3rver (a kept package serving the S3 REST API, with SigV4 checks) holding the buckets
 * of the template under their physical names. It refuses what S3 refuses for our use — an unknown bucket
 * (NoSuchBucket), a bad signature or access key — and keeps objects as files under the data folder.
 * Object keys are checked as S3 checks them (at most 1,024 bytes of UTF-8) before they reach it.
 */
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import S3rver from "s3rver";
import type { Resolver } from "./template.ts";

/** s3rver's one account: the rehearsal's fake credentials are these, so signatures are really checked. */
export const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

export interface S3StandIn {
  endpoint: string;
  buckets: Map<string, string>;
  stop(): Promise<void>;
}

const BUCKET_NAME = /^(?!xn--)(?!.*-s3alias$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export async function startS3(resolver: Resolver, directory: string): Promise<S3StandIn> {
  mkdirSync(directory, { recursive: true });
  const buckets = new Map(resolver.ofType("AWS::S3::Bucket").map((b) => [b.id, b.name]));
  for (const name of buckets.values()) if (!BUCKET_NAME.test(name)) throw new Error(`S3 would refuse the bucket name ${name}`);
  const server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory, configureBuckets: [...buckets.values()].map((name) => ({ name, configs: [] })) });
  const addr = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${addr.port}`,
    buckets,
    stop: () => server.close(),
  };
}
