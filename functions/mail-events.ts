/** SES bounce and complaint notifications (via SNS): mark the address and alert the secretariat. */
import { DateTime } from "luxon";
import * as z from "zod/mini";
import { describeProblems, validate } from "#domain/validation";
import { recordMailEvent } from "./mail/mail-events.ts";
import type { Deps } from "./deps.ts";

const snsEvent = z.object({ Records: z.array(z.object({ Sns: z.object({ Message: z.string() }) })) });
const notification = z.object({
  eventType: z.optional(z.string()),
  notificationType: z.optional(z.string()),
  bounce: z.optional(z.object({ bounceType: z.string(), timestamp: z.optional(z.string()), bouncedRecipients: z.array(z.object({ emailAddress: z.string(), diagnosticCode: z.optional(z.string()) })) })),
  complaint: z.optional(z.object({ timestamp: z.optional(z.string()), complainedRecipients: z.array(z.object({ emailAddress: z.string() })) })),
});

export function makeMailEventsHandler(deps: Deps) {
  return async (event: unknown) => {
    const outer = validate(snsEvent, event);
    if (!outer.ok) throw new Error(`mail-events: invalid SNS event: ${describeProblems(outer.problems).join("; ")}`);
    const out = [];
    for (const record of outer.data.Records) {
      const n = validate(notification, JSON.parse(record.Sns.Message));
      if (!n.ok) throw new Error(`mail-events: invalid SES notification: ${describeProblems(n.problems).join("; ")}`);
      const type = (n.data.eventType ?? n.data.notificationType ?? "").toLowerCase();
      const at = (ts?: string) => (ts ? DateTime.fromISO(ts, { zone: "utc" }).setZone("Europe/Copenhagen").toISO({ suppressMilliseconds: true }) ?? deps.clock.now() : deps.clock.now());
      if (type === "bounce" && n.data.bounce) {
        out.push(await recordMailEvent(deps, { kind: "bounce", permanent: n.data.bounce.bounceType === "Permanent", at: at(n.data.bounce.timestamp), recipients: n.data.bounce.bouncedRecipients.map((r) => ({ email: r.emailAddress, detail: r.diagnosticCode ?? "" })) }));
      } else if (type === "complaint" && n.data.complaint) {
        out.push(await recordMailEvent(deps, { kind: "complaint", permanent: true, at: at(n.data.complaint.timestamp), recipients: n.data.complaint.complainedRecipients.map((r) => ({ email: r.emailAddress, detail: "klage" })) }));
      }
    }
    return out;
  };
}

type Observability = typeof import("./adapters/observability.ts");
let ready: Promise<[(event: unknown) => Promise<unknown>, Observability]> | undefined;
export async function handler(event: unknown, context?: unknown): Promise<unknown> {
  ready ??= Promise.all([import("./aws-deps.ts"), import("./adapters/observability.ts")]).then(async ([m, o]) => [makeMailEventsHandler(await m.depsFromEnvironment(process.env, o.metrics)), o]);
  const [handle, o] = await ready;
  return o.observed("mail-events", {}, context, () => handle(event));
}
