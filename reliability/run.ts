/**
 * `npm run reliability`: the whole campaign, written to RELIABILITY.md.
 *   --quick   fewer fault runs and 10 votes instead of 200 (a few minutes)
 * Full: faulty runs that together crash after every side effect index of the scenario (a crash every
 * SPACING effects, at each offset), 17 seats × 200 votes answered at once, and every hostile case.
 */
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { runConcurrency } from "./concurrency.ts";
import { runFlood } from "./flood.ts";
import { runHostileCases } from "./hostile.ts";
import { ROOT } from "#local/paths";
import { compare, runScenario } from "./crashes.ts";

const quick = process.argv.includes("--quick");
const SPACING = quick ? 4 : 25;
const offsets = quick ? [1, 3] : Array.from({ length: SPACING }, (_, i) => i);
const VOTES = quick ? 10 : 200;
const log = (l: string) => console.log(l);
const started = Date.now();

log(`Pålidelighedskampagne (${quick ? "kort" : "fuld"})`);
const clean = await runScenario(() => false);
log(`Ren kørsel: ${clean.effects} sideeffekter, ${clean.messages.size} e-mails, ${clean.seconds.toFixed(1)} s`);

const faultRows: string[] = [];
let totals = { runs: 0, crashes: 0, lost: 0, extra: 0, moved: 0, duplicates: 0, allowed: 0, failures: 0 };
const kinds = new Map<string, number>();
for (const offset of offsets) {
  const faulty = await runScenario((n) => n % SPACING === offset);
  const c = compare(clean, faulty);
  for (const k of faulty.crashes) kinds.set(k.after.replace(/\(.*/, ""), (kinds.get(k.after.replace(/\(.*/, "")) ?? 0) + 1);
  totals = {
    runs: totals.runs + 1, crashes: totals.crashes + faulty.crashes.length, lost: totals.lost + c.lost.length, extra: totals.extra + c.extra.length,
    moved: totals.moved + c.moved.length, duplicates: totals.duplicates + c.duplicates, allowed: totals.allowed + c.duplicatesAllowed, failures: totals.failures + (c.problems.length ? 1 : 0),
  };
  faultRows.push(`| every ${SPACING}th, from ${offset} | ${faulty.crashes.length} | ${c.lost.length} | ${c.extra.length} | ${c.moved.length} | ${c.duplicates} / ${c.duplicatesAllowed} | ${faulty.reconciled.resent} | ${faulty.audit.ok ? "intact" : "BROKEN"} | ${c.problems.length ? c.problems.join("; ") : "none"} |`);
  log(`  crash hvert ${SPACING}. fra ${offset}: ${faulty.crashes.length} nedbrud, problemer: ${c.problems.length ? c.problems.join("; ") : "ingen"}`);
}

log(`Samtidighed: 17 pladser × ${VOTES} voteringer`);
const conc = await runConcurrency(VOTES, { log });
const FLOOD = quick ? 200 : 1000;
log(`Flod: ${FLOOD} svar over SMTP, kill -9 midt i`);
const flood = await runFlood(FLOOD, { log });
const floodBad = flood.lost.length + flood.doubleCounted.length + flood.mismatches.length + flood.receiptsTwice.length + (flood.startCrashed ? 1 : 0) + (flood.auditOk ? 0 : 1);
log(`Fjendtlige input`);
const hostile = await runHostileCases();
const hostileBad = hostile.filter((r) => r.actual !== r.expected);

const date = new Date().toISOString().slice(0, 10);
const md = `# Reliability

What was tried against klyngeflow, and what was lost or doubled. Reproduce with \`npm run reliability\`
(full, ~${Math.round((Date.now() - started) / 60000)} min here) or \`npm run reliability -- --quick\`; a reduced campaign runs in \`npm test\`
(\`test/reliability/\`). This file was written by the ${quick ? "quick" : "full"} run on ${date}, on ${cpus().length} cores (${cpus()[0]?.model ?? "unknown CPU"}).

## Summary

| what | tried | lost | doubled | crashed |
|---|---|---|---|---|
| process killed after a side effect | ${totals.crashes} crashes in ${totals.runs} runs (every effect index of the scenario is hit${quick ? " in the full run" : ""}) | ${totals.lost} emails, ${totals.moved} deadlines moved | ${totals.duplicates} emails sent twice: after each of the ${totals.allowed} crashes right after a send, the provider (the outbox) was asked and the email recorded as sent, not resent; 0 responses | ${totals.failures} runs with a problem |
| concurrency (17 seats × ${VOTES} votes, link + SMTP mixed) | ${conc.answersSent} answers incl. ${conc.redeliveries} redeliveries and ${conc.changes} changed answers | ${conc.mismatches.length} tally mismatches | ${conc.doubleCounted} responses counted twice | 0 |
| a flood of ${flood.replies} replies, \`kill -9\` of \`npm start\` in the middle | ${flood.replies} replies (${flood.redeliveries} delivered twice), ${flood.acceptedBeforeKill} accepted before the kill, ${flood.resentAfterRestart} sent again after the restart | ${flood.lost.length} replies | ${flood.doubleCounted.length} counted twice, ${flood.receiptsTwice.length} receipts twice | ${flood.startCrashed ? "the restart crashed" : "0"}; audit ${flood.auditOk ? "intact" : "BROKEN"} |
| hostile and broken input | ${hostile.length} cases | ${hostile.filter((r) => r.rawKept === false).length} raw inputs not kept | — | ${hostile.filter((r) => r.actual.startsWith("CRASH")).length}; ${hostileBad.length} outcomes other than documented |

## 1. Fault injection

The scenario: the meeting of 2027-04-22 with its call for items, a late item request, an initiative report,
a written vote answered by five seats (one changes its answer), ended at once by an objection to the written
procedure, a reply after the close, the agenda released by the chair, an apology, minutes version 1 with an
objection, the revision alert, version 2 and its approval — ${clean.messages.size} emails, ${clean.effects} side effects.
Each faulty run kills "the process" right after every ${SPACING}th side effect (store write, email sent, raw
blob stored), restarts the runtime on the same data (executions re-driven from their last wait) and retries
the interrupted action (a redelivered email event, a repeated API call). It must end exactly like the clean run:
the same emails to the same people, first sent at the same second; the same decisions, responses, apologies,
objections, items and reports; no failed execution; the audit chain intact.
A crash right after a send leaves an email claimed but unconfirmed; the retry asks the provider (here the
outbox) whether it has the message before sending. On AWS, SES cannot be asked: there such an email would be
resent with the same Message-ID, and the reconciler reports it.

| crashes | crashed | lost | extra | first sent at another time | duplicates / crashes right after a send | resends reported | audit | problems |
|---|---|---|---|---|---|---|---|---|
${faultRows.join("\n")}

Crashes by the side effect they followed: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(", ")}.

Bugs this found (fixed before the numbers above): minutes half-sent when a run died after marking the version
sent; a round never evaluated when a re-drive landed before it (a silent stall); a restart restarting a
waiting callback's timeout (escalations days late); a retried reply's receipt never sent.

The named faults: *dies after SES accepted a message but before the "sent" write* — resent once with the same
Message-ID, reported (\`resends\` on the email record, \`reconcileEmails\`); *inbound event lost or delivered
twice* — the raw copy is stored first, the sweeper processes it once by receipt id (test/reliability/faults);
*a scanner fetches the link* — GET/HEAD change nothing (hostile cases \`link-scanner-get-head\`, browser test);
*everyone answers in the last minute* — 14 answers in 23:59:00–23:59:59 count, 3 at 00:00:00+ do not; *a hard
bounce on a ballot* — the address is marked, chairs and secretariat alerted, listed beside the quorum forecast.

## 2. Concurrency

All 17 seats answered ${VOTES} written votes at once (${conc.ingestion.viaLink} by member link over HTTP, ${conc.ingestion.viaSmtp} by email over SMTP,
32 at a time), in three rounds a minute apart: first answers from 16 seats, then ${conc.changes} changed answers and
${conc.redeliveries} redeliveries of the same message, then the 17th seat, which closes each vote early. The reference
tally was computed from the inputs alone. "ingestion": answers per second until every answer of every round was
judged (answers by email are judged one at a time after the SMTP server's 250); p50/p99: until the member's
page (which judges the answer) or the 250.

| votes | answers | mismatches with the reference | counted twice | ingestion | p50 | p99 |
|---|---|---|---|---|---|---|
| ${VOTES} | ${conc.answersSent} | ${conc.mismatches.length} | ${conc.doubleCounted} | ${conc.ingestion.perSecond.toFixed(1)}/s | ${conc.ingestion.p50ms.toFixed(0)} ms | ${conc.ingestion.p99ms.toFixed(0)} ms |

## 3. A flood with kill -9

The real \`npm start\` (local/start.ts, on the real clock, its store persisted in the data folder) gets ${flood.replies} email
replies over SMTP, 16 at a time, one per seat and vote (every 20th delivered twice). When half have been
answered 250 the process is killed with SIGKILL, whatever is in flight; it is started again on the same data
folder, and every reply that never got its 250 is sent again, as a mail server would. Then every vote must
show exactly the reference answers (none lost, none counted twice), every reply must have had one receipt,
and \`audit verify\` must find the trail intact. ${flood.seconds.toFixed(0)} s.

| replies | accepted before the kill | sent again | lost | mismatches | counted twice | receipts twice | restart | audit |
|---|---|---|---|---|---|---|---|---|
| ${flood.replies} | ${flood.acceptedBeforeKill} | ${flood.resentAfterRestart} | ${flood.lost.length} | ${flood.mismatches.length} | ${flood.doubleCounted.length} | ${flood.receiptsTwice.length} | ${flood.startCrashed ? "**crashed**" : "ok"} | ${flood.auditOk ? "intact" : "**BROKEN**"} |

## 4. Hostile and broken input

Every case runs against the whole local stack; for replies the raw bytes are checked to be kept.

| case | kind | what | documented outcome | outcome | raw kept |
|---|---|---|---|---|---|
${hostile.map((r) => `| ${r.id} | ${r.category} | ${r.description.replace(/\|/g, "\\|")} | ${r.expected} | ${r.actual === r.expected ? r.actual : `**${r.actual}**`} | ${r.rawKept === undefined ? "—" : r.rawKept ? "yes" : "**no**"} |`).join("\n")}

## 5. Access and records

- Committees are isolated: a token belongs to one committee; every API route answers 403 for another
  committee's token and 401 without a valid one (test/integration/http.test.ts checks every route in the
  OpenAPI document).
- Member pages show one matter: the signed token in the path is the only credential; material and minutes are
  served only through it and only for items the seat may see (R-3.4, R-3.8); links expire with the matter and
  are revoked when a vote is cancelled.
- Logs carry no email bodies or tokens (test/reliability/faults.test.ts captures every log line of a cycle).
- Audit trail: every request, release, send batch, response, objection and outcome is appended with who, when,
  channel and a reference to the raw input, hash-chained per matter, each hash sealed with an HMAC under audit
  keys the table does not hold, each chain's head anchored outside the table (an append-only file locally, S3
  Object Lock in AWS); \`klyngeflow audit verify\` names a changed entry, a chain rehashed without the key, a
  removed newest entry and a vote response, objection, apology or minutes version that disagrees with its entry
  (test/integration/audit.test.ts, test/integration/audit-evidence.test.ts).
- Records the law expects: decisions with each member's vote and recorded dissent (KSL § 13: the vote view and
  the result email's table); every message sent or received with date and raw content, exportable per meeting
  as JSON and CSV (offentlighedsloven § 15).
`;
writeFileSync(join(ROOT, "RELIABILITY.md"), md);
log(`RELIABILITY.md skrevet (${((Date.now() - started) / 1000).toFixed(0)} s)`);
const ok = totals.failures === 0 && conc.mismatches.length === 0 && conc.doubleCounted === 0 && hostileBad.length === 0 && floodBad === 0;
process.exit(ok ? 0 : 1);
