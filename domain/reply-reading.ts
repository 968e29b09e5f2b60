/**
 * Reading a member's reply: only the member's own new lines count. Our own ballot, quoted back,
 * contains every keyword, so quoted text and signatures are cut first; then the first line is read
 * conservatively. When a reply is not one clear answer, it is "unclear" and the member is asked again —
 * never guessed.
 */

import { htmlAsQuotedText } from "./html-text.ts";
import { stripInvisibleControls } from "./text.ts";

export type ReplyAction = "written-vote" | "minutes" | "apology" | "item-request" | "initiative-report";
export type VoteAnswer = "for" | "against" | "abstain" | "objection";

export type ReplyReading =
  | { kind: "vote"; answer: VoteAnswer; remark: string }
  | { kind: "objection"; text: string }
  | { kind: "no-objection"; text: string }
  | { kind: "apology"; substituteAttends: boolean; text: string }
  | { kind: "item-request"; title: string; description: string }
  | { kind: "report"; text: string; figures: Record<string, number>; status?: "on-track" | "at-risk" | "off-track" }
  | { kind: "unclear"; reason: UnclearReason; answers?: VoteAnswer[] };

/** Why a reply could not be read as one clear answer; templates/reply-reasons.ts says it in Danish. */
export type UnclearReason =
  | "no-text" | "only-quoted" | "undecodable" | "no-keyword" | "negated" | "several-answers" | "disagreeing-answers"
  | "minutes-unclear" | "apology-unclear";

/** Letters from other scripts that look like Latin ones, used to slip past keyword filters. */
const LOOKALIKES: Record<string, string> = {
  "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ɡ": "g", "һ": "h", "ӏ": "l", "ո": "n",
  "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
  "Α": "A", "Β": "B", "Ε": "E", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Χ": "X", "Υ": "Y", "Ζ": "Z",
  "ο": "o", "ν": "v", "ι": "i",
};

/** strips NUL, soft hyphens, bidi and zero-width controls, applies NFKC and folds look-alike letters. */
export function normalizeForKeywords(text: string): string {
  return stripInvisibleControls(text)
    .replace(/[\u0000\u00AD\u2028\u2029]/g, "")
    .normalize("NFKC")
    .replace(/[\u0370-\u03FF\u0400-\u04FF\u0500-\u052F\u0561-\u0587\u0250-\u02AF]/g, (c) => LOOKALIKES[c] ?? c);
}

/** Keyword matching ignores case and accents, but keeps æ, ø, å apart from a, o. */
function fold(text: string): string {
  return normalizeForKeywords(text)
    .toLowerCase()
    .replace(/æ/g, "\u0001").replace(/ø/g, "\u0002").replace(/å/g, "\u0003")
    .normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .replace(/\u0001/g, "æ").replace(/\u0002/g, "ø").replace(/\u0003/g, "å");
}

// ─── the member's own text, whatever the client and its language ─────────────────────────────
// Measured against planer and email-reply-parser on the corpus (bench/replies.ts, docs/reply-reading.md): these
// rules are ours because the libraries cut bottom posts and miss Scandinavian headers, and because a
// library's guess must never become an answer — the keyword rules below still refuse to guess.

/** A quoted line: '>' (every client) or '|' (mutt, mailing lists). */
const QUOTE_MARK = /^\s*(>|\|(?=\s|$))/;
/** Header fields of a quoted message, in the languages members' clients are set to. */
const FROM_FIELD = "fra|from|från|von|van|de|da|od|lähettäjä";
const OTHER_FIELD = "sendt|sent|skickat|gesendet|verzonden|enviado el|enviado|inviato|envoyé|wysłano|dato|date|datum|fecha|data|til|to|till|an|aan|para|a|à|do|emne|subject|ämne|betreff|onderwerp|asunto|oggetto|objet|temat|cc|kopi";
const HEADER_FROM = new RegExp(`^\\s*[*_]*(${FROM_FIELD})[*_]*\\s*:[*_]*\\s*\\S`, "i");
const HEADER_FIELD = new RegExp(`^\\s*[*_]*(${FROM_FIELD}|${OTHER_FIELD})[*_]*\\s*:`, "i");
/** "-----Original Message-----", "*-------- Oprindelig meddelelse --------*", "Begin forwarded message:", a line of underscores. */
const SEPARATOR = [
  /^[\s*_]*-{2,}\s*(oprindelig meddelelse|original message|originalmeddelande|ursprüngliche nachricht|opprinnelig melding|oorspronkelijk bericht|mensaje original|messaggio originale|message d'origine|videresendt (meddelelse|melding)|forwarded message|weitergeleitete nachricht|vidarebefordrat meddelande|doorgestuurd bericht|mensaje reenviado|messaggio inoltrato|message transféré)\s*-{2,}[\s*_]*$/i,
  /^[\s*_]*(begin forwarded message|start på videresendt (besked|meddelelse)|anfang der weitergeleiteten nachricht|début du message réexpédié)\s*:?[\s*_]*$/i,
  /^\s*_{10,}\s*$/,
];
/** Where the member's own words end: a signature delimiter, a mobile footer, a sign-off. */
const SIGNATURE = [
  /^-- ?$/,
  /^(sendt fra|sent from|skickat från|envoyé de|envoyé depuis|verzonden (met|vanaf)|verstuurd (met|vanaf)|enviado (desde|do|de)|inviato da|wysłane z|hent outlook|get outlook|skaffa outlook|outlook für|obtenir outlook|sendt fra outlook|sendt fra mail til windows|sent from mail for windows)\b/i,
  /^von meinem \S+( \S+)? gesendet\b/i,
  /^(med venlig hilsen|venlig hilsen|venligst|de bedste hilsner|bedste hilsner|mange hilsner|hilsen|mvh\.?|vh\.?|best regards|kind regards|regards|med vänliga hälsningar|vänliga hälsningar|med vänlig hälsning|mit freundlichen grüßen|freundliche grüße|viele grüße|met vriendelijke groet|vriendelijke groet|med vennlig hilsen|vennlig hilsen|cordialement|saludos|atentamente|cordiali saluti|pozdrawiam)\s*[,.!]?\s*$/i,
];
/** The verb of an attribution line ("… wrote:", "Den … skrev X <x@y>:") in the languages of members' clients. */
const WROTE = /(?<!\p{L})(skrev|wrote|schrieb|a écrit|schreef|geschreven|escreveu|escribió|napisał(\(a\))?|napisała|ha scritto|kirjoitti)(?!\p{L})/iu;
/** An attribution that cannot be prose: it names an address, a year or starts like a date line. */
const WROTE_STRONG = /<[^>\s]+@[^>\s]+>|\b(19|20)\d\d\b|^(on|den|am|le|el|em|op|at|d\.)\s/i;
const ATTRIBUTION_MAX_LINES = 4;

/** How many lines (1–4) an attribution starting at line i spans, and whether it is certain; 0 if none. */
function attributionAt(lines: string[], i: number): { span: number; strong: boolean } | undefined {
  for (let k = 1; k <= ATTRIBUTION_MAX_LINES && i + k <= lines.length; k++) {
    const part = lines.slice(i, i + k).map((l) => l.trim());
    if (part.some((l, n) => !l || QUOTE_MARK.test(l) || (n > 0 && HEADER_FIELD.test(l)))) return undefined;
    const joined = part.join(" ");
    if (joined.length > 400) return undefined;
    if (/:\s*$/.test(joined) && WROTE.test(joined)) return { span: k, strong: WROTE_STRONG.test(joined) };
  }
  return undefined;
}

/** Outlook's header block: a From field followed within four lines by another field. */
function headerBlockAt(lines: string[], i: number): boolean {
  if (!HEADER_FROM.test(lines[i] ?? "")) return false;
  return lines.slice(i + 1, i + 5).some((l) => HEADER_FIELD.test(l) && !HEADER_FROM.test(l));
}

/**
 * the member's own text as blocks — the lines between quoted parts, in order. Quoted are: '>'
 * and '|' lines, attribution lines (wrapped over up to four lines, in many languages) with the quote they
 * introduce, and everything from a header block or a separator on (such quotes carry no marks). Reading
 * stops at a signature, a mobile footer or a sign-off. Text above, below and between quotes is kept.
 */
export function ownBlocks(text: string): string[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const blocks: string[][] = [[]];
  const quoteBreak = () => { if ((blocks[blocks.length - 1] ?? []).some((l) => l.trim())) blocks.push([]); };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const trimmed = line.trim();
    if (QUOTE_MARK.test(line)) { quoteBreak(); continue; }
    if (SEPARATOR.some((re) => re.test(trimmed)) || headerBlockAt(lines, i)) break;
    if (SIGNATURE.some((re) => re.test(trimmed))) break;
    const attribution = trimmed ? attributionAt(lines, i) : undefined;
    if (attribution) {
      const next = lines.slice(i + attribution.span).find((l) => l.trim());
      if (next === undefined || QUOTE_MARK.test(next)) { quoteBreak(); i += attribution.span - 1; continue; }
      // "On … wrote:" followed by unmarked text: the quoted message itself, unless the line could be prose.
      if (attribution.strong) break;
    }
    (blocks[blocks.length - 1] as string[]).push(line);
  }
  return blocks.map((b) => b.map((l) => l.trimEnd()).join("\n").replace(/\n{3,}/g, "\n\n").trim()).filter(Boolean);
}

/** the member's own lines — above, between and below quotes — without quotes, forwarded headers, footers or signatures. */
export function stripQuotedText(text: string): string {
  return ownBlocks(text).join("\n\n");
}

/** an HTML-only reply's own visible text — hidden text dropped, the quoted part (Outlook, Gmail, Apple) cut. */
export function htmlToText(html: string): string {
  return stripQuotedText(htmlAsQuotedText(html));
}

// ─── R-3.6: votes ─────────────────────────────────────────────────────────────────────────────────

const PHRASES: [RegExp, VoteAnswer][] = [
  [/\bhverken for eller imod\b/, "abstain"],
  [/\b(jeg )?gør indsigelse\b/, "objection"],
  [/\b(skal|bør) (behandles|tages op|drøftes) på (et |næste )?møde/, "objection"],
  [/\bindsigelse mod skriftlig\b/, "objection"],
];
/** Words that are an answer wherever they stand in the first line. */
const STRONG: Record<string, VoteAnswer> = {
  ja: "for", jep: "for", enig: "for", godkend: "for", godkender: "for", godkendt: "for", yes: "for", approve: "for", approved: "for", approves: "for",
  nej: "against", imod: "against", uenig: "against", afviser: "against", afvis: "against", against: "against", reject: "against", rejected: "against",
  undlad: "abstain", undlader: "abstain", blank: "abstain", abstain: "abstain", abstains: "abstain", abstention: "abstain",
  indsigelse: "objection", objection: "objection", object: "objection",
};
/** Words that are also ordinary words ("tak for materialet"): an answer only alone or after "stemmer". */
const WEAK: Record<string, VoteAnswer> = { for: "for", no: "against" };
const NEGATIONS = new Set(["ikke", "not", "aldrig", "ingen", "intet"]);

function words(line: string): string[] {
  return fold(line).split(/[^a-z0-9æøå]+/).filter(Boolean);
}

/** R-3.6: the answer in the first own line, or why there is none (a reason the answer mail puts in words). */
export function readVote(ownText: string): { answer: VoteAnswer; remark: string } | { unclear: UnclearReason; answers?: VoteAnswer[] } {
  const [first = "", ...rest] = ownText.split("\n").filter((l) => l.trim() !== "");
  if (!first) return { unclear: "no-text" };
  const folded = fold(first);
  const found = new Set<VoteAnswer>();
  for (const [re, answer] of PHRASES) if (re.test(folded)) found.add(answer);
  const ws = words(first);
  const inAbstainPhrase = found.has("abstain");
  let negated = false;
  ws.forEach((w, i) => {
    const prev = ws[i - 1] ?? "";
    const weakHere = ws.length === 1 || prev === "stemmer" || prev === "vote" || (i === 0 && ws.length <= 2);
    const answer = STRONG[w] ?? (weakHere ? WEAK[w] : undefined);
    if (!answer) return;
    if (inAbstainPhrase && (w === "for" || w === "imod")) return;
    if (NEGATIONS.has(prev) || (prev === "no" && STRONG[w])) negated = true;
    else found.add(answer);
  });
  if (negated) return { unclear: "negated" };
  if (found.size === 0) return { unclear: "no-keyword" };
  if (found.size > 1) return { unclear: "several-answers", answers: [...found] };
  const [answer] = [...found] as [VoteAnswer];
  // Whatever follows the keyword on the first line, and the lines after it, is the member's remark (R-7.1).
  const afterKeyword = first.replace(/^\s*\S+[\s,.:;!-]*/, "").trim();
  const remark = [ws.length > 1 ? afterKeyword : "", ...rest].filter(Boolean).join("\n").trim();
  return { answer, remark };
}

/**
 * a vote from the member's own blocks — above, between and below quotes. Each block's first line
 * is read by the same rules; one answer is the vote, with the rest of the member's words as the remark; blocks
 * that disagree (JA above the quote, NEJ below it) are unclear, never guessed.
 */
export function readVoteBlocks(blocks: string[]): { answer: VoteAnswer; remark: string } | { unclear: UnclearReason; answers?: VoteAnswer[] } {
  const readings = blocks.map(readVote);
  const refusal = readings.find((r) => "unclear" in r && (r.unclear === "negated" || r.unclear === "several-answers"));
  if (refusal) return refusal;
  const answered = readings.flatMap((r, i) => ("answer" in r ? [{ ...r, i }] : []));
  const answers = [...new Set(answered.map((r) => r.answer))];
  if (answers.length > 1) return { unclear: "disagreeing-answers", answers };
  const chosen = answered[0];
  if (!chosen) return { unclear: "no-keyword" };
  const remark = blocks.map((b, i) => (i === chosen.i ? chosen.remark : answered.some((r) => r.i === i) ? "" : b)).filter(Boolean).join("\n").trim();
  return { answer: chosen.answer, remark };
}

// ─── the other actions ─────────────────────────────────────────────────────────────────────────────

const APPROVAL = /^(ok|okay|fint|godkendt|godkender|enig|ingen (indsigelser?|bemærkninger|kommentarer)|intet at bemærke|no objections?|approved?|looks good)\b/;

function readMinutesReply(own: string): ReplyReading {
  const first = own.split("\n").find((l) => l.trim()) ?? "";
  const f = fold(first).trim();
  if (/\b(indsigelse|objection|object)\b/.test(f) && !/\bingen indsigelse/.test(f) && !/\bno objection/.test(f)) {
    const text = own.replace(/^\s*(jeg gør |jeg har en |)?(indsigelse|objection)\s*[:.,!-]*\s*/i, "").trim();
    return { kind: "objection", text: text || own.trim() };
  }
  if (APPROVAL.test(f)) return { kind: "no-objection", text: own.trim() };
  return { kind: "unclear", reason: "minutes-unclear" };
}

function readApology(own: string): ReplyReading {
  const f = fold(own);
  const apology = /\b(afbud|melder afbud|kan ikke (deltage|komme|være med)|forhindret|deltager ikke|apology|apologies|cannot attend|can't attend|unable to attend)\b/.test(f);
  if (!apology) return { kind: "unclear", reason: "apology-unclear" };
  const noSubstitute = /\b(ingen|uden|ikke min) suppleant\b|\bsuppleant(en)? (deltager|kommer|kan) ikke\b/.test(f);
  const substitute = !noSubstitute && /\bsuppleant(en)?\b.*\b(deltager|kommer|møder|deltage)\b|\b(deltager|kommer|møder)\b.*\bsuppleant|\bsubstitute (will )?(attend|come)/.test(f);
  return { kind: "apology", substituteAttends: substitute, text: own.trim() };
}

function readItemRequest(own: string): ReplyReading {
  const lines = own.split("\n");
  const i = lines.findIndex((l) => l.trim());
  const title = (lines[i] ?? "").trim().replace(/^(punkt|overskrift|titel|emne)\s*:\s*/i, "").slice(0, 300);
  return { kind: "item-request", title, description: lines.slice(i + 1).join("\n").trim() };
}

function readReport(own: string): ReplyReading {
  // a figure named "constructor" or "__proto__" must not reach a prototype (it broke marshalling):
  // figures live in an object without one, and names that an object inherits are not figures.
  const figures = Object.create(null) as Record<string, number>;
  for (const line of own.split("\n")) {
    const m = /^\s*([^:]{2,80}):\s*(-?[\d.]+(,\d+)?)\s*(%|kr\.?|stk\.?)?\s*$/.exec(line);
    const name = m?.[1]?.trim();
    if (name && m?.[2] && !(name in Object.prototype) && name !== "prototype") figures[name] = Number(m[2].replace(/\./g, "").replace(",", "."));
  }
  const f = fold(own);
  const status = /\b(i risiko|at risk)\b/.test(f) ? "at-risk" : /\b(ikke på sporet|off track|forsinket)\b/.test(f) ? "off-track" : /\b(på sporet|on track|som planlagt)\b/.test(f) ? "on-track" : undefined;
  return { kind: "report", text: own.trim(), figures, ...(status ? { status } : {}) };
}

/** the text a reply's reader sees — its text part, or its HTML with hidden text dropped and quotes marked — normalised. */
function visibleText(input: { text: string | undefined; html: string | undefined }): string {
  return normalizeForKeywords(input.text?.trim() ? input.text : input.html ? htmlAsQuotedText(input.html) : "");
}

/** the member's own text of a reply, as readReply reads it (for the corpus and the comparison). */
export function ownText(input: { text: string | undefined; html: string | undefined }): string {
  return stripQuotedText(visibleText(input));
}

/** R-3.2, R-3.5, R-3.6, R-3.7: what a reply says, for the action its token allows. */
export function readReply(input: { text: string | undefined; html: string | undefined; action: ReplyAction }): ReplyReading {
  const body = visibleText(input);
  const blocks = ownBlocks(body);
  const own = blocks.join("\n\n");
  // Text that did not decode cleanly (a wrong charset, broken base64) can fold into a keyword: never read it.
  if (own.includes("\uFFFD")) return { kind: "unclear", reason: "undecodable" };
  // "We could not find your answer", and why: a member who wrote only above a quote did write something.
  if (!own) return { kind: "unclear", reason: body.trim() ? "only-quoted" : "no-text" };
  switch (input.action) {
    case "written-vote": {
      const v = readVoteBlocks(blocks);
      return "unclear" in v ? { kind: "unclear", reason: v.unclear, ...(v.answers ? { answers: v.answers } : {}) } : { kind: "vote", ...v };
    }
    case "minutes": return readMinutesReply(own);
    case "apology": return readApology(own);
    case "item-request": return readItemRequest(own);
    case "initiative-report": return readReport(own);
  }
}

/** Header values by lower-case name: one value, or every occurrence in order (a header may repeat). */
export type MailHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

function occurrences(headers: MailHeaders, name: string): string[] {
  const v = Object.prototype.hasOwnProperty.call(headers, name) ? headers[name] : undefined;
  return (v === undefined ? [] : typeof v === "string" ? [v] : [...v]).map((x) => x.toLowerCase().trim());
}

/** a delivery status notification (RFC 3464) or another machine's report: a bounce, never an answer. */
export function isBounce(headers: MailHeaders, from: string, subject: string, partTypes: readonly string[] = []): boolean {
  if (occurrences(headers, "content-type").some((t) => /^multipart\/report\b/.test(t))) return true;
  if (partTypes.some((t) => /^(multipart\/report|message\/(global-)?(delivery-status|disposition-notification))$/i.test(t))) return true;
  if (occurrences(headers, "x-failed-recipients").length) return true;
  if (occurrences(headers, "return-path").some((v) => v === "<>")) return true;
  if (/^(mailer-daemon|postmaster|bounces?)@/i.test(from.trim())) return true;
  return /^(undeliverable|undelivered mail|delivery status notification|delivery (failure|has failed)|mail delivery (failed|system)|returned mail|kunne ikke leveres|ikke leveret|levering mislykkedes|unzustellbar|non remis|non recapitabile|no se puede entregar|onbestelbaar|olevererbart)\b/i.test(subject.trim());
}

/**
 * RFC 3834 and common practice, read as Discourse reads it: every occurrence of every header
 * counts — one `Auto-Submitted` other than "no", any `Precedence` of bulk, junk, list or auto_reply, any
 * auto-reply header — as do bounces, auto-reply senders and subjects. Such mail is never answered (loops).
 */
export function isAutoReply(headers: MailHeaders, from: string, subject: string, partTypes: readonly string[] = []): boolean {
  if (isBounce(headers, from, subject, partTypes)) return true;
  if (occurrences(headers, "auto-submitted").some((v) => v !== "no")) return true;
  // X-Autoreply, X-Autorespond, X-Auto-Response, X-AutoGenerated …; X-Auto-Response-Suppress only asks others not to.
  if (Object.keys(headers).some((name) => /auto[-_]?(response|replied|reply|generated|respond)|holidayreply|machinegenerated/i.test(name) && !/^(x-auto-response-suppress|auto-submitted)$/i.test(name))) return true;
  if (occurrences(headers, "precedence").some((v) => /\b(bulk|junk|list|auto_reply)\b/.test(v))) return true;
  if (occurrences(headers, "x-auto-response-suppress").some((v) => /\b(all|oof)\b/.test(v)) && occurrences(headers, "x-ms-exchange-generated-message-source").length) return true;
  if (/^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?)@/i.test(from.trim())) return true;
  return /^(auto:|automatisk svar|autosvar|auto-svar|fraværende|fravær|out of office|automatic reply|auto(matic)?[- ]?(reply|response)|ferie|afwezig|abwesend|abwesenheitsnotiz|automatisch antwoord|risposta non al computer|fuori sede|respuesta automática|réponse automatique|frånvaro)(?![a-zæøå])/i.test(subject.trim().replace(/^(sv|re|aw|vs)\s*:\s*/i, ""));
}
