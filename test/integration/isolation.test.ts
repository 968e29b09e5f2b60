/**
 * Several committees per deployment (issue 22, item 2): committees stay isolated. Generated from the API's
 * route table (functions/http/api-routes.ts), so a new route is covered the day it is added: for every route,
 * committee A's tokens (secretariat and chair) can neither see nor change committee B's records — on B's
 * paths they are refused (403), and on A's own paths with B's ids they reach nothing of B's. "Nothing of
 * B's changed" is checked on the table itself (every item of B, scanned from AWS's DynamoDB Local), "nothing
 * seen" on every response. A is Politisk Sundhedsklynge Syd, B the fictional second committee, created
 * through the API as a secretariat would.
 */
import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dynamoClient } from "#adapters/store";
import { issueApiToken } from "#functions/committee/api-tokens";
import { makeApp } from "#functions/http/app";
import { apiRoutes } from "#functions/http/api-routes";
import { startMeetingCycles } from "#functions/meetings/plan";
import { readJson } from "../support/rulebooks.ts";
import { startTestRuntime, type TestRuntime } from "../support/runtime.ts";

const A = "sundhedsklynge-syd";
const B = "nordkysten";
const A_SECRETARIAT = "kf_isolation-a-secretariat-0123456789";
const A_CHAIR = "kf_isolation-a-chair-0123456789abcdef";
const NORDKYSTEN = readJson("rulebooks/examples/nordkysten-2026.json") as { id: string };
const NORDKYSTEN_PLAN = readJson("rulebooks/examples/nordkysten-plan-2026.json") as { meetings: unknown[] };
/** What only B's records hold: none may appear in an answer to A's tokens. */
const B_MARKERS = ["Sundhedsudvalget Nordkysten", "@fjordhavn.example.org", "Nordkystens hemmelige sag", "Fjordhavn Rådhus", "Borgmester i Fjordhavn"];

/** A valid body for each route that takes one (a route added without an example fails the last test). */
const EXAMPLES: Record<string, unknown> = {
  "POST /api/committees": { rulebook: NORDKYSTEN, plan: NORDKYSTEN_PLAN.meetings },
  "POST /api/committees/{committee}/rulebooks": { rulebook: { ...NORDKYSTEN, id: "nordkysten-2027" }, effectiveFrom: "2027-06-01" },
  "PUT /api/committees/{committee}/seats/{seat}": { title: "Borgmester", member: { name: "Overtager", email: "overtager@example.org" }, substitutes: [] },
  "POST /api/committees/{committee}/seats/{seat}/member-page/revoke": {},
  "POST /api/committees/{committee}/seats/import": { csv: "seat_id,constituency,title,member_name,member_email\nfjordhavn,municipality,Borgmester,Overtager,overtager@example.org\n" },
  "POST /api/committees/{committee}/representations": { seatId: "fjordhavn", substituteId: "fjordhavn-suppleant", from: "2027-04-01T00:00" },
  "POST /api/committees/{committee}/meetings": { startsAt: "2027-10-05T15:30", location: "Et sted" },
  "PUT /api/committees/{committee}/meetings/{id}/items/{item}": { title: "Overtaget punkt", description: "", authoritiesOnly: false, concernsGeneralPractice: false },
  "POST /api/committees/{committee}/meetings/{id}/items/{item}/move": { direction: "up" },
  "POST /api/committees/{committee}/meetings/extraordinary": { startsAt: "2027-05-20T15:00", location: "Et sted", items: [{ title: "Et punkt", description: "" }] },
  "POST /api/committees/{committee}/meetings/{id}/move": { startsAt: "2027-03-16T15:30" },
  "POST /api/committees/{committee}/meetings/{id}/items": { title: "Et punkt", description: "" },
  "POST /api/committees/{committee}/meetings/{id}/items/{item}/decision": { decision: "declined" },
  "POST /api/committees/{committee}/meetings/{id}/items/{item}/material": { name: "bilag.pdf", contentType: "application/pdf", contentBase64: "JVBERi0xLjQ=" },
  "POST /api/committees/{committee}/meetings/{id}/items/{item}/material/upload": { name: "bilag.pdf", contentType: "application/pdf" },
  "POST /api/committees/{committee}/meetings/{id}/apologies": { seatId: "fjordhavn", substituteAttends: false },
  "POST /api/committees/{committee}/meetings/{id}/attendance": { present: [{ seatId: "fjordhavn", substitute: false }] },
  "POST /api/committees/{committee}/meetings/{id}/minutes": { name: "protokol.pdf", contentType: "application/pdf", contentBase64: "JVBERi0xLjQ=" },
  "POST /api/committees/{committee}/meetings/{id}/minutes/upload": { contentType: "application/pdf" },
  "POST /api/committees/{committee}/written-votes": { title: "En sag", question: "Godkender I?" },
  "PUT /api/committees/{committee}/initiatives/{initiative}": { name: "Overtaget", owner: { name: "Ejer", email: "ejer@example.org" }, fundsDkk: 1, goals: [], active: true },
};

let t: TestRuntime;
let app: Hono;
let bTokens: { secretariat: string; chair: string };
let bVote = "";
let bItem = "";

async function call(method: string, path: string, token: string, body?: unknown) {
  const res = await app.request(path, { method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, text: await res.text() };
}

/** Every item of B's in the table, as stored (keys, index entries and all), in key order. */
async function recordsOfB(): Promise<string[]> {
  const client = dynamoClient({ tableName: t.rt.tableName, endpoint: t.rt.dynamo.endpoint });
  try {
    const items: string[] = [];
    let start: Record<string, import("@aws-sdk/client-dynamodb").AttributeValue> | undefined;
    do {
      const out = await client.send(new ScanCommand({ TableName: t.rt.tableName, ...(start ? { ExclusiveStartKey: start } : {}) }));
      for (const raw of out.Items ?? []) {
        const item = unmarshall(raw);
        const text = JSON.stringify(item);
        if (item.committeeId === B || text.includes(`#${B}#`) || text.includes(`C#${B}"`)) items.push(text);
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return items.sort();
  } finally {
    client.destroy();
  }
}

/** A route's path with the committee and the ids given. */
function concrete(path: string, committee: string, ids: { meeting: string; vote: string; item: string; seat: string; initiative: string }): string {
  const isVote = path.includes("/written-votes/");
  return path.replace("{committee}", committee).replace("{id}", isVote ? ids.vote : ids.meeting).replace("{item}", ids.item).replace("{seat}", ids.seat).replace("{initiative}", ids.initiative);
}

beforeAll(async () => {
  t = await startTestRuntime({ start: "2027-03-02T10:00:00+01:00", plan: [{ id: "2027-04-22", startsAt: "2027-04-22T14:00", location: "Hvidovre Hospital" }] });
  await issueApiToken(t.deps.store, t.now(), { token: A_SECRETARIAT, role: "secretariat", committeeId: A, name: "Sekretariatet A" });
  await issueApiToken(t.deps.store, t.now(), { token: A_CHAIR, role: "chair", committeeId: A, name: "Formandskabet A" });
  await startMeetingCycles(t.deps, A);
  app = makeApp(t.deps);
  // B is created through the API by A's secretariat, and gets tokens of its own.
  const created = await call("POST", "/api/committees", A_SECRETARIAT, EXAMPLES["POST /api/committees"]);
  expect(created.status).toBe(201);
  bTokens = (JSON.parse(created.text) as { tokens: { secretariat: string; chair: string } }).tokens;
  // B's own records: a vote, an agenda item with material, an initiative, an apology.
  const vote = await call("POST", `/api/committees/${B}/written-votes`, bTokens.secretariat, { title: "Nordkystens hemmelige sag", question: "Godkender I den hemmelige sag?" });
  bVote = (JSON.parse(vote.text) as { id: string }).id;
  const item = await call("POST", `/api/committees/${B}/meetings/2027-03-09/items`, bTokens.secretariat, { title: "Nordkystens hemmelige sag på mødet", description: "" });
  bItem = (JSON.parse(item.text) as { itemId: string }).itemId;
  await call("POST", `/api/committees/${B}/meetings/2027-03-09/items/${bItem}/material`, bTokens.secretariat, EXAMPLES["POST /api/committees/{committee}/meetings/{id}/items/{item}/material"]);
  await call("PUT", `/api/committees/${B}/initiatives/kyst`, bTokens.secretariat, { name: "Nordkystens hemmelige sag (indsats)", owner: { name: "Borgmester i Fjordhavn (fiktiv)", email: "borgmester@fjordhavn.example.org" }, fundsDkk: 10, goals: [], active: true });
  await call("POST", `/api/committees/${B}/meetings/2027-03-09/apologies`, bTokens.secretariat, { seatId: "fjordhavn", substituteAttends: true });
  await t.rt.executor.idle();
}, 120_000);
afterAll(async () => { await t?.stop(); });

describe("Committees stay isolated, route by route (generated from the route table, issue 22 item 2)", () => {
  const B_IDS = () => ({ meeting: "2027-03-09", vote: bVote, item: bItem, seat: "fjordhavn", initiative: "kyst" });

  it("B was created through the API with tokens of its own; A's token was not widened to it", async () => {
    expect(bVote).toMatch(/^v2027/);
    expect((await call("GET", `/api/committees/${B}`, bTokens.secretariat)).status).toBe(200);
    expect((await call("GET", `/api/committees/${B}`, A_SECRETARIAT)).status).toBe(403);
    expect((await recordsOfB()).length).toBeGreaterThan(50);
  });

  for (const r of apiRoutes) {
    const key = `${r.method.toUpperCase()} ${r.path}`;
    it(`${key}: A's tokens neither see nor change B's records`, async () => {
      const before = await recordsOfB();
      const body = r.body ? EXAMPLES[key] : undefined;
      const answers: { status: number; text: string; what: string }[] = [];
      if (r.path.includes("{committee}")) {
        // On B's own paths: refused before anything is read, whatever the role.
        for (const token of [A_SECRETARIAT, A_CHAIR]) {
          const res = await call(r.method.toUpperCase(), concrete(r.path, B, B_IDS()), token, body);
          expect(res.status, `${key} on B's path`).toBe(403);
          answers.push({ ...res, what: "B's path" });
        }
        // On A's paths, naming B's meetings, votes, items, seats and initiatives: nothing of B's is reached.
        const res = await call(r.method.toUpperCase(), concrete(r.path, A, B_IDS()), r.roles.includes("secretariat") ? A_SECRETARIAT : A_CHAIR, body);
        answers.push({ ...res, what: "A's path with B's ids" });
      } else {
        // Outside any committee (creating one): B cannot be created again over itself.
        const res = await call(r.method.toUpperCase(), r.path, A_SECRETARIAT, body);
        expect(res.status, `${key} with B's id`).toBe(409);
        answers.push({ ...res, what: "B's id" });
      }
      for (const a of answers) for (const marker of B_MARKERS) expect(a.text, `${key} (${a.what}) shows ${marker}`).not.toContain(marker);
      expect(await recordsOfB(), `${key} changed B's records`).toEqual(before);
    });
  }

  it("every route that takes a body has an example here, so no new route goes untested", () => {
    const missing = apiRoutes.filter((r) => r.body && !(`${r.method.toUpperCase()} ${r.path}` in EXAMPLES)).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(missing).toEqual([]);
    expect(Object.keys(EXAMPLES).filter((k) => !apiRoutes.some((r) => `${r.method.toUpperCase()} ${r.path}` === k))).toEqual([]);
  });

  it("B's own tokens work on B and are refused on A", async () => {
    expect((await call("GET", `/api/committees/${B}/written-votes/${bVote}`, bTokens.chair)).text).toContain("Nordkystens hemmelige sag");
    expect((await call("GET", `/api/committees/${A}/meetings`, bTokens.secretariat)).status).toBe(403);
  });
});
