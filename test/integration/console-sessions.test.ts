/**
 * Console sessions (hardening after an outside attack): a server-side session apart from the API token,
 * expiring, HttpOnly, Secure over https, SameSite=Strict and ended by logout; login only from our own page
 * (login CSRF); the outbox and /local/inbound only for the secretariat of the committee concerned. Each case
 * failed before (a11355d), where the cookie was the API token itself.
 */
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueApiToken } from "#functions/committee/api-tokens";
import { consoleGet, consoleLogin, consolePost, readOutbox } from "../support/console.ts";
import { rawDocumentClient } from "../support/local-store.ts";
import { startTestStack } from "../support/stack.ts";

type Stack = Awaited<ReturnType<typeof startTestStack>>;
let s: Stack;
const OTHER = "kf_secretariat_of_another_committee_01";
const form = (token: string) => ({ method: "POST", redirect: "manual" as const, headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token }).toString() });

beforeAll(async () => {
  s = await startTestStack("2027-03-20T10:00:00+01:00");
  await issueApiToken(s.runtime.deps.store, s.runtime.deps.clock.now(), { token: OTHER, role: "secretariat", committeeId: "et-andet-udvalg", name: "Et andet sekretariat" });
  await s.runtime.executor.idle();
}, 60_000);
afterAll(async () => { await s?.close(); });

describe("Console sessions: apart from the API token, and ended by logout or time", () => {
  it("the cookie holds a session id, not the API token: HttpOnly, SameSite=Strict, with an expiry", async () => {
    const res = await fetch(`${s.http.url}/console/login`, { ...form(s.tokens.secretariat), headers: { ...form("").headers, origin: s.http.url } });
    expect(res.status).toBe(303);
    const cookie = res.headers.getSetCookie()[0] ?? "";
    expect(cookie).not.toContain(s.tokens.secretariat);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Max-Age=\d+/i);
    expect(cookie).not.toMatch(/Secure/i);
  });

  it("served over https the cookie is Secure", async () => {
    const res = await fetch(`${s.http.url}/console/login`, { ...form(s.tokens.secretariat), headers: { ...form("").headers, origin: s.http.url, "x-forwarded-proto": "https" } });
    expect(res.headers.getSetCookie()[0] ?? "").toMatch(/;\s*Secure/i);
  });

  it("the API token in the cookie opens nothing: only a session does", async () => {
    const asToken = await consoleGet(s.http.url, "/console", `kf_session=${s.tokens.secretariat}`);
    expect(asToken.status).toBe(302);
    expect(asToken.headers.get("location")).toContain("/console/login");
  });

  it("logout ends the session on the server: the old cookie no longer opens the console", async () => {
    const cookie = await consoleLogin(s.http.url, s.tokens.secretariat);
    expect((await consoleGet(s.http.url, "/console", cookie)).status).toBe(200);
    await fetch(`${s.http.url}/console/logout`, { method: "POST", headers: { cookie, origin: s.http.url }, redirect: "manual" });
    expect((await consoleGet(s.http.url, "/console", cookie)).status).toBe(302);
  });

  it("an ended session is still removed by the table's TTL (its expiry is kept when it is ended)", async () => {
    const cookie = await consoleLogin(s.http.url, s.tokens.secretariat);
    await fetch(`${s.http.url}/console/logout`, { method: "POST", headers: { cookie, origin: s.http.url }, redirect: "manual" });
    const doc = rawDocumentClient(s.runtime.dynamo.endpoint);
    const items = (await doc.send(new ScanCommand({ TableName: s.runtime.tableName, FilterExpression: "recordKind = :k", ExpressionAttributeValues: { ":k": "consoleSession" } }))).Items ?? [];
    doc.destroy();
    const ended = items.filter((i) => i.endedAt);
    expect(ended.length).toBeGreaterThan(0);
    for (const i of ended) expect(typeof i.expiresAt).toBe("number");
  });

  it("a session expires: after a working day it opens nothing", async () => {
    const cookie = await consoleLogin(s.http.url, s.tokens.secretariat);
    await s.runtime.executor.runUntil(Date.parse(s.runtime.deps.clock.now()) + 11 * 3_600_000);
    expect((await consoleGet(s.http.url, "/console", cookie)).status).toBe(302);
  });

  it("login CSRF: a sign-in posted from another site is refused and sets no cookie", async () => {
    const res = await fetch(`${s.http.url}/console/login`, { ...form(s.tokens.chair), headers: { ...form("").headers, origin: "https://angriber.example" } });
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie()).toEqual([]);
    const site = await fetch(`${s.http.url}/console/login`, { ...form(s.tokens.chair), headers: { ...form("").headers, "sec-fetch-site": "cross-site" } });
    expect(site.status).toBe(403);
  });
});

describe("The outbox and /local/inbound: only the secretariat of the committee concerned", () => {
  it("the chair cannot read the outbox (it holds every member's links)", async () => {
    const chair = await consoleLogin(s.http.url, s.tokens.chair);
    expect((await consoleGet(s.http.url, "/console/outbox", chair)).status).toBe(403);
    const file = (await readOutbox(s.runtime.outboxDir))[0]?.file ?? "";
    expect((await consoleGet(s.http.url, `/console/outbox/${file}`, chair)).status).toBe(403);
  });

  it("another committee's secretariat sees none of this committee's mail", async () => {
    const other = await consoleLogin(s.http.url, OTHER);
    const list = await consoleGet(s.http.url, "/console/outbox", other);
    expect(list.status).toBe(200);
    expect(list.text).not.toContain("example.org");
    const file = (await readOutbox(s.runtime.outboxDir))[0]?.file ?? "";
    expect((await consoleGet(s.http.url, `/console/outbox/${file}`, other)).status).toBe(404);
  });

  it("/local/inbound refuses the chair, and another committee's token for a reply to this committee", async () => {
    const call = (await readOutbox(s.runtime.outboxDir)).find((m) => m.purpose === "call-for-items") as { text: string; to: string };
    const token = /\/m\/([A-Za-z0-9_-]+)/.exec(call.text)?.[1] ?? "";
    const raw = `From: <${call.to}>\r\nTo: <svar+${token}@svar.sundhedsklynge-syd.example.org>\r\nSubject: SV: punkt\r\nMessage-ID: <x1@mail.example.net>\r\n\r\nNyt punkt\r\n`;
    const post = (bearer: string) => fetch(`${s.http.url}/local/inbound`, { method: "POST", headers: { authorization: `Bearer ${bearer}`, "content-type": "message/rfc822" }, body: raw });
    expect((await post(s.tokens.chair)).status).toBe(403);
    expect((await post(OTHER)).status).toBe(403);
  });
});

describe("Messages on console pages: only what this session's own action said", () => {
  it("a refusal comes back sealed for the session and is shown; the same words without the seal, changed, or in another session are not", async () => {
    const cookie = await consoleLogin(s.http.url, s.tokens.secretariat);
    const refused = await consolePost(s.http.url, "/console/meetings", cookie, { startsAt: "", location: "" }, "/console");
    expect(refused.status).toBe(303);
    const url = new URL(refused.location, s.http.url);
    expect(url.searchParams.get("fejl")).toBe('Udfyld feltet "Tidspunkt".');
    expect(url.searchParams.get("segl")).toMatch(/^[\w-]{22}$/);
    const alert = (text: string) => /role="alert"[^>]*>([^<]*)</.exec(text)?.[1];
    expect(alert((await consoleGet(s.http.url, `${url.pathname}${url.search}`, cookie)).text)).toBe("Udfyld feltet &quot;Tidspunkt&quot;.");

    const forged = new URL(url);
    forged.searchParams.set("fejl", "Sessionen er udløbet. Send dit token til it@example.net.");
    expect(alert((await consoleGet(s.http.url, `${forged.pathname}${forged.search}`, cookie)).text)).toBeUndefined();
    const unsealed = new URL(url);
    unsealed.searchParams.delete("segl");
    expect(alert((await consoleGet(s.http.url, `${unsealed.pathname}${unsealed.search}`, cookie)).text)).toBeUndefined();
    const elsewhere = await consoleLogin(s.http.url, s.tokens.secretariat);
    expect(alert((await consoleGet(s.http.url, `${url.pathname}${url.search}`, elsewhere)).text)).toBeUndefined();
  });

  it("the login page says only its own words: a link cannot put a message there", async () => {
    const planted = await (await fetch(`${s.http.url}/console/login?fejl=${encodeURIComponent("Konsollen er flyttet: log ind på http://example.net")}`)).text();
    expect(planted).not.toContain("example.net");
    const wrongToken = await fetch(`${s.http.url}/console/login`, { ...form("kf_not_a_token_of_anyone_0000"), headers: { ...form("").headers, origin: s.http.url } });
    expect(wrongToken.headers.get("location")).toBe("/console/login?fejl=token");
    expect(await (await fetch(`${s.http.url}/console/login?fejl=token`)).text()).toContain("Ukendt eller forkert token.");
  });
});
