/**
 * klyngeflow: the command line over the same core the Lambdas use.
 * Every command takes --json and then prints exactly one JSON document on stdout; invalid input exits
 * with status 2 and one line on stderr that names what is wrong.
 */
import { DomainError, InvalidInputError } from "#domain/errors";
import { inputProblemDa } from "#templates/cli";
import { admin } from "./admin.ts";
import { committee } from "./committee.ts";
import { commandHelp, commands as local, HelpRequested, usage, type Command } from "./commands.ts";
import { CliError } from "./errors.ts";

const commands: Record<string, Command> = { ...local, committee, admin };
const [name, ...args] = process.argv.slice(2);
const command = name ? commands[name] : undefined;

if (!name || name === "help" || name === "--help" || name === "-h") {
  process.stdout.write(usage());
  process.exit(name ? 0 : 2);
}
if (!command) {
  process.stderr.write(`klyngeflow: ukendt kommando "${name}"; brug en af: ${Object.keys(commands).join(", ")} (klyngeflow --help)\n`);
  process.exit(2);
}
try {
  process.exitCode = await command(args);
} catch (e) {
  const err = e instanceof Error ? e : new Error(String(e));
  if (e instanceof HelpRequested) {
    process.stdout.write(commandHelp(e.command));
    process.exit(0);
  }
  // Refusals (bad input, a rulebook that fails its checks) are the user's to fix: one line, exit 2.
  const known = e instanceof CliError || e instanceof DomainError;
  const text = e instanceof InvalidInputError ? inputProblemDa(e.field ?? "", e.problem, err.message.replace(/^[^:]+:\s*/, "")) : known ? err.message : "en uventet fejl; sæt KLYNGEFLOW_DEBUG=1 for detaljer";
  process.stderr.write(`klyngeflow ${name}: ${text}\n`);
  if (!known && process.env.KLYNGEFLOW_DEBUG) process.stderr.write(`${err.stack}\n`);
  process.exitCode = known ? 2 : 1;
}
