/**
 * The HTTP app: API, member pages and console, as one hono app that runs behind API Gateway (Lambda) and
 * in the local Node server alike. Every API input is validated; errors are JSON that name the field.
 */
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { DomainError, InvalidInputError, NotFoundError, RulebookError, StateConflictError } from "#domain/errors";
import { describeProblems, validate } from "#domain/validation";
import { ConflictError } from "#adapters/errors";
import type { Deps } from "../deps.ts";
import { apiRoutes } from "./api-routes.ts";
import { authenticate, type Caller } from "../committee/api-tokens.ts";
import { registerConsole, type ConsoleOptions } from "./console/index.ts";
import { registerMemberPages, type MemberPageOptions } from "./member-pages.ts";
import { registerMineSager } from "./mine-sager.ts";
import { MAX_API_BODY, MAX_FORM_BODY } from "./limits.ts";
import { openApiDocument } from "./openapi.ts";
import type { ApiError, Route } from "./route.ts";

export { MAX_API_BODY, MAX_FORM_BODY };

export interface AppOptions {
  /** Extra local-only pages and routes (outbox, paste a reply); absent in AWS. */
  local?: ConsoleOptions["local"];
  /** An answer through a member link was stored: the local server judges it in the background. */
  onLinkActionAccepted?: MemberPageOptions["onAccepted"];
  /** Trust an authorizer's verdict (AWS) instead of looking the token up again. */
  callerFromRequest?: (c: Context) => Caller | undefined;
}

function problem(c: Context, status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 500, body: ApiError) {
  return c.json(body, status);
}

/**
 * Maps what the use cases throw to HTTP by class: business refusals (domain/errors.ts and each module's
 * errors.ts extend them) are 4xx with a message naming the field; a lost optimistic write is 409; anything
 * else is a 500 without details.
 */
export function errorResponse(c: Context, e: unknown) {
  if (e instanceof NotFoundError) return problem(c, 404, { error: "not-found", message: e.message });
  if (e instanceof StateConflictError || e instanceof ConflictError) {
    const field = e instanceof StateConflictError ? e.field : undefined;
    return problem(c, 409, { error: "conflict", message: e.message, ...(field ? { problems: [{ field, message: e.message }] } : {}) });
  }
  if (e instanceof RulebookError) return problem(c, 400, { error: "validation", message: e.message, problems: e.problems.map((p) => ({ field: p.split(":")[0] ?? "", message: p })) });
  if (e instanceof InvalidInputError) return problem(c, 400, { error: "validation", message: e.message, problems: [{ field: e.field ?? "(body)", message: e.message.replace(/^[^:]+:\s*/, "") }] });
  if (e instanceof DomainError) return problem(c, 422, { error: "refused", message: e.message });
  const err = e instanceof Error ? e : new Error(String(e));
  console.error(JSON.stringify({ level: "error", msg: "unhandled", name: err.name, message: err.message }));
  return problem(c, 500, { error: "internal", message: "An unexpected error occurred; it has been logged." });
}

function honoPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ":$1");
}

function mount(app: Hono, deps: Deps, r: Route, options: AppOptions): void {
  app.on(r.method.toUpperCase(), honoPath(r.path), async (c) => {
    const caller = options.callerFromRequest?.(c) ?? (await authenticate(deps.store, c.req.header("authorization")));
    if (!caller) {
      c.header("WWW-Authenticate", 'Bearer realm="klyngeflow"');
      return problem(c, 401, { error: "unauthorized", message: "A valid bearer token is required (Authorization: Bearer …)." });
    }
    const params = c.req.param() as Record<string, string>;
    if (params.committee !== undefined && params.committee !== caller.committeeId) {
      return problem(c, 403, { error: "forbidden", message: `This token belongs to committee "${caller.committeeId}".` });
    }
    if (!r.roles.includes(caller.role)) {
      return problem(c, 403, { error: "forbidden", message: `This needs the role ${r.roles.join(" or ")}; the token has ${caller.role}.` });
    }
    let body: unknown;
    if (r.body) {
      let raw: unknown;
      try {
        raw = await c.req.json();
      } catch {
        return problem(c, 400, { error: "validation", message: "The body is not valid JSON.", problems: [{ field: "(body)", message: "expected a JSON object" }] });
      }
      const parsed = validate(r.body, raw);
      if (!parsed.ok) return problem(c, 400, { error: "validation", message: `Invalid input: ${describeProblems(parsed.problems).join("; ")}`, problems: parsed.problems });
      body = parsed.data;
    }
    let query: unknown = {};
    if (r.query) {
      const parsed = validate(r.query, c.req.query());
      if (!parsed.ok) return problem(c, 400, { error: "validation", message: `Invalid query: ${describeProblems(parsed.problems).join("; ")}`, problems: parsed.problems });
      query = parsed.data;
    }
    try {
      const out = await r.run({ deps, caller, params, body, query, c });
      if (out instanceof Response) return out;
      return c.json(out as object, (r.status ?? 200) as 200);
    } catch (e) {
      return errorResponse(c, e);
    }
  });
}

export function makeApp(deps: Deps, options: AppOptions = {}): Hono {
  const app = new Hono();
  app.use("*", async (c, next) => {
    await next();
    c.header("X-Content-Type-Options", "nosniff");
    c.header("X-Frame-Options", "DENY");
    // Pages that set their own policy keep it (the console needs same-origin: with no-referrer, browsers
    // send "Origin: null" on form posts, which the console's same-origin check must refuse).
    if (!c.res.headers.get("Referrer-Policy")) c.header("Referrer-Policy", "no-referrer");
    // API answers name members, votes and tokens' matters: never kept by a browser or a proxy.
    if (c.req.path.startsWith("/api/") && !c.res.headers.get("Cache-Control")) c.header("Cache-Control", "no-store");
  });
  const tooLarge = (max: number) => (c: Context) =>
    c.req.path.startsWith("/api/")
      ? problem(c, 413, { error: "validation", message: `The body is over ${max} bytes.`, problems: [{ field: "(body)", message: "too large" }] })
      : c.html(c.req.path.startsWith("/console/")
        ? `<!doctype html><html lang=da><title>For stor</title><h1>Filen er for stor til denne formular</h1><p>Højst ${Math.round(max / 1024 / 1024)} MB her. Intet er gemt. En større fil lægges op med «Læg en stor fil op» ved punktet eller protokollen på mødets side.</p><p><a href="/console">Til konsollen</a></p>`
        : `<!doctype html><html lang=da><title>For stor</title><h1>Det, du sendte, er for stort</h1><p>Højst ${Math.round(max / 1024)} kB. Intet er gemt.</p>`, 413);
  // hono's bodyLimit reads `c.req.raw.body` first, which makes the Node adapter build a whole Request for every
  // call; a declared length is judged from the header alone (the server reads no more than it declares).
  const limit = (max: number) => {
    const streamed = bodyLimit({ maxSize: max, onError: tooLarge(max) });
    return async (c: Context, next: () => Promise<void>) => {
      if (c.req.method === "GET" || c.req.method === "HEAD") return next();
      const length = c.req.header("content-length");
      if (length !== undefined && !c.req.header("transfer-encoding")) return Number(length) > max ? tooLarge(max)(c) : next();
      return streamed(c, next);
    };
  };
  app.use("/api/*", limit(MAX_API_BODY));
  app.use("/m/*", limit(MAX_FORM_BODY));
  app.use("/console/*", limit(MAX_API_BODY));
  app.get("/", (c) => c.redirect("/console"));
  app.get("/api/openapi.json", (c) => c.json(openApiDocument(apiRoutes, new URL(c.req.url).origin)));
  app.get("/api/health", (c) => c.json({ ok: true, now: deps.clock.now() }));
  for (const r of apiRoutes) mount(app, deps, r, options);
  // "Mine sager" (/m/sager/…) before the matters' pages (/m/<token>/…), whose paths it would otherwise share.
  registerMineSager(app, deps, { onAccepted: options.onLinkActionAccepted });
  registerMemberPages(app, deps, { onAccepted: options.onLinkActionAccepted });
  registerConsole(app, deps, { local: options.local });
  app.notFound((c) => (c.req.path.startsWith("/api/") ? problem(c, 404, { error: "not-found", message: `No route ${c.req.method} ${c.req.path}` }) : c.html("<!doctype html><html lang=da><title>Ikke fundet</title><h1>Siden findes ikke</h1>", 404)));
  app.onError((e, c) => errorResponse(c, e));
  return app;
}
