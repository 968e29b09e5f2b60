/**
 * Sending an email exactly once (DESIGN.md principle 4): the email record is claimed with a conditional
 * write before sending and marked sent after. A retry finds it sent and skips; a crash between the send
 * and the "sent" write resends once with the same Message-ID (receivers collapse it) and is reported.
 * The raw message is kept for the archive.
 */
import { createHash } from "node:crypto";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import type { Instant } from "#domain/calendar";
import { renderMessage, type Message } from "#templates/mail";
import { replyAddress, mintToken, type EmailRecord, type TokenAction } from "./tokens.ts";
import type { Deps } from "./deps.ts";

export interface MailRequest {
  /** What this email is, stable across retries: e.g. "ballot#vote-1#ishoj". */
  key: string;
  committeeId: string;
  /** The matter it belongs to: "vote/<id>", "meeting/<id>". */
  matter: string;
  /** The kind of message, for listings and counts. */
  purpose: string;
  seatId?: string | undefined;
  to: { name: string; email: string };
  /** When the email asks for an answer: the action its reply token allows, and until when. */
  token?: { action: TokenAction; expiresAt: Instant; initiativeId?: string | undefined } | undefined;
  /** Builds the template message once the reply address and member link are known. */
  message(reply: { replyAddress?: string | undefined; linkUrl?: string | undefined }): Message;
  /**
   * Set for sends a step re-evaluates on each of its runs (reminders): most calls find the email already
   * sent, so a read first is cheaper than composing it and having the claim refused.
   */
  repeated?: true | undefined;
}

export type SendOutcome = "sent" | "already-sent" | "resent";

export function messageIdFor(key: string, senderDomain: string): string {
  return `<${createHash("sha256").update(key).digest("hex").slice(0, 32)}@${senderDomain}>`;
}

async function compose(deps: Deps, req: MailRequest, messageId: string, reply: { replyAddress?: string | undefined; linkUrl?: string | undefined }): Promise<{ raw: Buffer; subject: string }> {
  const rendered = renderMessage(req.message(reply));
  const composer = new MailComposer({
    from: deps.settings.senderAddress,
    to: { name: req.to.name, address: req.to.email },
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    messageId,
    date: new Date(Date.parse(deps.clock.now())),
    ...(reply.replyAddress ? { replyTo: reply.replyAddress } : {}),
    headers: {
      // RFC 3834: out-of-office responders must not answer machine mail (and our inbound ignores theirs).
      "Auto-Submitted": "auto-generated",
      "X-Auto-Response-Suppress": "OOF, AutoReply",
      "X-Klyngeflow-Purpose": req.purpose,
    },
    ...(rendered.calendar ? { icalEvent: { method: rendered.calendar.method, content: rendered.calendar.ics, filename: "invitation.ics" } } : {}),
  });
  const raw = await new Promise<Buffer>((resolve, reject) => composer.compile().build((err, out) => (err ? reject(err) : resolve(out))));
  return { raw, subject: rendered.subject };
}

export async function sendOnce(deps: Deps, req: MailRequest): Promise<SendOutcome> {
  const { store, settings } = deps;
  // Keys name a meeting, vote or person within one committee; committees share the table, so scope them.
  const scoped = `${req.committeeId}#${req.key}`;
  const key = { pk: `EMAIL#${scoped}`, sk: "EMAIL" };
  if (req.repeated && (await store.get("email", key))?.status === "sent") return "already-sent";
  // The Message-ID and token derive from the key alone, so the message can be composed before the claim:
  // the claim is then a single conditional write, and only a repeat pays for a read.
  const messageId = messageIdFor(scoped, settings.senderDomain);
  const token = req.token ? mintToken(deps.keys, scoped) : undefined;
  const reply = token
    ? { replyAddress: replyAddress(token.signed, settings.inboundDomain), linkUrl: `${settings.publicUrl}/m/${token.signed}` }
    : {};
  const { raw, subject } = await compose(deps, req, messageId, reply);
  const record = {
    idempotencyKey: scoped,
    committeeId: req.committeeId,
    matter: req.matter,
    purpose: req.purpose,
    to: [req.to.email],
    ...(req.seatId ? { seatId: req.seatId } : {}),
    messageId,
    subject,
    status: "claimed" as const,
    claimedAt: deps.clock.now(),
    blobKey: `mail/out/${createHash("sha256").update(scoped).digest("hex")}.eml`,
    ...(token && req.token
      ? { token: { hash: token.hash, action: req.token.action, expiresAt: req.token.expiresAt, ...(req.token.initiativeId ? { initiativeId: req.token.initiativeId } : {}) } }
      : {}),
  };
  let previous: EmailRecord | undefined;
  if (!(await store.create("email", record))) {
    previous = await store.get("email", key);
    if (previous?.status === "sent") return "already-sent";
    // Claimed but never confirmed: the run that claimed it died between claim and confirmation (or is
    // still sending). If the provider can tell us it has the message, record it as sent; otherwise sending
    // again is the lesser harm, and the resend is counted and reported.
    if (previous && (await deps.mailer.accepted?.(messageId))) {
      await store.put("email", { ...previous, status: "sent", sentAt: previous.sentAt ?? previous.claimedAt, providerMessageId: previous.providerMessageId ?? "confirmed-after-restart" });
      return "already-sent";
    }
  }
  await deps.blobs.put(record.blobKey, raw, "message/rfc822");
  const { providerMessageId } = await deps.mailer.send({ from: settings.senderAddress, to: [req.to.email], messageId, raw });
  await store.put("email", {
    ...record, status: "sent", sentAt: deps.clock.now(), providerMessageId,
    ...(previous ? { claimedAt: previous.claimedAt, resends: (previous.resends ?? 0) + 1 } : {}),
  });
  return previous ? "resent" : "sent";
}

/**
 * The reconciler's report for a matter: emails claimed but not confirmed sent (a run died between the claim
 * and the send or the "sent" write; the next run sends them), and emails sent twice with the same
 * Message-ID because a run died after the send but before the "sent" write.
 */
export async function reconcileEmails(deps: Pick<Deps, "store">, committeeId: string, matter: string) {
  const emails = await deps.store.listByIndex("email", `EMAILS#${committeeId}#${matter}`);
  return {
    unconfirmed: emails.filter((e) => e.status !== "sent").map((e) => ({ key: e.idempotencyKey, to: e.to.join(","), claimedAt: e.claimedAt })),
    resent: emails.filter((e) => e.resends).map((e) => ({ key: e.idempotencyKey, to: e.to.join(","), messageId: e.messageId, resends: e.resends ?? 0 })),
  };
}
