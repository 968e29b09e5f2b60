/** What the meetings module refuses (DESIGN.md example 9): typed, never retried, mapped by class at the edges. */
import { NotFoundError, StateConflictError } from "#domain/errors";

export class UnknownMeetingError extends NotFoundError {
  constructor(meetingId: string) {
    super("meeting", meetingId);
    this.name = "UnknownMeetingError";
  }
}

export class UnknownAgendaItemError extends NotFoundError {
  constructor(itemId: string) {
    super("agenda item", itemId);
    this.name = "UnknownAgendaItemError";
  }
}

/** Held or cancelled: a meeting that can no longer be released, moved or cancelled. */
export class MeetingNotPlannedError extends StateConflictError {
  constructor(meetingId: string, status: string) {
    super(`meeting ${meetingId} is ${status}`, "meetingId");
    this.name = "MeetingNotPlannedError";
  }
}

export class AgendaAlreadySentError extends StateConflictError {
  constructor(meetingId: string) {
    super(`the agenda of ${meetingId} has been sent`, "meetingId");
    this.name = "AgendaAlreadySentError";
  }
}

export class MeetingExistsError extends StateConflictError {
  constructor(startsAt: string) {
    super(`a meeting is already planned at ${startsAt}`, "startsAt");
    this.name = "MeetingExistsError";
  }
}

export class MeetingInPastError extends StateConflictError {
  constructor(what: string) {
    super(what, "startsAt");
    this.name = "MeetingInPastError";
  }
}
