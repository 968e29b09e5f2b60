/**
 * the minutes of a meeting. The secretariat uploads version after version; members object within the
 * window; a round with no objection approves its version. Queries for the other modules live here too.
 */
import { randomBytes } from "node:crypto";
import { type Instant } from "#domain/calendar";
import { isWithinDeadline } from "#domain/deadlines";
import { judgeObjection, minutesWork, objectionWindow } from "#domain/minutes";
import type { Respondent } from "#domain/representation";
import { base32 } from "#adapters/link-keys";
import { signal } from "../callbacks/callbacks.ts";
import { committeeRulebook } from "../committee/committee.ts";
import type { Deps } from "../deps.ts";
import { respondentFor } from "../committee/representation.ts";
import { getMeeting } from "../meetings/meetings.ts";
import { meetingMatter } from "../meetings/names.ts";
import { InvalidInputError } from "#domain/errors";
import { MAX_UPLOAD_BYTES } from "../meetings/agenda.ts";
import { MinutesAlreadyApprovedError, MinutesRoundOpenError, NoMinutesSentError } from "./errors.ts";
import { objectionRecords, versionRecords, type MinutesObjectionRecord, type MinutesVersionRecord } from "./repository.ts";

export type { MinutesObjectionRecord, MinutesVersionRecord };

/** A meeting's minutes versions, oldest first. */
export function minutesVersions(deps: Pick<Deps, "store">, committeeId: string, meetingId: string): Promise<MinutesVersionRecord[]> {
  return versionRecords.list(deps.store, committeeId, meetingId);
}

/** A meeting's objections (to one version, or all). */
export function minutesObjections(deps: Pick<Deps, "store">, committeeId: string, meetingId: string, version?: number): Promise<MinutesObjectionRecord[]> {
  return objectionRecords.list(deps.store, committeeId, meetingId, version);
}

/** The awaited event "minutes-uploaded" (callbacks/awaited-events.ts): is there a version to send, a round to evaluate, or approval? */
export async function minutesUploaded(deps: Pick<Deps, "store">, committeeId: string, meetingId: string): Promise<boolean> {
  const work = minutesWork(await minutesVersions(deps, committeeId, meetingId));
  return work === "send" || work === "evaluate" || work === "approved";
}

/**
 * the secretariat uploads version N+1 of the minutes. Refused while the previous version's window
 * is open, or once the minutes are approved.
 */
/** A signed form for the next minutes version, straight into the blob store (large minutes; see agenda.ts). */
export async function minutesUpload(deps: Deps, committeeId: string, meetingId: string, file: { contentType: string }) {
  await getMeeting(deps, committeeId, meetingId);
  if (!deps.blobs.signedUpload) throw new InvalidInputError("contentBase64", "this store takes files only in the request body");
  const blobKey = `minutes/${committeeId}/${meetingId}/upload-${base32(randomBytes(8))}`;
  return { blobKey, maxBytes: MAX_UPLOAD_BYTES, ...(await deps.blobs.signedUpload(blobKey, { contentType: file.contentType, maxBytes: MAX_UPLOAD_BYTES, expiresInSeconds: 900 })) };
}

export async function uploadMinutes(deps: Deps, input: { committeeId: string; meetingId: string; content: Buffer | { blobKey: string }; contentType: string; changeNote: string; by: string }): Promise<MinutesVersionRecord> {
  const meeting = await getMeeting(deps, input.committeeId, input.meetingId);
  if (meeting.minutesApprovedAt) throw new MinutesAlreadyApprovedError();
  const versions = await minutesVersions(deps, input.committeeId, input.meetingId);
  const last = versions.at(-1);
  if (last && !last.sentAt) throw new MinutesRoundOpenError(`version ${last.version} has not been sent yet`);
  if (last?.sentAt) {
    const rulebook = await committeeRulebook(deps.store, input.committeeId, meeting.startsAt);
    const window = objectionWindow({ version: last.version, sentAt: last.sentAt }, rulebook);
    if (isWithinDeadline(deps.clock.now(), window)) throw new MinutesRoundOpenError(`the objection window of version ${last.version} is open until ${window.endsAt}`);
  }
  const version = (last?.version ?? 0) + 1;
  // Given in the request, or uploaded already by a signed form (minutesUpload) under a key of this meeting's.
  let blobKey: string;
  let bytes: number;
  if (Buffer.isBuffer(input.content)) {
    blobKey = `minutes/${input.committeeId}/${input.meetingId}/v${version}-${base32(randomBytes(5))}`;
    bytes = input.content.length;
    await deps.blobs.put(blobKey, input.content, input.contentType);
  } else {
    blobKey = input.content.blobKey;
    if (!blobKey.startsWith(`minutes/${input.committeeId}/${input.meetingId}/upload-`)) throw new InvalidInputError("blobKey", "expected the key of an upload for this meeting's minutes");
    const size = await deps.blobs.size?.(blobKey);
    if (size === undefined) throw new InvalidInputError("blobKey", "nothing has been uploaded under this key (yet)");
    bytes = size;
  }
  const record: MinutesVersionRecord = {
    committeeId: input.committeeId, meetingId: input.meetingId, version, uploadedAt: deps.clock.now(), uploadedBy: input.by, blobKey, changeNote: input.changeNote, rev: 0,
  };
  // The entry first, the version after: a crash between them leaves an entry for an upload the secretariat
  // repeats (the same ref: one entry), never a version the trail does not know.
  await deps.store.appendAudit({ committeeId: input.committeeId, matter: meetingMatter(input.meetingId), actor: input.by, action: "minutes.uploaded", channel: "api", ref: `${meetingMatter(input.meetingId)}#minutes-v${version}-uploaded`, data: { version, bytes } });
  if (!(await versionRecords.create(deps.store, record))) throw new MinutesRoundOpenError(`version ${version} was uploaded at the same time`);
  await signal(deps, input.committeeId, `${meetingMatter(input.meetingId)}#minutes-uploaded`);
  return record;
}

/** an objection to a minutes version (the latest sent, unless given), stored whether or not it counts. */
export async function recordMinutesObjection(
  deps: Deps,
  input: { committeeId: string; meetingId: string; seatId: string; respondent: Respondent; text: string; receivedAt: Instant; channel: "email" | "link" | "api" | "secretariat"; sourceRef: string; version?: number | undefined },
): Promise<{ status: "recorded" | "not-counted"; reason?: string; version: number }> {
  const meeting = await getMeeting(deps, input.committeeId, input.meetingId);
  const rulebook = await committeeRulebook(deps.store, input.committeeId, meeting.startsAt);
  const current = (await minutesVersions(deps, input.committeeId, input.meetingId)).filter((v) => v.sentAt).at(-1);
  if (!current?.sentAt) throw new NoMinutesSentError();
  const version = input.version ?? current.version;
  const objectionId = input.sourceRef.replace(/[^A-Za-z0-9._-]/g, "_").slice(-120);
  // Stored once per source; a second delivery (a run that died after storing it) is judged the same.
  await objectionRecords.create(deps.store, {
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
