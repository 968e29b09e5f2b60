/** apologies before a meeting and attendance after it: the quorum forecast they make. */
import { epochMs, type Instant } from "#domain/calendar";
import { forecastQuorum } from "#domain/quorum";
import type { Rulebook } from "#domain/rulebook";
import { committeeRulebook } from "../committee/committee.ts";
import type { Deps } from "../deps.ts";
import { bouncedAddresses } from "../mail/mail-events.ts";
import { meetingMatter } from "./names.ts";
import { getMeeting } from "./meetings.ts";
import { MeetingNotPlannedError } from "./errors.ts";
import { agendaItems, attendanceRecords, type Meeting } from "./repository.ts";

/** an apology (afbud), optionally with the substitute attending; the latest answer counts. */
export async function recordApology(
  deps: Deps,
  input: {
    committeeId: string; meetingId: string; seatId: string; substituteAttends: boolean; receivedAt: Instant; channel: "email" | "link" | "api" | "secretariat"; sourceRef: string;
    /** Who entered it, when not the seat's own member or substitute (the secretariat user): the trail names the actor. */
    by?: string | undefined;
  },
): Promise<{ status: "recorded" | "too-late" | "cancelled"; meeting: Meeting }> {
  const meeting = await getMeeting(deps, input.committeeId, input.meetingId);
  // an apology is to a meeting that will be held: none to a cancelled one, none once it has begun.
  if (meeting.status === "cancelled") return { status: "cancelled", meeting };
  if (epochMs(input.receivedAt) >= epochMs(meeting.startsAt)) return { status: "too-late", meeting };
  const fields = { status: "apology" as const, substituteAttends: input.substituteAttends, receivedAt: input.receivedAt, channel: input.channel };
  if (!(await attendanceRecords.create(deps.store, { committeeId: input.committeeId, meetingId: input.meetingId, seatId: input.seatId, ...fields, rev: 0 }))) {
    await attendanceRecords.modify(deps.store, input.committeeId, input.meetingId, input.seatId, (cur) => ({ ...cur, ...fields }));
  }
  await deps.store.appendAudit({ committeeId: input.committeeId, matter: meetingMatter(input.meetingId), actor: input.by ?? input.seatId, action: "meeting.apology", channel: input.channel, ref: input.sourceRef, data: { seatId: input.seatId, substituteAttends: input.substituteAttends } });
  return { status: "recorded", meeting };
}

/** an apology registered by mistake is taken back before the meeting; the seat is expected again. */
export async function withdrawApology(deps: Deps, committeeId: string, meetingId: string, seatId: string, by: string): Promise<void> {
  const meeting = await getMeeting(deps, committeeId, meetingId);
  if (meeting.status !== "planned") throw new MeetingNotPlannedError(meetingId, meeting.status);
  const current = (await attendanceRecords.list(deps.store, committeeId, meetingId)).find((a) => a.seatId === seatId);
  if (current?.status !== "apology") return;
  // The entry first, the record after (R-7.2: the trail never lacks what a record says).
  await deps.store.appendAudit({ committeeId, matter: meetingMatter(meetingId), actor: by, action: "meeting.apology-withdrawn", channel: "api", ref: `${meetingMatter(meetingId)}#apology-withdrawn#${seatId}#${current.receivedAt}`, data: { seatId } });
  await attendanceRecords.modify(deps.store, committeeId, meetingId, seatId, (cur) => (cur.status !== "apology" ? undefined : { ...cur, status: "withdrawn", substituteAttends: false, receivedAt: deps.clock.now(), channel: "secretariat" }));
}

/** attendance as recorded by the secretariat after the meeting (for the minutes). */
export async function recordAttendance(deps: Deps, committeeId: string, meetingId: string, present: { seatId: string; substitute: boolean }[], by: string): Promise<void> {
  const meeting = await getMeeting(deps, committeeId, meetingId);
  const rulebook = await committeeRulebook(deps.store, committeeId, meeting.startsAt);
  const now = deps.clock.now();
  const recorded = new Map((await attendanceRecords.list(deps.store, committeeId, meetingId)).map((a) => [a.seatId, a]));
  for (const seat of rulebook.seats) {
    const p = present.find((x) => x.seatId === seat.id);
    const cur = recorded.get(seat.id);
    // An absent seat that sent apologies keeps its apology: it says why the seat was absent.
    const status = p ? ("present" as const) : cur?.status === "apology" ? ("apology" as const) : ("absent" as const);
    const fields = { status, substituteAttends: p?.substitute ?? false, receivedAt: now, channel: "secretariat" as const };
    const unchanged = (a: { status: string; substituteAttends: boolean }) => a.status === fields.status && a.substituteAttends === fields.substituteAttends;
    if (cur && unchanged(cur)) continue;
    if (cur || !(await attendanceRecords.create(deps.store, { committeeId, meetingId, seatId: seat.id, ...fields, rev: 0 }))) {
      await attendanceRecords.modify(deps.store, committeeId, meetingId, seat.id, (c) => (unchanged(c) ? undefined : { ...c, ...fields }));
    }
  }
  await deps.store.appendAudit({ committeeId, matter: meetingMatter(meetingId), actor: by, action: "meeting.attendance", channel: "api", data: { present: present.map((p) => p.seatId) } });
}

/** A meeting's apologies and attendance as recorded. */
export function attendanceOf(deps: Pick<Deps, "store">, committeeId: string, meetingId: string) {
  return attendanceRecords.list(deps.store, committeeId, meetingId);
}

/** the quorum forecast from the apologies (and, for an item concerning general practice, PLO's seats), with unreachable addresses. */
export async function quorumForecastFor(deps: Pick<Deps, "store">, rulebook: Rulebook, committeeId: string, meetingId: string) {
  const attendance = await attendanceRecords.list(deps.store, committeeId, meetingId);
  const apologies = attendance.filter((a) => a.status === "apology").map((a) => ({ seatId: a.seatId, substituteAttends: a.substituteAttends }));
  const items = await agendaItems.list(deps.store, committeeId, meetingId);
  const gp = items.some((i) => i.concernsGeneralPractice && i.status !== "declined");
  // Addresses marked by a hard bounce or complaint (mail-events): a seat that cannot be reached by mail.
  const statuses = await bouncedAddresses(deps);
  const seatEmails = rulebook.seats.flatMap((s) => [{ seatId: s.id, email: s.member.email }, ...s.substitutes.map((x) => ({ seatId: s.id, email: x.email }))]);
  const bounced = statuses.flatMap((st) => seatEmails.filter((x) => x.email.toLowerCase() === st.email).map((x) => ({ to: [x.email], seatId: x.seatId, status: st.status, detail: st.detail })));
  return { apologies, forecast: forecastQuorum(apologies, false, rulebook), gpForecast: gp ? forecastQuorum(apologies, true, rulebook) : undefined, bounced };
}
