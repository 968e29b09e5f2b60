/**
 * `klyngeflow admin …`: set up and run a committee on a deployed stack (issue 19, Build item 3), with the
 * operator's AWS credentials and region from the usual AWS environment (AWS_PROFILE, AWS_REGION, …). The
 * stack's names come from its outputs (CloudFormation DescribeStacks of --stack), or from flags. It calls
 * the same use cases as the API and the local stack; this file is the one place the CLI imports them.
 * The rehearsal (rehearsal/) runs exactly these commands against its loopback stack, pointed there by the
 * SDK's endpoint variables (AWS_ENDPOINT_URL_<SERVICE>).
 */
import { readFileSync } from "node:fs";
import * as z from "zod/mini";
import { describeProblems, validate } from "#domain/validation";
import { clockFromEnvironment } from "#adapters/clock";
import { records } from "#adapters/records";
import { loadMeetingPlan, loadRulebookFile } from "#adapters/rulebook-files";
import { keyedSeal } from "#adapters/audit-seal";
import { parseKeyRing } from "#adapters/link-keys";
import { s3Anchors } from "#adapters/s3-anchors";
import { dynamoClient, Store } from "#adapters/store";
import { sfnWorkflows } from "#adapters/workflows";
import { hashApiToken, issueApiToken, newApiToken, revokeApiToken, type Role } from "#functions/committee/api-tokens";
import { importSeatsCsv } from "#functions/committee/seats";
import { upsertInitiative } from "#functions/initiatives/initiatives";
import { loadCommittee } from "#functions/committee/setup";
import type { Deps } from "#functions/deps";
import { startMeetingCycles } from "#functions/meetings/plan";
import { STACK_OUTPUTS as OUT } from "../infra/outputs.ts";
import { CliError } from "./errors.ts";
import { parse, print, type Command } from "./commands.ts";


const STACK_FLAGS = {
  stack: { type: "string" },
  table: { type: "string" },
  "meeting-cycle-arn": { type: "string" },
  "written-vote-arn": { type: "string" },
  "audit-keys-secret-arn": { type: "string" },
  "audit-anchor-bucket": { type: "string" },
} as const;

type StackFlags = { stack?: string; table?: string; "meeting-cycle-arn"?: string; "written-vote-arn"?: string; "audit-keys-secret-arn"?: string; "audit-anchor-bucket"?: string };

async function stackOutputs(stack: string | undefined): Promise<Record<string, string>> {
  if (!stack) return {};
  const { CloudFormationClient, DescribeStacksCommand } = await import("@aws-sdk/client-cloudformation");
  const client = new CloudFormationClient({});
  try {
    const out = await client.send(new DescribeStacksCommand({ StackName: stack }));
    const found = out.Stacks?.[0];
    if (!found) throw new CliError(`--stack: stakken "${stack}" findes ikke`);
    return Object.fromEntries((found.Outputs ?? []).map((o) => [o.OutputKey ?? "", o.OutputValue ?? ""]));
  } catch (e) {
    if ((e as Error).message === "Region is missing") throw new CliError("AWS_REGION: ingen AWS-region; sæt AWS_REGION (eller en AWS_PROFILE med region)");
    if ((e as Error).name === "ValidationError") throw new CliError(`--stack: stakken "${stack}" findes ikke i ${await client.config.region()}`);
    throw e;
  } finally {
    client.destroy();
  }
}

/** The stack's names: from flags, else from its outputs; a missing one is named. */
async function stackNames(flags: StackFlags, need: ("table" | "meetingCycle" | "writtenVote" | "auditKeys" | "auditAnchors")[]) {
  const outputs = await stackOutputs(flags.stack);
  const names = {
    table: flags.table ?? outputs[OUT.tableName],
    meetingCycle: flags["meeting-cycle-arn"] ?? outputs[OUT.meetingCycleArn],
    writtenVote: flags["written-vote-arn"] ?? outputs[OUT.writtenVoteArn],
    auditKeys: flags["audit-keys-secret-arn"] ?? outputs[OUT.auditKeysSecretArn],
    auditAnchors: flags["audit-anchor-bucket"] ?? outputs[OUT.auditAnchorBucket],
  };
  const flag = { table: "--table", meetingCycle: "--meeting-cycle-arn", writtenVote: "--written-vote-arn", auditKeys: "--audit-keys-secret-arn", auditAnchors: "--audit-anchor-bucket" } as const;
  const output = { table: OUT.tableName, meetingCycle: OUT.meetingCycleArn, writtenVote: OUT.writtenVoteArn, auditKeys: OUT.auditKeysSecretArn, auditAnchors: OUT.auditAnchorBucket } as const;
  for (const n of need) {
    if (!names[n]) throw new CliError(`${flag[n]}: mangler; angiv --stack NAVN (stakkens output ${output[n]}) eller ${flag[n]}`);
  }
  return names;
}

/**
 * The dependencies of the use cases admin runs: the table, the state machines and the clock. Mail, blobs
 * and link keys are never used by them; asking for one fails loudly instead of acting.
 */
async function adminDeps(flags: StackFlags, needWorkflows: boolean): Promise<Deps & { close(): void }> {
  const names = await stackNames(flags, needWorkflows ? ["table", "meetingCycle", "writtenVote", "auditKeys", "auditAnchors"] : ["table", "auditKeys", "auditAnchors"]);
  const clock = clockFromEnvironment();
  const client = dynamoClient({ tableName: names.table ?? "" });
  const unused = (what: string) => () => { throw new Error(`klyngeflow admin uses no ${what}`); };
  // What admin records is audited like everything else: sealed with the deployment's audit key, anchored (R-7.2).
  const { SecretsManagerClient, GetSecretValueCommand } = await import("@aws-sdk/client-secrets-manager");
  const ring = (await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: names.auditKeys ?? "" }))).SecretString ?? "";
  const seal = keyedSeal(parseKeyRing(ring), s3Anchors(names.auditAnchors ?? ""));
  return {
    store: new Store(client, names.table ?? "", clock, seal),
    clock,
    mailer: { send: unused("mailer") },
    blobs: { put: unused("blobs"), get: unused("blobs"), list: unused("blobs") },
    workflows: sfnWorkflows({ stateMachineArns: { "meeting-cycle": names.meetingCycle ?? "", "written-vote": names.writtenVote ?? "" } }),
    keys: { current: "--", keys: {} },
    settings: { senderAddress: "", senderDomain: "", inboundDomain: "", publicUrl: "" },
    close: () => client.destroy(),
  };
}

async function withDeps<T>(flags: StackFlags, needWorkflows: boolean, fn: (deps: Deps) => Promise<T>): Promise<T> {
  const deps = await adminDeps(flags, needWorkflows);
  try {
    return await fn(deps);
  } finally {
    deps.close();
  }
}

function readText(path: string | undefined, flag: string): string {
  if (!path) throw new CliError(`${flag}: angiv en fil`);
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new CliError(`${flag}: kan ikke læse ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

const committeeFlag = (value: string | undefined): string => {
  if (!value || !/^[a-z0-9][a-z0-9-]{1,62}$/.test(value)) throw new CliError(`--committee: forventede et udvalgs-id som sundhedsklynge-syd, fik ${value ? `"${value}"` : "ingenting"}`);
  return value;
};

interface Sub {
  help: string;
  run(args: string[]): Promise<number>;
}

const HELP_STACK = `  --stack NAVN            CloudFormation-stakken (navne og adresser læses fra dens output)
  --table NAVN, --meeting-cycle-arn ARN, --written-vote-arn ARN
                          i stedet for --stack, eller hvor stakken mangler et output
  --json                  skriv ét JSON-dokument
AWS-legitimation og region tages fra omgivelserne (AWS_PROFILE, AWS_REGION …), som for aws-kommandoen.`;

const subs: Record<string, Sub> = {
  urls: {
    help: `klyngeflow admin urls --stack NAVN [--json]
Viser stakkens adresser: konsol og API, medlemssider og MX-målet for svardomænet.
${HELP_STACK}`,
    async run(args) {
      const { values } = parse(args, { stack: { type: "string" } }, "admin urls");
      if (!values.stack) throw new CliError("--stack: angiv stakkens navn, fx Klyngeflow-prod");
      const outputs = await stackOutputs(values.stack);
      const urls = { publicUrl: outputs[OUT.publicUrl], consoleUrl: outputs[OUT.consoleUrl], apiUrl: outputs[OUT.apiUrl], inboundMx: outputs[OUT.inboundMxRecord], inboundDomain: outputs[OUT.inboundDomain] };
      const base = urls.publicUrl ?? urls.apiUrl;
      print(Boolean(values.json), { command: "admin urls", stack: values.stack, ...urls, outputs },
        `Stak ${values.stack}\n` +
        `  Konsol:          ${urls.consoleUrl ?? (base ? `${base}/console` : "(stakken har intet output PublicUrl)")}\n` +
        `  API:             ${base ? `${base}/api   (OpenAPI: ${base}/api/openapi.json)` : "-"}\n` +
        `  API Gateway:     ${urls.apiUrl ?? "(intet output ApiUrl)"}\n` +
        `  MX for svar:     ${urls.inboundMx ? `${urls.inboundDomain ?? ""} MX ${urls.inboundMx}` : "(intet output InboundMxRecord)"}\n`);
      return 0;
    },
  },
  "committee create": {
    help: `klyngeflow admin committee create --rulebook FIL --plan FIL [--past-as-held] (--stack NAVN | --table NAVN) [--json]
Opretter udvalget fra en forretningsorden og en mødeplan (pladser, formandskab, møder). Kan køres igen:
et udvalg, der findes, ændres ikke.
  --past-as-held          møder, der allerede er holdt, indlæses som historik
${HELP_STACK}`,
    async run(args) {
      const { values } = parse(args, { ...STACK_FLAGS, rulebook: { type: "string" }, plan: { type: "string" }, "past-as-held": { type: "boolean" } }, "admin committee create");
      if (!values.rulebook) throw new CliError("--rulebook: angiv forretningsordenens fil (rulebooks/*.json)");
      if (!values.plan) throw new CliError("--plan: angiv mødeplanens fil");
      const rulebook = loadRulebookFile(values.rulebook);
      const plan = loadMeetingPlan(values.plan);
      if (plan.committeeId !== rulebook.committee.id) throw new CliError(`--plan: mødeplanen gælder "${plan.committeeId}", forretningsordenen "${rulebook.committee.id}"`);
      const result = await withDeps(values, false, (deps) => loadCommittee(deps.store, deps.clock, rulebook, plan.meetings, { pastAsHeld: Boolean(values["past-as-held"]) }));
      print(Boolean(values.json), { command: "admin committee create", committeeId: rulebook.committee.id, rulebook: rulebook.id, ...result },
        `${result.created ? "Oprettet" : "Fandtes allerede"}: ${rulebook.committee.name} (${rulebook.committee.id}), forretningsorden ${rulebook.id}: ${result.seats} pladser, ${result.meetings} møder\n`);
      return 0;
    },
  },
  "seats import": {
    help: `klyngeflow admin seats import --committee ID FIL.csv (--stack NAVN | --table NAVN) [--json]
Indlæser pladsernes medlemmer og suppleanter fra CSV (kolonner: seat_id, constituency, title, member_name,
member_email, substitute_id, substitute_name, substitute_email). Hele filen afvises, hvis én række er forkert.
${HELP_STACK}`,
    async run(args) {
      const { values, positionals } = parse(args, { ...STACK_FLAGS, committee: { type: "string" } }, "admin seats import");
      const committee = committeeFlag(values.committee);
      const csv = readText(positionals[0], "FIL.csv");
      const result = await withDeps(values, false, (deps) => importSeatsCsv(deps, committee, csv, "admin"));
      print(Boolean(values.json), { command: "admin seats import", committeeId: committee, ...result }, `Opdateret ${result.updated.length} pladser: ${result.updated.join(", ")}\n`);
      return 0;
    },
  },
  "initiatives load": {
    help: `klyngeflow admin initiatives load --committee ID FIL.json (--stack NAVN | --table NAVN) [--json]
Indlæser eller opdaterer indsatser fra en fil som rulebooks/sundhedsklynge-syd-initiatives.json.
${HELP_STACK}`,
    async run(args) {
      const { values, positionals } = parse(args, { ...STACK_FLAGS, committee: { type: "string" } }, "admin initiatives load");
      const committee = committeeFlag(values.committee);
      let doc: unknown;
      try {
        doc = JSON.parse(readText(positionals[0], "FIL.json"));
      } catch (e) {
        if (e instanceof CliError) throw e;
        throw new CliError(`FIL.json: ikke gyldig JSON: ${(e as Error).message}`);
      }
      const list = z.object({ initiatives: z.array(z.unknown()) });
      const parsed = validate(list, doc);
      if (!parsed.ok) throw new CliError(`FIL.json: ${describeProblems(parsed.problems).join("; ")}`);
      const initiatives = parsed.data.initiatives.map((raw, i) => {
        const checked = validate(records.initiative.schema, { active: true, ...(raw as object), committeeId: committee, rev: 0 });
        if (!checked.ok) throw new CliError(`FIL.json: initiatives[${i}].${describeProblems(checked.problems).join(`; initiatives[${i}].`)}`);
        const { committeeId: _c, rev: _r, ...input } = checked.data;
        return input;
      });
      await withDeps(values, false, async (deps) => { for (const i of initiatives) await upsertInitiative(deps, committee, i, "admin"); });
      print(Boolean(values.json), { command: "admin initiatives load", committeeId: committee, initiatives: initiatives.map((i) => i.initiativeId) },
        `Indlæst ${initiatives.length} indsatser: ${initiatives.map((i) => i.initiativeId).join(", ")}\n`);
      return 0;
    },
  },
  "token issue": {
    help: `klyngeflow admin token issue --committee ID --role secretariat|chair --name NAVN (--stack NAVN | --table NAVN) [--json]
Udsteder et API-token til én rolle i ét udvalg. Tokenet vises kun denne ene gang; gem det sikkert.
Kun dets hash gemmes; id'et (hashen) bruges til at tilbagekalde det.
${HELP_STACK}`,
    async run(args) {
      const { values } = parse(args, { ...STACK_FLAGS, committee: { type: "string" }, role: { type: "string" }, name: { type: "string" } }, "admin token issue");
      const committee = committeeFlag(values.committee);
      if (values.role !== "secretariat" && values.role !== "chair") throw new CliError(`--role: forventede secretariat eller chair, fik ${values.role ? `"${values.role}"` : "ingenting"}`);
      const role: Role = values.role;
      const name = values.name?.trim() || (role === "secretariat" ? "Sekretariatet" : "Formandskabet");
      const token = newApiToken();
      await withDeps(values, false, (deps) => issueApiToken(deps.store, deps.clock.now(), { token, role, committeeId: committee, name }));
      const id = hashApiToken(token);
      print(Boolean(values.json), { command: "admin token issue", committeeId: committee, role, name, token, id },
        `API-token til ${name} (${role}) i ${committee}:\n  ${token}\n  id: ${id}\nTokenet vises ikke igen.\n`);
      return 0;
    },
  },
  "token revoke": {
    help: `klyngeflow admin token revoke (--id HASH | --token TOKEN) (--stack NAVN | --table NAVN) [--json]
Tilbagekalder et API-token; det virker ikke længere (API Gateway kan huske et godkendt token i op til 5 minutter).
${HELP_STACK}`,
    async run(args) {
      const { values } = parse(args, { ...STACK_FLAGS, id: { type: "string" }, token: { type: "string" } }, "admin token revoke");
      const id = values.id ?? (values.token ? hashApiToken(values.token) : undefined);
      if (!id || !/^[0-9a-f]{64}$/.test(id)) throw new CliError("--id: forventede tokenets id (64 hex-tegn) eller --token TOKEN");
      const revoked = await withDeps(values, false, (deps) => revokeApiToken(deps.store, deps.clock.now(), id));
      if (!revoked) throw new CliError(`--id: intet API-token med id ${id}`);
      print(Boolean(values.json), { command: "admin token revoke", id, revokedAt: revoked.revokedAt }, `Tilbagekaldt: ${revoked.name} (${revoked.role}) i ${revoked.committeeId}, ${revoked.revokedAt}\n`);
      return 0;
    },
  },
  "cycles start": {
    help: `klyngeflow admin cycles start --committee ID (--stack NAVN | --table NAVN --meeting-cycle-arn ARN --written-vote-arn ARN) [--json]
Starter mødeforløbet for hvert planlagt møde. Kan køres igen (fx efter en fejl): et forløb, der kører,
startes ikke to gange; et møde, hvis forløb er stoppet, startes igen.
${HELP_STACK}`,
    async run(args) {
      const { values } = parse(args, { ...STACK_FLAGS, committee: { type: "string" } }, "admin cycles start");
      const committee = committeeFlag(values.committee);
      const started = await withDeps(values, true, (deps) => startMeetingCycles(deps, committee));
      print(Boolean(values.json), { command: "admin cycles start", committeeId: committee, started }, `Mødeforløb startet eller allerede i gang: ${started}\n`);
      return 0;
    },
  },
};

const SUB_NAMES = Object.keys(subs);

export function adminUsage(): string {
  return `klyngeflow admin — opsætning og drift af et udvalg på en udrulning i AWS

Brug: klyngeflow admin <kommando> [tilvalg] [--json]   (klyngeflow admin <kommando> --help for detaljer)

${SUB_NAMES.map((n) => `  ${n.padEnd(20)} ${(subs[n]?.help.split("\n")[1] ?? "").split(/(?<=\.)\s/)[0]}`).join("\n")}
`;
}

export const admin: Command = async (args) => {
  const [a, b, ...rest] = args;
  if (!a || a === "--help" || a === "-h" || a === "help") {
    process.stdout.write(adminUsage());
    return a ? 0 : 2;
  }
  const two = `${a} ${b ?? ""}`.trim();
  const sub = subs[two] ?? subs[a];
  const subArgs = subs[two] ? rest : [b, ...rest].filter((x): x is string => x !== undefined);
  if (!sub) throw new CliError(`ukendt kommando "admin ${two}"; prøv en af: ${SUB_NAMES.join(", ")}`);
  if (subArgs.includes("--help") || subArgs.includes("-h")) {
    process.stdout.write(`${sub.help}\n`);
    return 0;
  }
  return sub.run(subArgs);
};
