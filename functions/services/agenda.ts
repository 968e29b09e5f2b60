/** Agenda items: requests from members, items from the secretariat, matters moved from a written vote. */
import { epochMs } from "#domain/calendar";
import { committeePk, meetingPk, type RecordOf } from "#adapters/records";
import type { Deps } from "./deps.ts";

export type AgendaItem = RecordOf<"agendaItem">;
export type Meeting = RecordOf<"meeting">;

export async function listMeetings(deps: Pick<Deps, "store">, committeeId: string): Promise<Meeting[]> {
  const meetings = await deps.store.list("meeting", committeePk(committeeId), "MEETING#");
  return meetings.sort((a, b) => epochMs(a.startsAt) - epochMs(b.startsAt));
}

export async function listAgendaItems(deps: Pick<Deps, "store">, committeeId: string, meetingId: string): Promise<AgendaItem[]> {
  const items = await deps.store.list("agendaItem", meetingPk(committeeId, meetingId), "ITEM#");
  return items.sort((a, b) => a.order - b.order || a.receivedAt.localeCompare(b.receivedAt));
}

/** The next meeting whose agenda has not gone out yet: where a new matter can still be put. */
export async function nextOpenMeeting(deps: Pick<Deps, "store" | "clock">, committeeId: string): Promise<Meeting | undefined> {
  const now = epochMs(deps.clock.now());
  return (await listMeetings(deps, committeeId)).find((m) => m.status === "planned" && !m.agendaSentAt && epochMs(m.startsAt) > now);
}

/**
 * puts a matter on the next meeting's agenda. Idempotent by item id: a retry finds the item where it
 * was put. Returns the meeting id, or undefined when no meeting is planned (the secretariat is alerted by
 * the caller and may call an extraordinary meeting, R-3.9).
 */
export async function putOnNextAgenda(
  deps: Pick<Deps, "store" | "clock">,
  item: Pick<AgendaItem, "committeeId" | "itemId" | "title" | "description" | "concernsGeneralPractice" | "source" | "material">,
): Promise<string | undefined> {
  const meetings = await listMeetings(deps, item.committeeId);
  for (const m of meetings) {
    const existing = await deps.store.get("agendaItem", { pk: meetingPk(item.committeeId, m.meetingId), sk: `ITEM#${item.itemId}` });
    if (existing) return m.meetingId;
  }
  const meeting = await nextOpenMeeting(deps, item.committeeId);
  if (!meeting) return undefined;
  const order = (await listAgendaItems(deps, item.committeeId, meeting.meetingId)).length + 1;
  await deps.store.create("agendaItem", {
    ...item,
    meetingId: meeting.meetingId,
    order,
    authoritiesOnly: false,
    receivedAt: deps.clock.now(),
    late: false,
    status: "accepted",
    rev: 0,
  });
  return meeting.meetingId;
}
