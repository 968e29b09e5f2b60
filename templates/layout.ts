/**
 * One document model rendered twice: as mobile-friendly, accessible HTML (single column, real headings,
 * lang="da", contrast above 4.5:1, buttons that are links with text, no images) and as the plain-text
 * alternative that says the same. Every value is escaped when it goes into HTML: an agenda title with
 * markup shows as text.
 */

import { stripInvisibleControls } from "#domain/text";

export interface Link {
  label: string;
  url: string;
}

export type Block =
  | { kind: "p"; text: string }
  | { kind: "h2"; text: string }
  | { kind: "facts"; rows: [string, string][] }
  | { kind: "list"; items: string[]; ordered?: boolean }
  | { kind: "items"; items: { number: number; title: string; description: string; links: Link[]; note?: string }[] }
  /** Buttons; "danger" sets apart an answer that cannot be undone. */
  | { kind: "actions"; links: Link[]; tone?: "danger" }
  /** Material: one button per file, labelled with the file's name. */
  | { kind: "files"; links: Link[] }
  | { kind: "table"; head: string[]; rows: string[][] }
  | { kind: "quote"; text: string }
  | { kind: "note"; text: string };

export interface EmailDoc {
  subject: string;
  heading: string;
  /** Shown by mail clients next to the subject. */
  preheader?: string;
  blocks: Block[];
  /** Why the recipient gets this email (closes every mail). */
  reason: string;
  /** Who sends it (the secretariat). */
  sender: string;
  /** The recipient's own page ("Mine sager"), linked in the footer of every email to a seat's member or substitute. */
  memberPageUrl?: string | undefined;
}

const MEMBER_PAGE_LABEL = "Mine sager: alt, der venter på dig, på én side";

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Every value that goes into a mail's or a page's HTML: escaped, and without bidi or zero-width controls. */
export function escapeHtml(value: string): string {
  return stripInvisibleControls(value).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** Only http(s) and mailto links go into href; anything else is dropped (no javascript: URLs). */
function safeUrl(url: string): string {
  return /^(https?:|mailto:)/i.test(url) ? escapeHtml(url) : "#";
}

export const COLORS = { text: "#1a1a1a", muted: "#4a4a4a", accent: "#0b5394", border: "#d0d7de", bg: "#ffffff", page: "#f4f6f8", danger: "#b42318" };

/** Material as buttons that name the file (never a bare address), one a line so that long names fit a phone. */
function fileButtons(links: readonly Link[]): string {
  return `<p style="margin:8px 0 12px">${links
    .map((l) => `<a href="${safeUrl(l.url)}" style="display:block;max-width:100%;box-sizing:border-box;margin:0 0 8px;padding:10px 14px;border:2px solid ${COLORS.accent};color:${COLORS.accent};text-decoration:none;border-radius:6px;font-weight:600;overflow-wrap:anywhere">Hent ${escapeHtml(l.label)}</a>`)
    .join("")}</p>`;
}

/** WCAG 2 contrast ratio of two #rrggbb colours (text must reach 4.5:1). */
export function contrastRatio(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (bl ?? 0);
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

function paragraphs(text: string, style = ""): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p style="margin:0 0 14px;${style}">${escapeHtml(p).replace(/\n/g, "<br>")}</p>`)
    .join("");
}

function blockHtml(b: Block): string {
  switch (b.kind) {
    case "p": return paragraphs(b.text);
    case "h2": return `<h2 style="font-size:18px;margin:22px 0 10px;color:${COLORS.text}">${escapeHtml(b.text)}</h2>`;
    case "facts":
      return `<table role="presentation" style="border-collapse:collapse;margin:0 0 16px;width:100%">${b.rows
        .map(([k, v]) => `<tr><th scope="row" style="text-align:left;vertical-align:top;padding:4px 12px 4px 0;color:${COLORS.muted};font-weight:600">${escapeHtml(k)}</th><td style="padding:4px 0;overflow-wrap:anywhere;word-break:break-word">${escapeHtml(v)}</td></tr>`)
        .join("")}</table>`;
    case "list": {
      const tag = b.ordered ? "ol" : "ul";
      return `<${tag} style="margin:0 0 16px;padding-left:22px">${b.items.map((i) => `<li style="margin:0 0 6px">${escapeHtml(i)}</li>`).join("")}</${tag}>`;
    }
    case "items":
      return b.items.map((i) => `<section style="border-top:1px solid ${COLORS.border};padding:12px 0">
<h3 style="font-size:16px;margin:0 0 6px">${i.number}. ${escapeHtml(i.title)}</h3>
${i.description ? paragraphs(i.description) : ""}${i.note ? paragraphs(i.note, `color:${COLORS.muted};font-size:14px`) : ""}
${i.links.length ? fileButtons(i.links) : ""}
</section>`).join("");
    case "actions": {
      const danger = b.tone === "danger";
      return `<p style="margin:18px 0">${b.links
        .map((l) => `<a href="${safeUrl(l.url)}" style="display:inline-block;max-width:100%;box-sizing:border-box;margin:0 8px 10px 0;padding:12px 18px;background:${danger ? "#ffffff" : COLORS.accent};color:${danger ? COLORS.danger : "#ffffff"};border:2px solid ${danger ? COLORS.danger : COLORS.accent};text-decoration:none;border-radius:6px;font-weight:600">${escapeHtml(l.label)}</a>`)
        .join("")}</p>`;
    }
    case "files": return fileButtons(b.links);
    case "table":
      return `<table style="border-collapse:collapse;width:100%;margin:0 0 16px;font-size:14px"><thead><tr>${b.head
        .map((h) => `<th scope="col" style="text-align:left;border-bottom:2px solid ${COLORS.border};padding:6px 8px 6px 0">${escapeHtml(h)}</th>`)
        .join("")}</tr></thead><tbody>${b.rows
        .map((r) => `<tr>${r.map((c) => `<td style="border-bottom:1px solid ${COLORS.border};padding:6px 8px 6px 0;vertical-align:top">${escapeHtml(c)}</td>`).join("")}</tr>`)
        .join("")}</tbody></table>`;
    case "quote": return `<blockquote style="margin:0 0 16px;padding:8px 14px;border-left:4px solid ${COLORS.border};color:${COLORS.muted}">${paragraphs(b.text)}</blockquote>`;
    case "note": return paragraphs(b.text, `color:${COLORS.muted};font-size:14px`);
  }
}

export function renderHtml(doc: EmailDoc): string {
  return `<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(doc.subject)}</title>
</head>
<body style="margin:0;padding:0;background:${COLORS.page};color:${COLORS.text};font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5">
${doc.preheader ? `<div style="display:none;max-height:0;overflow:hidden">${escapeHtml(doc.preheader)}</div>` : ""}
<main style="max-width:600px;margin:0 auto;padding:16px 8px;overflow-wrap:anywhere;word-break:break-word">
<div style="background:${COLORS.bg};border:1px solid ${COLORS.border};border-radius:8px;padding:16px">
<h1 style="font-size:22px;line-height:1.3;margin:0 0 16px">${escapeHtml(doc.heading)}</h1>
${doc.blocks.map(blockHtml).join("\n")}
</div>
<footer style="padding:14px 4px;color:${COLORS.muted};font-size:13px">
<p style="margin:0 0 6px">Med venlig hilsen<br>${escapeHtml(doc.sender)}</p>
<p style="margin:0">${escapeHtml(doc.reason)}</p>
${doc.memberPageUrl ? `<p style="margin:10px 0 0"><a href="${safeUrl(doc.memberPageUrl)}" style="color:${COLORS.accent}">${escapeHtml(MEMBER_PAGE_LABEL)}</a></p>` : ""}
</footer>
</main>
</body>
</html>
`;
}

function blockText(b: Block): string {
  switch (b.kind) {
    case "p": return `${b.text}\n`;
    case "h2": return `${b.text}\n${"-".repeat(Math.min(b.text.length, 60))}\n`;
    case "facts": return b.rows.map(([k, v]) => `${k}: ${v}`).join("\n") + "\n";
    case "list": return b.items.map((i, n) => `${b.ordered ? `${n + 1}.` : "-"} ${i}`).join("\n") + "\n";
    case "items":
      return b.items.map((i) => [`${i.number}. ${i.title}`, i.description, i.note ?? "", ...i.links.map((l) => `   Hent ${l.label}: ${l.url}`)].filter(Boolean).join("\n")).join("\n\n") + "\n";
    case "actions": return b.links.map((l) => `${l.label}: ${l.url}`).join("\n") + "\n";
    case "files": return b.links.map((l) => `Hent ${l.label}: ${l.url}`).join("\n") + "\n";
    case "table": return [b.head.join(" | "), ...b.rows.map((r) => r.join(" | "))].join("\n") + "\n";
    case "quote": return b.text.split("\n").map((l) => `> ${l}`).join("\n") + "\n";
    case "note": return `${b.text}\n`;
  }
}

export function renderText(doc: EmailDoc): string {
  return `${doc.heading}\n${"=".repeat(Math.min(doc.heading.length, 60))}\n\n${doc.blocks.map(blockText).join("\n")}\n--\nMed venlig hilsen\n${doc.sender}\n\n${doc.reason}\n${doc.memberPageUrl ? `\n${MEMBER_PAGE_LABEL}:\n${doc.memberPageUrl}\n` : ""}`;
}
