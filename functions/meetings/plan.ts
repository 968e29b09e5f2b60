/**
 * The meeting plan (R-3.1): loading it, starting each meeting's cycle, moving and cancelling a meeting, and
 * calling an extraordinary one at short notice (R-3.9).
 */
import { presidingChair } from "#domain/audience";
import { epochMs, localDateOf, toInstant, type Instant } from "#domain/calendar";
import { extraordinaryMeetingDeadlines, meetingTime } from "#domain/deadlines";
import type { PlannedMeeting } from "#domain/plan";
import type { Rulebook } from "#domain/rulebook";
import type { Store } from "#adapters/store";
import { committeeRulebook } from "../committee/committee.ts";
import type { Deps } from "../deps.ts";
import { sendMailing } from "../mail/mailing.ts";
import * as messages from "../mail/messages.ts";
import { recipientsOfSeats } from "../mail/recipients.ts";
import { addAgendaItem, type ItemInput } from "./agenda.ts";
import { MeetingExistsError, MeetingInPastError, MeetingNotPlannedError } from "./errors.ts";
import { meetingExecutionName, meetingMatter } from "./names.ts";
import { getMeeting, listMeetings } from "./meetings.ts";
import { meetingRecords, type Meeting } from "./repository.ts";

/** Records a committee's meeting plan once (a second load changes nothing); meetings already past can be loaded as held. */
export async function recordMeetingPlan(
  store: Store,
  rulebook: Rulebook,
  plan: readonly (PlannedMeeting & { location?: string | undefined })[],
  options: { now: Instant; pastAsHeld: boolean },
): Promise<void> {
  const committeeId = rulebook.committee.id;
  const zone = rulebook.calendar.timeZone;
  const ordinary = plan.filter((m) => (m.kind ?? "ordinary") === "ordinary");
  for (const m of plan) {
    const startsAt = toInstant(meetingTime(m.startsAt, rulebook), zone);
    // Loading a plan mid-term: meetings already past are history, not cycles to run now.
    const past = options.pastAsHeld && Date.parse(startsAt) < Date.parse(options.now);
    await meetingRecords.create(store, {
      committeeId,
      meetingId: m.id,
      kind: m.kind ?? "ordinary",
      startsAt,
      durationMinutes: rulebook.meetings.defaultDurationMinutes,
      location: m.location ?? "",
      status: past ? "held" : "planned",
      ...(past ? { loadedAsHeldAt: options.now } : {}),
      presidingChair: presidingChair(Math.max(ordinary.indexOf(m), 0), rulebook),
      generation: 1,
      inviteSequence: 0,
      rev: 0,
    });
  }
}

/**
 * Starts the cycle of every planned meeting, and of every held meeting whose minutes are not approved (a
 * meeting loaded as history still needs its minutes sent, R-3.5). Idempotent: a running execution of the
 * same name is found.
 */
export async function startMeetingCycles(deps: Deps, committeeId: string): Promise<number> {
  let n = 0;
  for (const m of await listMeetings(deps, committeeId)) {
    if (m.status === "cancelled" || (m.status === "held" && m.minutesApprovedAt)) continue;
    await deps.workflows.start("meeting-cycle", meetingExecutionName(committeeId, m.meetingId, m.generation), { committeeId, meetingId: m.meetingId, generation: m.generation, segment: 1 });
    n += 1;
  }
  return n;
}

/**
 * R-3.1: the secretariat adds an ordinary meeting to the plan (e.g. after the warning "2027: 0 møder"). Its
 * id is its local date, as in the plan ("2027-09-16", or "2027-09-16-2" for a second one that day); ids stay
 * the same when a meeting moves, because links, mail and the archive refer to them (people see dates).
 */
export async function addMeeting(deps: Deps, input: { committeeId: string; startsAt: string; location: string; by: string }): Promise<Meeting> {
  const current = await committeeRulebook(deps.store, input.committeeId, deps.clock.now());
  const startsAt = toInstant(meetingTime(input.startsAt, current), current.calendar.timeZone);
  if (epochMs(startsAt) <= epochMs(deps.clock.now())) throw new MeetingInPastError("a meeting can only be planned in the future");
  // R-6.1: the meeting follows the version in force on its date.
  const rulebook = await committeeRulebook(deps.store, input.committeeId, startsAt);
  const existing = await listMeetings(deps, input.committeeId);
  if (existing.some((m) => m.status !== "cancelled" && m.startsAt === startsAt)) throw new MeetingExistsError(startsAt);
  const day = localDateOf(startsAt, rulebook.calendar.timeZone);
  const taken = new Set(existing.map((m) => m.meetingId));
  let meetingId = day;
  for (let n = 2; taken.has(meetingId); n++) meetingId = `${day}-${n}`;
  const ordinalBefore = existing.filter((m) => m.kind === "ordinary" && epochMs(m.startsAt) < epochMs(startsAt)).length;
  const meeting: Meeting = {
    committeeId: input.committeeId, meetingId, kind: "ordinary", startsAt, durationMinutes: rulebook.meetings.defaultDurationMinutes, location: input.location,
    status: "planned", presidingChair: presidingChair(ordinalBefore, rulebook), generation: 1, inviteSequence: 0, rev: 0,
  };
  if (!(await meetingRecords.create(deps.store, meeting))) throw new MeetingExistsError(startsAt);
  await deps.store.appendAudit({ committeeId: input.committeeId, matter: meetingMatter(meetingId), actor: input.by, action: "meeting.added", channel: "api", ref: `${meetingMatter(meetingId)}#added`, data: { startsAt, location: input.location } });
  await deps.workflows.start("meeting-cycle", meetingExecutionName(input.committeeId, meetingId, 1), { committeeId: input.committeeId, meetingId, generation: 1, segment: 1 });
  return meeting;
}

/** Moves a meeting: a new generation of its cycle starts; invites are updated (same UID, higher SEQUENCE). */
export async function moveMeeting(deps: Deps, committeeId: string, meetingId: string, startsAt: string, by: string): Promise<Meeting> {
  const rulebook = await committeeRulebook(deps.store, committeeId, deps.clock.now());
  const newStart = toInstant(meetingTime(startsAt, rulebook), rulebook.calendar.timeZone);
  const before = await getMeeting(deps, committeeId, meetingId);
  if (before.status !== "planned") throw new MeetingNotPlannedError(meetingId, before.status);
  // A meeting is moved to a time still ahead: members cannot be called to a meeting that has passed.
  if (epochMs(newStart) <= epochMs(deps.clock.now())) throw new MeetingInPastError("a meeting can only be moved to a time in the future");
  const { record } = await meetingRecords.modify(deps.store, committeeId, meetingId, (cur) =>
    cur.startsAt === newStart ? undefined : { ...cur, startsAt: newStart, generation: cur.generation + 1, inviteSequence: cur.inviteSequence + 1 });
  await deps.store.appendAudit({ committeeId, matter: meetingMatter(meetingId), actor: by, action: "meeting.moved", channel: "api", ref: `${meetingMatter(meetingId)}#moved-g${record.generation}`, data: { from: before.startsAt, to: newStart, generation: record.generation } });
  await deps.workflows.stop("meeting-cycle", meetingExecutionName(committeeId, meetingId, before.generation), "moved");
  await deps.workflows.start("meeting-cycle", meetingExecutionName(committeeId, meetingId, record.generation), { committeeId, meetingId, generation: record.generation, segment: 1 });
  await notifyChange(deps, record, "meeting-changed", before.startsAt);
  return record;
}

export async function cancelMeeting(deps: Deps, committeeId: string, meetingId: string, by: string): Promise<Meeting> {
  const { record } = await meetingRecords.modify(deps.store, committeeId, meetingId, (cur) =>
    cur.status === "cancelled" ? undefined : { ...cur, status: "cancelled", inviteSequence: cur.inviteSequence + 1 });
  await deps.workflows.stop("meeting-cycle", meetingExecutionName(committeeId, meetingId, record.generation), "cancelled");
  await deps.store.appendAudit({ committeeId, matter: meetingMatter(meetingId), actor: by, action: "meeting.cancelled", channel: "api", ref: `${meetingMatter(meetingId)}#cancelled`, data: {} });
  await notifyChange(deps, record, "meeting-cancelled");
  return record;
}

async function notifyChange(deps: Deps, meeting: Meeting, kind: "meeting-changed" | "meeting-cancelled", previousStartsAt?: string): Promise<void> {
  const rulebook = await committeeRulebook(deps.store, meeting.committeeId, meeting.startsAt);
  await sendMailing(deps, (await recipientsOfSeats(deps, rulebook, deps.clock.now())).map((r) => ({
    key: `${kind}#${meeting.meetingId}#s${meeting.inviteSequence}#${r.personId}`, committeeId: meeting.committeeId, matter: meetingMatter(meeting.meetingId), purpose: kind, seatId: r.seatId, to: r,
    message: () => messages.meetingChanged(rulebook, meeting, r, kind, previousStartsAt),
  })));
}

/** R-3.9: the chairs call an extraordinary meeting at short notice, with its agenda; it may be virtual. */
export async function callExtraordinaryMeeting(
  deps: Deps,
  input: { committeeId: string; startsAt: string; location: string; virtualUrl?: string | undefined; items: ItemInput[]; by: string },
): Promise<{ meeting: Meeting; noticeDays: number }> {
  const now = deps.clock.now();
  const current = await committeeRulebook(deps.store, input.committeeId, now);
  const startsAt = toInstant(meetingTime(input.startsAt, current), current.calendar.timeZone);
  // R-6.1: the meeting follows the version in force on its date.
  const rulebook = await committeeRulebook(deps.store, input.committeeId, startsAt);
  if (epochMs(startsAt) <= epochMs(now)) throw new MeetingInPastError("an extraordinary meeting must be in the future");
  const d = extraordinaryMeetingDeadlines(now, startsAt, rulebook);
  const existing = await listMeetings(deps, input.committeeId);
  const meetingId = `${d.meeting.date}-x${existing.filter((m) => m.meetingId.startsWith(`${d.meeting.date}-x`)).length + 1}`;
  const meeting: Meeting = {
    committeeId: input.committeeId, meetingId, kind: "extraordinary", startsAt, durationMinutes: rulebook.meetings.defaultDurationMinutes,
    location: input.location, ...(input.virtualUrl ? { virtualUrl: input.virtualUrl } : {}), status: "planned",
    presidingChair: presidingChair(existing.length, rulebook), generation: 1, inviteSequence: 0, calledAt: now,
    agendaReleasedAt: now, agendaReleasedBy: input.by, rev: 0,
  };
  await meetingRecords.create(deps.store, meeting);
  for (const item of input.items) await addAgendaItem(deps, input.committeeId, meetingId, item, input.by);
  await deps.store.appendAudit({ committeeId: input.committeeId, matter: meetingMatter(meetingId), actor: input.by, action: "meeting.extraordinary-called", channel: "api", data: { startsAt, noticeDays: d.noticeDays, virtual: Boolean(input.virtualUrl) } });
  await deps.workflows.start("meeting-cycle", meetingExecutionName(input.committeeId, meetingId, 1), { committeeId: input.committeeId, meetingId, generation: 1, segment: 1 });
  return { meeting, noticeDays: d.noticeDays };
}

/**
 * R-6.1: a new version of the rulebook governs the planned meetings on or after `fromDate`: their cycles
 * restart (a new generation, as when a meeting moves, without new invites) so every wait is worked out on
 * the new version's deadlines; what was sent stays sent (sends are idempotent by their keys).
 */
export async function restartMeetingCycles(deps: Deps, committeeId: string, fromDate: string, by: string): Promise<number> {
  let n = 0;
  for (const m of await listMeetings(deps, committeeId)) {
    const rulebook = await committeeRulebook(deps.store, committeeId, m.startsAt);
    if (m.status !== "planned" || localDateOf(m.startsAt, rulebook.calendar.timeZone) < fromDate) continue;
    const { record } = await meetingRecords.modify(deps.store, committeeId, m.meetingId, (cur) => (cur.generation !== m.generation ? undefined : { ...cur, generation: cur.generation + 1 }));
    await deps.workflows.stop("meeting-cycle", meetingExecutionName(committeeId, m.meetingId, m.generation), "rulebook-version");
    await deps.workflows.start("meeting-cycle", meetingExecutionName(committeeId, m.meetingId, record.generation), { committeeId, meetingId: m.meetingId, generation: record.generation, segment: 1 });
    await deps.store.appendAudit({ committeeId, matter: meetingMatter(m.meetingId), actor: by, action: "meeting.rulebook-changed", channel: "api", ref: `${meetingMatter(m.meetingId)}#rulebook-g${record.generation}`, data: { rulebookId: rulebook.id, generation: record.generation } });
    n += 1;
  }
  return n;
}
