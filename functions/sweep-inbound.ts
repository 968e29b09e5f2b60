/**
 * Scheduled sweeper (EventBridge, every 15 minutes): raw messages SES stored under inbound/ that were never
 * processed — a lost or failed event — are processed now, once each (keyed by SES's message id).
 */
import { S3Blobs } from "./adapters/blobs.ts";
import { sweepInbound } from "./services/inbound.ts";

export async function handler(): Promise<{ checked: number; processed: string[] }> {
  const deps = await (await import("./aws-deps.ts")).depsFromEnvironment();
  const inbound = new S3Blobs(process.env.INBOUND_BUCKET ?? "");
  return sweepInbound(deps, inbound, { prefix: "inbound/", receiptIdOf: (key) => `ses-${key.replace(/^inbound\//, "")}`, channel: "ses" });
}
