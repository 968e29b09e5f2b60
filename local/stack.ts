/**
 * The local stack behind `npm start`: the persisted DynamoDB-compatible store, the workflow executor
 * (re-driving active executions), the HTTP server with console, API and member pages, and the SMTP sink.
 * It runs every committee its data folder holds; only on a first start, with an empty data folder, it loads
 * Politisk Sundhedsklynge Syd (fictional members), the 2026–2029 meeting plan and the three initiatives.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Clock } from "#adapters/clock";
import { loadMeetingPlan, loadRulebookFile, RULEBOOK_DIR } from "#adapters/rulebook-files";
import { issueApiToken, newApiToken } from "#functions/committee/api-tokens";
import { listCommittees } from "#functions/committee/committee";
import { loadCommittee, type LoadResult } from "#functions/committee/setup";
import { sendWeeklyDigests } from "#functions/members/digest";
import { upsertInitiative } from "#functions/initiatives/initiatives";
import { startMeetingCycles } from "#functions/meetings/plan";
import { localInboundSweep, sweepInbound } from "#functions/answers/email-replies";
import { sweepLinkActions } from "#functions/answers/link-answers";
import { INBOUND_OUTCOME_DA, word } from "#templates/console";
import type { LocalConfig } from "./config.ts";
import { localCommittees } from "./committees.ts";
import { startHttpServer, type HttpServer } from "./http-server.ts";
import { startRuntime, type Runtime } from "./runtime.ts";
import { JudgingQueue } from "./judging-queue.ts";
import { recordFailure } from "#functions/answers/isolation";
import { startSmtpSink, type SmtpSink } from "./smtp-sink.ts";
import { readTokenFile, tokenFilePath, writeTokenFile } from "./token-file.ts";

export interface LocalStack {
  config: LocalConfig;
  runtime: Runtime;
  http: HttpServer;
  smtp: SmtpSink;
  /** What this start loaded: Sundhedsklynge Syd on a first, empty start; undefined when the data folder had committees. */
  seed: LoadResult | undefined;
  /** Every committee the data folder holds, in id order, with its meeting cycles started. */
  committees: { committeeId: string; name: string; seats: number; meetings: number; seeded: boolean }[];
  /** The tokens of the data folder's own committee (the one seeded, or the one the token file names). */
  tokens: { secretariat: string; chair: string; issued: boolean; file: string; committeeId: string };
  stop(): Promise<void>;
}

/** The committee seeded on a first, empty start. */
export const SEED_COMMITTEE = "sundhedsklynge-syd";

/** How often the local stack looks for weekly digests due, as the deployed sweep does every 15 minutes. */
const DIGEST_SWEEP_MS = 15 * 60_000;

/**
 * Tokens survive restarts (kept in the data folder, readable only by its owner) unless KLYNGEFLOW_TOKEN sets
 * the secretariat's. `issued` is true when a token is new this start: only then are they printed.
 */
function persistedTokens(config: LocalConfig, committeeId: string): { secretariat: string; chair: string; issued: boolean; file: string; committeeId: string } {
  const file = tokenFilePath(config.dataDir);
  const saved = readTokenFile(config.dataDir);
  const tokens = { secretariat: config.tokenFromEnv ? config.token : (saved?.secretariat ?? config.token), chair: saved?.chair ?? newApiToken() };
  const issued = tokens.secretariat !== saved?.secretariat || tokens.chair !== saved?.chair || saved?.committee !== committeeId;
  if (issued) writeTokenFile(config.dataDir, { ...saved, ...tokens, committee: committeeId });
  return { ...tokens, issued, file, committeeId };
}

export async function startLocalStack(config: LocalConfig, options: { virtualStart?: string; clock?: Clock; quiet?: boolean } = {}): Promise<LocalStack> {
  mkdirSync(config.dataDir, { recursive: true });
  const failures: string[] = [];
  const runtime = await startRuntime({
    dataDir: config.dataDir,
    virtualStart: options.virtualStart,
    publicUrl: `http://127.0.0.1:${config.port}`,
    onExecutionFailed: (name, error, cause) => {
      failures.push(name);
      console.error(`workflow ${name} failed: ${error}: ${cause}`);
    },
  });
  const { deps } = runtime;
  // Only an empty data folder is seeded (a start cut off during the seed finds no committee and loads it again).
  let seed: LoadResult | undefined;
  if ((await listCommittees(deps.store)).length === 0) {
    const rulebook = loadRulebookFile(`${RULEBOOK_DIR}sundhedsklynge-syd-2026.json`);
    const plan = loadMeetingPlan(`${RULEBOOK_DIR}sundhedsklynge-syd-plan-2026.json`);
    seed = await loadCommittee(deps.store, deps.clock, rulebook, plan.meetings, { pastAsHeld: true });
    const initiatives = JSON.parse(readFileSync(`${RULEBOOK_DIR}sundhedsklynge-syd-initiatives.json`, "utf8")) as { initiatives: Parameters<typeof upsertInitiative>[2][] };
    for (const i of initiatives.initiatives) await upsertInitiative(deps, SEED_COMMITTEE, i, "seed");
  }
  const committees = (await localCommittees.list(deps)).map((c) => ({ ...c, seeded: Boolean(seed && c.committeeId === SEED_COMMITTEE) }));
  // The folder's own committee: the one its token file names (Sundhedsklynge Syd in files from before), else the first.
  const saved = readTokenFile(config.dataDir);
  const own = committees.find((c) => c.committeeId === (saved?.committee ?? SEED_COMMITTEE)) ?? committees[0];
  if (!own) throw new Error("no committee in the data folder");
  const tokens = persistedTokens(config, own.committeeId);
  await issueApiToken(deps.store, deps.clock.now(), { token: tokens.secretariat, role: "secretariat", committeeId: own.committeeId, name: "Sekretariatet" });
  await issueApiToken(deps.store, deps.clock.now(), { token: tokens.chair, role: "chair", committeeId: own.committeeId, name: "Formandskabet" });
  // One judging queue for both ways of answering: answers are judged in the order they arrived, however sent.
  const judging = new JudgingQueue({
    onGiveUp: (label, e) => {
      // Recorded against the answer: the next start's sweep tries again, and after a few failures sets it aside.
      const link = label.startsWith("link/");
      void recordFailure(deps, { answerId: link ? label.slice(5) : label, kind: link ? "link" : "inbound" }, e).catch(() => undefined);
      console.error(`Svaret ${label} er gemt, men kunne ikke behandles (${e.message}); det prøves igen ved næste start.`);
    },
  });
  const http = await startHttpServer(deps, { port: config.port, outboxDir: runtime.outboxDir, queue: judging });
  // With PORT=0 the port is known only now; links in mail must point at it, so no cycle starts before this.
  deps.settings.publicUrl = http.url;
  // Every committee's cycles, idempotently: running ones are found by name; a new plan's meetings get theirs.
  for (const c of committees) await startMeetingCycles(deps, c.committeeId);
  // Replies whose processing was cut off by a crash are stored raw: finish them now.
  await sweepInbound(deps, deps.blobs, localInboundSweep);
  await sweepLinkActions(deps);
  const smtp = await startSmtpSink(deps, config.smtpPort, {
    queue: judging,
    onResult: (r) => {
      if (!options.quiet) console.log(`SMTP: svar modtaget – ${word(INBOUND_OUTCOME_DA, r.outcome)}${r.recorded ? ` (${r.recorded})` : ""}`);
    },
  });
  // The weekly digests due (members who chose one in place of reminders), as the deployed sweep sends them.
  const digests = options.virtualStart ? undefined : setInterval(() => void sendWeeklyDigests(deps).catch((e: Error) => console.error(`Ugentlige oversigter: ${e.message}`)), DIGEST_SWEEP_MS);
  digests?.unref();
  return {
    config, runtime, http, smtp, seed, committees, tokens,
    async stop() {
      if (digests) clearInterval(digests);
      await smtp.stop();
      await http.stop();
      await runtime.stop();
    },
  };
}
