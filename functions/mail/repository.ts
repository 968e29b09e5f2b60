/**
 * The mail module's records: every outgoing email (claimed before it is sent, carrying its reply token's
 * hash) and the addresses marked by a bounce or complaint. The only code that knows their keys.
 */
import type { Store } from "#adapters/store";
import { lookups, type RecordOf } from "#adapters/records";

export type EmailRecord = RecordOf<"email">;
export type AddressStatusRecord = RecordOf<"addressStatus">;

export const emails = {
  get: (store: Store, idempotencyKey: string) => store.find("email", { idempotencyKey }),
  create: (store: Store, record: EmailRecord) => store.create("email", record),
  put: (store: Store, record: EmailRecord) => store.put("email", record),
  /** Every email of a matter ("vote/<id>", "meeting/<id>"), in the order they were claimed. */
  ofMatter: (store: Store, committeeId: string, matter: string) => store.lookup("email", lookups.emailsOfMatter(committeeId, matter)),
  /** The email that carried a reply token, by the token's hash. */
  ofToken: async (store: Store, tokenHash: string) => (await store.lookup("email", lookups.emailOfToken(tokenHash)))[0],
};

export const addressStatuses = {
  put: (store: Store, record: AddressStatusRecord) => store.put("addressStatus", record),
  all: (store: Store) => store.lookup("addressStatus", lookups.addressStatuses()),
};
