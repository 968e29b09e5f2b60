/**
 * The HTTP API's Lambda authorizer (simple responses): a bearer token is valid when its hash is a stored,
 * unrevoked API token; the role and committee go to the API as context. Member pages (/m/…) and the
 * console pages are not behind it: their credential is the signed token in the path or the session cookie,
 * checked by the app itself.
 */
interface AuthorizerEvent {
  headers?: Record<string, string | undefined>;
}

type Observability = typeof import("./adapters/observability.ts");
type ApiTokens = typeof import("./committee/api-tokens.ts");
// Everything is imported at the first call, so a cold start reads only this file (bench/RESULTS.md §3).
let ready: Promise<[import("./adapters/store.ts").Store, Observability, ApiTokens]> | undefined;

export async function handler(event: AuthorizerEvent, context?: unknown): Promise<{ isAuthorized: boolean; context?: Record<string, string> }> {
  ready ??= Promise.all([import("./aws-deps.ts"), import("./adapters/observability.ts"), import("./committee/api-tokens.ts")]).then(([m, o, t]) => [m.storeFromEnvironment(), o, t]);
  const [store, o, { authenticate }] = await ready;
  // The log says whether a caller was let in and for which committee; never the token.
  return o.observed("authorize", {}, context, async () => {
    const caller = await authenticate(store, event.headers?.authorization ?? event.headers?.Authorization);
    if (caller) o.logger.appendKeys({ committee: caller.committeeId });
    return caller ? { isAuthorized: true, context: { role: caller.role, committeeId: caller.committeeId, name: caller.name } } : { isAuthorized: false };
  });
}
