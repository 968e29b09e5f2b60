import { parseArgs, type ParseArgsConfig } from "node:util";
import { localDateOf, parseLocalDateTime, toInstant } from "#domain/calendar";
import { meetingDeadlines, objectionDeadline, type Deadline, type ScheduledSend } from "#domain/deadlines";
import { checkMeetingPlan } from "#domain/plan";
import { assessQuorum } from "#domain/quorum";
import type { Rulebook } from "#domain/rulebook";
import { loadMeetingPlan, loadRulebookFile, RULEBOOK_DIR, shippedRulebookFor, shippedRulebooks } from "#adapters/rulebook-files";
import { CliError } from "./errors.ts";

export type Command = (args: string[]) => Promise<number>;

export function parse<T extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: T, command: string) {
  try {
    return parseArgs({ args, options: { ...options, json: { type: "boolean" } }, strict: true, allowPositionals: true });
  } catch (e) {
    throw new CliError(`${(e as Error).message.replace(/\. To specify a positional.*$/s, "")} (see: klyngeflow help ${command})`);
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
  if (!values.meeting === !values["minutes-sent"]) throw new CliError("give exactly one of --meeting 2027-04-22T14:00 or --minutes-sent 2027-03-24T15:30");
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
  if (!values.term || !/^\d{4}$/.test(values.term)) throw new CliError(`--term: expected the first year of the term, e.g. --term 2026, got ${values.term ? `"${values.term}"` : "nothing"}`);
  const year = values.term;
  const rulebook = values.rulebook ? loadRulebookFile(values.rulebook) : shippedRulebooks().find((r) => r.term.from.startsWith(year));
  if (!rulebook) throw new CliError(`--term: no shipped rulebook has a term starting in ${year}; give --rulebook FILE`);
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
  if (!file) throw new CliError("give the raw email file: klyngeflow inbound FILE.eml");
  const { readFileSync } = await import("node:fs");
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch (e) {
    throw new CliError(`FILE: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const { callRunningStack, withLocalData } = await import("./local-stack.ts");
  const res = await callRunningStack("/local/inbound", { method: "POST", body: new Uint8Array(raw), headers: { "content-type": "message/rfc822" } });
  let result: Record<string, unknown>;
  if (res) {
    result = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new CliError(`the local stack refused the message: ${String(result.message ?? res.status)}`);
  } else {
    const { processInbound, receiptIdFor } = await import("#functions/answers/email-replies");
    result = await withLocalData(async (deps) => ({ ...(await processInbound(deps, { raw, receiptId: `cli-${receiptIdFor(raw)}`, receivedAt: deps.clock.now(), channel: "cli" })) }));
  }
  print(Boolean(values.json), { command: "inbound", file, ...result },
    `${file}: ${String(result.outcome)}${result.recorded ? ` (${String(result.recorded)})` : ""}${result.reason ? ` – ${String(result.reason)}` : ""}${result.answered ? "; svar sendt" : ""}\n`);
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
  if (positionals[0] !== "verify") throw new CliError("usage: klyngeflow audit verify [--committee ID]");
  const committee = values.committee ?? "sundhedsklynge-syd";
  const { callRunningStack, withLocalData } = await import("./local-stack.ts");
  const res = await callRunningStack(`/api/committees/${encodeURIComponent(committee)}/audit/verify`);
  const result = res
    ? ((await res.json()) as { ok: boolean; chains: number; entries: number; problems: { matter: string; seq: number; problem: string }[] })
    : await withLocalData(async (deps) => (await import("#functions/audit/verify")).verifyAudit(deps, committee));
  print(Boolean(values.json), { command: "audit verify", committee, ...result },
    result.ok ? `Revisionssporet er intakt: ${result.entries} hændelser i ${result.chains} kæder.\n`
      : `Revisionssporet er BRUDT:\n${result.problems.map((p) => `  ${p.matter} #${p.seq}: ${p.problem}`).join("\n")}\n`);
  return result.ok ? 0 : 1;
};

export const commands: Record<string, Command> = { deadlines, quorum, plan, inbound, simulate, audit };

export function usage(): string {
  return `klyngeflow — the rules of procedure of a political committee, automated

Usage: klyngeflow <command> [options] [--json]

  deadlines --meeting 2027-04-22T14:00 [--rulebook FILE]
      the meeting's deadlines (R-3.2 items, R-3.3 agenda, R-3.5 minutes) with weekday and offset
  deadlines --minutes-sent 2027-03-24T15:30 [--rulebook FILE]
      the end of the objection window of a minutes version (R-3.5)
  quorum --present SEAT,SEAT… [--substitute SEAT,…] [--gp-item] [--rulebook FILE]
      whether those present are quorate (R-4.2), and why
  plan --term 2026 [--plan FILE] [--rulebook FILE]
      checks a meeting plan against R-3.1 (two meetings a year) and R-6.1 (validity)
  inbound FILE.eml
      hands a raw reply to the local stack, as if it arrived by email; prints what became of it
  simulate
      plays a meeting cycle, a written vote and a minutes objection round on a virtual clock (= npm run demo)
  audit verify [--committee ID]
      checks the hash chains of the audit trail; names any changed or removed entry
  committee create --rulebook FILE [--plan FILE] | list | adopt --committee ID --rulebook FILE --from DATE
      committees of the local stack: create one more, list them, adopt a new rulebook version (R-6.1)
  admin <command> …  (klyngeflow admin --help)
      sets up and runs a committee on a deployed stack: committee, seats, initiatives, API tokens, cycles, URLs

Times are Europe/Copenhagen wall-clock times. With --json a command prints exactly one JSON document.
`;
}
