/** What the minutes module refuses (R-3.5; DESIGN.md example 9): typed, never retried, mapped by class at the edges. */
import { StateConflictError } from "#domain/errors";

export class MinutesAlreadyApprovedError extends StateConflictError {
  constructor() {
    super("the minutes are already approved", "meetingId");
    this.name = "MinutesAlreadyApprovedError";
  }
}

/** The previous version has not gone out yet, or its objection window is still open with no objection. */
export class MinutesRoundOpenError extends StateConflictError {
  constructor(message: string, readonly detail: { reason: "not-sent" | "window-open" | "concurrent"; version: number; until?: string }) {
    super(message, "meetingId");
    this.name = "MinutesRoundOpenError";
  }
}

export class MinutesForCancelledMeetingError extends StateConflictError {
  constructor() {
    super("the meeting was cancelled: it has no minutes", "meetingId");
    this.name = "MinutesForCancelledMeetingError";
  }
}

export class NoMinutesSentError extends StateConflictError {
  constructor() {
    super("no minutes have been sent for this meeting", "meetingId");
    this.name = "NoMinutesSentError";
  }
}
