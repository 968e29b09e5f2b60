/**
 * An HTML mail body as the text its reader sees: hidden text is dropped,
 * quoted text is marked with "> " as a plain-text client would quote it, so that one set of rules reads
 * both. The domain holds no HTML library (dependency-cruiser allows zod and luxon only), so this is a small
 * tolerant tag walker: it needs to know which text is visible and which is quoted, not to build a DOM.
 */

const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]);
/** Elements whose content is never shown as text. */
const UNSHOWN = new Set(["head", "script", "style", "title", "template", "noscript", "object", "svg", "math", "select", "option"]);
const RAW_TEXT = new Set(["script", "style", "title", "textarea", "xmp"]);
/** Elements that start and end a line. */
const BLOCK = new Set([
  "address", "article", "aside", "blockquote", "body", "center", "dd", "div", "dl", "dt", "fieldset", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
  "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
]);
/** A new one of these ends an open <p> (HTML's implied end tags), so a hidden paragraph does not swallow the next block. */
const CLOSES_P = new Set(["address", "article", "aside", "blockquote", "div", "dl", "fieldset", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "p", "pre", "section", "table", "ul"]);

/** Inline styles that hide text from the reader: such text is not the member's visible answer. */
const HIDING_STYLE = [
  /(^|;)\s*display\s*:\s*none\b/,
  /(^|;)\s*visibility\s*:\s*(hidden|collapse)\b/,
  /(^|;)\s*mso-hide\s*:\s*all\b/,
  /(^|;)\s*font-size\s*:\s*0*\.?0+(px|pt|em|rem|%)?\s*(!important)?\s*(;|$)/,
  /(^|;)\s*opacity\s*:\s*0*\.?0+\s*(!important)?\s*(;|$)/,
  /(^|;)\s*(max-)?(height|width)\s*:\s*0+(px|pt|em)?\s*(!important)?\s*(;|$)[\s\S]*\boverflow\s*:\s*hidden/,
  /\boverflow\s*:\s*hidden[\s\S]*(^|;)\s*(max-)?(height|width)\s*:\s*0+(px|pt|em)?\s*(!important)?\s*(;|$)/,
];

/** Where a quoted message starts in the HTML of Gmail, Apple Mail, Thunderbird, Yahoo and Outlook. */
const QUOTE_CLASS = /\b(gmail_quote|gmail_attr|moz-cite-prefix|yahoo_quoted|protonmail_quote|OutlookMessageHeader)\b/i;
/** Outlook (desktop, web, mobile) puts its header block and the message after these, as siblings: the rest is quoted. */
const REST_QUOTED_ID = /^(divRplyFwdMsg|appendonsend|mail-editor-reference-message-container|stopSpelling|OLK_SRC_BODY_SECTION)$/i;

const ENTITIES: Record<string, string> = {
  nbsp: " ", amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", aelig: "æ", oslash: "ø", aring: "å", AElig: "Æ", Oslash: "Ø", Aring: "Å",
  auml: "ä", ouml: "ö", uuml: "ü", Auml: "Ä", Ouml: "Ö", Uuml: "Ü", eacute: "é", egrave: "è", szlig: "ß", ndash: "–", mdash: "—", hellip: "…",
  lsquo: "‘", rsquo: "’", ldquo: "“", rdquo: "”", laquo: "«", raquo: "»", copy: "©", shy: "\u00AD", zwsp: "\u200B", ensp: " ", emsp: " ", thinsp: " ",
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});?/gi, (all, e: string) => {
    if (e[0] === "#") {
      const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : "\uFFFD";
    }
    return Object.prototype.hasOwnProperty.call(ENTITIES, e) ? (ENTITIES[e] ?? all) : all;
  });
}

function attribute(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name}(?:\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+)))?(?=\\s|/|$)`, "i").exec(attrs);
  return m ? decodeEntities(m[1] ?? m[2] ?? m[3] ?? "") : undefined;
}

/** Classes and ids that a <style> block hides (`.x{display:none}`, `#y{visibility:hidden}`). */
function hiddenSelectors(html: string): { classes: Set<string>; ids: Set<string> } {
  const classes = new Set<string>();
  const ids = new Set<string>();
  for (const [, css = ""] of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi)) {
    for (const [, selectors = "", body = ""] of css.replace(/\/\*[\s\S]*?\*\//g, "").matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
      if (!HIDING_STYLE.some((re) => re.test(body.toLowerCase().trim()))) continue;
      for (const sel of selectors.split(",")) {
        const m = /^\s*[a-z0-9]*([.#])([\w-]+)\s*$/i.exec(sel);
        if (m?.[2]) (m[1] === "." ? classes : ids).add(m[2].toLowerCase());
      }
    }
  }
  return { classes, ids };
}

interface Open {
  name: string;
  hidden: boolean;
  quote: boolean;
  pre: boolean;
}

/**
 * The visible text of an HTML body, line by line, with quoted lines prefixed "> ".
 * Dropped: scripts, styles, the head, and text hidden by `hidden`, display:none, visibility:hidden,
 * font-size 0, opacity 0, mso-hide:all, zero-size overflow boxes, or a <style> rule that hides a class or id.
 */
export function htmlAsQuotedText(html: string): string {
  const hiddenBy = hiddenSelectors(html);
  const lines: { text: string; quoted: boolean }[] = [{ text: "", quoted: false }];
  const stack: Open[] = [];
  let restQuoted = false;
  const hidden = () => stack.some((o) => o.hidden);
  const quoted = () => restQuoted || stack.some((o) => o.quote);
  const current = () => lines[lines.length - 1] as { text: string; quoted: boolean };
  const newline = (force = false) => { if (force || current().text.trim() !== "") lines.push({ text: "", quoted: quoted() }); };
  const emit = (raw: string) => {
    if (hidden()) return;
    const pre = stack.some((o) => o.pre);
    const text = decodeEntities(pre ? raw : raw.replace(/[ \t\n\r\f]+/g, " "));
    const q = quoted();
    const parts = pre ? text.split("\n") : [text];
    parts.forEach((part, i) => {
      if (i > 0) newline(true);
      if (current().text.trim() === "") current().quoted = q;
      else if (current().quoted !== q && part.trim()) lines.push({ text: "", quoted: q });
      current().text += part;
    });
  };
  const close = (name: string) => {
    const at = stack.map((o) => o.name).lastIndexOf(name);
    if (at < 0) return;
    const closed = stack.splice(at);
    if (closed.some((o) => BLOCK.has(o.name))) newline();
  };

  const TOKEN = /<!--[\s\S]*?(?:-->|$)|<!\[[^\]]*\]>|<![^>]*>|<\?[^>]*>|<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
  let at = 0;
  for (let m = TOKEN.exec(html); m; m = TOKEN.exec(html)) {
    if (m.index > at) emit(html.slice(at, m.index));
    at = TOKEN.lastIndex;
    const [, slash, rawName, attrs = ""] = m;
    if (!rawName) continue;
    const name = rawName.toLowerCase();
    if (slash) { close(name); continue; }
    if (name === "br") { if (!hidden()) newline(true); continue; }
    if (CLOSES_P.has(name) && stack.some((o) => o.name === "p")) close("p");
    if (name === "li" || name === "dt" || name === "dd" || name === "tr" || name === "td" || name === "th") {
      const same = stack.map((o) => o.name).lastIndexOf(name);
      if (same >= 0 && !stack.slice(same + 1).some((o) => o.name === "ul" || o.name === "ol" || o.name === "table" || o.name === "dl")) close(name);
    }
    const id = (attribute(attrs, "id") ?? "").trim();
    if (REST_QUOTED_ID.test(id)) restQuoted = true;
    if (BLOCK.has(name)) newline();
    if (VOID.has(name)) continue;
    const style = (attribute(attrs, "style") ?? "").toLowerCase().trim();
    const classes = (attribute(attrs, "class") ?? "").toLowerCase().split(/\s+/).filter(Boolean);
    const isHidden = UNSHOWN.has(name) || attribute(attrs, "hidden") !== undefined || HIDING_STYLE.some((re) => re.test(style))
      || classes.some((c) => hiddenBy.classes.has(c)) || hiddenBy.ids.has(id.toLowerCase());
    const isQuote = name === "blockquote" || QUOTE_CLASS.test(attribute(attrs, "class") ?? "") || /^(divRplyFwdMsg)$/i.test(id);
    if (RAW_TEXT.has(name)) {
      // Script and style content is not markup: skip to its end tag.
      const end = html.slice(at).search(new RegExp(`</${name}\\s*>`, "i"));
      const text = end < 0 ? html.slice(at) : html.slice(at, at + end);
      at = end < 0 ? html.length : at + end + html.slice(at + end).indexOf(">") + 1;
      TOKEN.lastIndex = at;
      if (name === "textarea" || name === "xmp") { stack.push({ name, hidden: isHidden, quote: isQuote, pre: true }); emit(text); stack.pop(); }
      continue;
    }
    stack.push({ name, hidden: isHidden, quote: isQuote, pre: name === "pre" || name === "textarea" });
  }
  if (at < html.length) emit(html.slice(at));

  return lines
    .map((l) => { const t = l.text.replace(/[ \t\u00A0]+$/g, "").replace(/^[ \t\u00A0]+/, ""); return l.quoted ? (t ? `> ${t}` : ">") : t; })
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
