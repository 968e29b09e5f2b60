/**
 * Reading a member's reply (issue 5): only the member's own new lines count. Our own ballot, quoted back,
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
  | { kind: "unclear"; reason: string };

/** Letters from other scripts that look like Latin ones, used to slip past keyword filters. */
const LOOKALIKES: Record<string, string> = {
  "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ɡ": "g", "һ": "h", "ӏ": "l", "ո": "n",
  "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
  "Α": "A", "Β": "B", "Ε": "E", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Χ": "X", "Υ": "Y", "Ζ": "Z",
  "ο": "o", "ν": "v", "ι": "i",
};

/** Issue 5, issue 20: strips NUL, soft hyphens, bidi and zero-width controls, applies NFKC and folds look-alike letters. */
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

const QUOTE_HEADER = /^\s*[*_]*(fra|from|sendt|sent|til|to|emne|subject|dato|date|cc)\s*[*_]*\s*:/i;
const SEPARATORS = [
  /^-{2,}\s*(oprindelig meddelelse|original message|videresendt meddelelse|forwarded message)\s*-{2,}/i,
  /^_{10,}\s*$/,
  /^-- ?$/,
  /^(sendt fra|sent from|hent outlook|get outlook|sendt fra outlook|sent from outlook|sendt fra mail til windows|sent from mail for windows|sendt fra min|sent from my)\b/i,
  /^(med venlig hilsen|venlig hilsen|de bedste hilsner|bedste hilsner|mvh\.?|vh\.?|best regards|kind regards|regards)\s*[,.!]?\s*$/i,
];
const WROTE_LINE = /^(den|on|d\.|le|am)\b.*\b(skrev|wrote|schrieb|a écrit)\b.*:\s*$/i;
const WROTE_END = /\b(skrev|wrote|schrieb|a écrit)\b.*:\s*$/i;
const WROTE_START = /^(den|on|d\.)\s+\S+/i;

/** Issue 5: the member's own lines, cut at quoted text, forwarded headers, mobile footers and signatures. */
export function stripQuotedText(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const own: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const trimmed = line.trim();
    if (trimmed.startsWith(">")) break;
    if (SEPARATORS.some((re) => re.test(trimmed))) break;
    if (WROTE_LINE.test(trimmed)) break;
    // A "Den tor. 22. apr. 2027 kl. 14.00 skrev …:" line wrapped over two or three lines.
    if (WROTE_START.test(trimmed)) {
      const joined = [trimmed, lines[i + 1]?.trim() ?? "", lines[i + 2]?.trim() ?? ""];
      if (WROTE_END.test(`${joined[0]} ${joined[1]}`) || WROTE_END.test(joined.join(" "))) break;
    }
    // Outlook's header block: "Fra:" followed within a few lines by "Sendt:"/"Til:"/"Emne:".
    if (QUOTE_HEADER.test(trimmed) && /^\s*[*_]*(fra|from)\b/i.test(trimmed)) {
      const next = lines.slice(i + 1, i + 5).some((l) => QUOTE_HEADER.test(l.trim()));
      if (next) break;
    }
    own.push(line);
  }
  return own.join("\n").trim();
}

/** Issue 5, issue 20: an HTML-only reply's own visible text — hidden text dropped, the quoted part (Outlook, Gmail, Apple) cut. */
export function htmlToText(html: string): string {
  return stripQuotedText(htmlAsQuotedText(html));
}

// ───: votes ─────────────────────────────────────────────────────────────────────────────────

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

/** the answer in the first own line, or why there is none. */
export function readVote(ownText: string): { answer: VoteAnswer; remark: string } | { unclear: string } {
  const [first = "", ...rest] = ownText.split("\n").filter((l) => l.trim() !== "");
  if (!first) return { unclear: "Dit svar var tomt." };
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
  if (negated) return { unclear: "Dit svar indeholdt en nægtelse (fx \"ikke ja\"), så vi kunne ikke se, hvad du stemmer." };
  if (found.size === 0) return { unclear: "Vi kunne ikke finde JA, NEJ, UNDLAD eller INDSIGELSE i første linje af dit svar." };
  if (found.size > 1) return { unclear: `Dit svar indeholdt flere svar (${[...found].map((a) => ({ for: "JA", against: "NEJ", abstain: "UNDLAD", objection: "INDSIGELSE" })[a]).join(" og ")}), så vi kunne ikke se, hvad du stemmer.` };
  const [answer] = [...found] as [VoteAnswer];
  // Whatever follows the keyword on the first line, and the lines after it, is the member's remark.
  const afterKeyword = first.replace(/^\s*\S+[\s,.:;!-]*/, "").trim();
  const remark = [ws.length > 1 ? afterKeyword : "", ...rest].filter(Boolean).join("\n").trim();
  return { answer, remark };
}

// ─── the other actions ─────────────────────────────────────────────────────────────────────────────

const APPROVAL = /^(ok|okay|fint|godkendt|godkender|enig|ingen (indsigelser?|bemærkninger|kommentarer)|intet at bemærke|no objections?|approved?|looks good)\b/;

function readMinutesReply(own: string): ReplyReading {
  const first = own.split("\n").find((l) => l.trim()) ?? "";
  const f = fold(first).trim();
  if (!f) return { kind: "unclear", reason: "Dit svar var tomt." };
  if (/\b(indsigelse|objection|object)\b/.test(f) && !/\bingen indsigelse/.test(f) && !/\bno objection/.test(f)) {
    const text = own.replace(/^\s*(jeg gør |jeg har en |)?(indsigelse|objection)\s*[:.,!-]*\s*/i, "").trim();
    return { kind: "objection", text: text || own.trim() };
  }
  if (APPROVAL.test(f)) return { kind: "no-objection", text: own.trim() };
  return { kind: "unclear", reason: "Vi kunne ikke se, om du gør indsigelse. Skriv INDSIGELSE øverst i dit svar efterfulgt af, hvad der skal rettes. Har du ingen indsigelser, behøver du ikke svare." };
}

function readApology(own: string): ReplyReading {
  const f = fold(own);
  if (!f.trim()) return { kind: "unclear", reason: "Dit svar var tomt." };
  const apology = /\b(afbud|melder afbud|kan ikke (deltage|komme|være med)|forhindret|deltager ikke|apology|apologies|cannot attend|can't attend|unable to attend)\b/.test(f);
  if (!apology) return { kind: "unclear", reason: "Vi kunne ikke se, om du melder afbud. Skriv AFBUD øverst i dit svar." };
  const noSubstitute = /\b(ingen|uden|ikke min) suppleant\b|\bsuppleant(en)? (deltager|kommer|kan) ikke\b/.test(f);
  const substitute = !noSubstitute && /\bsuppleant(en)?\b.*\b(deltager|kommer|møder|deltage)\b|\b(deltager|kommer|møder)\b.*\bsuppleant|\bsubstitute (will )?(attend|come)/.test(f);
  return { kind: "apology", substituteAttends: substitute, text: own.trim() };
}

function readItemRequest(own: string): ReplyReading {
  const lines = own.split("\n");
  const i = lines.findIndex((l) => l.trim());
  if (i < 0) return { kind: "unclear", reason: "Dit svar var tomt. Skriv punktets overskrift i første linje og en beskrivelse nedenunder." };
  const title = (lines[i] ?? "").trim().replace(/^(punkt|overskrift|titel|emne)\s*:\s*/i, "").slice(0, 300);
  return { kind: "item-request", title, description: lines.slice(i + 1).join("\n").trim() };
}

function readReport(own: string): ReplyReading {
  if (!own.trim()) return { kind: "unclear", reason: "Rapporten var tom." };
  // Issue 20: a figure named "constructor" or "__proto__" must not reach a prototype (it broke marshalling):
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

/** Issue 5 / R-3.2, R-3.5, R-3.6, R-3.7: what a reply says, for the action its token allows. */
export function readReply(input: { text: string | undefined; html: string | undefined; action: ReplyAction }): ReplyReading {
  const body = input.text?.trim() ? input.text : input.html ? htmlAsQuotedText(input.html) : "";
  const own = stripQuotedText(normalizeForKeywords(body));
  // Text that did not decode cleanly (a wrong charset, broken base64) can fold into a keyword: never read it.
  if (own.includes("\uFFFD")) return { kind: "unclear", reason: "Dit svar kunne ikke læses, fordi tegnene ikke kunne afkodes. Svar venligst igen med almindelig tekst." };
  switch (input.action) {
    case "written-vote": {
      const v = readVote(own);
      return "unclear" in v ? { kind: "unclear", reason: v.unclear } : { kind: "vote", ...v };
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

/** Issue 20: a delivery status notification (RFC 3464) or another machine's report: a bounce, never an answer. */
export function isBounce(headers: MailHeaders, from: string, subject: string, partTypes: readonly string[] = []): boolean {
  if (occurrences(headers, "content-type").some((t) => /^multipart\/report\b/.test(t))) return true;
  if (partTypes.some((t) => /^(multipart\/report|message\/(global-)?(delivery-status|disposition-notification))$/i.test(t))) return true;
  if (occurrences(headers, "x-failed-recipients").length) return true;
  if (occurrences(headers, "return-path").some((v) => v === "<>")) return true;
  if (/^(mailer-daemon|postmaster|bounces?)@/i.test(from.trim())) return true;
  return /^(undeliverable|undelivered mail|delivery status notification|delivery (failure|has failed)|mail delivery (failed|system)|returned mail|kunne ikke leveres|ikke leveret|levering mislykkedes|unzustellbar|non remis|non recapitabile|no se puede entregar|onbestelbaar|olevererbart)\b/i.test(subject.trim());
}

/**
 * RFC 3834 and common practice, read as Discourse reads it (issue 20): every occurrence of every header
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
