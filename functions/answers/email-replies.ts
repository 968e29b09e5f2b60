/**
 * A reply by email, from raw bytes to a recorded answer. Raw first: the bytes and an inbound
 * record are stored before anything is interpreted. Then, in order: readable? an auto-reply (never
 * answered)? a valid token in the reply address? sent by the token's member or that seat's substitute
 * (and, in AWS, does DMARC pass)? one clear answer? Each outcome is answered in Danish; nothing is dropped.
 */
import { createHash } from "node:crypto";
import { localDateOf, type Instant } from "#domain/calendar";
import type { Rulebook } from "#domain/rulebook";
import { isAutoReply, readReply, type ReplyReading } from "#domain/reply-reading";
import { arrivalSequence } from "#adapters/clock";
import { parseInboundEmail, UnreadableEmailError, type ParsedInbound } from "#adapters/inbound-mime";
import { ACCEPTED_WORDS, matterPhrase, recordedAs, replyAddressProblem, replyDetail } from "#templates/answers";
import { danishDate } from "#templates/danish";
import { unclearReplyDa } from "#templates/reply-reasons";
import { committeeRulebook } from "../committee/committee.ts";
import type { Deps } from "../deps.ts";
import { getInitiative } from "../initiatives/initiatives.ts";
import { sendOnce } from "../mail/mailing.ts";
import * as messages from "../mail/messages.ts";
import { ownerRecipient, recipientForAddress, type PersonRecipient } from "../mail/recipients.ts";
import type { EmailRecord } from "../mail/tokens.ts";
import { tokenFromAddress, verifyToken } from "../mail/tokens.ts";
import { findMeeting } from "../meetings/meetings.ts";
import { getVote } from "../written-votes/written-votes.ts";
import { recordAnswer, type Answer, type AnswerOutcome } from "./record-answer.ts";
import { isSetAside, judgeOnItsOwn } from "./isolation.ts";
import { inboundRecords, type InboundRecord } from "./repository.ts";

export type InboundOutcome = NonNullable<InboundRecord["outcome"]>;

export interface InboundInput {
  raw: Buffer;
  /** Unique per delivery attempt source: the SES message id, or a hash of the raw bytes. */
  receiptId: string;
  /** The time of receipt, which decides lateness (never the Date header). */
  receivedAt: Instant;
  channel: InboundRecord["channel"];
  envelopeTo?: string[] | undefined;
  /** SES's verdicts (AWS only); locally absent. */
  verdicts?: { spf?: string | undefined; dkim?: string | undefined; dmarc?: string | undefined } | undefined;
  /** The raw bytes are already stored (SES wrote them to S3). */
  storedAt?: string | undefined;
  /** Its place in the order of arrival, from its acceptance (or taken when it is processed). */
  arrival?: number | undefined;
}

export interface InboundResult {
  receiptId: string;
  outcome: InboundOutcome;
  reason?: string | undefined;
  /** What was recorded, in Danish, when something was. */
  recorded?: string | undefined;
  answered: boolean;
  committeeId?: string | undefined;
  matter?: string | undefined;
  /** What recorded facts point back at: the message's identity. */
  sourceRef?: string | undefined;
}

export function receiptIdFor(raw: Buffer): string {
  return `sha256-${createHash("sha256").update(raw).digest("hex").slice(0, 40)}`;
}

interface Handled {
  outcome: InboundOutcome;
  reason?: string | undefined;
  recorded?: string | undefined;
  answer?: { to: PersonRecipient; message: messages.Message } | undefined;
  /** The answer's idempotency key, when not one per message (the unverified sender's confirmation). */
  answerKey?: string | undefined;
  committeeId?: string | undefined;
  matter?: string | undefined;
  seatId?: string | undefined;
}

/**
 * Accepting a reply, as SES does before its receipt rule's Lambda runs: the bytes and a "received" record
 * are stored, nothing is read. Once this returns the reply cannot be lost — the SMTP server may answer 250
 * — and processInbound judges it later (the sweeper finishes any that a crash left received).
 */
export async function acceptInbound(deps: Deps, input: Omit<InboundInput, "storedAt" | "verdicts">): Promise<InboundInput & { storedAt: string }> {
  const storedAt = `mail/in/${input.receiptId}.eml`;
  const arrival = input.arrival ?? arrivalSequence();
  await deps.blobs.put(storedAt, input.raw, "message/rfc822");
  // Refused when the same bytes were accepted before (a client's retry): the first acceptance stands.
  await inboundRecords.create(deps.store, {
    receiptId: input.receiptId, receivedAt: input.receivedAt, arrival, blobKey: storedAt, bytes: input.raw.length, channel: input.channel, status: "received", rev: 0,
    ...(input.envelopeTo?.length ? { envelopeTo: input.envelopeTo.slice(0, 50) } : {}),
  });
  return { ...input, storedAt, arrival };
}

/** Processes one inbound message exactly once per receipt id; a replay returns the stored outcome. */
export async function processInbound(deps: Deps, input: InboundInput): Promise<InboundResult> {
  // Raw first: the bytes are stored before anything is read. The record follows once, with the
  // outcome; a crash in between leaves the raw copy, which the sweeper finishes (same receipt id).
  const blobKey = input.storedAt ?? `mail/in/${input.receiptId}.eml`;
  if (!input.storedAt) await deps.blobs.put(blobKey, input.raw, "message/rfc822");
  const existing = await inboundRecords.get(deps.store, input.receiptId);
  if (existing?.status === "processed") {
    return { receiptId: input.receiptId, outcome: existing.outcome ?? "duplicate", reason: existing.reason, answered: false, committeeId: existing.committeeId, matter: existing.matter };
  }
  // Accepted earlier (acceptInbound): the time of acceptance decides lateness, not the time of judging.
  if (existing) input = { ...input, receivedAt: existing.receivedAt, arrival: existing.arrival ?? input.arrival };
  input = { ...input, arrival: input.arrival ?? arrivalSequence() };

  let parsed: ParsedInbound | undefined;
  let handled: Handled;
  try {
    parsed = await parseInboundEmail(input.raw);
    handled = await interpret(deps, input, parsed);
  } catch (e) {
    if (!(e instanceof UnreadableEmailError)) throw e;
    // Kept, not answered: nobody can be verified as the sender of a message that cannot be read (no backscatter).
    handled = { outcome: "unreadable", reason: e.reason };
  }
  const messageKey = messageKeyOf(parsed, input.receiptId);

  let answered = false;
  if (handled.answer) {
    // Keyed by the message, not the delivery: a redelivered reply is not answered twice.
    await sendOnce(deps, {
      key: handled.answerKey ?? `reply#${messageKey}`, committeeId: handled.committeeId ?? "unknown", matter: handled.matter ?? "inbound", purpose: "reply-outcome",
      to: handled.answer.to, message: () => handled.answer?.message as messages.Message,
    });
    answered = true;
  }
  if (handled.committeeId && handled.matter && handled.outcome !== "recorded") {
    await deps.store.appendAudit({
      committeeId: handled.committeeId, matter: handled.matter, actor: parsed?.from?.address ?? "unknown", action: `reply.${handled.outcome}`, channel: "email",
      ref: `inbound/${input.receiptId}`, data: { reason: handled.reason ?? null, receivedAt: input.receivedAt },
    });
  }
  await inboundRecords.put(deps.store, {
    receiptId: input.receiptId, receivedAt: input.receivedAt, blobKey, bytes: input.raw.length, channel: input.channel,
    status: "processed", outcome: handled.outcome, processedAt: deps.clock.now(), messageKey, rev: 0,
    ...(input.arrival !== undefined ? { arrival: input.arrival } : {}),
    ...(handled.reason ? { reason: handled.reason } : {}),
    ...(parsed?.from ? { from: parsed.from.address } : {}),
    ...(parsed?.messageId ? { messageId: parsed.messageId.slice(0, 500) } : {}),
    ...(handled.committeeId ? { committeeId: handled.committeeId } : {}),
    ...(handled.matter ? { matter: handled.matter } : {}),
    ...(handled.seatId ? { seatId: handled.seatId } : {}),
  });
  return { receiptId: input.receiptId, outcome: handled.outcome, reason: handled.reason, recorded: handled.recorded, answered, committeeId: handled.committeeId, matter: handled.matter, sourceRef: `inbound/${messageKey}` };
}

/** A reply's identity across deliveries: its Message-ID (hashed), or the delivery itself when it has none. */
function messageKeyOf(parsed: ParsedInbound | undefined, receiptId: string): string {
  return parsed?.messageId ? `m-${createHash("sha256").update(parsed.messageId).digest("hex").slice(0, 32)}` : receiptId;
}

function outcomeMessage(
  deps: Deps,
  rulebook: Rulebook | undefined,
  to: PersonRecipient,
  variant: "recorded" | "not-understood" | "too-late" | "not-accepted" | "confirm",
  about: string,
  detail: string,
  extra: { acceptedWords?: string[] | undefined; confirmUrl?: string | undefined; outcome?: string | undefined } = {},
): messages.Message {
  const committee = rulebook ? messages.committeeView(rulebook) : messages.serviceView(deps.settings);
  return { kind: "reply-outcome", committee, to: messages.recipientView(to), variant, about, detail, ...extra };
}

async function interpret(deps: Deps, input: InboundInput, parsed: ParsedInbound): Promise<Handled> {
  const from = parsed.from?.address ?? "";
  if (isAutoReply(parsed.headers, from, parsed.subject, parsed.partTypes)) return { outcome: "ignored-auto-reply" };
  if (!from) return { outcome: "not-accepted", reason: parsed.fromProblem ?? "no-sender" };
  const candidates = [...(input.envelopeTo ?? []), ...parsed.to, ...parsed.cc];
  const signed = candidates.map((a) => tokenFromAddress(a, deps.settings.inboundDomain)).find(Boolean);
  // Only a verified sender is answered: the token's own addressee, holding the seat now. Everything else —
  // no token, a forged or unknown one, another seat's, a stranger's From — is kept and listed, unanswered,
  // so that a forged From never gets mail from us (no backscatter).
  if (!signed) return { outcome: "not-accepted", reason: "no-token" };
  const check = await verifyToken(deps.store, deps.keys, signed, input.receivedAt);
  if (!check.ok) {
    const c = check.email;
    const rulebook = c ? await committeeRulebook(deps.store, c.committeeId, input.receivedAt) : undefined;
    const verified = c && rulebook ? senderOf(rulebook, c, from, await ownerOf(deps, c)) : undefined;
    return {
      outcome: "not-accepted", reason: `token-${check.reason}`, committeeId: c?.committeeId, matter: c?.matter, seatId: c?.seatId,
      // An expired or revoked reply address, used by its own addressee: they are told why it no longer works.
      ...(verified ? { answer: { to: verified, message: outcomeMessage(deps, rulebook, verified, "not-accepted", matterPhrase.answer, replyAddressProblem(check.reason)) } } : {}),
    };
  }
  const email = check.email;
  const token = email.token as NonNullable<typeof email.token>;
  const rulebook = await committeeRulebook(deps.store, email.committeeId, input.receivedAt);
  const base = { committeeId: email.committeeId, matter: email.matter, seatId: email.seatId };
  const linkUrl = `${deps.settings.publicUrl}/m/${signed}`;

  // The same message delivered twice (same Message-ID) counts once: another delivery already processed it.
  const messageKey = messageKeyOf(parsed, input.receiptId);
  if (parsed.messageId) {
    const others = await inboundRecords.ofMessage(deps.store, messageKey);
    if (others.some((o) => o.receiptId !== input.receiptId && o.status === "processed")) return { ...base, outcome: "duplicate", reason: "same-message-id" };
  }

  // Who is this? The token's member, that seat's substitute, or the initiative's owner — or nobody we may answer.
  const person = senderOf(rulebook, email, from, token.action === "initiative-report" ? await ownerOf(deps, email) : undefined);
  if (!person) return { ...base, outcome: "not-accepted", reason: "wrong-sender" };
  // Only answers that are not a receipt name the matter in words; a recorded answer needs no read for it.
  let described: Promise<string> | undefined;
  const about = () => (described ??= describeMatter(deps, email));
  // In AWS a reply counts only when DMARC passes for the sender's domain; otherwise the registered address confirms by link.
  if (input.verdicts && (input.verdicts.dmarc ?? "").toUpperCase() !== "PASS") {
    // To the registered address only, and once a day per reply address: a forged From cannot make us write to anyone else, nor often.
    const answerKey = `reply-unverified#${email.idempotencyKey}#${localDateOf(input.receivedAt, rulebook.calendar.timeZone)}`;
    return { ...base, outcome: "unverified", reason: `dmarc-${(input.verdicts.dmarc ?? "none").toLowerCase()}`, answerKey, answer: { to: person, message: outcomeMessage(deps, rulebook, person, "confirm", await about(), replyDetail.unverified, { confirmUrl: linkUrl }) } };
  }

  const reading = readReply({ text: parsed.text, html: parsed.html, action: token.action });
  if (reading.kind === "unclear") {
    const why = unclearReplyDa(reading);
    return { ...base, outcome: "not-understood", reason: why, answer: { to: person, message: outcomeMessage(deps, rulebook, person, "not-understood", await about(), replyDetail.unclear(why), { acceptedWords: ACCEPTED_WORDS[token.action], confirmUrl: linkUrl }) } };
  }
  // Facts are keyed by the message, so two deliveries of one reply record one fact.
  const outcome = await recordAnswer(deps, { email, person, answer: answerOf(reading), channel: "email", receivedAt: input.receivedAt, arrival: input.arrival, sourceRef: `inbound/${messageKey}` });
  return { ...base, ...(await replyTo(deps, { outcome, person, rulebook, about, receivedAt: input.receivedAt })) };
}

/** The current owner of the initiative a report request went to. */
async function ownerOf(deps: Deps, email: EmailRecord) {
  const id = email.token?.action === "initiative-report" ? email.token.initiativeId : undefined;
  return id ? getInitiative(deps, email.committeeId, id) : undefined;
}

/**
 * The sender, if they may answer with this email's reply address: for a seat, its member or a substitute now
 * (the token belongs to the seat's people, not to whoever writes); for a report request, the initiative's owner.
 */
function senderOf(rulebook: Rulebook, email: EmailRecord, from: string, initiative: { initiativeId: string; owner: { name: string; email: string } } | undefined): PersonRecipient | undefined {
  if (email.token?.action === "initiative-report") return initiative && initiative.owner.email.toLowerCase() === from.toLowerCase() ? { ...ownerRecipient(initiative), email: from } : undefined;
  return email.seatId ? recipientForAddress(rulebook, email.seatId, from) : undefined;
}

async function describeMatter(deps: Deps, email: EmailRecord): Promise<string> {
  try {
    if (email.matter.startsWith("vote/")) return matterPhrase.vote((await getVote(deps, email.committeeId, email.matter.slice(5))).title);
    const meeting = email.matter.startsWith("meeting/") ? await findMeeting(deps, email.committeeId, email.matter.slice(8)) : undefined;
    if (meeting) return matterPhrase.meeting(danishDate(meeting.startsAt));
  } catch {
    // The matter no longer exists; say so generally.
  }
  return matterPhrase.unknown;
}

/** What a clear reading of a reply answers. */
function answerOf(reading: Exclude<ReplyReading, { kind: "unclear" }>): Answer {
  switch (reading.kind) {
    case "vote": return { kind: "vote", answer: reading.answer, remark: reading.remark };
    case "objection": return { kind: "objection", text: reading.text };
    case "no-objection": return { kind: "no-objection" };
    case "apology": return { kind: "apology", substituteAttends: reading.substituteAttends };
    case "item-request": return { kind: "item-request", title: reading.title, description: reading.description };
    case "report": return { kind: "report", text: reading.text, figures: reading.figures, status: reading.status };
  }
}

/** The outcome of a recorded answer as the inbound record's outcome and the reply that tells the member. */
async function replyTo(
  deps: Deps,
  a: { outcome: AnswerOutcome; person: PersonRecipient; rulebook: Rulebook; about: () => Promise<string>; receivedAt: string },
): Promise<Pick<Handled, "outcome" | "reason" | "recorded" | "answer">> {
  const { outcome, person, rulebook, about, receivedAt } = a;
  const say = async (variant: "recorded" | "too-late" | "not-accepted", detail: string, extra: { outcome?: string | undefined } = {}) =>
    ({ to: person, message: outcomeMessage(deps, rulebook, person, variant, await about(), detail, extra) });
  const committee = messages.committeeView(rulebook);
  switch (outcome.kind) {
    case "vote":
      if (outcome.counted) return { outcome: "recorded", recorded: recordedAs.vote(outcome.answer), answer: { to: person, message: messages.voteReceipt(rulebook, outcome.vote, person, outcome.answer, receivedAt, outcome.remark) } };
      if (outcome.reason === "after-close") return { outcome: "too-late", reason: outcome.reason, answer: await say("too-late", replyDetail.voteAfterClose, { outcome: outcome.result.explanation }) };
      return { outcome: "not-accepted", reason: outcome.reason, answer: await say("not-accepted", replyDetail.notCounted(outcome.reason, committee.name)) };
    case "no-objection":
      return { outcome: "recorded", recorded: recordedAs.noObjection, answer: await say("recorded", replyDetail.noObjection) };
    case "objection": {
      const meeting = await findMeeting(deps, rulebook.committee.id, outcome.meetingId);
      const receipt = meeting ? messages.objectionReceipt(rulebook, meeting, person, { version: outcome.version, receivedAt, counted: outcome.counted, reason: outcome.reason }) : undefined;
      const answer = receipt ? { to: person, message: receipt } : undefined;
      if (outcome.counted) return { outcome: "recorded", recorded: recordedAs.objection, answer };
      return { outcome: outcome.reason === "late" ? "too-late" : "not-accepted", reason: outcome.reason, answer };
    }
    case "apology":
      if (outcome.reason === "cancelled") return { outcome: "not-accepted", reason: "meeting-cancelled", answer: await say("not-accepted", replyDetail.apologyCancelled) };
      if (!outcome.counted) return { outcome: "too-late", reason: "meeting-started", answer: await say("too-late", replyDetail.apologyTooLate) };
      return { outcome: "recorded", recorded: recordedAs.apology(outcome.substituteAttends), answer: { to: person, message: messages.apologyReceipt(rulebook, outcome.meeting, person, outcome.substituteAttends, receivedAt) } };
    case "item-request":
      return {
        outcome: "recorded", recorded: recordedAs.itemRequest(outcome.item.title, outcome.onTime),
        answer: { to: person, message: messages.itemRequestReceipt(rulebook, outcome.meeting, person, { title: outcome.item.title, receivedAt, onTime: outcome.onTime, itemDeadline: outcome.itemDeadline }) },
      };
    case "report":
      return { outcome: "recorded", recorded: recordedAs.report, answer: await say("recorded", replyDetail.report(outcome.figures)) };
  }
}

/**
 * The sweeper: an inbound event can be lost (a crash between storing the raw message and its record, or a
 * Lambda event that never arrived). Every raw message under `prefix` without a processed record is
 * processed now — exactly once, since processInbound is keyed by the receipt id. Each on its own: one that
 * fails is recorded against its receipt id and, after a few failures, set aside; the sweep goes on.
 */
export async function sweepInbound(
  deps: Deps,
  source: { list(prefix: string): Promise<string[]>; get(key: string): Promise<Buffer | undefined> },
  options: { prefix: string; receiptIdOf: (key: string) => string; channel: InboundInput["channel"]; olderThanMs?: number },
): Promise<{ checked: number; processed: string[]; failed: string[] }> {
  const processed: string[] = [];
  const failed: string[] = [];
  const keys = await source.list(options.prefix);
  for (const key of keys) {
    const receiptId = options.receiptIdOf(key);
    if (await isSetAside(deps, receiptId)) continue;
    const done = await judgeOnItsOwn(deps, { answerId: receiptId, kind: "inbound" }, async () => {
      const record = await inboundRecords.get(deps.store, receiptId);
      if (record?.status === "processed") return false;
      const raw = await source.get(key);
      if (!raw) return false;
      // An accepted reply keeps the time and envelope of its acceptance: lateness is judged by those.
      await processInbound(deps, { raw, receiptId, receivedAt: record?.receivedAt ?? deps.clock.now(), channel: options.channel, storedAt: key, envelopeTo: record?.envelopeTo });
      return true;
    });
    if (!done.ok) failed.push(receiptId);
    else if (done.value) processed.push(receiptId);
  }
  return { checked: keys.length, processed, failed };
}

/** Locally, raw messages are kept as mail/in/<receiptId>.eml. */
export const localInboundSweep = { prefix: "mail/in/", receiptIdOf: (key: string) => key.replace(/^mail\/in\//, "").replace(/\.eml$/, ""), channel: "smtp" as const };
