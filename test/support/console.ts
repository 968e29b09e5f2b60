/** What the console and member tests share: a logged-in console session over HTTP, the outbox as parsed mail, links in mail. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { simpleParser } from "mailparser";

export interface Mail { file: string; to: string; subject: string; text: string; html: string; purpose: string; date: string }

const parsed = new Map<string, Mail>();

/** Every .eml in the outbox, oldest first (parsed once each). */
export async function readOutbox(dir: string): Promise<Mail[]> {
  const out: Mail[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".eml")).sort()) {
    const path = join(dir, file);
    let m = parsed.get(path);
    if (!m) {
      const p = await simpleParser(readFileSync(path));
      const to = Array.isArray(p.to) ? p.to.flatMap((a) => a.value) : (p.to?.value ?? []);
      m = { file, to: to.map((a) => a.address ?? "").join(","), subject: p.subject ?? "", text: p.text ?? "", html: typeof p.html === "string" ? p.html : "", purpose: String(p.headers.get("x-klyngeflow-purpose") ?? ""), date: p.date?.toISOString() ?? "" };
      parsed.set(path, m);
    }
    out.push(m);
  }
  return out;
}

/** The member link (/m/<token>) in a mail's text, without query or sub-path. */
export function memberLink(mail: Mail): string {
  const m = /(https?:\/\/[^\s/]+\/m\/[A-Za-z0-9_-]+)/.exec(mail.text);
  if (!m?.[1]) throw new Error(`no member link in "${mail.subject}" to ${mail.to}`);
  return m[1];
}

/** Logs in to the console as a browser would (same-origin form post) and returns the session cookie. */
export async function consoleLogin(base: string, token: string): Promise<string> {
  const res = await fetch(`${base}/console/login`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", origin: base }, body: new URLSearchParams({ token }).toString() });
  const cookie = (res.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]).join("; ");
  if (!cookie) throw new Error(`login gave no cookie (${res.status})`);
  return cookie;
}

export async function consoleGet(base: string, path: string, cookie: string): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(`${base}${path}`, { headers: { cookie }, redirect: "manual" });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** A form post from a console page (same origin), following nothing. */
export async function consolePost(base: string, path: string, cookie: string, form: Record<string, string> | FormData, fromPage?: string): Promise<{ status: number; location: string; text: string }> {
  const body = form instanceof FormData ? form : new URLSearchParams(form).toString();
  const headers: Record<string, string> = { cookie, origin: base, ...(fromPage ? { referer: `${base}${fromPage}` } : {}) };
  if (!(form instanceof FormData)) headers["content-type"] = "application/x-www-form-urlencoded";
  const res = await fetch(`${base}${path}`, { method: "POST", headers, body, redirect: "manual" });
  const location = decodeURIComponent(res.headers.get("location") ?? "");
  return { status: res.status, location, text: await res.text() };
}

/** Text of a page without tags, for what a person reads. */
export function visibleText(page: string): string {
  return page.replace(/<style[\s\S]*?<\/style>/g, " ").replace(/<[^>]+>/g, " ").replace(/&nbsp;/g, " ").replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/\s+/g, " ");
}

export async function api(base: string, method: string, path: string, token: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  try { return { status: res.status, json: JSON.parse(text) as Record<string, unknown> }; } catch { return { status: res.status, json: { text } }; }
}
