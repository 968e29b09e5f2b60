/**
 * Parsing a raw inbound email safely: size, part count and multipart nesting are checked on the raw bytes
 * before mailparser sees them (multipart bombs), then every charset and transfer encoding is decoded.
 */
import { simpleParser, type AddressObject } from "mailparser";

export interface InboundLimits {
  maxBytes: number;
  maxParts: number;
  maxDepth: number;
}

export const DEFAULT_LIMITS: InboundLimits = { maxBytes: 10 * 1024 * 1024, maxParts: 100, maxDepth: 8 };

export type UnreadableReason = "too-large" | "too-many-parts" | "too-deep" | "malformed";

export class UnreadableEmailError extends Error {
  constructor(readonly reason: UnreadableReason, message: string) {
    super(message);
    this.name = "UnreadableEmailError";
  }
}

export interface ParsedInbound {
  messageId?: string | undefined;
  from?: { address: string; name: string } | undefined;
  to: string[];
  cc: string[];
  subject: string;
  date?: string | undefined;
  inReplyTo?: string | undefined;
  /** Every occurrence of every header, in order, by lower-case name (no prototype: a header may be named `constructor`). */
  headers: Record<string, string[]>;
  /** Why there is no sender, when From is missing, repeated or lists more than one address. */
  fromProblem?: "several-from" | undefined;
  /** The content type of every part, outermost first (a DSN is multipart/report with message/delivery-status). */
  partTypes: string[];
  /** The text/plain part, when the message has one; never text that mailparser made from the HTML. */
  text?: string | undefined;
  html?: string | undefined;
  attachments: { filename: string; contentType: string; size: number; content: Buffer }[];
}

/** One header block's fields, unfolded (RFC 5322 §2.2.3): a continuation line belongs to the field above it. */
function unfoldedFields(block: string[]): string[] {
  const fields: string[] = [];
  for (const line of block) {
    if (/^[ \t]/.test(line) && fields.length) fields[fields.length - 1] += ` ${line.trim()}`;
    else fields.push(line);
  }
  return fields;
}

function fieldValue(fields: string[], name: string): string | undefined {
  const re = new RegExp(`^${name}\\s*:`, "i");
  const field = fields.find((f) => re.test(f));
  return field?.slice(field.indexOf(":") + 1).trim();
}

/**
 * counts parts and the deepest nesting of multiparts the way a MIME parser sees them — each part's
 * header block unfolded before its Content-Type is read, so a folded `Content-Type:` cannot hide a multipart
 * (or its boundary) from the limits. Returns the content type of every part, for telling bounces apart.
 */
function scanStructure(raw: string, limits: InboundLimits): { type: string; attachment: boolean }[] {
  const boundaries: string[] = [];
  const types: { type: string; attachment: boolean }[] = [];
  let parts = 0;
  let block: string[] | undefined = [];
  const lines = raw.split(/\r?\n/);
  for (const line of lines) {
    if (block) {
      if (line !== "") { block.push(line); continue; }
      // The end of a header block: what kind of part is this?
      const fields = unfoldedFields(block);
      const type = (fieldValue(fields, "content-type") ?? "text/plain").toLowerCase();
      types.push({ type: type.split(";")[0]?.trim() ?? "", attachment: /^attachment\b/i.test(fieldValue(fields, "content-disposition") ?? "") });
      block = undefined;
      if (/^multipart\//.test(type)) {
        const m = /boundary\s*=\s*(?:"([^"]+)"|([^";\s]+))/i.exec(fieldValue(fields, "content-type") ?? "");
        const boundary = m?.[1] ?? m?.[2];
        if (boundary) {
          boundaries.push(boundary);
          if (boundaries.length > limits.maxDepth) throw new UnreadableEmailError("too-deep", `multipart nesting deeper than ${limits.maxDepth}`);
        }
      } else if (/^message\/(rfc822|global)\b/.test(type)) {
        // An attached message begins with its own header block.
        block = [];
      }
      continue;
    }
    if (!line.startsWith("--") || !boundaries.length) continue;
    const trimmed = line.trimEnd();
    // The innermost boundary that this line delimits; an outer one ends the parts inside it too.
    for (let at = boundaries.length - 1; at >= 0; at--) {
      const b = boundaries[at] ?? "";
      if (trimmed === `--${b}--`) { boundaries.splice(at); break; }
      if (trimmed === `--${b}`) {
        boundaries.splice(at + 1);
        if (++parts > limits.maxParts) throw new UnreadableEmailError("too-many-parts", `more than ${limits.maxParts} MIME parts`);
        block = [];
        break;
      }
    }
  }
  return types;
}

function addresses(a: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(a) ? a : a ? [a] : [];
  return list.flatMap((x) => x.value).map((v) => (v.address ?? "").toLowerCase()).filter(Boolean);
}

/** A bounded parse of a raw message; throws UnreadableEmailError with the reason. */
export async function parseInboundEmail(raw: Buffer, limits: InboundLimits = DEFAULT_LIMITS): Promise<ParsedInbound> {
  if (raw.length > limits.maxBytes) throw new UnreadableEmailError("too-large", `message of ${raw.length} bytes is over the ${limits.maxBytes}-byte limit`);
  const text = raw.toString("latin1");
  if (!/^[\x21-\x39\x3b-\x7e]+:/m.test(text.slice(0, 4096))) throw new UnreadableEmailError("malformed", "no header lines");
  const structure = scanStructure(text, limits);
  let m;
  try {
    m = await simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true, maxHtmlLengthToParse: 2 * 1024 * 1024 });
  } catch (e) {
    throw new UnreadableEmailError("malformed", `cannot parse: ${(e as Error).message}`);
  }
  const headers: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const line of m.headerLines) {
    const value = line.line.slice(line.line.indexOf(":") + 1).replace(/\r?\n[ \t]+/g, " ").trim();
    (headers[line.key.toLowerCase()] ??= []).push(value);
  }
  // Exactly one From with exactly one address (as Discourse reads mail): a second From, a list or a group
  // could put the member's address first beside someone else's.
  const froms = m.from?.value ?? [];
  const several = (headers.from?.length ?? 0) > 1 || froms.length > 1 || froms.some((f) => f.group);
  const from = !several && froms[0]?.address ? froms[0] : undefined;
  const hasTextPart = structure.some((p) => p.type === "text/plain" && !p.attachment);
  return {
    messageId: m.messageId,
    ...(from?.address ? { from: { address: from.address.toLowerCase(), name: from.name ?? "" } } : {}),
    ...(several ? { fromProblem: "several-from" as const } : {}),
    to: addresses(m.to),
    cc: addresses(m.cc),
    subject: m.subject ?? "",
    date: m.date?.toISOString(),
    inReplyTo: m.inReplyTo,
    headers,
    partTypes: structure.map((p) => p.type),
    text: hasTextPart ? m.text : undefined,
    html: typeof m.html === "string" ? m.html : undefined,
    attachments: m.attachments.map((a) => ({ filename: a.filename ?? "vedhæftning", contentType: a.contentType, size: a.size, content: a.content })),
  };
}
