/** The HTML shell of the member pages and the console: Danish, no scripts, keyboard and screen-reader friendly. */
import { html as honoHtml, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { Context } from "hono";
import { escapeHtml } from "#templates/layout";
import type { Deps } from "../deps.ts";

export const h = escapeHtml;

/** A fragment already escaped: interpolated again, it is not escaped twice. */
export type Html = HtmlEscapedString;

/**
 * hono/html's tag (escapes every value but escaped fragments; arrays are joined; undefined, null and false
 * leave nothing), kept synchronous: our pages never interpolate promises. Measured twice as fast as the tag
 * we had (bench/html-tags.ts).
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  const out = honoHtml(strings, ...values);
  if (out instanceof Promise) throw new Error("html: a page fragment must not interpolate a promise");
  return out;
}

/** Trusted markup (built by us, never from input) as a fragment. */
export const trusted = (markup: string): Html => raw(markup);

const STYLE = `
:root{color-scheme:light}
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:16px/1.5 -apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1a1a1a;background:#f4f6f8;overflow-wrap:anywhere}
a{color:#0b5394}a:focus,button:focus,input:focus,textarea:focus,select:focus{outline:3px solid #f0a500;outline-offset:2px}
header{background:#0b3d6e;color:#fff;padding:8px 16px}header nav{display:flex;flex-wrap:wrap;gap:4px 16px}header a{color:#fff;padding:6px 0}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;color:#000;padding:6px}
main{max-width:1000px;margin:0 auto;padding:16px}
.card{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:16px;margin:0 0 16px}
h1{font-size:24px;margin:0 0 12px}h2{font-size:19px;margin:18px 0 8px}h3{font-size:17px;margin:14px 0 6px}
table{border-collapse:collapse;width:100%;font-size:15px}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #d0d7de;vertical-align:top;overflow-wrap:break-word}
.ok{color:#1a7f37}.bad{color:#b42318}.muted{color:#4a4a4a;font-size:14px}
label{display:block;margin:10px 0 4px;font-weight:600}input[type=text],input[type=password],input[type=email],input[type=number],input[type=date],input[type=datetime-local],input[type=file],textarea,select{width:100%;max-width:560px;padding:8px;border:1px solid #8c959f;border-radius:4px;font:inherit;background:#fff}
label.check{font-weight:400;display:flex;gap:8px;align-items:flex-start}label.check input{margin-top:5px}
textarea{min-height:90px}
button{background:#0b5394;color:#fff;border:0;border-radius:6px;padding:11px 18px;font:inherit;font-weight:600;cursor:pointer;margin:10px 8px 0 0;max-width:100%}
button.secondary{background:#fff;color:#0b5394;border:2px solid #0b5394}button.danger{background:#fff;color:#b42318;border:2px solid #b42318}
button.small{padding:4px 10px;margin:2px 4px 2px 0;font-size:14px}
.choice{display:flex;gap:8px;flex-wrap:wrap}.choice label{font-weight:400;border:1px solid #8c959f;border-radius:6px;padding:10px 14px;margin:0}
fieldset{border:1px solid #d0d7de;border-radius:6px;margin:12px 0;padding:8px 12px}fieldset.danger{border:2px solid #b42318}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:13px;background:#eef2f6}.badge.bad{background:#fdecea}
a.file{display:inline-block;margin:4px 8px 4px 0;padding:8px 12px;border:2px solid #0b5394;border-radius:6px;text-decoration:none;font-weight:600}
.row{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:flex-end}.row>*{flex:1 1 220px}
.actions form{display:inline}
pre{white-space:pre-wrap;font:inherit}
h3{font-size:17px;margin:0 0 8px}h4{font-size:16px;margin:12px 0 6px}.card{overflow-wrap:anywhere}.card textarea,.card input[type=text]{box-sizing:border-box}
.apart{margin-top:12px;border:2px solid #b42318;border-radius:6px;padding:6px 12px}label.plain,.apart label{font-weight:400}
nav.sections{display:flex;flex-wrap:wrap;gap:6px 14px;margin:0 0 16px}.plainlist{list-style:none;padding:12px 16px}.plainlist li{margin:0 0 8px}
@media (max-width:700px){
  main{padding:10px 8px}.card{padding:12px}
  table.stack,table.stack tbody,table.stack tr,table.stack td,table.stack th{display:block;width:100%}
  table.stack thead{position:absolute;left:-9999px}
  table.stack tr{border-bottom:1px solid #d0d7de;padding:8px 0}table.stack td,table.stack th{border:0;padding:2px 0}
  table.stack td[data-label]::before{content:attr(data-label) ": ";font-weight:600}table.stack td:empty{display:none}
}
`;

export function page(title: string, body: Html, options: { nav?: Html; lang?: string } = {}): string {
  return `<!doctype html>
<html lang="${options.lang ?? "da"}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex,nofollow">
<title>${h(title)}</title><style>${STYLE}</style></head>
<body><a class="skip" href="#indhold">Gå til indhold</a>${options.nav ? `<header><nav aria-label="Hovedmenu">${String(options.nav)}</nav></header>` : ""}
<main id="indhold">${String(body)}</main></body></html>`;
}

/** Headers for every page that shows a member's matter: never cached, never leaked by Referer, no scripts. */
export const PRIVATE_PAGE_HEADERS: Record<string, string> = {
  "Cache-Control": "no-store",
  "Referrer-Policy": "no-referrer",
  "X-Robots-Tag": "noindex, nofollow",
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

/** A page of a member's matter, sent with PRIVATE_PAGE_HEADERS. */
export function privatePage(c: Context, status: number, title: string, body: Html): Response {
  for (const [k, v] of Object.entries(PRIVATE_PAGE_HEADERS)) c.header(k, v);
  return c.html(page(title, body), status as 200);
}

/** Files up to this size are served by the page itself; larger ones by a signed URL of the blob store. */
const INLINE_DOWNLOAD_BYTES = 4 * 1024 * 1024;

/**
 * A file of a member's matter, once the caller has checked that the member may have it. A file larger than a
 * Lambda response can carry (6 MB) is fetched from the blob store itself, by a signed URL that expires in
 * five minutes.
 */
export async function serveFile(c: Context, deps: Pick<Deps, "blobs">, file: { blobKey: string; name: string; contentType: string } | undefined, notFound: () => Response | Promise<Response>): Promise<Response> {
  if (!file) return notFound();
  const size = await deps.blobs.size?.(file.blobKey);
  if (size !== undefined && size > INLINE_DOWNLOAD_BYTES && deps.blobs.signedDownload) {
    for (const [k, v] of Object.entries(PRIVATE_PAGE_HEADERS)) c.header(k, v);
    return c.redirect(await deps.blobs.signedDownload(file.blobKey, { fileName: file.name, contentType: file.contentType, expiresInSeconds: 300 }), 303);
  }
  const bytes = await deps.blobs.get(file.blobKey);
  if (!bytes) return notFound();
  for (const [k, v] of Object.entries(PRIVATE_PAGE_HEADERS)) c.header(k, v);
  c.header("Content-Disposition", `attachment; filename="${file.name.replace(/[^\w.\- æøåÆØÅ]/g, "_")}"`);
  return c.body(new Uint8Array(bytes), 200, { "Content-Type": file.contentType });
}
