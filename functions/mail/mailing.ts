/**
 * Sending an email exactly once (DESIGN.md principle 4): the email record is claimed with a conditional
 * write before sending and confirmed after. A retry finds it confirmed and skips; a crash between the send
 * and the confirmation resends once with the same Message-ID (receivers collapse it) and is reported.
 * The raw message is kept for the archive.
 *
 * A mailing (the agenda to every seat) sends its emails one after another, and the claim of each email is
 * written only once the one before it was sent: that claim names its predecessor (`after`) and is the
 * predecessor's confirmation. Only the last email of a mailing needs a confirmation write of its own, so a
 * mailing of n emails costs n + 1 writes instead of 2n, and a crash still leaves at most one email in doubt.
 */
import { createHash } from "node:crypto";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import type { Instant } from "#domain/calendar";
import { renderMessage, type Message } from "#templates/mail";
import type { Deps } from "../deps.ts";
import { emails, type EmailRecord } from "./repository.ts";
import { replyAddress, mintToken, type TokenAction } from "./tokens.ts";
import { memberPageUrl } from "../members/links.ts";

export interface MailRequest {
  /** What this email is, stable across retries: e.g. "ballot#vote-1#ishoj". */
  key: string;
  committeeId: string;
  /** The matter it belongs to: "vote/<id>", "meeting/<id>". */
  matter: string;
  /** The kind of message, for listings and counts. */
  purpose: string;
  seatId?: string | undefined;
  /** The version of the matter the email carries (a minutes version, R-3.5): answers to it are to that version. */
  version?: number | undefined;
  /** The recipient; a seat's member or substitute (a PersonRecipient) also names the seat. */
  to: { name: string; email: string; seatId?: string | undefined };
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
  // Every email to a seat's member or substitute links their own page ("Mine sager") in its footer.
  const memberPage = await memberPageUrl(deps, req.committeeId, req.seatId ?? req.to.seatId, req.to.email);
  const rendered = renderMessage(req.message(reply), { memberPageUrl: memberPage });
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
      // Locally the outbox is shown only to the secretariat of the committee a mail belongs to.
      "X-Klyngeflow-Committee": req.committeeId,
    },
    ...(rendered.calendar ? { icalEvent: { method: rendered.calendar.method, content: rendered.calendar.ics, filename: "invitation.ics" } } : {}),
  });
  const raw = await new Promise<Buffer>((resolve, reject) => composer.compile().build((err, out) => (err ? reject(err) : resolve(out))));
  return { raw, subject: rendered.subject };
}

const scopedKey = (req: Pick<MailRequest, "committeeId" | "key">) => `${req.committeeId}#${req.key}`;

/** One email, once. See sendMailing; this is a mailing of one. */
export async function sendOnce(deps: Deps, req: MailRequest): Promise<SendOutcome> {
  const [outcome] = await sendMailing(deps, [req]);
  return outcome ?? "already-sent";
}

/**
 * Sends the emails of a mailing in order, each once. Emails are chained only within one matter, so that the
 * listing of a matter's emails holds both ends of every link (emailSent).
 */
export async function sendMailing(deps: Deps, requests: readonly MailRequest[]): Promise<SendOutcome[]> {
  const outcomes: SendOutcome[] = [];
  const seen = new Set<string>();
  // The email sent last whose confirmation is to be the next claim.
  let awaiting: EmailRecord | undefined;
  for (const [i, req] of requests.entries()) {
    const scoped = scopedKey(req);
    // The same recipient twice in one list is one email; chaining it to itself would prove nothing.
    if (seen.has(scoped)) { outcomes.push("already-sent"); continue; }
    seen.add(scoped);
    const following = requests[i + 1];
    const next = following && following.committeeId === req.committeeId && following.matter === req.matter && !seen.has(scopedKey(following))
      ? scopedKey(following) : undefined;
    const previous = awaiting?.next === scoped ? awaiting : undefined;
    if (awaiting && !previous) await confirmSent(deps, awaiting);
    const sent = await sendChained(deps, req, { previous, next }).catch(async (error: unknown) => {
      // This email failed before (or after) its claim: confirm the one before by its own write, so that a
      // template or provider error here never leaves an email already sent in doubt.
      if (previous) await confirmSent(deps, previous).catch(() => undefined);
      throw error;
    });
    outcomes.push(sent.outcome);
    awaiting = sent.awaitsNext;
  }
  if (awaiting) await confirmSent(deps, awaiting);
  return outcomes;
}

const confirmSent = (deps: Deps, email: EmailRecord) => emails.put(deps.store, { ...email, status: "sent" });

/**
 * Whether an email was sent: its record is confirmed, or the email named as its successor was claimed
 * after it (that claim names it in `after`, and was written only once this one had been sent).
 */
export async function emailSent(store: Deps["store"], email: EmailRecord): Promise<boolean> {
  if (email.status === "sent") return true;
  if (!email.next) return false;
  return (await emails.get(store, email.next))?.after === email.idempotencyKey;
}

/** emailSent over the listing of a matter's emails: the time each sent one was sent (or by when, if chained). */
export function sentTimes(listed: readonly EmailRecord[]): Map<string, Instant> {
  const byKey = new Map(listed.map((e) => [e.idempotencyKey, e]));
  const times = new Map<string, Instant>();
  for (const e of listed) {
    if (e.status === "sent") times.set(e.idempotencyKey, e.sentAt ?? e.claimedAt);
    else if (e.next) {
      const successor = byKey.get(e.next);
      if (successor?.after === e.idempotencyKey) times.set(e.idempotencyKey, successor.claimedAt);
    }
  }
  return times;
}

interface ChainedSend {
  outcome: SendOutcome;
  /** Sent, and left for the next claim to confirm. */
  awaitsNext?: EmailRecord | undefined;
}

/**
 * One email of a mailing. `previous` is the email sent just before, waiting for this claim as its
 * confirmation; if this email is not claimed now (an earlier run claimed it), `previous` is confirmed by
 * its own write first.
 */
async function sendChained(deps: Deps, req: MailRequest, link: { previous?: EmailRecord | undefined; next?: string | undefined }): Promise<ChainedSend> {
  const { store, settings } = deps;
  // Keys name a meeting, vote or person within one committee; committees share the table, so scope them.
  const scoped = scopedKey(req);
  const confirmPrevious = async () => { if (link.previous) await confirmSent(deps, link.previous); };
  if (req.repeated) {
    const current = await emails.get(store, scoped);
    if (current && (await emailSent(store, current))) {
      await confirmPrevious();
      return { outcome: "already-sent" };
    }
  }
  // The Message-ID and token derive from the key alone, so the message can be composed before the claim:
  // the claim is then a single conditional write, and only a repeat pays for a read.
  const messageId = messageIdFor(scoped, settings.senderDomain);
  const token = req.token ? mintToken(deps.keys, scoped) : undefined;
  const reply = token
    ? { replyAddress: replyAddress(token.signed, settings.inboundDomain), linkUrl: `${settings.publicUrl}/m/${token.signed}` }
    : {};
  const { raw, subject } = await compose(deps, req, messageId, reply);
  const blobKey = `mail/out/${createHash("sha256").update(scoped).digest("hex")}.eml`;
  const record: EmailRecord = {
    idempotencyKey: scoped,
    committeeId: req.committeeId,
    matter: req.matter,
    purpose: req.purpose,
    to: [req.to.email],
    ...(req.seatId ? { seatId: req.seatId } : {}),
    ...(req.version !== undefined ? { version: req.version } : {}),
    messageId,
    subject,
    status: "claimed",
    ...(link.previous ? { after: link.previous.idempotencyKey } : {}),
    ...(link.next ? { next: link.next } : {}),
    claimedAt: deps.clock.now(),
    blobKey,
    ...(token && req.token
      ? { token: { hash: token.hash, action: req.token.action, expiresAt: req.token.expiresAt, ...(req.token.initiativeId ? { initiativeId: req.token.initiativeId } : {}) } }
      : {}),
  };
  let claimed: EmailRecord | undefined;
  if (!(await emails.create(store, record))) {
    await confirmPrevious();
    claimed = await emails.get(store, scoped);
    if (claimed && (await emailSent(store, claimed))) return { outcome: "already-sent" };
    // Claimed but never confirmed: the run that claimed it died between claim and confirmation (or is
    // still sending). If the provider can tell us it has the message, record it as sent; otherwise sending
    // again is the lesser harm, and the resend is counted and reported.
    if (claimed && (await deps.mailer.accepted?.(messageId))) {
      await emails.put(store, { ...claimed, status: "sent", sentAt: claimed.sentAt ?? claimed.claimedAt, providerMessageId: claimed.providerMessageId ?? "confirmed-after-restart" });
      return { outcome: "already-sent" };
    }
  }
  await deps.blobs.put(blobKey, raw, "message/rfc822");
  const { providerMessageId } = await deps.mailer.send({ from: settings.senderAddress, to: [req.to.email], messageId, raw });
  const sent: EmailRecord = { ...record, sentAt: deps.clock.now(), providerMessageId };
  if (claimed) {
    // A resend is confirmed at once, with its count for the reconciler. The links of the first claim are
    // kept: they are what proves its neighbours sent.
    const { after: _after, next: _next, ...rest } = sent;
    await emails.put(store, {
      ...rest, status: "sent", claimedAt: claimed.claimedAt, resends: (claimed.resends ?? 0) + 1,
      ...(claimed.after ? { after: claimed.after } : {}), ...(claimed.next ? { next: claimed.next } : {}),
    });
    return { outcome: "resent" };
  }
  if (!link.next) {
    await confirmSent(deps, sent);
    return { outcome: "sent" };
  }
  return { outcome: "sent", awaitsNext: sent };
}

/**
 * The reconciler's report for a matter: emails claimed but not confirmed sent (a run died between the claim
 * and the send or the "sent" write; the next run sends them), and emails sent twice with the same
 * Message-ID because a run died after the send but before the "sent" write.
 */
export async function reconcileEmails(deps: Pick<Deps, "store">, committeeId: string, matter: string) {
  const all = await emails.ofMatter(deps.store, committeeId, matter);
  const sent = sentTimes(all);
  return {
    unconfirmed: all.filter((e) => !sent.has(e.idempotencyKey)).map((e) => ({ key: e.idempotencyKey, to: e.to.join(","), claimedAt: e.claimedAt })),
    resent: all.filter((e) => e.resends).map((e) => ({ key: e.idempotencyKey, to: e.to.join(","), messageId: e.messageId, resends: e.resends ?? 0 })),
  };
}

/** Whether the email of a key was sent already (for a send whose message is costly to put together). */
export async function wasSent(deps: Pick<Deps, "store">, committeeId: string, key: string): Promise<boolean> {
  const email = await emails.get(deps.store, scopedKey({ committeeId, key }));
  return email ? emailSent(deps.store, email) : false;
}

/** Every email of a matter, in the order they were claimed (for views, the archive and the reconciler). */
export function emailsOfMatter(deps: Pick<Deps, "store">, committeeId: string, matter: string): Promise<EmailRecord[]> {
  return emails.ofMatter(deps.store, committeeId, matter);
}
