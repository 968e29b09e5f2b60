/** Read views of a meeting's minutes for the API and the console. */
import { minutesHistory } from "#domain/minutes";
import { committeeRulebook } from "../committee/committee.ts";
import type { Deps } from "../deps.ts";
import { getMeeting } from "../meetings/meetings.ts";
import { minutesObjections, minutesVersions } from "./minutes.ts";

/** `GET …/meetings/{id}/minutes`: rounds, and objections per seat (a public surface: keep its shape). */
export async function minutesView(deps: Deps, committeeId: string, meetingId: string) {
  const meeting = await getMeeting(deps, committeeId, meetingId);
  const rulebook = await committeeRulebook(deps.store, committeeId, meeting.startsAt);
  const versions = await minutesVersions(deps, committeeId, meetingId);
  const objections = await minutesObjections(deps, committeeId, meetingId);
  const sent = versions.filter((v) => v.sentAt).map((v) => ({ version: v.version, sentAt: v.sentAt ?? "" }));
  const history = minutesHistory(sent, objections.map((o) => ({ id: o.objectionId, version: o.version, seatId: o.seatId, receivedAt: o.receivedAt, text: o.text })), deps.clock.now(), rulebook);
  const counted = new Set(history.rounds.flatMap((r) => (r.state === "objected" ? r.objections.map((o) => o.id) : [])));
  const perSeat: Record<string, number> = {};
  for (const o of objections) perSeat[o.seatId] = (perSeat[o.seatId] ?? 0) + 1;
  return {
    meetingId,
    status: meeting.minutesApprovedAt ? "approved" : history.awaitingRevision ? "awaiting-revision" : history.rounds.at(-1)?.state === "open" ? "objection-window-open" : versions.length ? "uploaded" : "awaited",
    approved: history.approved ?? null,
    rounds: versions.map((v) => {
      const round = history.rounds.find((r) => r.version === v.version);
      return {
        version: v.version, uploadedAt: v.uploadedAt, sentAt: v.sentAt ?? null, changeNote: v.changeNote,
        objectionDeadline: round?.window.endsAt ?? null, state: round?.state ?? "not-sent",
        objections: objections.filter((o) => o.version === v.version).map((o) => ({
          seat: o.seatId, receivedAt: o.receivedAt, channel: o.channel, text: o.text,
          counted: round?.state === "objected" ? counted.has(o.objectionId) : round?.state === "open" ? null : false,
        })),
      };
    }),
    objectionsPerSeat: perSeat,
  };
}
