/**
 * The HTTP API, member pages and console behind API Gateway: the same hono app as the local server.
 * The API's Lambda authorizer (authorize.ts) has already checked the bearer token for /api routes; the
 * app reads its verdict from the request context instead of looking the token up again.
 */
import type { Context } from "hono";
import { handle } from "hono/aws-lambda";
import type { Caller } from "./committee/api-tokens.ts";

type Env = { Bindings: { event?: { requestContext?: { authorizer?: { lambda?: Partial<Caller> } } } } };

function callerFromAuthorizer(c: Context): Caller | undefined {
  const a = (c as unknown as Context<Env>).env?.event?.requestContext?.authorizer?.lambda;
  if (!a?.role || !a.committeeId) return undefined;
  return { role: a.role, committeeId: a.committeeId, name: a.name ?? a.role };
}

type Observability = typeof import("./adapters/observability.ts");
let ready: Promise<[(event: unknown, context: unknown) => Promise<unknown>, Observability]> | undefined;
export async function handler(event: unknown, context: unknown): Promise<unknown> {
  // The app, the AWS adapters and Powertools are imported at the first request, not at load (infra/bundle.ts splits chunks).
  ready ??= Promise.all([import("./aws-deps.ts"), import("./http/app.ts"), import("./adapters/observability.ts")]).then(async ([m, { makeApp }, o]) => {
    const app = makeApp(await m.depsFromEnvironment(process.env, o.metrics), { callerFromRequest: callerFromAuthorizer });
    return [handle(app) as unknown as (event: unknown, context: unknown) => Promise<unknown>, o];
  });
  const [serve, o] = await ready;
  // Logged by route only: a member page's path carries its signed token.
  const route = (event as { routeKey?: unknown } | undefined)?.routeKey;
  return o.observed("api", { committee: committeeOfPath(event) }, context, () => serve(event, context), undefined, typeof route === "string" ? { route } : {});
}

/** The committee an /api/committees/{committee}/… request is about, for the log. */
function committeeOfPath(event: unknown): string | undefined {
  const path = (event as { rawPath?: unknown } | undefined)?.rawPath;
  return typeof path === "string" ? /^\/api\/committees\/([a-z0-9-]{1,100})(?:\/|$)/.exec(path)?.[1] : undefined;
}
