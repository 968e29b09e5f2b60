/**
 * The HTTP API's Lambda authorizer (simple responses): a bearer token is valid when its hash is a stored,
 * unrevoked API token; the role and committee go to the API as context. Member pages (/m/…) and the
 * console pages are not behind it: their credential is the signed token in the path or the session cookie,
 * checked by the app itself.
 */
import { authenticate } from "./committee/api-tokens.ts";

interface AuthorizerEvent {
  headers?: Record<string, string | undefined>;
}

let store: Promise<import("./adapters/store.ts").Store> | undefined;

export async function handler(event: AuthorizerEvent): Promise<{ isAuthorized: boolean; context?: Record<string, string> }> {
  store ??= import("./aws-deps.ts").then((m) => m.storeFromEnvironment());
  const caller = await authenticate(await store, event.headers?.authorization ?? event.headers?.Authorization);
  return caller ? { isAuthorized: true, context: { role: caller.role, committeeId: caller.committeeId, name: caller.name } } : { isAuthorized: false };
}
