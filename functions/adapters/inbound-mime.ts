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
  headers: Record<string, string>;
  text?: string | undefined;
  html?: string | undefined;
  attachments: { filename: string; contentType: string; size: number; content: Buffer }[];
}

/** Counts parts and the deepest nesting of multiparts by following boundaries through the raw text. */
function scanStructure(raw: string, limits: InboundLimits): void {
  const boundaries: string[] = [];
  let parts = 0;
  let depth = 0;
  const lines = raw.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (/^content-type:\s*multipart\//i.test(line)) {
      // The boundary may be on a folded continuation line.
      let header = line;
      for (let j = i + 1; j < lines.length && /^[ \t]/.test(lines[j] ?? ""); j++) header += lines[j];
      const m = /boundary\s*=\s*"?([^";\s]+)"?/i.exec(header);
      if (m?.[1]) {
        boundaries.push(m[1]);
        depth = Math.max(depth, boundaries.length);
        if (depth > limits.maxDepth) throw new UnreadableEmailError("too-deep", `multipart nesting deeper than ${limits.maxDepth}`);
      }
    } else if (line.startsWith("--") && boundaries.length) {
      const b = boundaries.find((x) => line === `--${x}` || line === `--${x}--` || line.trimEnd() === `--${x}` || line.trimEnd() === `--${x}--`);
      if (b) {
        if (line.trimEnd().endsWith("--") && line.trimEnd() === `--${b}--`) {
          const at = boundaries.lastIndexOf(b);
          boundaries.splice(at);
        } else if (++parts > limits.maxParts) {
          throw new UnreadableEmailError("too-many-parts", `more than ${limits.maxParts} MIME parts`);
        }
      }
    }
  }
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
  scanStructure(text, limits);
  let m;
  try {
    m = await simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true, maxHtmlLengthToParse: 2 * 1024 * 1024 });
  } catch (e) {
    throw new UnreadableEmailError("malformed", `cannot parse: ${(e as Error).message}`);
  }
  const headers: Record<string, string> = {};
  for (const line of m.headerLines) {
    const name = line.key.toLowerCase();
    if (headers[name] === undefined) headers[name] = line.line.slice(line.line.indexOf(":") + 1).replace(/\r?\n[ \t]+/g, " ").trim();
  }
  const from = m.from?.value[0];
  return {
    messageId: m.messageId,
    ...(from?.address ? { from: { address: from.address.toLowerCase(), name: from.name ?? "" } } : {}),
    to: addresses(m.to),
    cc: addresses(m.cc),
    subject: m.subject ?? "",
    date: m.date?.toISOString(),
    inReplyTo: m.inReplyTo,
    headers,
    text: m.text,
    html: typeof m.html === "string" ? m.html : undefined,
    attachments: m.attachments.map((a) => ({ filename: a.filename ?? "vedhæftning", contentType: a.contentType, size: a.size, content: a.content })),
  };
}
