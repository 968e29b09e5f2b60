/**
 * What a check of the audit trail found (functions/audit/verify.ts), said in Danish for the CLI and the
 * console. The API keeps the English text of each problem; people read these.
 */
import type { AuditProblem, AuditProblemCode } from "#domain/audit";
import { ANSWER_DA, danishDateTime } from "./danish.ts";
import { ATTENDANCE_DA } from "./console.ts";

/** How a reader names what the problem is about; without names, seats and matters are named by their ids. */
export interface AuditNames {
  matter?: (matter: string) => string;
  seat?: (seatId: string) => string;
}

const answer = (a: string | number | undefined) => (typeof a === "string" && a in ANSWER_DA ? ANSWER_DA[a as keyof typeof ANSWER_DA] : String(a ?? ""));
const when = (at: string | number | undefined) => {
  try {
    return typeof at === "string" && at !== "never" ? danishDateTime(at) : "aldrig";
  } catch {
    return String(at);
  }
};

const DA: Record<AuditProblemCode, (p: AuditProblem["params"], seat: (id: string) => string) => string> = {
  "index-entry-missing": () => "oversigten over sporet nævner hændelsen, men kæden har den ikke: den er fjernet fra tabellen",
  "entry-missing": (p) => `hændelse nr. ${p.expected} mangler i kæden`,
  "entry-changed": () => "hændelsen er ændret: indholdet passer ikke til dens hash",
  "chain-broken": () => "kæden er brudt: hændelsen peger ikke på den forrige",
  "seal-broken": () => "forseglingen holder ikke: hændelsen er skrevet om uden revisionsnøglen",
  "not-sealed": () => "hændelsen er ikke forseglet med revisionsnøglen",
  "entries-removed": (p) => `ankeret uden for tabellen kender ${p.anchored} hændelser, kæden har ${p.held}: hændelser er fjernet`,
  "chain-rewritten": () => "hændelsen er en anden end den, der blev forankret: kæden er skrevet om",
  "no-anchor": () => "kæden er ikke forankret uden for tabellen",
  "response-disagrees": (p, seat) => p.recorded === ""
    ? `svaret fra ${seat(String(p.seat))} står ikke i sporet`
    : `svaret fra ${seat(String(p.seat))} passer ikke med sporet: sporet siger ${answer(p.recorded)}, tabellen ${answer(p.stored)}`,
  "tally-differs": () => "optællingen og resultatet ved afslutningen passer ikke med de svar, der står i tabellen nu",
  "objection-disagrees": (p, seat) => `indsigelsen fra ${seat(String(p.seat))} mod udgave ${p.version} passer ikke med sporet`,
  "minutes-not-uploaded": (p) => `protokollens udgave ${p.version} står ikke som lagt op i sporet`,
  "minutes-sent-differs": (p) => `protokollens udgave ${p.version} blev sendt ${when(p.sentAt)}, sporet siger ${when(p.trail)}`,
  "withdrawal-disagrees": (p, seat) => `det tilbagetrukne afbud fra ${seat(String(p.seat))} passer ikke med sporet`,
  "apology-disagrees": (p, seat) => `afbuddet fra ${seat(String(p.seat))} passer ikke med sporet`,
  "attendance-disagrees": (p, seat) => `fremmødet for ${seat(String(p.seat))} (${ATTENDANCE_DA[String(p.status)] ?? "registreret"}) passer ikke med sporet`,
};

/** "Skriftlig votering v20270326-ab12cd" / "Mødet 2027-04-22" when no better name is at hand. */
export function matterByKind(matter: string): string {
  const [kind, id = ""] = matter.split("/");
  if (kind === "vote") return `Skriftlig votering ${id}`;
  if (kind === "meeting") return `Mødet ${id}`;
  return ({ seats: "Pladserne", initiatives: "Indsatserne" } as Record<string, string>)[kind ?? ""] ?? "Sagen";
}

/** One problem as a line: the matter, the entry (when there is one) and what is wrong. */
export function auditProblemLine(p: AuditProblem, names: AuditNames = {}): string {
  const matter = (names.matter ?? matterByKind)(p.matter);
  const seat = names.seat ?? ((id: string) => `pladsen ${id}`);
  return `${matter}${p.seq ? `, hændelse nr. ${p.seq}` : ""}: ${DA[p.code](p.params, seat)}`;
}

/** The outcome of a check, as the CLI prints it and the console shows it. */
export function auditVerdict(v: { ok: boolean; entries: number; chains: number; problems: AuditProblem[] }): string {
  return v.ok
    ? `Revisionssporet er intakt: ${v.entries} hændelser i ${v.chains} kæder.`
    : `Revisionssporet er BRUDT – ${v.problems.length === 1 ? "ét problem" : `${v.problems.length} problemer`}:`;
}
