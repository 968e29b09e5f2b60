/**
 * Scheduled sweeper (EventBridge, every 15 minutes): raw messages SES stored under inbound/ that were never
 * processed — a lost or failed event — are processed now, once each (keyed by SES's message id).
 */
// Imported at the first run, not at load: the cold start reads only this file (infra/bundle.ts splits chunks).
export async function handler(): Promise<{ checked: number; processed: string[] }> {
  const [{ depsFromEnvironment }, { S3Blobs }, { sweepInbound }] = await Promise.all([import("./aws-deps.ts"), import("./adapters/s3-blobs.ts"), import("./services/inbound.ts")]);
  const deps = await depsFromEnvironment();
  const inbound = new S3Blobs(process.env.INBOUND_BUCKET ?? "");
  return sweepInbound(deps, inbound, { prefix: "inbound/", receiptIdOf: (key) => `ses-${key.replace(/^inbound\//, "")}`, channel: "ses" });
}
