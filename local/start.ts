/** `npm start`: the whole local stack in one process. Ctrl-C stops it cleanly; a second start resumes. */
import { ConfigError, readLocalConfig, type LocalConfig } from "./config.ts";
import { startLocalStack } from "./stack.ts";

const started = Date.now();
let settings: LocalConfig;
try {
  settings = readLocalConfig();
} catch (e) {
  // A wrong setting is the user's to fix: one Danish line, no stack trace.
  if (!(e instanceof ConfigError)) throw e;
  process.stderr.write(`klyngeflow: ${e.message}\n`);
  process.exit(2);
}
const stack = await startLocalStack(settings);
const { config, seed, http, smtp, runtime, tokens } = stack;
const running = (await runtime.executor.list()).filter((e) => e.status === "RUNNING").length;

console.log(`
klyngeflow kører lokalt (klar på ${((Date.now() - started) / 1000).toFixed(1)} s)

  Konsol:            ${http.url}/console
  API:               ${http.url}/api   (OpenAPI: ${http.url}/api/openapi.json)
${tokens.issued
    ? `  API-token:         ${tokens.secretariat}   (sekretariatet; log ind i konsollen med det)
  Formandskab-token: ${tokens.chair}
  (Tokens vises kun, når de er nye; de gemmes i ${tokens.file})`
    : `  API-tokens:        gemt i ${tokens.file} (vises kun ved første start)`}
  SMTP (svar ind):   127.0.0.1:${smtp.port}   (fx: npx klyngeflow inbound svar.eml)
  Udbakke:           ${runtime.outboxDir}   (også i konsollen under "Udbakke")
  Data:              ${config.dataDir}
  Sundhedsklynge Syd: ${seed.created ? "indlæst" : "fortsætter"} – ${seed.seats} pladser, ${seed.meetings} møder i mødeplanen, ${running} aktive forløb

Stop med Ctrl-C; næste start fortsætter, hvor den slap.
`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopper …`);
  await stack.stop();
  console.log("Stoppet. Data er gemt.");
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
