/** The minutes module's records: each version of a meeting's minutes and every objection to one. Only code that knows their keys. */
import type { Store } from "#adapters/store";
import type { RecordOf } from "#adapters/records";

export type MinutesVersionRecord = RecordOf<"minutesVersion">;
export type MinutesObjectionRecord = RecordOf<"minutesObjection">;

export const versionRecords = {
  /** A meeting's versions, oldest first. */
  list: async (store: Store, committeeId: string, meetingId: string) =>
    (await store.listOf("minutesVersion", { committeeId, meetingId })).sort((a, b) => a.version - b.version),
  create: (store: Store, record: MinutesVersionRecord) => store.create("minutesVersion", record),
  modify: (store: Store, committeeId: string, meetingId: string, version: number, change: (cur: MinutesVersionRecord) => MinutesVersionRecord | undefined) =>
    store.modify("minutesVersion", store.keyOf("minutesVersion", { committeeId, meetingId, version }), change),
};

export const objectionRecords = {
  /** A meeting's objections, to every version or to one. */
  list: (store: Store, committeeId: string, meetingId: string, version?: number) => store.listOf("minutesObjection", { committeeId, meetingId, version }),
  create: (store: Store, record: MinutesObjectionRecord) => store.create("minutesObjection", record),
};
