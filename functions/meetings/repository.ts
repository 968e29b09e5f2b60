/**
 * The meetings module's records: meetings, their agenda items and their attendance (apologies and who was
 * present, R-3.7). The only code that knows their keys.
 */
import { epochMs } from "#domain/calendar";
import type { Store } from "#adapters/store";
import type { RecordOf } from "#adapters/records";

export type Meeting = RecordOf<"meeting">;
export type AgendaItem = RecordOf<"agendaItem">;
export type Attendance = RecordOf<"attendance">;

type Change<T> = (cur: T & { rev: number }) => (T & { rev: number }) | undefined;

export const meetingRecords = {
  get: (store: Store, committeeId: string, meetingId: string) => store.find("meeting", { committeeId, meetingId }),
  /** A committee's meetings, earliest first. */
  list: async (store: Store, committeeId: string) =>
    (await store.listOf("meeting", { committeeId })).sort((a, b) => epochMs(a.startsAt) - epochMs(b.startsAt)),
  create: (store: Store, record: Meeting) => store.create("meeting", record),
  modify: (store: Store, committeeId: string, meetingId: string, change: Change<Meeting>) =>
    store.modify("meeting", store.keyOf("meeting", { committeeId, meetingId }), change),
};

export const agendaItems = {
  get: (store: Store, committeeId: string, meetingId: string, itemId: string) => store.find("agendaItem", { committeeId, meetingId, itemId }),
  /** A meeting's items in agenda order. */
  list: async (store: Store, committeeId: string, meetingId: string) =>
    (await store.listOf("agendaItem", { committeeId, meetingId })).sort((a, b) => a.order - b.order || a.receivedAt.localeCompare(b.receivedAt)),
  create: (store: Store, record: AgendaItem) => store.create("agendaItem", record),
  modify: (store: Store, committeeId: string, meetingId: string, itemId: string, change: Change<AgendaItem>) =>
    store.modify("agendaItem", store.keyOf("agendaItem", { committeeId, meetingId, itemId }), change),
};

export const attendanceRecords = {
  list: (store: Store, committeeId: string, meetingId: string) => store.listOf("attendance", { committeeId, meetingId }),
  create: (store: Store, record: Attendance) => store.create("attendance", record),
  modify: (store: Store, committeeId: string, meetingId: string, seatId: string, change: Change<Attendance>) =>
    store.modify("attendance", store.keyOf("attendance", { committeeId, meetingId, seatId }), change),
};
