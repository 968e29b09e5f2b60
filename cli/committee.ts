/**
 * `klyngeflow committee …`: committees of the local stack — create one from a rulebook (and a meeting plan),
 * list them, adopt a new version of one's rulebook (R-6.1). Through the running stack when `npm start` is up
 * (it holds the store), else by opening the data folder; either way the same use cases as the API, with
 * Danish problem messages that name the field. `klyngeflow admin committee create` does the same on AWS.
 */
import { readFileSync } from "node:fs";
import { CLI_HELP } from "#templates/cli";
import { committeeWords } from "#templates/committees";
import { readTokenFile, tokenFilePath, writeTokenFile } from "#local/token-file";
import { CliError } from "./errors.ts";
import { parse, print, type Command } from "./commands.ts";


function readJson(path: string | undefined, flag: string): unknown {
  if (!path) throw new CliError(`${flag}: angiv en fil`);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new CliError(`${flag}: kan ikke læse ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new CliError(`${flag}: ${path} er ikke gyldig JSON: ${(e as Error).message}`);
  }
}

/** Runs against the running stack's local routes, or, when none listens, against the data folder. */
async function viaStack<T>(path: string, body: unknown, token: string | undefined, offline: (deps: import("#functions/deps").Deps) => Promise<T>): Promise<T> {
  const { localToken, withLocalData } = await import("./local-stack.ts");
  const own = localToken();
  let res: Response | undefined;
  try {
    res = await fetch(`http://127.0.0.1:${own.port}${path}`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", authorization: `Bearer ${token ?? own.token}` } });
  } catch (e) {
    if ((e as { cause?: { code?: string } }).cause?.code !== "ECONNREFUSED") throw e;
  }
  if (!res) {
    try {
      return await withLocalData(offline);
    } catch (e) {
      const { refusalInDanish } = await import("#local/committees");
      const message = refusalInDanish(e);
      throw message ? new CliError(message) : e;
    }
  }
  const json = (await res.json()) as T & { message?: string };
  if (!res.ok) throw new CliError(json.message ?? `den lokale stak svarede ${res.status}`);
  return json;
}

const subs: Record<string, (args: string[]) => Promise<number>> = {
  async create(args) {
    const { values } = parse(args, { rulebook: { type: "string" }, plan: { type: "string" }, "past-as-held": { type: "boolean" } }, "committee");
    const rulebook = readJson(values.rulebook, "--rulebook");
    const planDoc = values.plan ? readJson(values.plan, "--plan") : undefined;
    const plan = planDoc === undefined ? [] : (planDoc as { meetings?: unknown }).meetings;
    if (!Array.isArray(plan)) throw new CliError("--plan: forventede en mødeplan med en liste meetings (som rulebooks/sundhedsklynge-syd-plan-2026.json)");
    const planFor = (planDoc as { committeeId?: unknown } | undefined)?.committeeId;
    const ruleFor = (rulebook as { committee?: { id?: unknown } }).committee?.id;
    if (planFor !== undefined && planFor !== ruleFor) throw new CliError(`--plan: mødeplanen gælder "${String(planFor)}", forretningsordenen "${String(ruleFor)}"`);
    const input = { rulebook, plan, pastAsHeld: Boolean(values["past-as-held"]) };
    const { localCommittees } = await import("#local/committees");
    const created = await viaStack("/local/committees", input, undefined, (deps) => localCommittees.create(deps, input, "klyngeflow committee create"));
    // The new committee's tokens are kept with the data, like the first committee's.
    const { localToken } = await import("./local-stack.ts");
    const { dataDir } = localToken();
    const saved = readTokenFile(dataDir);
    // A data folder's first committee: its tokens become the folder's own (npm start then runs with them).
    writeTokenFile(dataDir, saved ? { ...saved, committees: { ...saved.committees, [created.committeeId]: created.tokens } } : { ...created.tokens, committee: created.committeeId });
    print(Boolean(values.json), { command: "committee create", ...created },
      `${committeeWords.created(created.name, created.committeeId, created.rulebookId, created.seats, created.meetings)}\n${committeeWords.tokens(created.tokens.secretariat, created.tokens.chair, tokenFilePath(dataDir))}\n`);
    return 0;
  },
  async list(args) {
    const { values } = parse(args, {}, "committee");
    const { callRunningStack, withLocalData } = await import("./local-stack.ts");
    const res = await callRunningStack("/local/committees");
    const { localCommittees } = await import("#local/committees");
    const list = res ? ((await res.json()) as Awaited<ReturnType<typeof localCommittees.list>>) : await withLocalData((deps) => localCommittees.list(deps));
    print(Boolean(values.json), { command: "committee list", committees: list }, list.length ? `${list.map(committeeWords.list).join("\n")}\n` : `${committeeWords.none}\n`);
    return 0;
  },
  async adopt(args) {
    const { values } = parse(args, { committee: { type: "string" }, rulebook: { type: "string" }, from: { type: "string" } }, "committee");
    const committee = values.committee ?? "";
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(committee)) throw new CliError(`--committee: forventede et udvalgs-id som sundhedsklynge-syd, fik ${committee ? `"${committee}"` : "ingenting"}`);
    if (!values.from || !/^\d{4}-\d{2}-\d{2}$/.test(values.from)) throw new CliError(`--from: forventede en dato som 2027-01-01, fik ${values.from ? `"${values.from}"` : "ingenting"}`);
    const input = { rulebook: readJson(values.rulebook, "--rulebook"), effectiveFrom: values.from };
    const { localToken } = await import("./local-stack.ts");
    const { dataDir, token } = localToken();
    const saved = readTokenFile(dataDir);
    const own = (saved?.committee ?? "sundhedsklynge-syd") === committee ? token : saved?.committees?.[committee]?.secretariat;
    const { localCommittees } = await import("#local/committees");
    const adopted = await viaStack(`/local/committees/${encodeURIComponent(committee)}/rulebooks`, input, own, (deps) => localCommittees.adopt(deps, committee, input, "klyngeflow committee adopt"));
    print(Boolean(values.json), { command: "committee adopt", committeeId: committee, ...adopted }, `${committeeWords.adopted(adopted.rulebookId, adopted.effectiveFrom, adopted.meetingsRetimed)}\n`);
    return 0;
  },
};

export const committee: Command = async (args) => {
  const [sub, ...rest] = args;
  if (!sub || sub === "--help" || sub === "-h" || sub === "help" || rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(CLI_HELP.committee ?? "");
    return sub ? 0 : 2;
  }
  const run = subs[sub];
  if (!run) throw new CliError(`ukendt kommando "committee ${sub}"; prøv en af: ${Object.keys(subs).join(", ")}`);
  return run(rest);
};
