/**
 * The words of setting committees up (the command line, the local stack): a committee created, a rulebook
 * version adopted (R-6.1), and why a request was refused — in Danish, from the refusal's facts.
 */
import { danishDate } from "./danish.ts";

export const committeeWords = {
  created: (name: string, id: string, rulebookId: string, seats: number, meetings: number) =>
    `Oprettet: ${name} (${id}), forretningsorden ${rulebookId}: ${seats} pladser, ${meetings} møder i mødeplanen`,
  tokens: (secretariat: string, chair: string, file: string) =>
    `  Sekretariatets token: ${secretariat}\n  Formandskabets token: ${chair}\n  (Tokens vises kun nu; de er gemt i ${file})`,
  adopted: (rulebookId: string, effectiveFrom: string, retimed: number) =>
    `Vedtaget: forretningsorden ${rulebookId} gælder fra ${danishDate(effectiveFrom)}. Møder fra den dato følger den${retimed ? ` (${retimed} mødeforløb er lagt om efter dens frister)` : ""}; tidligere møder og afstemninger beholder deres.`,
  list: (c: { name: string; committeeId: string; rulebook: string; seats: number; meetings: number }) =>
    `  ${c.name} (${c.committeeId}): forretningsorden ${c.rulebook}, ${c.seats} pladser, ${c.meetings} møder`,
  none: "Datamappen har ingen udvalg endnu; npm start opretter Politisk Sundhedsklynge Syd ved første start.",
};

/** What a refusal says, from its kind and facts (committee/errors.ts). */
export type CommitteeRefusal =
  | { kind: "exists"; committeeId: string }
  | { kind: "version-exists"; rulebookId: string }
  | { kind: "effective-not-a-date"; effectiveFrom: string }
  | { kind: "effective-past"; effectiveFrom: string; today: string }
  | { kind: "effective-before-later"; effectiveFrom: string; after: string }
  | { kind: "wrong-committee"; expected: string; got: string }
  | { kind: "unknown-committee"; committeeId: string };

/** What a refusal says, in Danish, and the field of the request it concerns (the command line names its own flag for it). */
export function committeeRefusal(r: CommitteeRefusal): { field: string; message: string } {
  switch (r.kind) {
    case "exists": return { field: "committee.id", message: `udvalget "${r.committeeId}" findes allerede; et udvalg overskrives aldrig (vælg et andet id, eller vedtag en ny udgave af dets forretningsorden)` };
    case "version-exists": return { field: "id", message: `udvalget har allerede en forretningsorden med id "${r.rulebookId}"; giv den nye udgave sit eget id` };
    case "effective-not-a-date": return { field: "effectiveFrom", message: `"${r.effectiveFrom}" er ikke en dato; skriv den som 2027-06-01` };
    case "effective-past": return { field: "effectiveFrom", message: `${r.effectiveFrom} ligger før i dag (${r.today}); møder og afstemninger, der allerede er holdt, beholder deres forretningsorden` };
    case "effective-before-later": return { field: "effectiveFrom", message: `${r.effectiveFrom} skal ligge efter ${r.after}, hvor en tidligere vedtaget udgave træder i kraft` };
    case "wrong-committee": return { field: "committee.id", message: `forretningsordenen gælder "${r.got}", ikke "${r.expected}"` };
    case "unknown-committee": return { field: "committee", message: `udvalget "${r.committeeId}" findes ikke` };
  }
}
