/**
 * What the secretariat, the chairs and the members do to a meeting between the workflow's steps: start
 * its cycle, release the agenda (R-3.3), send apologies (R-3.7), upload minutes and revisions (R-3.5),
 * object to minutes (R-3.5), request items (R-3.2), move or cancel it, call an extraordinary one (R-3.9).
 */
import { randomBytes } from "node:crypto";
import { epochMs, type Instant } from "#domain/calendar";
import { presidingChair } from "#domain/audience";
import { extraordinaryMeetingDeadlines, isWithinDeadline, meetingTime } from "#domain/deadlines";
import { judgeObjection, objectionWindow } from "#domain/minutes";
import { speaksForSeat, type Respondent } from "#domain/representation";
import { toInstant } from "#domain/calendar";
import { base32 } from "#adapters/link-keys";
import { committeePk, meetingPk, type RecordOf } from "#adapters/records";
import { listAgendaItems, listMeetings, type AgendaItem, type Meeting } from "./agenda.ts";
import { signal } from "./callbacks.ts";
import { committeeRulebook } from "./committee.ts";
import type { Deps } from "./deps.ts";
import { StateConflictError } from "./errors.ts";
import { sendMailing } from "./mail.ts";
import { meetingExecutionName, meetingMatter, meetingTimeline, minutesVersions, getMeeting } from "./meeting-cycle.ts";
import * as messages from "./messages.ts";
import { chairsAndSecretariat, representationsOf, recipientsOfSeats } from "./recipients.ts";

const meetingKey = (committeeId: string, meetingId: string) => ({ pk: committeePk(committeeId), sk: `MEETING#${meetingId}` });

/** Starts the cycle of every planned meeting (idempotent: a running execution of the same name is found). */
export async function startMeetingCycles(deps: Deps, committeeId: string): Promise<number> {
  let n = 0;
  for (const m of await listMeetings(deps, committeeId)) {
    if (m.status !== "planned") continue;
    await deps.workflows.start("meeting-cycle", meetingExecutionName(committeeId, m.meetingId, m.generation), { committeeId, meetingId: m.meetingId, generation: m.generation, segment: 1 });
    n += 1;
  }
  return n;
}

/** R-3.3: the presiding chair (or the secretariat on the chair's behalf) releases the agenda. */
export async function releaseAgenda(deps: Deps, committeeId: string, meetingId: string, by: string): Promise<Meeting> {
  const { record } = await deps.store.modify("meeting", meetingKey(committeeId, meetingId), (cur) => {
    if (cur.status !== "planned") throw new StateConflictError(`meeting ${meetingId} is ${cur.status}`, "meetingId");
    return cur.agendaReleasedAt ? undefined : { ...cur, agendaReleasedAt: deps.clock.now(), agendaReleasedBy: by };
  });
  // Both are safe to repeat; repeating them is what makes a retried release (after a crash) complete.
  await deps.store.appendAudit({ committeeId, matter: meetingMatter(meetingId), actor: record.agendaReleasedBy ?? by, action: "agenda.released", channel: "api", ref: `${meetingMatter(meetingId)}#released`, data: { releasedAt: record.agendaReleasedAt } });
  await signal(deps, committeeId, `${meetingMatter(meetingId)}#agenda-released`);
  return record;
}

export interface ItemInput {
  title: string;
  description: string;
  authoritiesOnly?: boolean;
  concernsGeneralPractice?: boolean;
  material?: { name: string; blobKey: string; contentType: string; bytes: number }[];
}

/** The secretariat adds an item (accepted at once). */
export async function addAgendaItem(deps: Deps, committeeId: string, meetingId: string, input: ItemInput, by: string): Promise<AgendaItem> {
  const meeting = await getMeeting(deps, committeeId, meetingId);
  if (meeting.agendaSentAt) throw new StateConflictError(`the agenda of ${meetingId} has been sent`, "meetingId");
  const order = (await listAgendaItems(deps, committeeId, meetingId)).length + 1;
  const item: AgendaItem = {
    committeeId, meetingId, itemId: `i${base32(randomBytes(5))}`, order, title: input.title, description: input.description,
    authoritiesOnly: input.authoritiesOnly ?? false, concernsGeneralPractice: input.concernsGeneralPractice ?? false,
    source: "secretariat", receivedAt: deps.clock.now(), late: false, status: "accepted", material: input.material ?? [], rev: 0,
  };
  await deps.store.create("agendaItem", item);
  await deps.store.appendAudit({ committeeId, matter: meetingMatter(meetingId), actor: by, action: "agenda.item-added", channel: "api", data: { itemId: item.itemId, title: item.title, authoritiesOnly: item.authoritiesOnly } });
  return item;
}

/** R-3.2: a member's request for an item, received at `receivedAt`; acknowledged and forwarded to chairs and secretariat. */
export async function requestAgendaItem(
  deps: Deps,
  input: { committeeId: string; meetingId: string; seatId: string; respondent: Respondent; title: string; description: string; receivedAt: Instant; sourceRef: string; channel: "email" | "link" | "api" },
): Promise<{ item: AgendaItem; onTime: boolean; created: boolean }> {
  const meeting = await getMeeting(deps, input.committeeId, input.meetingId);
  const rulebook = await committeeRulebook(deps.store, input.committeeId);
  const timeline = meetingTimeline(meeting, rulebook);
  const onTime = timeline.items ? isWithinDeadline(input.receivedAt, timeline.items) : true;
  const itemId = `r-${input.sourceRef.replace(/[^A-Za-z0-9]/g, "").slice(-24)}`;
  const order = (await listAgendaItems(deps, input.committeeId, input.meetingId)).length + 1;
  const item: AgendaItem = {
    committeeId: input.committeeId, meetingId: input.meetingId, itemId, order, title: input.title.slice(0, 300), description: input.description.slice(0, 20_000),
    authoritiesOnly: false, concernsGeneralPractice: false, source: "member-request", requestedBy: input.seatId, receivedAt: input.receivedAt,
    late: !onTime, status: onTime ? "accepted" : "requested", material: [], rev: 0,
  };
  const created = await deps.store.create("agendaItem", item);
  {
    await deps.store.appendAudit({ committeeId: input.committeeId, matter: meetingMatter(input.meetingId), actor: input.seatId, action: "agenda.item-requested", channel: input.channel, ref: input.sourceRef, data: { itemId, title: item.title, onTime } });
    const seat = rulebook.seats.find((s) => s.id === input.seatId);
    await sendMailing(deps, chairsAndSecretariat(rulebook).map((r) => ({
      key: `item-forward#${itemId}#${r.personId}`, committeeId: input.committeeId, matter: meetingMatter(input.meetingId), purpose: "item-request-forwarded", to: r,
      message: () => ({
        kind: "item-request-forwarded", committee: messages.committeeView(rulebook), to: messages.recipientView(r), meeting: messages.meetingView(meeting, rulebook),
        requester: seat ? `${seat.member.name}, ${seat.title}` : input.seatId, title: item.title, description: item.description, receivedAt: input.receivedAt, onTime,
      }),
    })));
  }
  return { item, onTime, created };
}

/** R-3.7: an apology (afbud), optionally with the substitute attending; the latest answer counts. */
export async function recordApology(
  deps: Deps,
  input: { committeeId: string; meetingId: string; seatId: string; substituteAttends: boolean; receivedAt: Instant; channel: "email" | "link" | "api" | "secretariat"; sourceRef: string },
): Promise<{ status: "recorded" | "too-late"; meeting: Meeting }> {
  const meeting = await getMeeting(deps, input.committeeId, input.meetingId);
  if (epochMs(input.receivedAt) >= epochMs(meeting.startsAt)) return { status: "too-late", meeting };
  const key = { pk: meetingPk(input.committeeId, input.meetingId), sk: `ATTENDANCE#${input.seatId}` };
  const fields = { status: "apology" as const, substituteAttends: input.substituteAttends, receivedAt: input.receivedAt, channel: input.channel };
  if (!(await deps.store.create("attendance", { committeeId: input.committeeId, meetingId: input.meetingId, seatId: input.seatId, ...fields, rev: 0 }))) {
    await deps.store.modify("attendance", key, (cur) => ({ ...cur, ...fields }));
  }
  await deps.store.appendAudit({ committeeId: input.committeeId, matter: meetingMatter(input.meetingId), actor: input.seatId, action: "meeting.apology", channel: input.channel, ref: input.sourceRef, data: { substituteAttends: input.substituteAttends } });
  return { status: "recorded", meeting };
}

/** R-3.7: attendance as recorded by the secretariat after the meeting (for the minutes). */
export async function recordAttendance(deps: Deps, committeeId: string, meetingId: string, present: { seatId: string; substitute: boolean }[], by: string): Promise<void> {
  const rulebook = await committeeRulebook(deps.store, committeeId);
  const now = deps.clock.now();
  const pk = meetingPk(committeeId, meetingId);
  const recorded = new Map((await deps.store.list("attendance", pk, "ATTENDANCE#")).map((a) => [a.seatId, a]));
  for (const seat of rulebook.seats) {
    const p = present.find((x) => x.seatId === seat.id);
    const cur = recorded.get(seat.id);
    // An absent seat that sent apologies keeps its apology: it says why the seat was absent.
    const status = p ? ("present" as const) : cur?.status === "apology" ? ("apology" as const) : ("absent" as const);
    const fields = { status, substituteAttends: p?.substitute ?? false, receivedAt: now, channel: "secretariat" as const };
    const unchanged = (a: { status: string; substituteAttends: boolean }) => a.status === fields.status && a.substituteAttends === fields.substituteAttends;
    if (cur && unchanged(cur)) continue;
    if (cur || !(await deps.store.create("attendance", { committeeId, meetingId, seatId: seat.id, ...fields, rev: 0 }))) {
      await deps.store.modify("attendance", { pk, sk: `ATTENDANCE#${seat.id}` }, (c) => (unchanged(c) ? undefined : { ...c, ...fields }));
    }
  }
  await deps.store.appendAudit({ committeeId, matter: meetingMatter(meetingId), actor: by, action: "meeting.attendance", channel: "api", data: { present: present.map((p) => p.seatId) } });
}

/**
 * R-3.5: the secretariat uploads version N+1 of the minutes. Refused while the previous version's window
 * is open, or once the minutes are approved.
 */
export async function uploadMinutes(deps: Deps, input: { committeeId: string; meetingId: string; content: Buffer; contentType: string; changeNote: string; by: string }): Promise<RecordOf<"minutesVersion">> {
  const meeting = await getMeeting(deps, input.committeeId, input.meetingId);
  if (meeting.minutesApprovedAt) throw new StateConflictError("the minutes are already approved", "meetingId");
  const versions = await minutesVersions(deps, input.committeeId, input.meetingId);
  const last = versions.at(-1);
  if (last && !last.sentAt) throw new StateConflictError(`version ${last.version} has not been sent yet`, "meetingId");
  if (last?.sentAt) {
    const rulebook = await committeeRulebook(deps.store, input.committeeId);
    const window = objectionWindow({ version: last.version, sentAt: last.sentAt }, rulebook);
    if (isWithinDeadline(deps.clock.now(), window)) throw new StateConflictError(`the objection window of version ${last.version} is open until ${window.endsAt}`, "meetingId");
  }
  const version = (last?.version ?? 0) + 1;
  const blobKey = `minutes/${input.committeeId}/${input.meetingId}/v${version}-${base32(randomBytes(5))}`;
  await deps.blobs.put(blobKey, input.content, input.contentType);
  const record: RecordOf<"minutesVersion"> = {
    committeeId: input.committeeId, meetingId: input.meetingId, version, uploadedAt: deps.clock.now(), uploadedBy: input.by, blobKey, changeNote: input.changeNote, rev: 0,
  };
  if (!(await deps.store.create("minutesVersion", record))) throw new StateConflictError(`version ${version} was uploaded at the same time`, "meetingId");
  await deps.store.appendAudit({ committeeId: input.committeeId, matter: meetingMatter(input.meetingId), actor: input.by, action: "minutes.uploaded", channel: "api", ref: `${meetingMatter(input.meetingId)}#minutes-v${version}-uploaded`, data: { version, bytes: input.content.length } });
  await signal(deps, input.committeeId, `${meetingMatter(input.meetingId)}#minutes-uploaded`);
  return record;
}

/** R-3.5: an objection to the latest minutes version, stored whether or not it counts. */
export async function recordMinutesObjection(
  deps: Deps,
  input: { committeeId: string; meetingId: string; seatId: string; respondent: Respondent; text: string; receivedAt: Instant; channel: "email" | "link" | "api" | "secretariat"; sourceRef: string; version?: number },
): Promise<{ status: "recorded" | "not-counted"; reason?: string; version: number }> {
  const rulebook = await committeeRulebook(deps.store, input.committeeId);
  const current = (await minutesVersions(deps, input.committeeId, input.meetingId)).filter((v) => v.sentAt).at(-1);
  if (!current?.sentAt) throw new StateConflictError("no minutes have been sent for this meeting", "meetingId");
  const version = input.version ?? current.version;
  const objectionId = input.sourceRef.replace(/[^A-Za-z0-9._-]/g, "_").slice(-120);
  // Stored once per source; a second delivery (a run that died after storing it) is judged the same.
  await deps.store.create("minutesObjection", {
    committeeId: input.committeeId, meetingId: input.meetingId, version, objectionId, seatId: input.seatId, respondent: input.respondent,
    receivedAt: input.receivedAt, text: input.text.slice(0, 20_000), channel: input.channel, sourceRef: input.sourceRef,
  });
  const substituteId = input.respondent.kind === "substitute" ? input.respondent.substituteId : undefined;
  const { allowed } = await respondentFor(deps, input.committeeId, input.seatId, substituteId, input.receivedAt);
  const judged = allowed.ok
    ? judgeObjection({ id: objectionId, version, seatId: input.seatId, receivedAt: input.receivedAt, text: input.text }, { version: current.version, sentAt: current.sentAt }, rulebook)
    : { counted: false as const, reason: allowed.reason };
  await deps.store.appendAudit({
    committeeId: input.committeeId, matter: meetingMatter(input.meetingId), actor: input.seatId, action: judged.counted ? "minutes.objection" : "minutes.objection-not-counted",
    channel: input.channel, ref: input.sourceRef, data: { version, ...(judged.counted ? {} : { reason: judged.reason }) },
  });
  return judged.counted ? { status: "recorded", version } : { status: "not-counted", reason: judged.reason, version };
}

/** Moves a meeting: a new generation of its cycle starts; invites are updated (same UID, higher SEQUENCE). */
export async function moveMeeting(deps: Deps, committeeId: string, meetingId: string, startsAt: string, by: string): Promise<Meeting> {
  const rulebook = await committeeRulebook(deps.store, committeeId);
  const newStart = toInstant(meetingTime(startsAt, rulebook), rulebook.calendar.timeZone);
  const before = await getMeeting(deps, committeeId, meetingId);
  if (before.status !== "planned") throw new StateConflictError(`meeting ${meetingId} is ${before.status}`, "meetingId");
  const { record } = await deps.store.modify("meeting", meetingKey(committeeId, meetingId), (cur) =>
    cur.startsAt === newStart ? undefined : { ...cur, startsAt: newStart, generation: cur.generation + 1, inviteSequence: cur.inviteSequence + 1 });
  await deps.store.appendAudit({ committeeId, matter: meetingMatter(meetingId), actor: by, action: "meeting.moved", channel: "api", ref: `${meetingMatter(meetingId)}#moved-g${record.generation}`, data: { from: before.startsAt, to: newStart, generation: record.generation } });
  await deps.workflows.stop("meeting-cycle", meetingExecutionName(committeeId, meetingId, before.generation), "moved");
  await deps.workflows.start("meeting-cycle", meetingExecutionName(committeeId, meetingId, record.generation), { committeeId, meetingId, generation: record.generation, segment: 1 });
  await notifyChange(deps, record, "meeting-changed", before.startsAt);
  return record;
}

export async function cancelMeeting(deps: Deps, committeeId: string, meetingId: string, by: string): Promise<Meeting> {
  const { record } = await deps.store.modify("meeting", meetingKey(committeeId, meetingId), (cur) =>
    cur.status === "cancelled" ? undefined : { ...cur, status: "cancelled", inviteSequence: cur.inviteSequence + 1 });
  await deps.workflows.stop("meeting-cycle", meetingExecutionName(committeeId, meetingId, record.generation), "cancelled");
  await deps.store.appendAudit({ committeeId, matter: meetingMatter(meetingId), actor: by, action: "meeting.cancelled", channel: "api", ref: `${meetingMatter(meetingId)}#cancelled`, data: {} });
  await notifyChange(deps, record, "meeting-cancelled");
  return record;
}

async function notifyChange(deps: Deps, meeting: Meeting, kind: "meeting-changed" | "meeting-cancelled", previousStartsAt?: string): Promise<void> {
  const rulebook = await committeeRulebook(deps.store, meeting.committeeId);
  await sendMailing(deps, (await recipientsOfSeats(deps, rulebook, deps.clock.now())).map((r) => ({
    key: `${kind}#${meeting.meetingId}#s${meeting.inviteSequence}#${r.personId}`, committeeId: meeting.committeeId, matter: meetingMatter(meeting.meetingId), purpose: kind, seatId: r.seatId, to: r,
    message: () => ({ kind, committee: messages.committeeView(rulebook), to: messages.recipientView(r), meeting: messages.meetingView(meeting, rulebook), ...(previousStartsAt ? { previousStartsAt } : {}) }),
  })));
}

/** R-3.9: the chairs call an extraordinary meeting at short notice, with its agenda; it may be virtual. */
export async function callExtraordinaryMeeting(
  deps: Deps,
  input: { committeeId: string; startsAt: string; location: string; virtualUrl?: string | undefined; items: ItemInput[]; by: string },
): Promise<{ meeting: Meeting; noticeDays: number }> {
  const rulebook = await committeeRulebook(deps.store, input.committeeId);
  const now = deps.clock.now();
  const startsAt = toInstant(meetingTime(input.startsAt, rulebook), rulebook.calendar.timeZone);
  if (epochMs(startsAt) <= epochMs(now)) throw new StateConflictError("an extraordinary meeting must be in the future", "startsAt");
  const d = extraordinaryMeetingDeadlines(now, startsAt, rulebook);
  const existing = await listMeetings(deps, input.committeeId);
  const meetingId = `${d.meeting.date}-x${existing.filter((m) => m.meetingId.startsWith(`${d.meeting.date}-x`)).length + 1}`;
  const meeting: Meeting = {
    committeeId: input.committeeId, meetingId, kind: "extraordinary", startsAt, durationMinutes: rulebook.meetings.defaultDurationMinutes,
    location: input.location, ...(input.virtualUrl ? { virtualUrl: input.virtualUrl } : {}), status: "planned",
    presidingChair: presidingChair(existing.length, rulebook), generation: 1, inviteSequence: 0, calledAt: now,
    agendaReleasedAt: now, agendaReleasedBy: input.by, rev: 0,
  };
  await deps.store.create("meeting", meeting);
  for (const item of input.items) await addAgendaItem(deps, input.committeeId, meetingId, item, input.by);
  await deps.store.appendAudit({ committeeId: input.committeeId, matter: meetingMatter(meetingId), actor: input.by, action: "meeting.extraordinary-called", channel: "api", data: { startsAt, noticeDays: d.noticeDays, virtual: Boolean(input.virtualUrl) } });
  await deps.workflows.start("meeting-cycle", meetingExecutionName(input.committeeId, meetingId, 1), { committeeId: input.committeeId, meetingId, generation: 1, segment: 1 });
  return { meeting, noticeDays: d.noticeDays };
}

/** Who may answer for a seat right now: used by the reply paths before they record anything. */
export async function respondentFor(deps: Deps, committeeId: string, seatId: string, substituteId: string | undefined, at: Instant) {
  const rulebook = await committeeRulebook(deps.store, committeeId);
  const respondent: Respondent = substituteId ? { kind: "substitute", substituteId } : { kind: "member" };
  const reps = (await representationsOf(deps, committeeId)).filter((r) => r.seatId === seatId).map((r) => ({ seatId: r.seatId, substituteId: r.substituteId, from: r.from, to: r.to }));
  return { respondent, allowed: speaksForSeat(seatId, respondent, at, reps, rulebook) };
}

