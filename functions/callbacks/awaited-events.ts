/**
 * Every event a state machine awaits by callback, and how to tell it has already happened. An explicit
 * table, imported by the await-event Lambda: each bundle holds exactly what it needs, whatever else a
 * process has loaded (registering conditions by an import's side effect left the Lambda with none).
 */
import { agendaReleased } from "../meetings/meetings.ts";
import { minutesUploaded } from "../minutes/minutes.ts";
import { voteClosable } from "../written-votes/written-votes.ts";
import type { AwaitedEvents } from "./callbacks.ts";

const id = (subject: string, kind: "meeting" | "vote") => subject.replace(new RegExp(`^${kind}/`), "");

export const AWAITED_EVENTS: AwaitedEvents = {
  "agenda-released": (deps, committeeId, subject) => agendaReleased(deps, committeeId, id(subject, "meeting")),
  "minutes-uploaded": (deps, committeeId, subject) => minutesUploaded(deps, committeeId, id(subject, "meeting")),
  closable: (deps, committeeId, subject) => voteClosable(deps, committeeId, id(subject, "vote")),
};
