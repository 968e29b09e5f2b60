/** `npm start`: the whole local stack in one process. Ctrl-C stops it cleanly; a second start resumes. */
import { readLocalConfig } from "./config.ts";
import { startLocalStack } from "./stack.ts";

const started = Date.now();
const stack = await startLocalStack(readLocalConfig());
const { config, seed, http, smtp, runtime, tokens } = stack;
const running = (await runtime.executor.list()).filter((e) => e.status === "RUNNING").length;

console.log(`
klyngeflow kører lokalt (klar på ${((Date.now() - started) / 1000).toFixed(1)} s)

  Konsol:            ${http.url}/console
  API:               ${http.url}/api   (OpenAPI: ${http.url}/api/openapi.json)
  API-token:         ${tokens.secretariat}   (sekretariatet; log ind i konsollen med det)
  Formandskab-token: ${tokens.chair}
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
