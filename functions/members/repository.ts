/**
 * The members module's records: each member's own page ("Mine sager") per term, with its link's token as a
 * hash and the member's choice of a weekly digest. The only code that knows their keys.
 */
import type { Store } from "#adapters/store";
import { lookups, type RecordOf } from "#adapters/records";

export type MemberPageRecord = RecordOf<"memberPage">;

export const memberPages = {
  get: (store: Store, committeeId: string, termFrom: string, seatId: string, address: string) => store.find("memberPage", { committeeId, termFrom, seatId, address }),
  /** Every member page of a committee, every term. */
  list: (store: Store, committeeId: string) => store.listOf("memberPage", { committeeId }),
  create: (store: Store, record: MemberPageRecord) => store.create("memberPage", record),
  modify: (store: Store, page: Pick<MemberPageRecord, "committeeId" | "termFrom" | "seatId" | "address">, change: (cur: MemberPageRecord) => MemberPageRecord | undefined) =>
    store.modify("memberPage", store.keyOf("memberPage", { committeeId: page.committeeId, termFrom: page.termFrom, seatId: page.seatId, address: page.address }), change),
  /** The page a link's token (by its hash) opens. */
  ofToken: async (store: Store, tokenHash: string): Promise<MemberPageRecord | undefined> => (await store.lookup("memberPage", lookups.memberPageOfToken(tokenHash)))[0],
};
