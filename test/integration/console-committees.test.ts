/**
 * A user with roles in several committees switches between them in the console (issue 22, item 2): a session
 * holds further roles only by tokens of those committees, switching needs the other token still valid, each
 * committee's role applies in it (a chair there is a chair), and what the console shows is always the current
 * committee's alone.
 */
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueApiToken, revokeApiToken, hashApiToken } from "#functions/committee/api-tokens";
import { readJson } from "../support/rulebooks.ts";
import { api, consoleGet, consoleLogin, consolePost, visibleText } from "../support/console.ts";
import { rawDocumentClient } from "../support/local-store.ts";
import { startTestStack } from "../support/stack.ts";

type Stack = Awaited<ReturnType<typeof startTestStack>>;
let s: Stack;
let nordkysten: { secretariat: string; chair: string };
const NORDKYSTEN = readJson("rulebooks/examples/nordkysten-2026.json");
const PLAN = readJson("rulebooks/examples/nordkysten-plan-2026.json") as { meetings: unknown[] };

beforeAll(async () => {
  s = await startTestStack("2027-03-20T10:00:00+01:00");
  const created = await api(s.http.url, "POST", "/api/committees", s.tokens.secretariat, { rulebook: NORDKYSTEN, plan: PLAN.meetings });
  nordkysten = created.json.tokens as { secretariat: string; chair: string };
  await s.runtime.executor.idle();
}, 60_000);
afterAll(async () => { await s?.close(); });

const heading = (page: string) => /<h1>([^<]*)<\/h1>/.exec(page)?.[1] ?? "";

describe("Console: roles in several committees, one session", () => {
  it("adds a committee by its token, switches to it and back; each page shows only the current committee", async () => {
    const base = s.http.url;
    const cookie = await consoleLogin(base, s.tokens.secretariat);
    expect(heading((await consoleGet(base, "/console", cookie)).text)).toBe("Politisk Sundhedsklynge Syd");
    // Without a role there, no switch: the session holds none in Nordkysten yet.
    const refused = await consolePost(base, "/console/udvalg/skift", cookie, { udvalg: "nordkysten" }, "/console/udvalg");
    expect(refused.location).toContain("Du har ingen gyldig rolle i det udvalg; tilføj det med dets token.");
    expect(heading((await consoleGet(base, "/console", cookie)).text)).toBe("Politisk Sundhedsklynge Syd");

    const wrong = await consolePost(base, "/console/udvalg/tilfoej", cookie, { token: "kf_not-a-token-of-anything-000" }, "/console/udvalg");
    expect(wrong.location).toContain("Tokenet er ukendt eller tilbagekaldt");
    const added = await consolePost(base, "/console/udvalg/tilfoej", cookie, { token: nordkysten.chair }, "/console/udvalg");
    expect(added.location).toContain("Sundhedsudvalget Nordkysten (fiktivt eksempel) er tilføjet");
    const list = visibleText((await consoleGet(base, "/console/udvalg", cookie)).text);
    expect(list).toContain("Politisk Sundhedsklynge Syd sekretariat vises nu");
    expect(list).toContain("Sundhedsudvalget Nordkysten (fiktivt eksempel) formandskab Skift til Sundhedsudvalget Nordkysten");

    expect((await consolePost(base, "/console/udvalg/skift", cookie, { udvalg: "nordkysten" }, "/console/udvalg")).location).toMatch(/^\/console\?ok=Du arbejder nu i Sundhedsudvalget Nordkysten/);
    const plan = (await consoleGet(base, "/console", cookie)).text;
    expect(heading(plan)).toBe("Sundhedsudvalget Nordkysten (fiktivt eksempel)");
    expect(plan).toContain("Fjordhavn Rådhus");
    expect(plan).not.toContain("Hvidovre");
    // The role that applies is the one held in this committee: as its chair, no new version of its rulebook.
    expect((await consoleGet(base, "/console/forretningsorden/ny", cookie)).status).toBe(403);
    // A meeting of the other committee is not found from here.
    expect((await consoleGet(base, "/console/meetings/2027-04-22", cookie)).text).not.toContain("Hvidovre");

    expect((await consolePost(base, "/console/udvalg/skift", cookie, { udvalg: "sundhedsklynge-syd" }, "/console/udvalg")).location).toContain("Du arbejder nu i Politisk Sundhedsklynge Syd");
    expect(heading((await consoleGet(base, "/console", cookie)).text)).toBe("Politisk Sundhedsklynge Syd");
    expect((await consoleGet(base, "/console/forretningsorden/ny", cookie)).status).toBe(200);
    // Changed in place, the session keeps its expiry: the table's TTL still removes it.
    const doc = rawDocumentClient(s.runtime.dynamo.endpoint);
    const items = (await doc.send(new ScanCommand({ TableName: s.runtime.tableName, FilterExpression: "recordKind = :k", ExpressionAttributeValues: { ":k": "consoleSession" } }))).Items ?? [];
    doc.destroy();
    const switched = items.filter((i) => Array.isArray(i.others) && i.others.length > 0);
    expect(switched.length).toBeGreaterThan(0);
    for (const i of switched) expect(typeof i.expiresAt).toBe("number");
  });

  it("a role whose token was revoked can no longer be switched to, and is no longer listed", async () => {
    const base = s.http.url;
    const token = "kf_nordkysten-second-secretariat-01";
    await issueApiToken(s.runtime.deps.store, s.runtime.deps.clock.now(), { token, role: "secretariat", committeeId: "nordkysten", name: "Anden sekretær" });
    const cookie = await consoleLogin(base, s.tokens.secretariat);
    await consolePost(base, "/console/udvalg/tilfoej", cookie, { token }, "/console/udvalg");
    await revokeApiToken(s.runtime.deps.store, s.runtime.deps.clock.now(), hashApiToken(token));
    expect(visibleText((await consoleGet(base, "/console/udvalg", cookie)).text)).not.toContain("Nordkysten");
    expect((await consolePost(base, "/console/udvalg/skift", cookie, { udvalg: "nordkysten" }, "/console/udvalg")).location).toContain("Du har ingen gyldig rolle i det udvalg; tilføj det med dets token.");
    expect(heading((await consoleGet(base, "/console", cookie)).text)).toBe("Politisk Sundhedsklynge Syd");
  });
});
