/**
 * The committee's records: the committee itself, its rulebooks, the seats as held now, who represents whom
 * and the API tokens of its secretariat and chairs. The only code that knows their keys.
 */
import type { Store } from "#adapters/store";
import type { RecordOf } from "#adapters/records";
import { lookups } from "#adapters/records";

export type CommitteeRecord = RecordOf<"committee">;
export type SeatRecord = RecordOf<"seat">;
export type RepresentationRecord = RecordOf<"representation">;
export type ApiTokenRecord = RecordOf<"apiToken">;

export const committees = {
  get: (store: Store, committeeId: string) => store.find("committee", { committeeId }),
  create: (store: Store, record: CommitteeRecord) => store.create("committee", record),
  all: (store: Store) => store.lookup("committee", lookups.allCommittees()),
};

export const rulebooks = {
  get: (store: Store, committeeId: string, rulebookId: string) => store.find("rulebook", { committeeId, rulebookId }),
  /** Every version of the committee's rulebook. */
  list: (store: Store, committeeId: string) => store.listOf("rulebook", { committeeId }),
  create: (store: Store, record: RecordOf<"rulebook">) => store.create("rulebook", record),
};

export const seats = {
  get: (store: Store, committeeId: string, seatId: string) => store.find("seat", { committeeId, id: seatId }),
  list: (store: Store, committeeId: string) => store.listOf("seat", { committeeId }),
  create: (store: Store, record: SeatRecord) => store.create("seat", record),
  modify: (store: Store, committeeId: string, seatId: string, change: (cur: SeatRecord) => SeatRecord | undefined) =>
    store.modify("seat", store.keyOf("seat", { committeeId, id: seatId }), change),
};

export const representations = {
  list: (store: Store, committeeId: string) => store.listOf("representation", { committeeId }),
  create: (store: Store, record: RepresentationRecord) => store.create("representation", record),
};

export const consoleSessions = {
  get: (store: Store, sessionHash: string) => store.find("consoleSession", { sessionHash }),
  create: (store: Store, record: RecordOf<"consoleSession">, expiresAtEpochSeconds: number) => store.create("consoleSession", record, { expiresAt: expiresAtEpochSeconds }),
  put: (store: Store, record: RecordOf<"consoleSession">, expiresAtEpochSeconds: number) => store.put("consoleSession", record, { expiresAt: expiresAtEpochSeconds }),
};

export const apiTokens = {
  get: (store: Store, tokenHash: string) => store.find("apiToken", { tokenHash }),
  create: (store: Store, record: ApiTokenRecord) => store.create("apiToken", record),
  put: (store: Store, record: ApiTokenRecord) => store.put("apiToken", record),
};
