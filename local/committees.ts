/**
 * Committees on the local stack, for the command line: create one, list them, adopt a rulebook version
 * . The same use cases as the API, asked for Danish problem messages; the running stack serves them
 * on /local/committees, the command line calls them directly when the stack is not running.
 */
import { RulebookError } from "#domain/errors";
import { committeeRulebook, listCommittees } from "#functions/committee/committee";
import { refusalFacts } from "#functions/committee/errors";
import { adoptRulebookVersion, createCommittee, type CreateCommitteeInput } from "#functions/committee/setup";
import type { Deps } from "#functions/deps";
import { listMeetings } from "#functions/meetings/meetings";
import { committeeRefusal } from "#templates/committees";

/** The field names of the command line for the fields a refusal concerns. */
const CLI_FIELDS: Record<string, string> = { effectiveFrom: "--from", committee: "--committee", "committee.id": "rulebook.committee.id", id: "rulebook.id" };

/** A refusal in Danish (what the person must change, naming the flag or field), or undefined for a fault that is not theirs. */
export function refusalInDanish(e: unknown): string | undefined {
  const r = refusalFacts(e);
  if (r) {
    const { field, message } = committeeRefusal(r);
    return `${CLI_FIELDS[field] ?? field}: ${message}`;
  }
  // Problems of a rulebook or a plan come in Danish already (parsed with language "da"), each naming its field.
  if (e instanceof RulebookError) return e.problems.join("; ");
  return undefined;
}


export const localCommittees = {
  create: (deps: Deps, input: CreateCommitteeInput, by: string) => createCommittee(deps, input, by, "da"),
  adopt: (deps: Deps, committeeId: string, input: { rulebook: unknown; effectiveFrom: string }, by: string) => adoptRulebookVersion(deps, committeeId, input, by, "da"),
  async list(deps: Deps) {
    const out = [];
    for (const c of await listCommittees(deps.store)) {
      const rulebook = await committeeRulebook(deps.store, c.committeeId, deps.clock.now());
      out.push({ committeeId: c.committeeId, name: c.name, rulebook: rulebook.id, seats: rulebook.seats.length, meetings: (await listMeetings(deps, c.committeeId)).length });
    }
    return out.sort((a, b) => a.committeeId.localeCompare(b.committeeId));
  },
};
