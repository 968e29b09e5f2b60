/**
 * HTML that escapes by default, and the one layout every email shares.
 *
 * `html\`…\`` escapes every interpolated value; only a `SafeHtml` (from `html` itself or an explicit `raw()`
 * for trusted fragments) goes in as markup. An agenda title "<script>alert(1)</script>" therefore shows as
 * text. Interpolating `undefined`, `null`, `NaN` or a plain object throws, so a missing value can never
 * appear in a sent email as "undefined".
 *
 * The layout is one document model (`EmailDoc`) rendered twice: as mobile-friendly, accessible HTML (single
 * column of at most 600px, lang="da", one <h1>, real <h2> sections, contrast at least 4.5:1, buttons that
 * are <a> links with text, no images) and as the plain-text alternative that says the same.
 */
import { TemplateInputError, type Link, type Material } from "./model.ts";
import { fileSize } from "./format.ts";

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | false | readonly HtmlValue[];

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** Marks a trusted fragment as HTML. Never pass member- or secretariat-supplied text. */
export function raw(fragment: string): SafeHtml {
  return new SafeHtml(fragment);
}

function interpolate(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (typeof value === "string") return escapeHtml(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TemplateInputError("html", `a non-finite number (${value}) was interpolated`);
    return String(value);
  }
  if (value === false) return "";
  if (Array.isArray(value)) return value.map(interpolate).join("");
  throw new TemplateInputError("html", `cannot interpolate ${value === null ? "null" : typeof value} into HTML`);
}

/** Tagged template: literal parts are markup, every interpolated value is escaped. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? "";
  values.forEach((v, i) => {
    out += interpolate(v) + (strings[i + 1] ?? "");
  });
  return new SafeHtml(out);
}

/** Only https, http and mailto links go into an email; anything else (javascript:, data:) is refused. */
export function safeUrl(url: string, field = "url"): string {
  if (!/^(https?:\/\/[^\s]+|mailto:[^\s]+)$/i.test(url)) {
    throw new TemplateInputError(field, `refusing a link that is not http(s) or mailto: "${url.slice(0, 80)}"`);
  }
  return url;
}

// ─── colours and contrast (WCAG 2.1: at least 4.5:1 for normal text) ───────────────────────────────

export const COLORS = {
  text: "#1a1a1a",
  muted: "#4d4d4d",
  accent: "#0b5394",
  onAccent: "#ffffff",
  border: "#c4ccd4",
  card: "#ffffff",
  page: "#f2f4f6",
  warningBg: "#fff4e5",
  warningBorder: "#b35c00",
} as const;

/** Pairs of (foreground, background) the layout uses for text. */
export const TEXT_COLOR_PAIRS: readonly [string, string][] = [
  [COLORS.text, COLORS.card],
  [COLORS.muted, COLORS.card],
  [COLORS.muted, COLORS.page],
  [COLORS.accent, COLORS.card],
  [COLORS.onAccent, COLORS.accent],
  [COLORS.text, COLORS.warningBg],
];

function luminance(hex: string): number {
  const [r = 0, g = 0, b = 0] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The WCAG contrast ratio of two "#rrggbb" colours. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

// ─── the document model ─────────────────────────────────────────────────────────────────────────────

/** Inline content: text, emphasised text, or a link. */
export type Inline = string | { strong: string } | { link: Link };
export type Rich = string | readonly Inline[];

export interface Button extends Link {
  /** A consequential action (an objection) is shown as an outlined button, apart from the others. */
  secondary?: boolean;
}

export type Block =
  | { kind: "p"; content: Rich }
  | { kind: "h2"; text: string }
  | { kind: "facts"; rows: readonly { label: string; value: Rich }[] }
  | { kind: "list"; items: readonly Rich[]; ordered?: boolean }
  | { kind: "agenda"; items: readonly { number: number; title: string; description: string; material: readonly Material[]; note?: string }[] }
  | { kind: "buttons"; buttons: readonly Button[] }
  | { kind: "table"; caption: string; head: readonly string[]; rows: readonly (readonly string[])[] }
  | { kind: "quote"; label: string; text: string }
  | { kind: "notice"; content: Rich; tone: "info" | "warning" }
  | { kind: "small"; content: Rich };

export interface EmailDoc {
  subject: string;
  /** The single <h1>. */
  heading: string;
  /** The preview line mail apps show beside the subject. */
  preheader: string;
  blocks: readonly Block[];
  /** Who sends it (the secretariat), closing every mail. */
  sender: { name: string; email: string };
  /** Why the recipient gets this email. */
  reason: string;
}

// ─── HTML ──────────────────────────────────────────────────────────────────────────────────────────

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

function anchor(link: Link, style = `color:${COLORS.accent};text-decoration:underline`): SafeHtml {
  return html`<a href="${safeUrl(link.url)}" style="${raw(style)}">${link.label}</a>`;
}

function inlineHtml(content: Rich): SafeHtml {
  const parts = typeof content === "string" ? [content] : content;
  return html`${parts.map((p) => {
    if (typeof p === "string") return multiline(p);
    if ("strong" in p) return html`<strong>${p.strong}</strong>`;
    return anchor(p.link);
  })}`;
}

/** Line breaks inside member-supplied text survive as <br>, everything else is escaped. */
function multiline(text: string): SafeHtml {
  return html`${text.split("\n").map((line, i) => (i === 0 ? html`${line}` : html`<br>${line}`))}`;
}

function paragraphs(text: string, style: string): SafeHtml {
  const paras = text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  return html`${paras.map((p) => html`<p style="${raw(style)}">${multiline(p)}</p>`)}`;
}

const P = "margin:0 0 14px";

function materialLabel(m: Material): string {
  return m.bytes !== undefined ? `${m.name} (${fileSize(m.bytes)})` : m.name;
}

function buttonHtml(b: Button): SafeHtml {
  const filled = `background:${COLORS.accent};border:2px solid ${COLORS.accent}`;
  const outlined = `background:${COLORS.card};border:2px solid ${COLORS.accent}`;
  const color = b.secondary ? COLORS.accent : COLORS.onAccent;
  // A table cell carries the background so Outlook for Windows (Word engine) shows a button, not a bare link.
  return html`<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:separate;margin:0 0 10px"><tr><td style="${raw(`${b.secondary ? outlined : filled};border-radius:6px`)}"><a href="${safeUrl(b.url)}" style="${raw(`display:inline-block;padding:12px 20px;min-height:20px;color:${color};font-weight:600;text-decoration:none;font-size:16px;line-height:20px`)}">${b.label}</a></td></tr></table>`;
}

function blockHtml(b: Block): SafeHtml {
  switch (b.kind) {
    case "p":
      return html`<p style="${raw(P)}">${inlineHtml(b.content)}</p>`;
    case "h2":
      return html`<h2 style="${raw(`font-size:18px;line-height:1.3;margin:24px 0 10px;color:${COLORS.text}`)}">${b.text}</h2>`;
    case "facts":
      return html`<table style="border-collapse:collapse;width:100%;margin:0 0 16px">${b.rows.map(
        (r) => html`<tr><th scope="row" style="${raw(`text-align:left;vertical-align:top;padding:4px 12px 4px 0;color:${COLORS.muted};font-weight:600;width:34%`)}">${r.label}</th><td style="padding:4px 0;vertical-align:top">${inlineHtml(r.value)}</td></tr>`,
      )}</table>`;
    case "list": {
      const items = b.items.map((i) => html`<li style="margin:0 0 6px">${inlineHtml(i)}</li>`);
      return b.ordered
        ? html`<ol style="margin:0 0 16px;padding-left:24px">${items}</ol>`
        : html`<ul style="margin:0 0 16px;padding-left:24px">${items}</ul>`;
    }
    case "agenda":
      return html`${b.items.map((i) => html`<div style="${raw(`border-top:1px solid ${COLORS.border};padding:12px 0 4px`)}">
<h3 style="font-size:16px;line-height:1.4;margin:0 0 6px">${i.number}. ${i.title}</h3>
${paragraphs(i.description, P)}${i.note ? html`<p style="${raw(`${P};color:${COLORS.muted};font-size:14px`)}">${i.note}</p>` : false}${i.material.length
        ? html`<p style="${raw(`margin:0 0 4px;font-weight:600`)}">Materiale:</p><ul style="margin:0 0 12px;padding-left:24px">${i.material.map((m) => html`<li style="margin:0 0 6px">${anchor({ label: materialLabel(m), url: m.url })}</li>`)}</ul>`
        : false}
</div>`)}`;
    case "buttons":
      return html`<div style="margin:8px 0 16px">${b.buttons.map(buttonHtml)}</div>`;
    case "table":
      return html`<table style="border-collapse:collapse;width:100%;margin:0 0 16px;font-size:14px"><caption style="${raw(`text-align:left;font-weight:600;padding:0 0 6px;color:${COLORS.text}`)}">${b.caption}</caption><thead><tr>${b.head.map(
        (h) => html`<th scope="col" style="${raw(`text-align:left;border-bottom:2px solid ${COLORS.border};padding:6px 8px 6px 0`)}">${h}</th>`,
      )}</tr></thead><tbody>${b.rows.map(
        (r) => html`<tr>${r.map((c, n) => (n === 0
          ? html`<th scope="row" style="${raw(`text-align:left;font-weight:400;border-bottom:1px solid ${COLORS.border};padding:6px 8px 6px 0;vertical-align:top`)}">${c}</th>`
          : html`<td style="${raw(`border-bottom:1px solid ${COLORS.border};padding:6px 8px 6px 0;vertical-align:top`)}">${c}</td>`))}</tr>`,
      )}</tbody></table>`;
    case "quote":
      return html`<p style="${raw(`margin:0 0 4px;font-weight:600`)}">${b.label}:</p><blockquote style="${raw(`margin:0 0 16px;padding:8px 14px;border-left:4px solid ${COLORS.border};color:${COLORS.text}`)}">${paragraphs(b.text, "margin:0 0 8px")}</blockquote>`;
    case "notice": {
      const style = b.tone === "warning"
        ? `background:${COLORS.warningBg};border-left:4px solid ${COLORS.warningBorder}`
        : `background:${COLORS.page};border-left:4px solid ${COLORS.accent}`;
      return html`<div style="${raw(`${style};padding:12px 14px;margin:0 0 16px`)}"><p style="margin:0;font-weight:600">${inlineHtml(b.content)}</p></div>`;
    }
    case "small":
      return html`<p style="${raw(`${P};color:${COLORS.muted};font-size:14px`)}">${inlineHtml(b.content)}</p>`;
  }
}

/** The email as HTML: one centred column of at most 600px, readable on a phone and in Outlook. */
export function renderHtml(doc: EmailDoc): string {
  return html`<!doctype html>
<html lang="da" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<meta name="color-scheme" content="light">
<meta name="supported-color-schemes" content="light">
<title>${doc.subject}</title>
</head>
<body style="${raw(`margin:0;padding:0;background:${COLORS.page};color:${COLORS.text};font-family:${FONT};font-size:16px;line-height:1.5;-webkit-text-size-adjust:100%`)}">
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all">${doc.preheader}</div>
<div role="article" aria-roledescription="e-mail" aria-label="${doc.subject}" lang="da" style="${raw(`max-width:600px;margin:0 auto;padding:16px 12px`)}">
${raw("<!--[if mso]><table role=\"presentation\" width=\"600\" align=\"center\" cellpadding=\"0\" cellspacing=\"0\"><tr><td><![endif]-->")}
<div style="${raw(`background:${COLORS.card};border:1px solid ${COLORS.border};border-radius:8px;padding:20px 18px`)}">
<h1 style="${raw(`font-size:22px;line-height:1.3;margin:0 0 16px;color:${COLORS.text}`)}">${doc.heading}</h1>
${doc.blocks.map((b) => html`${blockHtml(b)}
`)}</div>
<div style="${raw(`padding:14px 6px;color:${COLORS.muted};font-size:14px`)}">
<p style="margin:0 0 10px">Med venlig hilsen<br>${doc.sender.name}<br>${anchor({ label: doc.sender.email, url: `mailto:${doc.sender.email}` }, `color:${COLORS.muted};text-decoration:underline`)}</p>
<p style="margin:0">${doc.reason}</p>
</div>
${raw("<!--[if mso]></td></tr></table><![endif]-->")}
</div>
</body>
</html>
`.value;
}

// ─── plain text ─────────────────────────────────────────────────────────────────────────────────────

function inlineText(content: Rich): string {
  const parts = typeof content === "string" ? [content] : content;
  return parts.map((p) => {
    if (typeof p === "string") return p;
    if ("strong" in p) return p.strong;
    // An address shown as its own label needs no repeating.
    return p.link.url === p.link.label || p.link.url === `mailto:${p.link.label}` ? p.link.label : `${p.link.label} <${p.link.url}>`;
  }).join("");
}

function indent(text: string, prefix: string): string {
  return text.split("\n").map((l) => (l.trim() ? `${prefix}${l}` : prefix.trimEnd())).join("\n");
}

function blockText(b: Block): string {
  switch (b.kind) {
    case "p": return inlineText(b.content);
    case "h2": return `${b.text}\n${"-".repeat(Math.min(b.text.length, 40))}`;
    case "facts": return b.rows.map((r) => `${r.label}: ${inlineText(r.value)}`).join("\n");
    case "list": return b.items.map((i, n) => `${b.ordered ? `${n + 1}.` : "-"} ${inlineText(i)}`).join("\n");
    case "agenda":
      return b.items.map((i) => [
        `${i.number}. ${i.title}`,
        i.description.trim() ? indent(i.description.trim(), "   ") : "",
        i.note ? `   ${i.note}` : "",
        ...(i.material.length ? ["   Materiale:", ...i.material.map((m) => `   - ${materialLabel(m)}: ${m.url}`)] : []),
      ].filter(Boolean).join("\n")).join("\n\n");
    case "buttons": return b.buttons.map((l) => `${l.label}: ${l.url}`).join("\n");
    case "table": return [`${b.caption}:`, ...b.rows.map((r) => `- ${r[0] ?? ""}: ${r.slice(1).filter((c) => c && c !== "–").join(", ")}`)].join("\n");
    case "quote": return `${b.label}:\n${indent(b.text.trim(), "> ")}`;
    case "notice": return `>> ${inlineText(b.content)}`;
    case "small": return inlineText(b.content);
  }
}

/** The plain-text alternative: the same words, links written out. */
export function renderText(doc: EmailDoc): string {
  const body = doc.blocks.map(blockText).filter((t) => t.trim() !== "").join("\n\n");
  return `${doc.heading}\n${"=".repeat(Math.min(doc.heading.length, 40))}\n\n${body}\n\n-- \nMed venlig hilsen\n${doc.sender.name}\n${doc.sender.email}\n\n${doc.reason}\n`;
}
