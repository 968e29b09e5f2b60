/**
 * A meeting's agenda: items from the secretariat, requests from members (R-3.2) and the chairs' decision on
 * late ones, matters moved from a written vote (R-3.6), material, and the release (R-3.3).
 */
import { randomBytes } from "node:crypto";
import { epochMs, type Instant } from "#domain/calendar";
import { isWithinDeadline } from "#domain/deadlines";
import { InvalidInputError } from "#domain/errors";
import type { Respondent } from "#domain/representation";
import { meetingTimeline } from "#domain/timeline";
import { FILENAME, formUpload } from "#adapters/blobs";
import { base32 } from "#adapters/link-keys";
import { signal } from "../callbacks/callbacks.ts";
import { committeeRulebook } from "../committee/committee.ts";
import type { Deps } from "../deps.ts";
import { sendMailing } from "../mail/mailing.ts";
import * as messages from "../mail/messages.ts";
import { chairsAndSecretariat } from "../mail/recipients.ts";
import { AgendaAlreadySentError, MeetingNotPlannedError, UnknownAgendaItemError } from "./errors.ts";
import { meetingMatter } from "./names.ts";
import { getMeeting, listMeetings } from "./meetings.ts";
import { agendaItems, meetingRecords, type AgendaItem, type Meeting } from "./repository.ts";

export type { AgendaItem };

export function listAgendaItems(deps: Pick<Deps, "store">, committeeId: string, meetingId: string): Promise<AgendaItem[]> {
  return agendaItems.list(deps.store, committeeId, meetingId);
}

/** The next meeting whose agenda has not gone out yet: where a new matter can still be put. */
export async function nextOpenMeeting(deps: Pick<Deps, "store" | "clock">, committeeId: string): Promise<Meeting | undefined> {
  const now = epochMs(deps.clock.now());
  return (await listMeetings(deps, committeeId)).find((m) => m.status === "planned" && !m.agendaSentAt && epochMs(m.startsAt) > now);
}

/**
 * puts a matter on the chosen meeting's agenda (if it can still take it) or the next meeting's. Idempotent by item id: a retry finds the item where it
 * was put. Returns the meeting id, or undefined when no meeting is planned (the secretariat is alerted by
 * the caller and may call an extraordinary meeting, R-3.9).
 */
export async function putOnNextAgenda(
  deps: Pick<Deps, "store" | "clock">,
  item: Pick<AgendaItem, "committeeId" | "itemId" | "title" | "description" | "concernsGeneralPractice" | "source" | "material">,
  preferredMeetingId?: string | undefined,
): Promise<string | undefined> {
  const meetings = await listMeetings(deps, item.committeeId);
  for (const m of meetings) {
    if (await agendaItems.get(deps.store, item.committeeId, m.meetingId, item.itemId)) return m.meetingId;
  }
  // The meeting the secretariat chose when opening the vote, while its agenda can still take the matter.
  const now = epochMs(deps.clock.now());
  const preferred = meetings.find((m) => m.meetingId === preferredMeetingId && m.status === "planned" && !m.agendaSentAt && epochMs(m.startsAt) > now);
  const meeting = preferred ?? (await nextOpenMeeting(deps, item.committeeId));
  if (!meeting) return undefined;
  const order = (await agendaItems.list(deps.store, item.committeeId, meeting.meetingId)).length + 1;
  await agendaItems.create(deps.store, {
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
  if (meeting.agendaSentAt) throw new AgendaAlreadySentError(meetingId);
  const order = (await agendaItems.list(deps.store, committeeId, meetingId)).length + 1;
  const item: AgendaItem = {
    committeeId, meetingId, itemId: `i${base32(randomBytes(5))}`, order, title: input.title, description: input.description,
    authoritiesOnly: input.authoritiesOnly ?? false, concernsGeneralPractice: input.concernsGeneralPractice ?? false,
    source: "secretariat", receivedAt: deps.clock.now(), late: false, status: "accepted", material: input.material ?? [], rev: 0,
  };
  await agendaItems.create(deps.store, item);
  await deps.store.appendAudit({ committeeId, matter: meetingMatter(meetingId), actor: by, action: "agenda.item-added", channel: "api", data: { itemId: item.itemId, title: item.title, authoritiesOnly: item.authoritiesOnly } });
  return item;
}

/** a member's request for an item, received at `receivedAt`; acknowledged and forwarded to chairs and secretariat. */
export async function requestAgendaItem(
  deps: Deps,
  input: { committeeId: string; meetingId: string; seatId: string; respondent: Respondent; title: string; description: string; receivedAt: Instant; sourceRef: string; channel: "email" | "link" | "api" },
): Promise<{ item: AgendaItem; onTime: boolean; created: boolean; meeting: Meeting; itemDeadline: Instant }> {
  const meeting = await getMeeting(deps, input.committeeId, input.meetingId);
  const rulebook = await committeeRulebook(deps.store, input.committeeId, meeting.startsAt);
  const timeline = meetingTimeline(meeting, rulebook);
  const onTime = timeline.items ? isWithinDeadline(input.receivedAt, timeline.items) : true;
  const itemId = `r-${input.sourceRef.replace(/[^A-Za-z0-9]/g, "").slice(-24)}`;
  const order = (await agendaItems.list(deps.store, input.committeeId, input.meetingId)).length + 1;
  const item: AgendaItem = {
    committeeId: input.committeeId, meetingId: input.meetingId, itemId, order, title: input.title.slice(0, 300), description: input.description.slice(0, 20_000),
    authoritiesOnly: false, concernsGeneralPractice: false, source: "member-request", requestedBy: input.seatId, receivedAt: input.receivedAt,
    late: !onTime, status: onTime ? "accepted" : "requested", material: [], rev: 0,
  };
  const created = await agendaItems.create(deps.store, item);
  await deps.store.appendAudit({ committeeId: input.committeeId, matter: meetingMatter(input.meetingId), actor: input.seatId, action: "agenda.item-requested", channel: input.channel, ref: input.sourceRef, data: { itemId, title: item.title, onTime } });
  const seat = rulebook.seats.find((s) => s.id === input.seatId);
  await sendMailing(deps, chairsAndSecretariat(rulebook).map((r) => ({
    key: `item-forward#${itemId}#${r.personId}`, committeeId: input.committeeId, matter: meetingMatter(input.meetingId), purpose: "item-request-forwarded", to: r,
    message: () => messages.itemRequestForwarded(rulebook, meeting, r, { requester: seat ? `${seat.member.name}, ${seat.title}` : input.seatId, item, receivedAt: input.receivedAt, onTime }),
  })));
  return { item, onTime, created, meeting, itemDeadline: timeline.items?.endsAt ?? timeline.agenda.endsAt };
}

/**
 * An item the system writes itself (the initiatives' status item): created last on the agenda, its text
 * brought up to date until the agenda has gone out.
 */
export async function putStatusItem(deps: Pick<Deps, "store" | "clock">, committeeId: string, meetingId: string, input: { itemId: string; source: AgendaItem["source"]; title: string; description: string }): Promise<void> {
  const order = (await agendaItems.list(deps.store, committeeId, meetingId)).reduce((n, i) => Math.max(n, i.order), 0) + 1;
  const created = await agendaItems.create(deps.store, {
    committeeId, meetingId, itemId: input.itemId, order, title: input.title, description: input.description.slice(0, 20_000), authoritiesOnly: false,
    concernsGeneralPractice: false, source: input.source, receivedAt: deps.clock.now(), late: false, status: "accepted", material: [], rev: 0,
  });
  if (!created) {
    await agendaItems.modify(deps.store, committeeId, meetingId, input.itemId, (cur) => (cur.description === input.description.slice(0, 20_000) ? undefined : { ...cur, description: input.description.slice(0, 20_000) }));
  }
}

/** The agenda builder: an item's title, text and audience change until the agenda has gone out. */
export async function changeAgendaItem(deps: Deps, committeeId: string, meetingId: string, itemId: string, change: { title: string; description: string; authoritiesOnly: boolean; concernsGeneralPractice: boolean }, by: string): Promise<AgendaItem> {
  const meeting = await getMeeting(deps, committeeId, meetingId);
  if (meeting.agendaSentAt) throw new AgendaAlreadySentError(meetingId);
  if (!(await agendaItems.get(deps.store, committeeId, meetingId, itemId))) throw new UnknownAgendaItemError(itemId);
  const { record } = await agendaItems.modify(deps.store, committeeId, meetingId, itemId, (cur) => ({ ...cur, ...change, title: change.title.slice(0, 300), description: change.description.slice(0, 20_000) }));
  await deps.store.appendAudit({ committeeId, matter: meetingMatter(meetingId), actor: by, action: "agenda.item-changed", channel: "api", data: { itemId, ...change } });
  return record;
}

/** The agenda builder: an item moves one place up or down (the items are renumbered in order). */
export async function moveAgendaItem(deps: Deps, committeeId: string, meetingId: string, itemId: string, direction: "up" | "down", by: string): Promise<void> {
  const meeting = await getMeeting(deps, committeeId, meetingId);
  if (meeting.agendaSentAt) throw new AgendaAlreadySentError(meetingId);
  const items = await agendaItems.list(deps.store, committeeId, meetingId);
  const i = items.findIndex((x) => x.itemId === itemId);
  if (i < 0) throw new UnknownAgendaItemError(itemId);
  const j = direction === "up" ? i - 1 : i + 1;
  if (j < 0 || j >= items.length) return;
  const order = items.map((x) => x.itemId);
  [order[i], order[j]] = [order[j] ?? "", order[i] ?? ""];
  for (const [n, id] of order.entries()) {
    await agendaItems.modify(deps.store, committeeId, meetingId, id, (cur) => (cur.order === n + 1 ? undefined : { ...cur, order: n + 1 }));
  }
  await deps.store.appendAudit({ committeeId, matter: meetingMatter(meetingId), actor: by, action: "agenda.item-moved", channel: "api", data: { itemId, direction } });
}

/** the chairs take or decline a (late) item request. */
export async function decideItem(deps: Deps, committeeId: string, meetingId: string, itemId: string, decision: "accepted" | "declined", by: string) {
  if (!(await agendaItems.get(deps.store, committeeId, meetingId, itemId))) throw new UnknownAgendaItemError(itemId);
  const { record } = await agendaItems.modify(deps.store, committeeId, meetingId, itemId, (cur) => (cur.status === decision ? undefined : { ...cur, status: decision }));
  await deps.store.appendAudit({ committeeId, matter: meetingMatter(meetingId), actor: by, action: `agenda.item-${decision}`, channel: "api", data: { itemId, title: record.title } });
  return record;
}

const SAFE_NAME = /^[^\\/:*?"<>|\u0000-\u001f]{1,150}$/;

/** Material for an item: stored under a key of ours; the name is only shown, never used as a path. */
export async function addMaterial(deps: Deps, committeeId: string, meetingId: string, itemId: string, file: { name: string; contentType: string; content: Buffer }, by: string) {
  checkFileName(file.name);
  if (!(await agendaItems.get(deps.store, committeeId, meetingId, itemId))) throw new UnknownAgendaItemError(itemId);
  const blobKey = `material/${committeeId}/${meetingId}/${itemId}/${base32(randomBytes(8))}`;
  await deps.blobs.put(blobKey, file.content, file.contentType);
  const { record } = await agendaItems.modify(deps.store, committeeId, meetingId, itemId, (cur) => ({ ...cur, material: [...cur.material, { name: file.name, blobKey, contentType: file.contentType, bytes: file.content.length }] }));
  await deps.store.appendAudit({ committeeId, matter: meetingMatter(meetingId), actor: by, action: "agenda.material-added", channel: "api", data: { itemId, name: file.name, bytes: file.content.length } });
  return record;
}

/** The largest file the secretariat may upload directly to the blob store (material, minutes). */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

/**
 * A signed form for one item's material, straight into the blob store (past the 6 MB a Lambda request can
 * carry): the key is ours and names the item, so attaching it later can check where it belongs.
 */
export async function materialUpload(deps: Deps, committeeId: string, meetingId: string, itemId: string, file: { name: string; contentType: string }) {
  checkFileName(file.name);
  if (!(await agendaItems.get(deps.store, committeeId, meetingId, itemId))) throw new UnknownAgendaItemError(itemId);
  if (!deps.blobs.signedUpload) throw new InvalidInputError("contentBase64", "this store takes files only in the request body");
  const blobKey = `material/${committeeId}/${meetingId}/${itemId}/${base32(randomBytes(8))}`;
  return { blobKey, maxBytes: MAX_UPLOAD_BYTES, ...(await deps.blobs.signedUpload(blobKey, { contentType: file.contentType, maxBytes: MAX_UPLOAD_BYTES, expiresInSeconds: 900 })) };
}

/**
 * The console's form for material too large for a request: the browser posts the file straight to the
 * blob store, which names it by the file's own name and sends the browser on to `redirectTo` with its key.
 */
export async function materialUploadForm(deps: Deps, committeeId: string, meetingId: string, itemId: string, redirectTo: string) {
  if (!(await agendaItems.get(deps.store, committeeId, meetingId, itemId))) throw new UnknownAgendaItemError(itemId);
  if (!deps.blobs.signedUpload) throw new InvalidInputError("file", "this store takes files only in the request body");
  return deps.blobs.signedUpload(`material/${committeeId}/${meetingId}/${itemId}/${base32(randomBytes(8))}/${FILENAME}`, { maxBytes: MAX_UPLOAD_BYTES, expiresInSeconds: 3600, redirectTo });
}

/** The file a console form (materialUploadForm) stored for this item, by the key the store sent the browser back with. */
export async function uploadedMaterialFile(deps: Deps, committeeId: string, meetingId: string, itemId: string, key: string) {
  return formUpload(deps.blobs, `material/${committeeId}/${meetingId}/${itemId}/`, key);
}

/** Attaches what a console form stored, named by the file's own name. */
export async function attachFormMaterial(deps: Deps, committeeId: string, meetingId: string, itemId: string, key: string, by: string) {
  const file = await uploadedMaterialFile(deps, committeeId, meetingId, itemId, key);
  if (!file) throw new InvalidInputError("key", "nothing has been uploaded for this item under this key");
  await attachUploadedMaterial(deps, committeeId, meetingId, itemId, { name: file.name, contentType: file.contentType, blobKey: file.key }, by);
  return file;
}

/** Material uploaded by a signed form, attached to its item once the file is there (and only to its own item). */
export async function attachUploadedMaterial(deps: Deps, committeeId: string, meetingId: string, itemId: string, file: { name: string; contentType: string; blobKey: string }, by: string) {
  checkFileName(file.name);
  if (!file.blobKey.startsWith(`material/${committeeId}/${meetingId}/${itemId}/`)) throw new InvalidInputError("blobKey", "expected the key of an upload for this item");
  const bytes = await deps.blobs.size?.(file.blobKey);
  if (bytes === undefined) throw new InvalidInputError("blobKey", "nothing has been uploaded under this key (yet)");
  if (!(await agendaItems.get(deps.store, committeeId, meetingId, itemId))) throw new UnknownAgendaItemError(itemId);
  const { record } = await agendaItems.modify(deps.store, committeeId, meetingId, itemId, (cur) =>
    cur.material.some((m) => m.blobKey === file.blobKey) ? undefined : { ...cur, material: [...cur.material, { name: file.name, blobKey: file.blobKey, contentType: file.contentType, bytes }] });
  await deps.store.appendAudit({ committeeId, matter: meetingMatter(meetingId), actor: by, action: "agenda.material-added", channel: "api", ref: `material/${file.blobKey}`, data: { itemId, name: file.name, bytes } });
  return record;
}

function checkFileName(name: string): void {
  if (!SAFE_NAME.test(name) || name.includes("..")) throw new InvalidInputError("name", "a file name without path characters (/ \\ : * ? \" < > |) of at most 150 characters");
}

/** the presiding chair (or the secretariat on the chair's behalf) releases the agenda. */
export async function releaseAgenda(deps: Deps, committeeId: string, meetingId: string, by: string): Promise<Meeting> {
  const { record } = await meetingRecords.modify(deps.store, committeeId, meetingId, (cur) => {
    if (cur.status !== "planned") throw new MeetingNotPlannedError(meetingId, cur.status);
    return cur.agendaReleasedAt ? undefined : { ...cur, agendaReleasedAt: deps.clock.now(), agendaReleasedBy: by };
  });
  // Both are safe to repeat; repeating them is what makes a retried release (after a crash) complete.
  await deps.store.appendAudit({ committeeId, matter: meetingMatter(meetingId), actor: record.agendaReleasedBy ?? by, action: "agenda.released", channel: "api", ref: `${meetingMatter(meetingId)}#released`, data: { releasedAt: record.agendaReleasedAt } });
  await signal(deps, committeeId, `${meetingMatter(meetingId)}#agenda-released`);
  return record;
}
