/**
 * The mail module's records: every outgoing email (claimed before it is sent, carrying its reply token's
 * hash) and the addresses marked by a bounce or complaint. The only code that knows their keys.
 */
import type { Store } from "#adapters/store";
import { lookups, type RecordOf } from "#adapters/records";

export type EmailRecord = RecordOf<"email">;
export type AddressStatusRecord = RecordOf<"addressStatus">;

/**
 * Emails with a reply token that this process wrote, by the token's hash, for a minute: the answer paths look a
 * token up on every POST and reply, and most answers come to a link this process sent. Another process's
 * change (a revocation in another Lambda) is seen within the minute; this process's at once.
 */
const byToken = new Map<string, { until: number; email: EmailRecord }>();
const TOKEN_CACHE_MS = 60_000;
const TOKEN_CACHE_SIZE = 20_000;

function remember(store: Store, email: EmailRecord): void {
  if (!email.token) return;
  if (byToken.size >= TOKEN_CACHE_SIZE) byToken.delete(byToken.keys().next().value as string);
  byToken.set(`${store.tableName}#${email.token.hash}`, { until: performance.now() + TOKEN_CACHE_MS, email });
}

export const emails = {
  get: (store: Store, idempotencyKey: string) => store.find("email", { idempotencyKey }),
  create: async (store: Store, record: EmailRecord) => {
    const created = await store.create("email", record);
    if (created) remember(store, record);
    return created;
  },
  put: async (store: Store, record: EmailRecord) => {
    await store.put("email", record);
    remember(store, record);
  },
  /** Every email of a matter ("vote/<id>", "meeting/<id>"), in the order they were claimed. */
  ofMatter: (store: Store, committeeId: string, matter: string) => store.lookup("email", lookups.emailsOfMatter(committeeId, matter)),
  /** The email that carried a reply token, by the token's hash. */
  ofToken: async (store: Store, tokenHash: string): Promise<EmailRecord | undefined> => {
    const hit = byToken.get(`${store.tableName}#${tokenHash}`);
    if (hit && hit.until > performance.now()) return hit.email;
    const email = (await store.lookup("email", lookups.emailOfToken(tokenHash)))[0];
    if (email) remember(store, email);
    return email;
  },
};

export const addressStatuses = {
  put: (store: Store, record: AddressStatusRecord) => store.put("addressStatus", record),
  all: (store: Store) => store.lookup("addressStatus", lookups.addressStatuses()),
};
