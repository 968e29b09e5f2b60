import { parseArgs, type ParseArgsConfig } from "node:util";
import { localDateOf, parseLocalDateTime, toInstant } from "#domain/calendar";
import { meetingDeadlines, objectionDeadline, type Deadline, type ScheduledSend } from "#domain/deadlines";
import { checkMeetingPlan } from "#domain/plan";
import { assessQuorum } from "#domain/quorum";
import type { Rulebook } from "#domain/rulebook";
import { loadMeetingPlan, loadRulebookFile, RULEBOOK_DIR, shippedRulebookFor, shippedRulebooks } from "#adapters/rulebook-files";
import { argsProblemDa, CLI_HELP, cliUsage } from "#templates/cli";
import { INBOUND_OUTCOME_DA, word } from "#templates/console";
import { CliError } from "./errors.ts";

export type Command = (args: string[]) => Promise<number>;

/** Thrown by a command's --help: its help is printed and the command ends with status 0. */
export class HelpRequested extends Error {
  constructor(readonly command: string) {
    super(command);
    this.name = "HelpRequested";
  }
}

export function parse<T extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: T, command: string) {
  if (args.includes("--help") || args.includes("-h")) throw new HelpRequested(command);
  try {
    return parseArgs({ args, options: { ...options, json: { type: "boolean" } }, strict: true, allowPositionals: true });
  } catch (e) {
    throw new CliError(`${argsProblemDa(e as { code?: string; message: string })} (se: klyngeflow ${command} --help)`);
  }
}

export function print(json: boolean, document: unknown, human: string): void {
  process.stdout.write(json ? `${JSON.stringify(document, null, 2)}\n` : human);
}

function rulebookFor(path: string | undefined, date: string): { rulebook: Rulebook; warnings: string[] } {
  if (path) {
    const rulebook = loadRulebookFile(path);
    const inForce = rulebook.validity.from <= date && date <= rulebook.validity.to;
    return { rulebook, warnings: inForce ? [] : [outsideValidity(rulebook, date)] };
  }
  const { rulebook, inForce } = shippedRulebookFor(date);
  return { rulebook, warnings: inForce ? [] : [outsideValidity(rulebook, date)] };
}

function outsideValidity(r: Rulebook, date: string): string {
  return `R-6.1: ${date} ligger uden for forretningsordenens gyldighed (${r.validity.from} – ${r.validity.to})`;
}

const line = (label: string, d: Deadline | ScheduledSend) =>
  `  ${label.padEnd(28)} ${d.weekday.padEnd(8)} ${d.date}  ${"endsAt" in d ? d.endsAt : d.at}  ${d.rule}\n`;

const deadlines: Command = async (args) => {
  const { values } = parse(args, { meeting: { type: "string" }, "minutes-sent": { type: "string" }, rulebook: { type: "string" } }, "deadlines");
  if (!values.meeting === !values["minutes-sent"]) throw new CliError("angiv præcis ét af --meeting 2027-04-22T14:00 og --minutes-sent 2027-03-24T15:30");
  const at = values.meeting ?? values["minutes-sent"] ?? "";
  const zone = "Europe/Copenhagen";
  const { rulebook, warnings } = rulebookFor(values.rulebook, /^\d{4}-\d{2}-\d{2}/.test(at) ? at.slice(0, 10) : localDateOf(at, zone));
  if (values.meeting) {
    const startsAt = toInstant(parseLocalDateTime(values.meeting, rulebook.calendar.timeZone, "--meeting"), rulebook.calendar.timeZone);
    const d = meetingDeadlines(startsAt, rulebook);
    const list = { callForItems: d.callForItems, items: d.items, initiativeReports: d.initiativeReports, agenda: d.agenda, quorumForecast: d.quorumForecast, minutes: d.minutes };
    print(Boolean(values.json), {
      command: "deadlines",
      rulebook: rulebook.id,
      meeting: d.meeting,
      items: d.items.endsAt,
      agenda: d.agenda.endsAt,
      minutes: d.minutes.endsAt,
      deadlines: list,
      warnings,
    },
      `Møde ${d.meeting.weekday} ${d.meeting.date} (${d.meeting.startsAt}), forretningsorden ${rulebook.id}\n` +
      line("Indkaldelse af punkter", d.callForItems) +
      line("Frist for punkter", d.items) +
      line("Frist for indsatsrapporter", d.initiativeReports) +
      line("Frist for dagsorden", d.agenda) +
      line("Fremmøde- og quorumprognose", d.quorumForecast) +
      line("Frist for protokol", d.minutes) +
      warnings.map((w) => `  ! ${w}\n`).join(""));
  } else {
    const sentAt = values["minutes-sent"] ?? "";
    const sent = toInstant(parseLocalDateTime(sentAt, rulebook.calendar.timeZone, "--minutes-sent"), rulebook.calendar.timeZone);
    const o = objectionDeadline(sent, rulebook);
    print(Boolean(values.json), { command: "deadlines", rulebook: rulebook.id, minutesSentAt: sent, objections: o.endsAt, deadlines: { objections: o }, warnings },
      `Protokol udsendt ${sent}, forretningsorden ${rulebook.id}\n` + line("Frist for indsigelser", o) + warnings.map((w) => `  ! ${w}\n`).join(""));
  }
  return 0;
};

function seatList(value: string | string[] | undefined): string[] {
  const parts = (Array.isArray(value) ? value : value ? [value] : []).flatMap((v) => v.split(","));
  return parts.map((s) => s.trim()).filter(Boolean);
}

const quorum: Command = async (args) => {
  const { values } = parse(args, {
    present: { type: "string", multiple: true },
    substitute: { type: "string", multiple: true },
    "gp-item": { type: "boolean" },
    rulebook: { type: "string" },
    date: { type: "string" },
  }, "quorum");
  const { rulebook } = rulebookFor(values.rulebook, values.date ?? shippedRulebooks().at(-1)?.validity.from ?? "2026-01-01");
  const q = assessQuorum({ members: seatList(values.present), substitutes: seatList(values.substitute), concernsGeneralPractice: Boolean(values["gp-item"]) }, rulebook);
  print(Boolean(values.json), { command: "quorum", rulebook: rulebook.id, ...q },
    `${q.quorate ? "Beslutningsdygtig" : "Ikke beslutningsdygtig"}: ${q.present} af ${q.seats} til stede (mindst ${q.required})\n` +
    q.conditions.map((c) => `  ${c.ok ? "✓" : "✗"} ${c.message}  (${c.rule})\n`).join(""));
  return 0;
};

const plan: Command = async (args) => {
  const { values } = parse(args, { term: { type: "string" }, plan: { type: "string" }, rulebook: { type: "string" } }, "plan");
  if (!values.term || !/^\d{4}$/.test(values.term)) throw new CliError(`--term: angiv valgperiodens første år, fx --term 2026 (fik ${values.term ? `"${values.term}"` : "intet"})`);
  const year = values.term;
  const rulebook = values.rulebook ? loadRulebookFile(values.rulebook) : shippedRulebooks().find((r) => r.term.from.startsWith(year));
  if (!rulebook) throw new CliError(`--term: ingen medfølgende forretningsorden har en valgperiode, der begynder i ${year}; angiv --rulebook FIL`);
  const planPath = values.plan ?? `${RULEBOOK_DIR}${rulebook.committee.id}-plan-${year}.json`;
  const meetingPlan = loadMeetingPlan(planPath);
  const term = meetingPlan.term.from.startsWith(year) ? meetingPlan.term : rulebook.term;
  const check = checkMeetingPlan(meetingPlan.meetings, rulebook, term);
  print(Boolean(values.json), { command: "plan", rulebook: rulebook.id, plan: planPath, meetings: meetingPlan.meetings.length, ...check },
    `Mødeplan ${term.from} – ${term.to} (${meetingPlan.meetings.length} møder) mod ${rulebook.id}\n` +
    check.years.map((y) => `  ${y.year}: ${y.ordinary} ordinære møder (mindst ${y.required}${y.partial ? ", delvist år" : ""})\n`).join("") +
    (check.warnings.length ? check.warnings.map((w) => `  ! ${w.rule}: ${w.message}\n`).join("") : "  Ingen advarsler.\n"));
  return 0;
};

const inbound: Command = async (args) => {
  const { values, positionals } = parse(args, {}, "inbound");
  const file = positionals[0];
  if (!file) throw new CliError("angiv filen med den rå e-mail: klyngeflow inbound FIL.eml");
  const { readFileSync } = await import("node:fs");
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch (e) {
    throw new CliError(`FIL: kan ikke læse ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const { callRunningStack, withLocalData } = await import("./local-stack.ts");
  const res = await callRunningStack("/local/inbound", { method: "POST", body: new Uint8Array(raw), headers: { "content-type": "message/rfc822" } });
  let result: Record<string, unknown>;
  if (res) {
    result = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new CliError(`den lokale stak afviste e-mailen (status ${res.status})`);
  } else {
    const { processInbound, receiptIdFor } = await import("#functions/answers/email-replies");
    result = await withLocalData(async (deps) => ({ ...(await processInbound(deps, { raw, receiptId: `cli-${receiptIdFor(raw)}`, receivedAt: deps.clock.now(), channel: "cli" })) }));
  }
  print(Boolean(values.json), { command: "inbound", file, ...result },
    `${file}: ${word(INBOUND_OUTCOME_DA, String(result.outcome))}${result.recorded ? ` (${String(result.recorded)})` : ""}${result.answered ? "; afsenderen har fået svar" : ""}\n`);
  return 0;
};

const simulate: Command = async (args) => {
  const { values } = parse(args, {}, "simulate");
  const { runDemo } = await import("#local/demo");
  const lines: string[] = [];
  const summary = await runDemo({ log: values.json ? (l) => lines.push(l) : undefined });
  if (values.json) print(true, { command: "simulate", ...summary }, "");
  return summary.deadlines.every((d) => d.met) ? 0 : 1;
};

const audit: Command = async (args) => {
  const { values, positionals } = parse(args, { committee: { type: "string" } }, "audit");
  if (positionals[0] !== "verify") throw new CliError("brug: klyngeflow audit verify [--committee ID]");
  const committee = values.committee ?? "sundhedsklynge-syd";
  const { callRunningStack, localDataExists, withLocalData } = await import("./local-stack.ts");
  const res = await callRunningStack(`/api/committees/${encodeURIComponent(committee)}/audit/verify`);
  // Without a running stack the data folder is read; a folder that is not there has no trail to vouch for.
  if (!res && !localDataExists()) throw new CliError(`der er ingen data at kontrollere: datamappen ${localDataExists.path()} findes ikke (start med npm start, eller sæt DATA_DIR)`);
  const result = res
    ? ((await res.json()) as { ok: boolean; chains: number; entries: number; problems: import("#domain/audit").AuditProblem[] })
    : await withLocalData(async (deps) => (await import("#functions/audit/verify")).verifyAudit(deps, committee));
  const { auditProblemLine, auditVerdict } = await import("#templates/audit");
  // Seats by their titles where the committee's rulebook ships with klyngeflow; otherwise by their ids.
  const seats = new Map(shippedRulebooks().filter((r) => r.committee.id === committee).flatMap((r) => r.seats.map((s) => [s.id, s.title] as const)));
  const names = { seat: (id: string) => seats.get(id) ?? `pladsen ${id}` };
  print(Boolean(values.json), { command: "audit verify", committee, ...result },
    `${auditVerdict(result)}\n${result.problems.map((p) => `  ${auditProblemLine(p, names)}\n`).join("")}`);
  return result.ok ? 0 : 1;
};

export const commands: Record<string, Command> = { deadlines, quorum, plan, inbound, simulate, audit };

export function usage(): string {
  return cliUsage();
}

export function commandHelp(command: string): string {
  return CLI_HELP[command] ?? cliUsage();
}
