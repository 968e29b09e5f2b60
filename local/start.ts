/** `npm start`: the whole local stack in one process. Ctrl-C stops it cleanly; a second start resumes. */
import { readLocalConfig } from "./config.ts";
import { startLocalStack } from "./stack.ts";

const started = Date.now();
const stack = await startLocalStack(readLocalConfig());
const { config, seed } = stack;

console.log(`klyngeflow kører lokalt (startet på ${Date.now() - started} ms)

  Data (DynamoDB-kompatibel, persisteret):  ${config.dataDir}/dynamodb   (endpoint ${stack.dynamo.endpoint})
  API-token:                                ${config.token}
  Sundhedsklynge Syd:                       ${seed.created ? "indlæst" : "allerede indlæst"} (${seed.seats} pladser, ${seed.meetings} møder i mødeplanen)

Stop med Ctrl-C.`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopper …`);
  await stack.stop();
  console.log("Stoppet. Data er gemt; næste start fortsætter herfra.");
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
