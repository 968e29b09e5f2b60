/**
 * Scheduled sweeper (EventBridge, every 15 minutes): raw messages SES stored under inbound/ that were never
 * processed — a lost or failed event — are processed now, once each (keyed by SES's message id); so are
 * answers by link that were stored but never judged. One that fails is recorded and, after a few failures,
 * set aside (functions/answers/isolation.ts): it never stops the sweep.
 */
// Imported at the first run, not at load: the cold start reads only this file (infra/bundle.ts splits chunks).
export async function handler(_event?: unknown, context?: unknown): Promise<{ checked: number; processed: string[]; failed: string[]; linkActions: string[]; linkActionsFailed: string[] }> {
  const [{ depsFromEnvironment }, { S3Blobs }, { sweepInbound }, { sweepLinkActions }, o] = await Promise.all([
    import("./aws-deps.ts"), import("./adapters/s3-blobs.ts"), import("./answers/email-replies.ts"), import("./answers/link-answers.ts"), import("./adapters/observability.ts"),
  ]);
  return o.observed("sweep-inbound", {}, context, async () => {
    const deps = await depsFromEnvironment(process.env, o.metrics);
    const inbound = new S3Blobs(process.env.INBOUND_BUCKET ?? "");
    const swept = await sweepInbound(deps, inbound, { prefix: "inbound/", receiptIdOf: (key) => `ses-${key.replace(/^inbound\//, "")}`, channel: "ses" });
    // Answers by link whose page was never fetched (the member closed it at once) are judged here.
    const links = await sweepLinkActions(deps, { olderThanMs: 2 * 60_000 });
    o.logger.info("swept", { checked: swept.checked, processed: swept.processed.length, failed: swept.failed.length + links.failed.length, linkActions: links.judged.length });
    return { ...swept, linkActions: links.judged, linkActionsFailed: links.failed };
  }, "ReplySetAside");
}
