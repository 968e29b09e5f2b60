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

let ready: Promise<(event: unknown, context: unknown) => Promise<unknown>> | undefined;
export async function handler(event: unknown, context: unknown): Promise<unknown> {
  // The app and the AWS adapters are imported at the first request, not at load (infra/bundle.ts splits chunks).
  ready ??= Promise.all([import("./aws-deps.ts"), import("./http/app.ts")]).then(async ([m, { makeApp }]) => {
    const app = makeApp(await m.depsFromEnvironment(), { callerFromRequest: callerFromAuthorizer });
    return handle(app) as unknown as (event: unknown, context: unknown) => Promise<unknown>;
  });
  return (await ready)(event, context);
}
