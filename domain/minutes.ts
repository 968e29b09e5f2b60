/**
 * minutes rounds. Version N is sent; members may object until 23:59:59 on day 8; a round with no
 * objection approves that version; otherwise a revised version N+1 starts the same procedure again.
 */
import { epochMs, type Instant } from "./calendar.ts";
import { isWithinDeadline, objectionDeadline, type Deadline } from "./deadlines.ts";
import type { Rulebook } from "./rulebook.ts";

export interface MinutesVersion {
  version: number;
  /** When this version was sent to the members; the window counts from its date. */
  sentAt: Instant;
}

export interface MinutesObjection {
  id: string;
  version: number;
  seatId: string;
  receivedAt: Instant;
  text: string;
}

export type ObjectionJudgement =
  | { counted: true }
  | { counted: false; reason: "late" | "not-sent-yet" | "superseded-version" };

export type MinutesRoundState =
  | { state: "open"; version: number; window: Deadline }
  | { state: "approved"; version: number; window: Deadline; approvedAt: Instant }
  | { state: "objected"; version: number; window: Deadline; objections: MinutesObjection[] };

/** the objection window of a version. */
export function objectionWindow(version: MinutesVersion, rulebook: Rulebook): Deadline {
  return objectionDeadline(version.sentAt, rulebook);
}

/** the window is open from the send until 23:59:59 on day 8. */
export function isObjectionWindowOpen(version: MinutesVersion, now: Instant, rulebook: Rulebook): boolean {
  return epochMs(now) >= epochMs(version.sentAt) && isWithinDeadline(now, objectionWindow(version, rulebook));
}

/**
 * whether an objection counts for the round of `current` (the latest version sent). Seat
 * membership and substitute representation are checked by the caller before this.
 */
export function judgeObjection(objection: MinutesObjection, current: MinutesVersion, rulebook: Rulebook): ObjectionJudgement {
  if (objection.version !== current.version) return { counted: false, reason: "superseded-version" };
  if (epochMs(objection.receivedAt) < epochMs(current.sentAt)) return { counted: false, reason: "not-sent-yet" };
  if (!isWithinDeadline(objection.receivedAt, objectionWindow(current, rulebook))) return { counted: false, reason: "late" };
  return { counted: true };
}

/** the state of a round at `now`: still open, approved at the window's end, or objected. */
export function minutesRoundState(
  version: MinutesVersion,
  objections: readonly MinutesObjection[],
  now: Instant,
  rulebook: Rulebook,
): MinutesRoundState {
  const window = objectionWindow(version, rulebook);
  if (isWithinDeadline(now, window)) return { state: "open", version: version.version, window };
  const counted = objections.filter((o) => judgeObjection(o, version, rulebook).counted);
  if (counted.length === 0) return { state: "approved", version: version.version, window, approvedAt: window.endsAt };
  return { state: "objected", version: version.version, window, objections: counted };
}

export interface MinutesHistory {
  rounds: MinutesRoundState[];
  /** The version approved, if any round passed with no objection. */
  approved?: { version: number; approvedAt: Instant };
  /** A revised version is awaited from the secretariat. */
  awaitingRevision: boolean;
}

/** every round of a meeting's minutes, in order; rounds repeat until one passes without objection. */
export function minutesHistory(
  versions: readonly MinutesVersion[],
  objections: readonly MinutesObjection[],
  now: Instant,
  rulebook: Rulebook,
): MinutesHistory {
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  const rounds = sorted.map((v) => minutesRoundState(v, objections.filter((o) => o.version === v.version), now, rulebook));
  const approvedRound = rounds.find((r) => r.state === "approved");
  const last = rounds.at(-1);
  return {
    rounds,
    ...(approvedRound && approvedRound.state === "approved"
      ? { approved: { version: approvedRound.version, approvedAt: approvedRound.approvedAt } }
      : {}),
    awaitingRevision: last?.state === "objected",
  };
}

/** A stored minutes version as far as the round's next step depends on it. */
export interface DistributedVersion {
  version: number;
  sentAt?: Instant | undefined;
  /** Set once every seat's email went out; until then a re-run finishes the distribution. */
  distributedAt?: Instant | undefined;
  roundResult?: "approved" | "objected" | undefined;
}

/** the next version that has not been fully distributed: a new upload, or one a crash left half-sent. */
export function undistributed<V extends DistributedVersion>(versions: readonly V[]): V | undefined {
  const next = versions.find((v) => !v.distributedAt);
  const prior = next ? versions.filter((v) => v.version < next.version) : [];
  return next && prior.every((v) => v.distributedAt) ? next : undefined;
}

/**
 * what the minutes need next, from the versions alone, so that a re-run from any earlier point lands on
 * the same answer: a version to (finish) sending, a sent round to evaluate, or a wait.
 */
export function minutesWork(versions: readonly DistributedVersion[]): "send" | "evaluate" | "await-revision" | "await-first" | "approved" {
  if (versions.some((v) => v.roundResult === "approved")) return "approved";
  if (undistributed(versions)) return "send";
  const last = versions.filter((v) => v.sentAt).at(-1);
  if (!last) return "await-first";
  return last.roundResult === "objected" ? "await-revision" : "evaluate";
}
