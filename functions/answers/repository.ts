/**
 * The answers module's records: every inbound message as it arrived (raw first, R-7.2) and what became of
 * it, and every answer posted through a member link, stored as posted. Only code that knows their keys.
 */
import type { Store } from "#adapters/store";
import { lookups, type RecordOf } from "#adapters/records";

export type InboundRecord = RecordOf<"inbound">;
export type LinkAction = RecordOf<"linkAction">;
export type SetAsideRecord = RecordOf<"setAside">;

export const inboundRecords = {
  get: (store: Store, receiptId: string) => store.find("inbound", { receiptId }),
  create: (store: Store, record: InboundRecord) => store.create("inbound", record),
  put: (store: Store, record: InboundRecord) => store.put("inbound", record),
  /** Every delivery of one message (by its Message-ID's key). */
  ofMessage: (store: Store, messageKey: string) => store.lookup("inbound", lookups.inboundOfMessage(messageKey)),
  /** A committee's inbound messages ("unknown" for those no token placed), oldest first. */
  ofCommittee: (store: Store, committeeId: string | undefined, options: { newestFirst?: boolean } = {}) =>
    store.lookup("inbound", lookups.inboundOfCommittee(committeeId), options),
};

export const linkActionRecords = {
  get: (store: Store, actionId: string) => store.find("linkAction", { actionId }),
  create: (store: Store, record: LinkAction) => store.create("linkAction", record),
  put: (store: Store, record: LinkAction) => store.put("linkAction", record),
  /** Answers stored but not yet judged, oldest first. */
  toJudge: (store: Store) => store.lookup("linkAction", lookups.linkActionsToJudge()),
};

export const setAsideRecords = {
  get: (store: Store, answerId: string) => store.find("setAside", { answerId }),
  create: (store: Store, record: SetAsideRecord) => store.create("setAside", record),
  modify: (store: Store, answerId: string, change: (cur: SetAsideRecord) => SetAsideRecord | undefined) =>
    store.modify("setAside", store.keyOf("setAside", { answerId }), change),
  ofCommittee: (store: Store, committeeId: string | undefined) => store.lookup("setAside", lookups.setAsideOfCommittee(committeeId), { newestFirst: true }),
};
