/**
 * The secretariat's console: Danish, server-rendered, no scripts; keyboard, screen-reader and phone
 * friendly. Signing in with an API token opens a server-side session (committee/sessions.ts); the cookie
 * holds only the session's id. Every action is a form POST to the same use cases as the API, allowed for the
 * same roles; anything that sends mail asks first, saying to whom and when.
 */
import type { Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Deps } from "../../deps.ts";
import { endSession, openSession } from "../../committee/sessions.ts";
import { html } from "../pages.ts";
import { makeKit, SESSION_COOKIE, type ConsoleOptions } from "./kit.ts";
import { registerCommittees } from "./committees.ts";
import { registerMeetings } from "./meetings.ts";
import { registerPeople } from "./people.ts";
import { registerRecords } from "./records.ts";
import { registerVotes } from "./votes.ts";

export type { ConsoleOptions, OutboxEntry } from "./kit.ts";

/** Served over https (directly, or behind API Gateway / a proxy that says so): the cookie is Secure. */
const overHttps = (c: Context) => new URL(c.req.url).protocol === "https:" || c.req.header("x-forwarded-proto") === "https";

/**
 * Login CSRF: a sign-in must come from our own login page. A browser sends Origin on a form post (and
 * Sec-Fetch-Site); one from another site is refused, so no page elsewhere can sign a visitor in as someone else.
 */
function fromOurOwnPage(c: Context): boolean {
  const origin = c.req.header("origin");
  if (origin && origin !== new URL(c.req.url).origin) return false;
  const site = c.req.header("sec-fetch-site");
  return !site || site === "same-origin" || site === "none";
}

export function registerConsole(app: Hono, deps: Deps, options: ConsoleOptions): void {
  const k = makeKit(app, deps, options);

  app.get("/console/login", (c) => k.show(c, undefined, "Log ind", html`<h1>Log ind i konsollen</h1><form method="post" action="/console/login" class="card">
<input type="hidden" name="videre" value="${c.req.query("videre") ?? "/console"}">
<label for="token">API-token</label><input type="password" id="token" name="token" autocomplete="current-password" required>
<p class="muted">Lokalt udskriver <code>npm start</code> tokenet. I AWS udstedes det af driften. Du forbliver logget ind i en arbejdsdag, eller til du logger ud.</p>${c.req.query("fejl") === "token" ? html`<p class="bad" role="alert">Ukendt eller forkert token.</p>` : ""}
<button type="submit">Log ind</button></form>`));
  app.post("/console/login", async (c) => {
    if (!fromOurOwnPage(c)) return k.show(c, undefined, "Afvist", html`<h1>Afvist</h1><p class="card">Log ind fra konsollens egen side.</p>`, 403);
    const form = await c.req.parseBody();
    const session = await openSession(deps.store, deps.clock.now(), String(form.token ?? "").trim());
    // The login page says it in its own words; the query only names which (a link cannot put others there).
    if (!session) return c.redirect("/console/login?fejl=token", 303);
    setCookie(c, SESSION_COOKIE, session.sessionId, { httpOnly: true, sameSite: "Strict", path: "/", secure: overHttps(c), maxAge: session.maxAgeSeconds });
    const next = String(form.videre ?? "/console");
    return c.redirect(next.startsWith("/console") && !next.startsWith("//") ? next : "/console", 303);
  });
  app.post("/console/logout", async (c) => {
    await endSession(deps.store, deps.clock.now(), getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: "/", secure: overHttps(c) });
    return c.redirect("/console/login", 303);
  });

  registerMeetings(k);
  registerCommittees(k);
  registerPeople(k);
  registerVotes(k);
  registerRecords(k);
}
