/**
 * The local stack behind `npm start`: the persisted DynamoDB-compatible store, the workflow executor
 * (re-driving active executions), the HTTP server with console, API and member pages, and the SMTP sink.
 * On first run it loads Politisk Sundhedsklynge Syd (fictional members), the 2026–2029 meeting plan and
 * the three initiatives.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Clock } from "#adapters/clock";
import { loadMeetingPlan, loadRulebookFile, RULEBOOK_DIR } from "#adapters/rulebook-files";
import { issueApiToken, newApiToken } from "#functions/committee/api-tokens";
import { loadCommittee, type LoadResult } from "#functions/committee/setup";
import { upsertInitiative } from "#functions/initiatives/initiatives";
import { startMeetingCycles } from "#functions/meetings/plan";
import { localInboundSweep, sweepInbound } from "#functions/answers/email-replies";
import { sweepLinkActions } from "#functions/answers/link-answers";
import { INBOUND_OUTCOME_DA, word } from "#templates/console";
import type { LocalConfig } from "./config.ts";
import { startHttpServer, type HttpServer } from "./http-server.ts";
import { startRuntime, type Runtime } from "./runtime.ts";
import { JudgingQueue } from "./judging-queue.ts";
import { recordFailure } from "#functions/answers/isolation";
import { startSmtpSink, type SmtpSink } from "./smtp-sink.ts";

export interface LocalStack {
  config: LocalConfig;
  runtime: Runtime;
  http: HttpServer;
  smtp: SmtpSink;
  seed: LoadResult;
  tokens: { secretariat: string; chair: string; issued: boolean; file: string };
  stop(): Promise<void>;
}

const COMMITTEE = "sundhedsklynge-syd";

/**
 * Tokens survive restarts (kept in the data folder, readable only by its owner) unless KLYNGEFLOW_TOKEN sets
 * the secretariat's. `issued` is true when a token is new this start: only then are they printed.
 */
function persistedTokens(config: LocalConfig): { secretariat: string; chair: string; issued: boolean; file: string } {
  const file = join(config.dataDir, "api-tokens.json");
  const saved = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as { secretariat: string; chair: string }) : undefined;
  const tokens = { secretariat: config.tokenFromEnv ? config.token : (saved?.secretariat ?? config.token), chair: saved?.chair ?? newApiToken() };
  const issued = tokens.secretariat !== saved?.secretariat || tokens.chair !== saved?.chair;
  if (issued) writeFileSync(file, JSON.stringify(tokens, null, 2), { mode: 0o600 });
  return { ...tokens, issued, file };
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
  const rulebook = loadRulebookFile(`${RULEBOOK_DIR}sundhedsklynge-syd-2026.json`);
  const plan = loadMeetingPlan(`${RULEBOOK_DIR}sundhedsklynge-syd-plan-2026.json`);
  const seed = await loadCommittee(deps.store, deps.clock, rulebook, plan.meetings, { pastAsHeld: true });
  if (seed.created) {
    const initiatives = JSON.parse(readFileSync(`${RULEBOOK_DIR}sundhedsklynge-syd-initiatives.json`, "utf8")) as { initiatives: Parameters<typeof upsertInitiative>[2][] };
    for (const i of initiatives.initiatives) await upsertInitiative(deps, COMMITTEE, i, "seed");
  }
  const tokens = persistedTokens(config);
  await issueApiToken(deps.store, deps.clock.now(), { token: tokens.secretariat, role: "secretariat", committeeId: COMMITTEE, name: "Sekretariatet" });
  await issueApiToken(deps.store, deps.clock.now(), { token: tokens.chair, role: "chair", committeeId: COMMITTEE, name: "Formandskabet" });
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
  // Idempotent: running cycles are found by name; a new plan's meetings get theirs.
  await startMeetingCycles(deps, COMMITTEE);
  // Replies whose processing was cut off by a crash are stored raw: finish them now.
  await sweepInbound(deps, deps.blobs, localInboundSweep);
  await sweepLinkActions(deps);
  const smtp = await startSmtpSink(deps, config.smtpPort, {
    queue: judging,
    onResult: (r) => {
      if (!options.quiet) console.log(`SMTP: svar modtaget – ${word(INBOUND_OUTCOME_DA, r.outcome)}${r.recorded ? ` (${r.recorded})` : ""}`);
    },
  });
  return {
    config, runtime, http, smtp, seed, tokens,
    async stop() {
      await smtp.stop();
      await http.stop();
      await runtime.stop();
    },
  };
}
