/**
 * What every console page shares: the session (a server-side session, never the API token, in an
 * HttpOnly, SameSite=Strict cookie), the roles of each action (the API route table's, so the console and
 * the API allow the same), the page shell, Danish refusals, and the confirmation asked before anything
 * that sends mail.
 */
import type { Context, Hono } from "hono";
import { getCookie } from "hono/cookie";
import { danishWeekday } from "#domain/calendar";
import { consoleError } from "#templates/console";
import { danishDate, danishDateTime } from "#templates/danish";
import type { Caller, Role } from "../../committee/api-tokens.ts";
import { messageHolds, sealMessage, sessionCaller } from "../../committee/sessions.ts";
import type { Deps } from "../../deps.ts";
import { apiRoutes } from "../api-routes.ts";
import { html, page, type Html } from "../pages.ts";

export interface OutboxEntry {
  file: string;
  to: string;
  subject: string;
  date: string;
  purpose: string;
  /** The committee the mail belongs to (its X-Klyngeflow-Committee header): only its secretariat may read it. */
  committee: string;
}

export interface ConsoleOptions {
  local?: {
    listOutbox(): Promise<OutboxEntry[]>;
    readOutbox(file: string): Promise<{ entry: OutboxEntry; text: string; html: string; raw: Buffer } | undefined>;
    /** The committee a raw reply concerns (by its reply token), when one can be told. */
    committeeOfReply(raw: Buffer): Promise<string | undefined>;
    pasteInbound(raw: Buffer): Promise<{ outcome: string; reason?: string | undefined; recorded?: string | undefined }>;
  } | undefined;
}

export const SESSION_COOKIE = "kf_session";
/** A posted form; a field given several times (checkboxes) is a list. */
export type Form = Record<string, string | File | (string | File)[]>;

/** A refusal of the console's own (a form left empty): its message is already Danish. */
export class ConsoleInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConsoleInputError";
  }
}

/** The roles of an API route: the console allows exactly what the API allows for the same use case. */
export function rolesOf(method: string, path: string): Role[] {
  const r = apiRoutes.find((x) => x.method === method && x.path === `/api/committees/{committee}${path}`);
  if (!r) throw new Error(`console: no API route ${method} ${path}`);
  return r.roles;
}

export const when = (at: string | null | undefined) => (at ? danishDateTime(at) : "");
export const day = (at: string) => danishDate(at);
export { danishWeekday };

/** A table that stacks into labelled lines on a phone (pages.ts: table.stack). */
export function table(head: string[], rows: (Html | string)[][], caption?: string): Html {
  return html`<table class="stack">${caption ? html`<caption class="muted">${caption}</caption>` : ""}<thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${rows.map((r) => html`<tr>${r.map((cell, i) => html`<td data-label="${head[i] ?? ""}">${cell}</td>`)}</tr>`)}</tbody></table>`;
}

const first = (v: Form[string] | undefined) => (Array.isArray(v) ? v[0] : v);
export const str = (f: Form, k: string) => { const v = first(f[k]); return typeof v === "string" ? v.trim() : ""; };
/** Every value of a field given several times (checkboxes). */
export const list = (f: Form, k: string): string[] => (Array.isArray(f[k]) ? (f[k] as (string | File)[]) : f[k] === undefined ? [] : [f[k] as string | File]).filter((v): v is string => typeof v === "string");
export const yes = (f: Form, k: string) => str(f, k) === "ja";
export const file = (f: Form, k: string): File | undefined => { const v = first(f[k]); return v instanceof File && v.size > 0 ? v : undefined; };
export const files = (f: Form, k: string): File[] => (Array.isArray(f[k]) ? (f[k] as (string | File)[]) : f[k] === undefined ? [] : [f[k] as string | File]).filter((v): v is File => v instanceof File && v.size > 0);
export const required = (value: string, label: string) => {
  if (!value) throw new ConsoleInputError(`Udfyld feltet "${label}".`);
  return value;
};

export interface Confirmation {
  title: string;
  /** To whom, and when: what the user confirms. */
  lines: string[];
  button: string;
  /** Fields to carry to the confirmed post besides the form's own (e.g. a staged file). */
  carry?: Record<string, string>;
}

export interface Kit {
  app: Hono;
  deps: Deps;
  local: ConsoleOptions["local"];
  /** A console page; `formAction` lets one page's form post elsewhere (a signed upload straight to the blob store). */
  show(c: Context, who: Caller | undefined, title: string, body: Html, status?: number, options?: { formAction?: string }): Response;
  flash(c: Context): Html;
  /** `path` with a message to show there, sealed for this session (see sealMessage). */
  withMessage(c: Context, path: string, kind: "ok" | "fejl", message: string): string;
  page(path: string, roles: Role[], fn: (c: Context, who: Caller) => Promise<Response>): void;
  /** A form action; with `confirm`, a first post shows what will be sent to whom and when, and only the confirmed post acts. */
  act(path: string, roles: Role[], fn: (c: Context, who: Caller, form: Form) => Promise<string | { redirect: string; message: string }>, confirm?: (c: Context, who: Caller, form: Form) => Promise<Confirmation>): void;
  /** A form that answers with a page of its own (shown again with its values and problems, a preview), guarded as every action. */
  form(path: string, roles: Role[], fn: (c: Context, who: Caller, form: Form) => Promise<Response>): void;
  may(who: Caller, roles: Role[]): boolean;
}

function nav(who: Caller | undefined, local: boolean): Html {
  if (!who) return html``;
  const secretariat = who.role === "secretariat";
  return html`<a href="/console">Møder</a><a href="/console/forretningsorden">Forretningsorden</a><a href="/console/udvalg">Udvalg</a><a href="/console/pladser">Pladser</a><a href="/console/votes">Skriftlige voteringer</a><a href="/console/initiatives">Indsatser</a><a href="/console/audit">Revisionsspor</a>${local && secretariat ? html`<a href="/console/outbox">Udbakke</a><a href="/console/inbound">Indsæt svar</a>` : ""}<form method="post" action="/console/logout" class="logout"><button type="submit" class="small secondary">Log ud (${who.name})</button></form>`;
}

export function makeKit(app: Hono, deps: Deps, options: ConsoleOptions): Kit {
  const local = options.local;
  const show = (c: Context, who: Caller | undefined, title: string, body: Html, status = 200, options: { formAction?: string } = {}) => {
    c.header("Cache-Control", "no-store");
    c.header("Referrer-Policy", "same-origin");
    const formAction = options.formAction && /^https?:\/\/[A-Za-z0-9.:-]+$/.test(options.formAction) ? ` ${options.formAction}` : "";
    c.header("Content-Security-Policy", `default-src 'none'; style-src 'unsafe-inline'; form-action 'self'${formAction}; frame-ancestors 'none'; base-uri 'none'; img-src 'self'; frame-src 'self'`);
    return c.html(page(`${title} – klyngeflow`, body, { nav: nav(who, Boolean(local)) }), status as 200);
  };
  const withMessage = (c: Context, path: string, kind: "ok" | "fejl", message: string) =>
    `${path}${path.includes("?") ? "&" : "?"}${kind}=${encodeURIComponent(message)}&segl=${sealMessage(getCookie(c, SESSION_COOKIE) ?? "", kind, message)}`;
  // Only a message this session's own action sealed is shown: never words from a link made elsewhere.
  const flash = (c: Context) => {
    const session = getCookie(c, SESSION_COOKIE);
    const seal = c.req.query("segl");
    const ok = c.req.query("ok");
    const err = c.req.query("fejl");
    return html`${ok && messageHolds(session, "ok", ok, seal) ? html`<p class="card ok" role="status">${ok}</p>` : ""}${err && messageHolds(session, "fejl", err, seal) ? html`<p class="card bad" role="alert">${err}</p>` : ""}`;
  };
  const caller = (c: Context) => sessionCaller(deps.store, deps.clock.now(), getCookie(c, SESSION_COOKIE));
  const guarded = (roles: Role[], fn: (c: Context, who: Caller) => Promise<Response>) => async (c: Context) => {
    const who = await caller(c);
    if (!who) return c.redirect(`/console/login?videre=${encodeURIComponent(c.req.path)}`, c.req.method === "POST" ? 303 : 302);
    if (c.req.method === "POST") {
      const origin = c.req.header("origin");
      if (origin && origin !== new URL(c.req.url).origin) return show(c, who, "Afvist", html`<h1>Afvist</h1><p class="card">Handlingen kom ikke fra konsollen.</p>`, 403);
    }
    if (!roles.includes(who.role)) return show(c, who, "Ingen adgang", html`<h1>Ingen adgang</h1><p class="card">Som ${who.role === "chair" ? "formandskab" : "sekretariat"} har du ikke adgang til dette.</p>`, 403);
    return fn(c, who);
  };
  const backOf = (c: Context) => {
    const ref = c.req.header("referer");
    const path = ref ? new URL(ref, c.req.url).pathname : "";
    return path.startsWith("/console") ? path : "/console";
  };
  const refusal = (e: unknown) => consoleError(e as Parameters<typeof consoleError>[0], danishDateTime);
  return {
    app, deps, local, show, flash, withMessage,
    may: (who, roles) => roles.includes(who.role),
    page: (path, roles, fn) => void app.get(path, guarded(roles, fn)),
    form: (path, roles, fn) => void app.post(path, guarded(roles, async (c, who) => fn(c, who, (await c.req.parseBody({ all: true })) as Form))),
    act: (path, roles, fn, confirm) => void app.post(path, guarded(roles, async (c, who) => {
      const form = (await c.req.parseBody({ all: true })) as Form;
      const back = str(form, "tilbage").startsWith("/console") ? str(form, "tilbage") : backOf(c);
      try {
        if (confirm && str(form, "bekraeft") !== "ja") {
          const q = await confirm(c, who, form);
          const fields: [string, string][] = [...Object.keys(form).filter((k) => k !== "tilbage").flatMap((k) => list(form, k).map((v): [string, string] => [k, v])), ...Object.entries(q.carry ?? {}), ["tilbage", back]];
          return show(c, who, q.title, html`<h1>${q.title}</h1><div class="card" role="alert"><ul>${q.lines.map((l) => html`<li>${l}</li>`)}</ul>
<form method="post" action="${c.req.path}">${fields.map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}<input type="hidden" name="bekraeft" value="ja"><button type="submit">${q.button}</button> <a href="${back}">Fortryd</a></form></div>`);
        }
        const out = await fn(c, who, form);
        const { redirect, message } = typeof out === "string" ? { redirect: back, message: out } : out;
        return c.redirect(withMessage(c, redirect, "ok", message), 303);
      } catch (e) {
        if (!(e instanceof ConsoleInputError) && !(e instanceof Error && "field" in e) && !(e instanceof Error && e.name === "ConflictError")) {
          console.error(JSON.stringify({ level: "error", msg: "console action failed", path: c.req.path, name: (e as Error).name, message: (e as Error).message }));
        }
        return c.redirect(withMessage(c, back, "fejl", refusal(e)), 303);
      }
    })),
  };
}
