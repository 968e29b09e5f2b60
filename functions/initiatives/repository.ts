/** The initiatives module's records: funded initiatives and their status reports per meeting. Only code that knows their keys. */
import type { Store } from "#adapters/store";
import type { RecordOf } from "#adapters/records";

export type Initiative = RecordOf<"initiative">;
export type InitiativeReport = RecordOf<"initiativeReport">;

export const initiativeRecords = {
  get: (store: Store, committeeId: string, initiativeId: string) => store.find("initiative", { committeeId, initiativeId }),
  list: (store: Store, committeeId: string) => store.listOf("initiative", { committeeId }),
  create: (store: Store, record: Initiative) => store.create("initiative", record),
  modify: (store: Store, committeeId: string, initiativeId: string, change: (cur: Initiative) => Initiative | undefined) =>
    store.modify("initiative", store.keyOf("initiative", { committeeId, initiativeId }), change),
};

export const reportRecords = {
  /** Every report received for a meeting (several per initiative: the latest counts). */
  ofMeeting: (store: Store, committeeId: string, meetingId: string) => store.listOf("initiativeReport", { committeeId, meetingId }),
  create: (store: Store, record: InitiativeReport) => store.create("initiativeReport", record),
};
