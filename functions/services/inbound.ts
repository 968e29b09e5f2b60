/**
 * A reply by email, from raw bytes to a recorded answer (issue 5). Raw first: the bytes and an inbound
 * record are stored before anything is interpreted. Then, in order: readable? an auto-reply (never
 * answered)? a valid token in the reply address? sent by the token's member or that seat's substitute
 * (and, in AWS, does DMARC pass)? one clear answer? Each outcome is answered in Danish; nothing is dropped.
 */
import { createHash } from "node:crypto";
import type { Instant } from "#domain/calendar";
import { isAutoReply, readReply, type ReplyReading } from "#domain/reply-reading";
import { parseInboundEmail, UnreadableEmailError, type ParsedInbound } from "#adapters/inbound-mime";
import type { RecordOf } from "#adapters/records";
import { committeeRulebook } from "./committee.ts";
import type { Deps } from "./deps.ts";
import { sendOnce } from "./mail.ts";
import { recordApology, recordMinutesObjection, requestAgendaItem } from "./meetings.ts";
import { getMeeting, meetingTimeline } from "./meeting-cycle.ts";
import * as messages from "./messages.ts";
import { recipientForAddress, type PersonRecipient } from "./recipients.ts";
import { tokenFromAddress, verifyToken } from "./tokens.ts";
import { getVote, recordVoteAnswer } from "./written-votes.ts";
import { danishDate } from "#templates/danish";
import { unclearReplyDa } from "#templates/reply-reasons";

export type InboundOutcome = NonNullable<RecordOf<"inbound">["outcome"]>;

export interface InboundInput {
  raw: Buffer;
  /** Unique per delivery attempt source: the SES message id, or a hash of the raw bytes. */
  receiptId: string;
  /** The time of receipt, which decides lateness (never the Date header). */
  receivedAt: Instant;
  channel: RecordOf<"inbound">["channel"];
  envelopeTo?: string[] | undefined;
  /** SES's verdicts (AWS only); locally absent. */
  verdicts?: { spf?: string | undefined; dkim?: string | undefined; dmarc?: string | undefined } | undefined;
  /** The raw bytes are already stored (SES wrote them to S3). */
  storedAt?: string | undefined;
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

const TOKEN_REASONS: Record<string, string> = {
  malformed: "Adressen, du svarede til, er ikke en gyldig svaradresse. Brug \"Svar\" på den e-mail, du fik fra os.",
  forged: "Adressen, du svarede til, er ikke en gyldig svaradresse. Brug \"Svar\" på den e-mail, du fik fra os.",
  unknown: "Vi kender ikke den svaradresse, du brugte. Brug \"Svar\" på den e-mail, du fik fra os.",
  expired: "Svaradressen er udløbet, fordi sagen er afsluttet.",
  revoked: "Svaradressen er trukket tilbage, fx fordi sagen er annulleret.",
};

const NOT_COUNTED_DA: Record<string, string> = {
  "not-a-seat": "du er ikke medlem af sundhedsklyngen",
  "not-a-substitute-of-this-seat": "du er ikke suppleant for dette medlem",
  "substitute-not-representing": "sekretariatet har ikke registreret, at du repræsenterer medlemmet i denne sag",
  "before-open": "afstemningen var ikke åbnet endnu",
  "after-close": "afstemningen var afsluttet",
  late: "fristen for indsigelser var udløbet",
  "superseded-version": "der er udsendt en nyere udgave af protokollen",
  "not-sent-yet": "protokollen var ikke udsendt endnu",
};

const ACCEPTED_WORDS: Record<string, string[]> = {
  "written-vote": ["JA", "NEJ", "UNDLAD", "INDSIGELSE"],
  minutes: ["INDSIGELSE (efterfulgt af, hvad der skal rettes)"],
  apology: ["AFBUD", "AFBUD – SUPPLEANT DELTAGER"],
  "item-request": ["punktets overskrift i første linje"],
  "initiative-report": ["jeres status i brødteksten"],
};

interface Handled {
  outcome: InboundOutcome;
  reason?: string | undefined;
  recorded?: string | undefined;
  answer?: { to: PersonRecipient; message: messages.Message } | undefined;
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
  await deps.blobs.put(storedAt, input.raw, "message/rfc822");
  // Refused when the same bytes were accepted before (a client's retry): the first acceptance stands.
  await deps.store.create("inbound", {
    receiptId: input.receiptId, receivedAt: input.receivedAt, blobKey: storedAt, bytes: input.raw.length, channel: input.channel, status: "received", rev: 0,
    ...(input.envelopeTo?.length ? { envelopeTo: input.envelopeTo.slice(0, 50) } : {}),
  });
  return { ...input, storedAt };
}

/** Processes one inbound message exactly once per receipt id; a replay returns the stored outcome. */
export async function processInbound(deps: Deps, input: InboundInput): Promise<InboundResult> {
  // Raw first: the bytes are stored before anything is read (R-7.2). The record follows once, with the
  // outcome; a crash in between leaves the raw copy, which the sweeper finishes (same receipt id).
  const blobKey = input.storedAt ?? `mail/in/${input.receiptId}.eml`;
  if (!input.storedAt) await deps.blobs.put(blobKey, input.raw, "message/rfc822");
  const key = { pk: `INBOUND#${input.receiptId}`, sk: "INBOUND" };
  const existing = await deps.store.get("inbound", key);
  if (existing?.status === "processed") {
    return { receiptId: input.receiptId, outcome: existing.outcome ?? "duplicate", reason: existing.reason, answered: false, committeeId: existing.committeeId, matter: existing.matter };
  }
  // Accepted earlier (acceptInbound): the time of acceptance decides lateness, not the time of judging.
  if (existing) input = { ...input, receivedAt: existing.receivedAt };

  let parsed: ParsedInbound | undefined;
  let handled: Handled;
  try {
    parsed = await parseInboundEmail(input.raw);
    handled = await interpret(deps, input, parsed);
  } catch (e) {
    if (!(e instanceof UnreadableEmailError)) throw e;
    const from = /^from:.*?([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})/im.exec(input.raw.subarray(0, 16384).toString("latin1"))?.[1];
    handled = {
      outcome: "unreadable",
      reason: e.reason,
      ...(from && !/^(mailer-daemon|postmaster)@/i.test(from)
        ? { answer: { to: stranger(from), message: outcomeMessage(undefined, stranger(from), "not-understood", "din e-mail", `Vi kunne ikke læse din e-mail (${e.reason === "too-large" ? "den var for stor" : e.reason === "malformed" ? "den var beskadiget" : "den havde for mange dele"}). Svar venligst igen med en almindelig tekst-e-mail.`) } }
        : {}),
    };
  }
  const messageKey = messageKeyOf(parsed, input.receiptId);

  let answered = false;
  if (handled.answer) {
    // Keyed by the message, not the delivery: a redelivered reply is not answered twice.
    await sendOnce(deps, {
      key: `reply#${messageKey}`, committeeId: handled.committeeId ?? "unknown", matter: handled.matter ?? "inbound", purpose: "reply-outcome",
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
  await deps.store.put("inbound", {
    receiptId: input.receiptId, receivedAt: input.receivedAt, blobKey, bytes: input.raw.length, channel: input.channel,
    status: "processed", outcome: handled.outcome, processedAt: deps.clock.now(), messageKey, rev: 0,
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

function stranger(email: string): PersonRecipient {
  return { personId: `address-${email.toLowerCase()}`, name: email, email, role: "member" };
}

function outcomeMessage(
  rulebook: Awaited<ReturnType<typeof committeeRulebook>> | undefined,
  to: PersonRecipient,
  variant: "recorded" | "not-understood" | "too-late" | "not-accepted" | "confirm",
  about: string,
  detail: string,
  extra: { acceptedWords?: string[] | undefined; confirmUrl?: string | undefined; outcome?: string | undefined } = {},
): messages.Message {
  const committee = rulebook ? messages.committeeView(rulebook) : { name: "klyngeflow", secretariatName: "Sekretariatet", secretariatEmail: "sekretariat@sundhedsklynge-syd.example.org" };
  return { kind: "reply-outcome", committee, to: messages.recipientView(to), variant, about, detail, ...extra };
}

async function interpret(deps: Deps, input: InboundInput, parsed: ParsedInbound): Promise<Handled> {
  const from = parsed.from?.address ?? "";
  if (isAutoReply(parsed.headers, from, parsed.subject, parsed.partTypes)) return { outcome: "ignored-auto-reply" };
  if (!from) return { outcome: "not-accepted", reason: parsed.fromProblem ?? "no-sender" };
  const sender = stranger(from);

  const candidates = [...(input.envelopeTo ?? []), ...parsed.to, ...parsed.cc];
  const signed = candidates.map((a) => tokenFromAddress(a, deps.settings.inboundDomain)).find(Boolean);
  if (!signed) {
    return { outcome: "not-accepted", reason: "no-token", answer: { to: sender, message: outcomeMessage(undefined, sender, "not-accepted", "din e-mail", TOKEN_REASONS.malformed ?? "") } };
  }
  const check = await verifyToken(deps.store, deps.keys, signed, input.receivedAt);
  if (!check.ok) {
    const c = check.email;
    const rulebook = c ? await committeeRulebook(deps.store, c.committeeId) : undefined;
    return {
      outcome: "not-accepted", reason: `token-${check.reason}`, committeeId: c?.committeeId, matter: c?.matter,
      answer: { to: sender, message: outcomeMessage(rulebook, sender, "not-accepted", "dit svar", TOKEN_REASONS[check.reason] ?? "") },
    };
  }
  const email = check.email;
  const token = email.token as NonNullable<typeof email.token>;
  const rulebook = await committeeRulebook(deps.store, email.committeeId);
  const base = { committeeId: email.committeeId, matter: email.matter, seatId: email.seatId };
  const linkUrl = `${deps.settings.publicUrl}/m/${signed}`;

  // The same message delivered twice (same Message-ID) counts once: another delivery already processed it.
  const messageKey = messageKeyOf(parsed, input.receiptId);
  if (parsed.messageId) {
    const others = await deps.store.listByIndex("inbound", `MSGKEY#${messageKey}`, "", { index: "gsi2" });
    if (others.some((o) => o.receiptId !== input.receiptId && o.status === "processed")) return { ...base, outcome: "duplicate", reason: "same-message-id" };
  }

  // Who is this? The token's member, that seat's substitute, or the initiative's owner.
  let person: PersonRecipient | undefined;
  let substituteId: string | undefined;
  if (token.action === "initiative-report") {
    const initiative = token.initiativeId ? await deps.store.get("initiative", { pk: `C#${email.committeeId}`, sk: `INITIATIVE#${token.initiativeId}` }) : undefined;
    if (initiative && initiative.owner.email.toLowerCase() === from) person = { personId: `owner-${initiative.initiativeId}`, name: initiative.owner.name, email: from, role: "secretariat" };
  } else if (email.seatId) {
    person = recipientForAddress(rulebook, email.seatId, from);
    substituteId = person?.role === "substitute" ? person.personId : undefined;
  }
  // Only answers that are not a receipt name the matter in words; a recorded answer needs no read for it.
  let described: Promise<string> | undefined;
  const about = () => (described ??= describeMatter(deps, email));
  if (!person) {
    return { ...base, outcome: "not-accepted", reason: "wrong-sender", answer: { to: sender, message: outcomeMessage(rulebook, sender, "not-accepted", await about(), "Svaret kom ikke fra den adresse, vi har registreret for modtageren af e-mailen, så det er ikke registreret. Svar fra din egen registrerede adresse, eller kontakt sekretariatet.") } };
  }
  // In AWS a reply counts only when DMARC passes for the sender's domain; otherwise the registered address confirms by link.
  if (input.verdicts && (input.verdicts.dmarc ?? "").toUpperCase() !== "PASS") {
    return { ...base, outcome: "unverified", reason: `dmarc-${(input.verdicts.dmarc ?? "none").toLowerCase()}`, answer: { to: person, message: outcomeMessage(rulebook, person, "confirm", await about(), "Vi kunne ikke bekræfte, at svaret kom fra dig, så det er ikke registreret endnu. Bekræft dit svar via linket.", { confirmUrl: linkUrl }) } };
  }

  const reading = readReply({ text: parsed.text, html: parsed.html, action: token.action });
  if (reading.kind === "unclear") {
    return { ...base, outcome: "not-understood", reason: unclearReplyDa(reading), answer: { to: person, message: outcomeMessage(rulebook, person, "not-understood", await about(), `${unclearReplyDa(reading)} Dit svar er ikke registreret.`, { acceptedWords: ACCEPTED_WORDS[token.action], confirmUrl: linkUrl }) } };
  }
  return record(deps, { input, parsed, email, person, substituteId, reading, rulebook, about, base, linkUrl, messageKey });
}

async function describeMatter(deps: Deps, email: RecordOf<"email">): Promise<string> {
  try {
    if (email.matter.startsWith("vote/")) return `den skriftlige votering om "${(await getVote(deps, email.committeeId, email.matter.slice(5))).title}"`;
    if (email.matter.startsWith("meeting/")) return `mødet ${danishDate((await getMeeting(deps, email.committeeId, email.matter.slice(8))).startsAt)}`;
  } catch {
    // The matter no longer exists; say so generally.
  }
  return "din e-mail";
}

interface RecordArgs {
  input: InboundInput;
  parsed: ParsedInbound;
  email: RecordOf<"email">;
  person: PersonRecipient;
  substituteId: string | undefined;
  reading: Exclude<ReplyReading, { kind: "unclear" }>;
  rulebook: Awaited<ReturnType<typeof committeeRulebook>>;
  about: () => Promise<string>;
  base: { committeeId: string; matter: string; seatId?: string | undefined };
  linkUrl: string;
  messageKey: string;
}

async function record(deps: Deps, a: RecordArgs): Promise<Handled> {
  const { input, email, person, reading, rulebook, about, base } = a;
  // Facts are keyed by the message, so two deliveries of one reply record one fact.
  const sourceRef = `inbound/${a.messageKey}`;
  const seatId = email.seatId ?? "";
  const respondent = a.substituteId ? { kind: "substitute" as const, substituteId: a.substituteId } : { kind: "member" as const };
  const notAccepted = async (reason: string): Promise<Handled> => ({ ...base, outcome: "not-accepted" as const, reason, answer: { to: person, message: outcomeMessage(rulebook, person, "not-accepted", await about(), `Dit svar er gemt, men tæller ikke: ${NOT_COUNTED_DA[reason] ?? reason}.`) } });

  if (reading.kind === "vote") {
    const voteId = email.matter.slice("vote/".length);
    const r = await recordVoteAnswer(deps, { committeeId: email.committeeId, voteId, seatId, respondent, answer: reading.answer, channel: "email", receivedAt: input.receivedAt, sourceRef, remark: reading.remark || undefined });
    // "duplicate" here means this very receipt was stored before (a run that died): finish it as recorded.
    // Another delivery of the same message was caught above by its Message-ID.
    if (r.status === "duplicate") {
      if (!r.counted) return r.reason === "after-close"
        ? { ...base, outcome: "too-late", reason: r.reason, answer: { to: person, message: outcomeMessage(rulebook, person, "too-late", await about(), "Dit svar kom efter afstemningens afslutning og er gemt, men tæller ikke.", { outcome: r.result.explanation }) } }
        : notAccepted(r.reason ?? "unknown");
    } else if (r.status === "not-counted") {
      if (r.reason === "after-close") {
        return { ...base, outcome: "too-late", reason: r.reason, answer: { to: person, message: outcomeMessage(rulebook, person, "too-late", await about(), `Dit svar kom efter afstemningens afslutning og er gemt, men tæller ikke.`, { outcome: r.result.explanation }) } };
      }
      return notAccepted(r.reason);
    }
    const da = { for: "JA", against: "NEJ", abstain: "UNDLAD", objection: "INDSIGELSE" }[reading.answer];
    return { ...base, outcome: "recorded", recorded: da, answer: { to: person, message: messages.voteReceipt(rulebook, r.vote, person, reading.answer, input.receivedAt, reading.remark || undefined) } };
  }

  const meetingId = email.matter.slice("meeting/".length);
  if (reading.kind === "objection" || reading.kind === "no-objection") {
    if (reading.kind === "no-objection") {
      return { ...base, outcome: "recorded", recorded: "ingen indsigelse", answer: { to: person, message: outcomeMessage(rulebook, person, "recorded", await about(), "Tak. Vi har noteret, at du ikke har indsigelser til protokollen. Protokollen godkendes, når fristen er udløbet uden indsigelser.") } };
    }
    const version = Number(/#v(\d+)#/.exec(email.idempotencyKey)?.[1] ?? 0) || undefined;
    const r = await recordMinutesObjection(deps, { committeeId: email.committeeId, meetingId, seatId, respondent, text: reading.text, receivedAt: input.receivedAt, channel: "email", sourceRef, ...(version ? { version } : {}) });
    const meeting = await getMeeting(deps, email.committeeId, meetingId);
    const receipt: messages.Message = { kind: "objection-receipt", committee: messages.committeeView(rulebook), to: messages.recipientView(person), meeting: messages.meetingView(meeting, rulebook), version: r.version, receivedAt: input.receivedAt, counted: r.status === "recorded", ...(r.reason ? { reason: NOT_COUNTED_DA[r.reason] ?? r.reason } : {}) };
    if (r.status === "recorded") return { ...base, outcome: "recorded", recorded: "indsigelse", answer: { to: person, message: receipt } };
    return { ...base, outcome: r.reason === "late" ? "too-late" : "not-accepted", reason: r.reason, answer: { to: person, message: receipt } };
  }

  if (reading.kind === "apology") {
    const r = await recordApology(deps, { committeeId: email.committeeId, meetingId, seatId, substituteAttends: reading.substituteAttends, receivedAt: input.receivedAt, channel: "email", sourceRef });
    if (r.status === "too-late") {
      return { ...base, outcome: "too-late", reason: "meeting-started", answer: { to: person, message: outcomeMessage(rulebook, person, "too-late", await about(), "Mødet var begyndt, da dit afbud kom. Det er gemt, og sekretariatet registrerer fremmødet i referatet.") } };
    }
    return { ...base, outcome: "recorded", recorded: reading.substituteAttends ? "afbud, suppleant deltager" : "afbud", answer: { to: person, message: { kind: "apology-receipt", committee: messages.committeeView(rulebook), to: messages.recipientView(person), meeting: messages.meetingView(r.meeting, rulebook), substituteAttends: reading.substituteAttends, receivedAt: input.receivedAt } } };
  }

  if (reading.kind === "item-request") {
    const r = await requestAgendaItem(deps, { committeeId: email.committeeId, meetingId, seatId, respondent, title: reading.title, description: reading.description, receivedAt: input.receivedAt, sourceRef, channel: "email" });
    const meeting = await getMeeting(deps, email.committeeId, meetingId);
    const timeline = meetingTimeline(meeting, rulebook);
    return {
      ...base, outcome: "recorded", recorded: `anmodning om punkt: ${r.item.title}${r.onTime ? "" : " (for sent)"}`,
      answer: { to: person, message: { kind: "item-request-receipt", committee: messages.committeeView(rulebook), to: messages.recipientView(person), meeting: messages.meetingView(meeting, rulebook), title: r.item.title, receivedAt: input.receivedAt, onTime: r.onTime, itemDeadline: timeline.items?.endsAt ?? timeline.agenda.endsAt } },
    };
  }

  // initiative report
  const initiativeId = email.token?.initiativeId ?? "";
  await deps.store.create("initiativeReport", {
    committeeId: email.committeeId, meetingId, initiativeId, reportId: a.messageKey.slice(0, 120), receivedAt: input.receivedAt, text: reading.text.slice(0, 50_000),
    ...(reading.status ? { status: reading.status } : {}), ...(Object.keys(reading.figures).length ? { figures: reading.figures } : {}), channel: "email", sourceRef,
  });
  await deps.store.appendAudit({ committeeId: email.committeeId, matter: email.matter, actor: person.email, action: "initiative.report", channel: "email", ref: sourceRef, data: { initiativeId, figures: Object.keys(reading.figures).length } });
  return { ...base, outcome: "recorded", recorded: "statusrapport", answer: { to: person, message: outcomeMessage(rulebook, person, "recorded", await about(), `Tak. Jeres statusrapport er modtaget${Object.keys(reading.figures).length ? ` med ${Object.keys(reading.figures).length} nøgletal` : ""} og indgår i statuspunktet på dagsordenen.`) } };
}



/**
 * The sweeper (issue 7): an inbound event can be lost (a crash between storing the raw message and its
 * record, or a Lambda event that never arrived). Every raw message under `prefix` without a processed
 * record is processed now — exactly once, since processInbound is keyed by the receipt id.
 */
export async function sweepInbound(
  deps: Deps,
  source: { list(prefix: string): Promise<string[]>; get(key: string): Promise<Buffer | undefined> },
  options: { prefix: string; receiptIdOf: (key: string) => string; channel: InboundInput["channel"]; olderThanMs?: number },
): Promise<{ checked: number; processed: string[] }> {
  const processed: string[] = [];
  const keys = await source.list(options.prefix);
  for (const key of keys) {
    const receiptId = options.receiptIdOf(key);
    const record = await deps.store.get("inbound", { pk: `INBOUND#${receiptId}`, sk: "INBOUND" });
    if (record?.status === "processed") continue;
    const raw = await source.get(key);
    if (!raw) continue;
    // An accepted reply keeps the time and envelope of its acceptance: lateness is judged by those.
    await processInbound(deps, { raw, receiptId, receivedAt: record?.receivedAt ?? deps.clock.now(), channel: options.channel, storedAt: key, envelopeTo: record?.envelopeTo });
    processed.push(receiptId);
  }
  return { checked: keys.length, processed };
}

/** Locally, raw messages are kept as mail/in/<receiptId>.eml. */
export const localInboundSweep = { prefix: "mail/in/", receiptIdOf: (key: string) => key.replace(/^mail\/in\//, "").replace(/\.eml$/, ""), channel: "smtp" as const };
