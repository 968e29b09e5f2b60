/**
 * Setting a committee up: its rulebook, its seats and its meeting plan, loaded once (safe on every start);
 * creating a further committee of the deployment; adopting a new version of a committee's rulebook.
 */
import { checkLocalDate, localDateOf } from "#domain/calendar";
import { meetingTime } from "#domain/deadlines";
import { InvalidInputError, RulebookError } from "#domain/errors";
import { parseRulebook, type Rulebook } from "#domain/rulebook";
import { plannedMeetingSchema, type PlannedMeeting } from "#domain/plan";
import { describeProblems, validate, type Language } from "#domain/validation";
import type { Clock } from "#adapters/clock";
import type { Store } from "#adapters/store";
import type { Deps } from "../deps.ts";
import { recordMeetingPlan, restartMeetingCycles, startMeetingCycles } from "../meetings/plan.ts";
import { issueApiToken, newApiToken } from "./api-tokens.ts";
import { findCommittee, invalidateRulebook, rulebookVersions } from "./committee.ts";
import { CommitteeExistsError, EffectiveDateError, RulebookVersionExistsError, WrongCommitteeError } from "./errors.ts";
import { committees, rulebooks, seats } from "./repository.ts";

export interface LoadResult {
  created: boolean;
  seats: number;
  meetings: number;
}

/** Loads a committee once; a second load of the same committee changes nothing (safe on every start). */
export async function loadCommittee(
  store: Store,
  clock: Clock,
  rulebook: Rulebook,
  plan: readonly (PlannedMeeting & { location?: string | undefined })[],
  options: { pastAsHeld?: boolean } = {},
): Promise<LoadResult> {
  const now = clock.now();
  const committeeId = rulebook.committee.id;
  await rulebooks.create(store, { committeeId, rulebookId: rulebook.id, loadedAt: now, rulebook });
  for (const seat of rulebook.seats) await seats.create(store, { committeeId, ...seat, rev: 0 });
  await recordMeetingPlan(store, rulebook, plan, { now, pastAsHeld: options.pastAsHeld === true });
  invalidateRulebook(store, committeeId);
  // The committee record goes last: its presence means the whole load finished (a crash before it re-runs).
  const created = await committees.create(store, { committeeId, name: rulebook.committee.name, rulebookId: rulebook.id, createdAt: now, rev: 0 });
  return { created, seats: rulebook.seats.length, meetings: plan.length };
}


/** Refusals of a rulebook name their field under the request's `rulebook` (rulebook.seats[3].member.email). */
function parseRulebookField(value: unknown, language: Language): Rulebook {
  try {
    return parseRulebook(value, language);
  } catch (e) {
    if (e instanceof RulebookError) throw new RulebookError(e.problems.map((p) => (p.startsWith("(root)") ? `rulebook${p.slice(6)}` : `rulebook.${p}`)));
    throw e;
  }
}

/** A meeting plan as given: each meeting's fields checked, its start a real local time; problems name plan[i].field. */
function parsePlan(value: readonly unknown[], rulebook: Rulebook, language: Language): (PlannedMeeting & { location?: string | undefined })[] {
  const problems: string[] = [];
  const plan = value.flatMap((m, i) => {
    const checked = validate(plannedMeetingSchema, m, language);
    if (!checked.ok) {
      problems.push(...describeProblems(checked.problems).map((p) => `plan[${i}].${p}`));
      return [];
    }
    try {
      meetingTime(checked.data.startsAt, rulebook);
    } catch (e) {
      if (!(e instanceof InvalidInputError)) throw e;
      problems.push(`plan[${i}].startsAt: ${e.message.replace(/^[^:]+:\s*/, "")}`);
    }
    return [checked.data];
  });
  const ids = new Set<string>();
  plan.forEach((m, i) => {
    if (ids.has(m.id)) problems.push(`plan[${i}].id: "${m.id}" ${language === "da" ? "står der to gange" : "appears twice"}`);
    ids.add(m.id);
  });
  if (problems.length) throw new RulebookError(problems);
  return plan;
}

export interface CreateCommitteeInput {
  rulebook: unknown;
  plan?: readonly unknown[] | undefined;
  /** Meetings already past are loaded as held (history), not as cycles to run now. */
  pastAsHeld?: boolean | undefined;
}

export interface CreatedCommittee extends LoadResult {
  committeeId: string;
  name: string;
  rulebookId: string;
  /** The new committee's first tokens, shown once (only their hashes are stored). */
  tokens: { secretariat: string; chair: string };
}

/**
 * A new committee of the deployment from its rulebook (and meeting plan): validated first, every problem
 * naming its field; refused if a committee with the same id exists (a committee is never overwritten, so
 * no one reaches another's records by creating it again). Its secretariat and chairs get tokens of their
 * own: the creator's token stays one role in its own committee.
 */
export async function createCommittee(deps: Deps, input: CreateCommitteeInput, by: string, language: Language = "en"): Promise<CreatedCommittee> {
  const rulebook = parseRulebookField(input.rulebook, language);
  const plan = parsePlan(input.plan ?? [], rulebook, language);
  const committeeId = rulebook.committee.id;
  if (await findCommittee(deps.store, committeeId)) throw new CommitteeExistsError(committeeId);
  const loaded = await loadCommittee(deps.store, deps.clock, rulebook, plan, { pastAsHeld: input.pastAsHeld === true });
  // Two creations at once: the committee record is written last and only once; the later one is refused.
  if (!loaded.created) throw new CommitteeExistsError(committeeId);
  const now = deps.clock.now();
  const tokens = { secretariat: newApiToken(), chair: newApiToken() };
  await issueApiToken(deps.store, now, { token: tokens.secretariat, role: "secretariat", committeeId, name: "Sekretariatet" });
  await issueApiToken(deps.store, now, { token: tokens.chair, role: "chair", committeeId, name: "Formandskabet" });
  await deps.store.appendAudit({ committeeId, matter: "committee", actor: by, action: "committee.created", channel: "api", ref: "committee#created", data: { rulebookId: rulebook.id, seats: loaded.seats, meetings: loaded.meetings } });
  await startMeetingCycles(deps, committeeId);
  return { ...loaded, committeeId, name: rulebook.committee.name, rulebookId: rulebook.id, tokens };
}

/**
 * a committee adopts a new version of its rulebook, in force from a date: meetings on or after it and
 * votes opened from it follow the new version; earlier ones keep theirs. The date is today or later (what has
 * happened keeps its rules) and after every version adopted before. Seats the new version adds are created;
 * the cycles of meetings it now governs restart on its deadlines.
 */
export async function adoptRulebookVersion(
  deps: Deps,
  committeeId: string,
  input: { rulebook: unknown; effectiveFrom: string },
  by: string,
  language: Language = "en",
): Promise<{ rulebookId: string; effectiveFrom: string; meetingsRetimed: number }> {
  const versions = await rulebookVersions(deps.store, committeeId);
  const rulebook = parseRulebookField(input.rulebook, language);
  if (rulebook.committee.id !== committeeId) throw new WrongCommitteeError(committeeId, rulebook.committee.id);
  if (versions.some((v) => v.rulebookId === rulebook.id)) throw new RulebookVersionExistsError(rulebook.id);
  const effectiveFrom = checkLocalDate(input.effectiveFrom, "effectiveFrom");
  const now = deps.clock.now();
  const today = localDateOf(now, rulebook.calendar.timeZone);
  if (effectiveFrom < today) throw new EffectiveDateError(effectiveFrom, today, "past");
  const latest = versions.map((v) => v.effectiveFrom ?? "").sort().at(-1) ?? "";
  if (latest && effectiveFrom <= latest) throw new EffectiveDateError(effectiveFrom, latest, "before-later-version");
  if (!(await rulebooks.create(deps.store, { committeeId, rulebookId: rulebook.id, loadedAt: now, rulebook, effectiveFrom, adoptedBy: by }))) throw new RulebookVersionExistsError(rulebook.id);
  for (const seat of rulebook.seats) await seats.create(deps.store, { committeeId, ...seat, rev: 0 });
  invalidateRulebook(deps.store, committeeId);
  await deps.store.appendAudit({ committeeId, matter: "rulebook", actor: by, action: "rulebook.adopted", channel: "api", ref: `rulebook#${rulebook.id}`, data: { rulebookId: rulebook.id, effectiveFrom } });
  const meetingsRetimed = await restartMeetingCycles(deps, committeeId, effectiveFrom, by);
  return { rulebookId: rulebook.id, effectiveFrom, meetingsRetimed };
}
