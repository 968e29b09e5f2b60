/**
 * SES receipt rule → S3 (raw) → this Lambda: reads the raw message SES stored and hands it to the same
 * processInbound the local SMTP sink and `klyngeflow inbound` use. Keyed by SES's message id, so a
 * redelivered event is processed once.
 */
import { DateTime } from "luxon";
import * as z from "zod/mini";
import { describeProblems, validate } from "#domain/validation";
import { METRIC_NAMES, noMetrics } from "./adapters/metrics.ts";
import type { Deps } from "./deps.ts";

const verdict = z.optional(z.object({ status: z.string() }));
export const sesReceiptEvent = z.object({
  Records: z.array(z.object({
    ses: z.object({
      mail: z.object({ messageId: z.string().check(z.regex(/^[A-Za-z0-9._-]+$/)) }),
      receipt: z.object({ timestamp: z.string(), recipients: z.array(z.string()), spfVerdict: verdict, dkimVerdict: verdict, dmarcVerdict: verdict }),
    }),
  })).check(z.minLength(1)),
});

export function makeInboundMailHandler(deps: Deps, inbound: { get(key: string): Promise<Buffer | undefined> }) {
  const metrics = deps.metrics ?? noMetrics;
  return async (event: unknown) => {
    const parsed = validate(sesReceiptEvent, event);
    if (!parsed.ok) throw new Error(`inbound-mail: invalid SES event: ${describeProblems(parsed.problems).join("; ")}`);
    // Imported at the first message, not at load (infra/bundle.ts splits chunks): the cold start stays small.
    const { processInbound } = await import("./answers/email-replies.ts");
    const results = [];
    const failures: string[] = [];
    for (const { ses } of parsed.data.Records) {
      const raw = await inbound.get(`inbound/${ses.mail.messageId}`);
      // Not there yet (eventual consistency) or lost: thrown below, so Lambda retries; the sweeper is the backstop.
      if (!raw) { failures.push(`inbound/${ses.mail.messageId} not found`); continue; }
      try {
        results.push(await processInbound(deps, {
          raw,
          receiptId: `ses-${ses.mail.messageId}`,
          receivedAt: DateTime.fromISO(ses.receipt.timestamp, { zone: "utc" }).setZone("Europe/Copenhagen").toISO() ?? deps.clock.now(),
          channel: "ses",
          envelopeTo: ses.receipt.recipients,
          verdicts: { spf: ses.receipt.spfVerdict?.status, dkim: ses.receipt.dkimVerdict?.status, dmarc: ses.receipt.dmarcVerdict?.status },
        }));
      } catch (e) {
        // One message never stops the others of the event: it is retried with the event, then by the sweeper.
        // Counted, so that a reply that keeps failing raises the ReplySetAside alarm.
        metrics.count(METRIC_NAMES.replySetAside);
        failures.push(`ses-${ses.mail.messageId}: ${(e as Error).name}: ${(e as Error).message}`);
      }
    }
    if (failures.length) throw new Error(`inbound-mail: ${failures.length} of ${parsed.data.Records.length} message(s) not processed: ${failures.join("; ")}`);
    return results.map((r) => ({ receiptId: r.receiptId, outcome: r.outcome }));
  };
}

type Observability = typeof import("./adapters/observability.ts");
let ready: Promise<[(event: unknown) => Promise<unknown>, Observability]> | undefined;
export async function handler(event: unknown, context?: unknown): Promise<unknown> {
  ready ??= Promise.all([import("./aws-deps.ts"), import("./adapters/s3-blobs.ts"), import("./adapters/observability.ts")]).then(async ([m, { S3Blobs }, o]) =>
    [makeInboundMailHandler(await m.depsFromEnvironment(process.env, o.metrics), new S3Blobs(process.env.INBOUND_BUCKET ?? "")), o]);
  const [handle, o] = await ready;
  // The SES message id is the log's key: never the sender, the recipient or the reply.
  const messageId = (event as { Records?: { ses?: { mail?: { messageId?: unknown } } }[] } | undefined)?.Records?.[0]?.ses?.mail?.messageId;
  return o.observed("inbound-mail", {}, context, () => handle(event), undefined, typeof messageId === "string" ? { sesMessageId: messageId.slice(0, 100) } : {});
}
