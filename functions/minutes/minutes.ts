/**
 * the minutes of a meeting. The secretariat uploads version after version; members object within the
 * window; a round with no objection approves its version. Queries for the other modules live here too.
 */
import { createHash, randomBytes } from "node:crypto";
import { type Instant } from "#domain/calendar";
import { isWithinDeadline } from "#domain/deadlines";
import { judgeObjection, minutesWork, objectionWindow } from "#domain/minutes";
import type { Respondent } from "#domain/representation";
import { FILENAME, formUpload } from "#adapters/blobs";
import { base32 } from "#adapters/link-keys";
import { signal } from "../callbacks/callbacks.ts";
import { committeeRulebook } from "../committee/committee.ts";
import type { Deps } from "../deps.ts";
import { respondentFor } from "../committee/representation.ts";
import { meetingContext } from "../meetings/context.ts";
import { getMeeting } from "../meetings/meetings.ts";
import { distributeMinutes } from "./distribute.ts";
import { meetingMatter } from "../meetings/names.ts";
import { danishDate } from "#templates/danish";
import { InvalidInputError } from "#domain/errors";
import { MAX_UPLOAD_BYTES } from "../meetings/agenda.ts";
import { sendOnce } from "../mail/mailing.ts";
import * as messages from "../mail/messages.ts";
import { secretariatRecipient } from "../mail/recipients.ts";
import { MinutesAlreadyApprovedError, MinutesForCancelledMeetingError, MinutesRoundOpenError, NoMinutesSentError } from "./errors.ts";
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
 * whether version N+1 may be uploaded now (the refusals uploadMinutes would give), and whether it
 * revises a round whose window is still open (after a counted objection).
 */
export async function mayUploadMinutes(deps: Deps, committeeId: string, meetingId: string) {
  const input = { committeeId, meetingId };
  const meeting = await getMeeting(deps, committeeId, meetingId);
  if (meeting.status === "cancelled") throw new MinutesForCancelledMeetingError();
  if (meeting.minutesApprovedAt) throw new MinutesAlreadyApprovedError();
  const versions = await minutesVersions(deps, committeeId, meetingId);
  const last = versions.at(-1);
  if (last && !last.sentAt) throw new MinutesRoundOpenError(`version ${last.version} has not been sent yet`, { reason: "not-sent", version: last.version });
  // a revision answers an objection; it may go out as soon as one counts, without waiting out the window.
  let revisesOpenRound = false;
  if (last?.sentAt) {
    const rulebook = await committeeRulebook(deps.store, input.committeeId, meeting.startsAt);
    const window = objectionWindow({ version: last.version, sentAt: last.sentAt }, rulebook);
    if (isWithinDeadline(deps.clock.now(), window)) {
      if (!(await hasCountedObjection(deps, input.committeeId, input.meetingId, { version: last.version, sentAt: last.sentAt }))) {
        throw new MinutesRoundOpenError(`the objection window of version ${last.version} is open until ${window.endsAt} and no one has objected`, { reason: "window-open", version: last.version, until: window.endsAt });
      }
      revisesOpenRound = true;
    }
  }
  return { meeting, last, revisesOpenRound, versions };
}

/** A file the secretariat chose, kept until the upload is confirmed (the console asks before anything is sent). */
export async function stageMinutesFile(deps: Deps, committeeId: string, meetingId: string, content: Buffer, contentType: string): Promise<string> {
  const key = `minutes/${committeeId}/${meetingId}/staged-${createHash("sha256").update(content).digest("hex").slice(0, 32)}`;
  await deps.blobs.put(key, content, contentType);
  return key;
}

/** The staged file by its key, only when the key is one of this meeting's staged files. */
export async function stagedMinutesFile(deps: Deps, committeeId: string, meetingId: string, key: string): Promise<Buffer | undefined> {
  if (!key.startsWith(`minutes/${committeeId}/${meetingId}/staged-`) || !/staged-[0-9a-f]{32}$/.test(key)) return undefined;
  return deps.blobs.get(key);
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

/** The console's form for minutes too large for a request (see materialUploadForm): a PDF, named by its own name. */
export async function minutesUploadForm(deps: Deps, committeeId: string, meetingId: string, redirectTo: string) {
  await mayUploadMinutes(deps, committeeId, meetingId);
  if (!deps.blobs.signedUpload) throw new InvalidInputError("file", "this store takes files only in the request body");
  return deps.blobs.signedUpload(`minutes/${committeeId}/${meetingId}/upload-${base32(randomBytes(8))}/${FILENAME}`, { contentType: "application/pdf", maxBytes: MAX_UPLOAD_BYTES, expiresInSeconds: 3600, redirectTo });
}

/** The file a console form (minutesUploadForm) stored for this meeting's next version. */
export async function uploadedMinutesFile(deps: Deps, committeeId: string, meetingId: string, key: string) {
  const file = await formUpload(deps.blobs, `minutes/${committeeId}/${meetingId}/upload-`, key);
  return file && { name: file.name, bytes: file.bytes, key: file.key };
}

export async function uploadMinutes(deps: Deps, input: { committeeId: string; meetingId: string; content: Buffer | { blobKey: string }; contentType: string; changeNote: string; by: string }): Promise<MinutesVersionRecord> {
  const { meeting, last, revisesOpenRound } = await mayUploadMinutes(deps, input.committeeId, input.meetingId);
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
  if (!(await versionRecords.create(deps.store, record))) throw new MinutesRoundOpenError(`version ${version} was uploaded at the same time`, { reason: "concurrent", version });
  const resumed = await signal(deps, input.committeeId, `${meetingMatter(input.meetingId)}#minutes-uploaded`);
  // The cycle waits out the objected version's window (a Wait state, not a callback): the revision is sent now.
  if (!resumed && revisesOpenRound) {
    const ctx = await meetingContext(deps, { committeeId: input.committeeId, meetingId: input.meetingId, generation: meeting.generation });
    if (ctx) await distributeMinutes(deps, ctx);
  }
  return record;
}

/** whether a counted objection (in time, from the seat's member or its representing substitute) stands against a sent version. */
async function hasCountedObjection(deps: Deps, committeeId: string, meetingId: string, version: { version: number; sentAt: Instant }): Promise<boolean> {
  const rulebook = await committeeRulebook(deps.store, committeeId, (await getMeeting(deps, committeeId, meetingId)).startsAt);
  for (const o of await minutesObjections(deps, committeeId, meetingId, version.version)) {
    const timely = judgeObjection({ id: o.objectionId, version: o.version, seatId: o.seatId, receivedAt: o.receivedAt, text: o.text }, version, rulebook).counted;
    const substituteId = o.respondent.kind === "substitute" ? o.respondent.substituteId : undefined;
    if (timely && (await respondentFor(deps, committeeId, o.seatId, substituteId, o.receivedAt)).allowed.ok) return true;
  }
  return false;
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
  if (judged.counted) {
    // the secretariat must revise; it hears of each objection at once (once per objection).
    const meeting = await getMeeting(deps, input.committeeId, input.meetingId);
    const to = secretariatRecipient(rulebook);
    await sendOnce(deps, {
      key: `objection-notice#${meetingMatter(input.meetingId)}#v${version}#${objectionId}`, committeeId: input.committeeId, matter: meetingMatter(input.meetingId), purpose: "objection-notice", to,
      message: () => messages.objectionNotice(deps, rulebook, to, { subjectOf: "minutes", about: `protokollen fra mødet ${danishDate(meeting.startsAt)} (udgave ${version})`, seatId: input.seatId, respondent: input.respondent, text: input.text, receivedAt: input.receivedAt, consolePath: `/console/meetings/${encodeURIComponent(input.meetingId)}#protokol` }),
    });
  }
  return judged.counted ? { status: "recorded", version } : { status: "not-counted", reason: judged.reason, version };
}
