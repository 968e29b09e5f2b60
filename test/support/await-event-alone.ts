/**
 * Runs the await-event Lambda's module as its bundle runs in AWS: in a process that imports nothing else of
 * ours. The store is set up with raw records (no use case is imported), the agenda already released; the
 * task is then asked to wait for the release. Prints what the task did as one JSON line.
 */
import { systemClock } from "#adapters/clock";
import { dynamoClient, Store } from "#adapters/store";
import { startLocalDynamo } from "#local/dynamo-server";
import { ensureTable } from "#local/tables";
import { rulebook2026 } from "./rulebooks.ts";
import { factories } from "./factories.ts";

const dynamo = await startLocalDynamo();
await ensureTable(dynamo.endpoint, "alone");
const clock = systemClock();
const store = new Store(dynamoClient({ tableName: "alone", endpoint: dynamo.endpoint }), "alone", clock);
await store.create("rulebook", factories.rulebook());
for (const seat of rulebook2026.seats) await store.create("seat", { committeeId: "sundhedsklynge-syd", ...seat, rev: 0 });
await store.create("committee", factories.committee());
await store.create("meeting", factories.meeting({ agendaReleasedAt: "2027-04-08T10:00:00+02:00", agendaReleasedBy: "region-1" }));

const resumed: string[] = [];
const workflows = {
  start: async () => ({ executionArn: "" }), stop: async () => undefined, fail: async () => undefined, status: async () => "RUNNING",
  resume: async (taskToken: string) => { resumed.push(taskToken); return true; },
};
const { awaitEventTask } = await import("#functions/await-event");
const run = awaitEventTask.make({ store, clock, workflows, mailer: undefined, blobs: undefined, keys: undefined, settings: undefined } as never);
const out = await run({ committeeId: "sundhedsklynge-syd", awaiting: "meeting/2027-04-22#agenda-released", taskToken: "token-1" });
process.stdout.write(`${JSON.stringify({ out, resumed })}\n`);
await dynamo.stop();
