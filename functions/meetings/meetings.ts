/** A committee's meetings as the other steps and modules ask for them. */
import type { Deps } from "../deps.ts";
import { UnknownMeetingError } from "./errors.ts";
import { meetingRecords, type Meeting } from "./repository.ts";

export type { Meeting };

export async function getMeeting(deps: Pick<Deps, "store">, committeeId: string, meetingId: string): Promise<Meeting> {
  const m = await meetingRecords.get(deps.store, committeeId, meetingId);
  if (!m) throw new UnknownMeetingError(meetingId);
  return m;
}

/** The meeting, or undefined when there is none by that id. */
export function findMeeting(deps: Pick<Deps, "store">, committeeId: string, meetingId: string): Promise<Meeting | undefined> {
  return meetingRecords.get(deps.store, committeeId, meetingId);
}

/** A committee's meetings, earliest first. */
export function listMeetings(deps: Pick<Deps, "store">, committeeId: string): Promise<Meeting[]> {
  return meetingRecords.list(deps.store, committeeId);
}

/** The awaited event "agenda-released" (callbacks/awaited-events.ts): has the meeting's agenda been released? */
export async function agendaReleased(deps: Pick<Deps, "store">, committeeId: string, meetingId: string): Promise<boolean> {
  return Boolean((await meetingRecords.get(deps.store, committeeId, meetingId))?.agendaReleasedAt);
}

/** the meeting's minutes are approved in this version (set once). */
export async function markMinutesApproved(deps: Pick<Deps, "store">, committeeId: string, meetingId: string, version: number, approvedAt: string): Promise<void> {
  await meetingRecords.modify(deps.store, committeeId, meetingId, (cur) =>
    cur.minutesApprovedAt ? undefined : { ...cur, minutesApprovedAt: approvedAt, approvedMinutesVersion: version });
}
