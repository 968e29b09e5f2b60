import { afterAll, beforeAll, describe, expect, it } from "vitest";
import nodemailer from "nodemailer";
import { issueApiToken } from "#functions/committee/api-tokens";
import { votePk } from "#adapters/records";
import { startTestStack } from "../support/stack.ts";

type Stack = Awaited<ReturnType<typeof startTestStack>>;
let s: Stack;
let base = "";
const C = "sundhedsklynge-syd";
const OTHER = "kf_token_of_another_committee_0001";
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  s = await startTestStack("2027-03-26T10:00:00+01:00");
  base = s.http.url;
  await issueApiToken(s.runtime.deps.store, s.runtime.deps.clock.now(), { token: OTHER, role: "secretariat", committeeId: "another-committee", name: "Et andet sekretariat" });
}, 60_000);
afterAll(async () => { await s?.close(); });

async function api(method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, { method, headers: { ...(token ? auth(token) : {}), ...(body ? { "content-type": "application/json" } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  let json: unknown;
  try { json = JSON.parse(text); } catch { json = text; }
  return { status: res.status, json: json as Record<string, unknown> & { problems?: { field: string }[] } };
}

describe("Local stack: every API route in the OpenAPI document refuses a missing or wrong token (401) and a wrong role (403)", () => {
  it("covers every route, for each: 401 without a token, 401 with a wrong one, 403 with another committee's, 403 with a role it does not allow", async () => {
    const doc = (await api("GET", "/api/openapi.json")).json as { paths: Record<string, Record<string, { "x-roles": string[] }>> };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, roles: op["x-roles"] })));
    expect(routes.length).toBeGreaterThanOrEqual(25);
    const concrete = (p: string) => p.replace("{committee}", C).replace(/\{\w+\}/g, "x");
    let roleChecks = 0;
    for (const r of routes) {
      const path = concrete(r.path);
      expect((await api(r.method, path)).status, `${r.method} ${r.path} without token`).toBe(401);
      expect((await api(r.method, path, "kf_not_a_valid_token_at_all_000")).status, `${r.method} ${r.path} wrong token`).toBe(401);
      // A route outside any committee (creating one) is open to every secretariat; isolation.test.ts covers it.
      if (r.path.includes("{committee}")) expect((await api(r.method, path, OTHER)).status, `${r.method} ${r.path} other committee`).toBe(403);
      if (!r.roles.includes("chair")) {
        expect((await api(r.method, path, s.tokens.chair)).status, `${r.method} ${r.path} as chair`).toBe(403);
        roleChecks += 1;
      }
    }
    expect(roleChecks).toBeGreaterThan(5);
    expect(routes.filter((r) => !r.path.includes("{committee}")).map((r) => `${r.method} ${r.path}`)).toEqual(["post /api/committees"]);
  });
});

describe("Local stack: input is validated and errors name the field", () => {
  it("wrong types, unknown fields and huge arrays are 400 with the field named", async () => {
    const t = s.tokens.secretariat;
    const wrongType = await api("POST", `/api/committees/${C}/written-votes`, t, { title: 42, question: "x" });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.problems?.map((p) => p.field)).toEqual(["title"]);
    const unknown = await api("POST", `/api/committees/${C}/written-votes`, t, { title: "x", question: "y", closes: "tomorrow" });
    expect(unknown.json.problems).toEqual([{ field: "closes", message: "unknown field" }]);
    const huge = await api("POST", `/api/committees/${C}/meetings/2027-04-22/attendance`, t, { present: Array.from({ length: 5000 }, () => ({ seatId: "ishoj", substitute: false })) });
    expect([huge.status, huge.json.problems?.[0]?.field]).toEqual([400, "present"]);
    const notJson = await fetch(`${base}/api/committees/${C}/written-votes`, { method: "POST", headers: { ...auth(t), "content-type": "application/json" }, body: "{nope" });
    expect(notJson.status).toBe(400);
    expect((await api("GET", `/api/committees/${C}/meetings/1999-01-01`, t)).status).toBe(404);
  });
});

describe("a written vote through the API, answered by link and by email", () => {
  let voteId = "";
  let links: Record<string, string> = {};

  it("POST …/written-votes opens a vote and returns its id; ballots carry member links", async () => {
    const r = await api("POST", `/api/committees/${C}/written-votes`, s.tokens.secretariat, { title: "Forlængelse af fælles ammeindsats", question: "Godkender I forlængelsen til 2028?" });
    expect(r.status).toBe(201);
    voteId = String(r.json.id);
    await s.runtime.executor.idle();
    const { readdirSync, readFileSync } = await import("node:fs");
    const { simpleParser } = await import("mailparser");
    for (const f of readdirSync(s.runtime.outboxDir)) {
      const m = await simpleParser(readFileSync(`${s.runtime.outboxDir}/${f}`));
      const to = Array.isArray(m.to) ? "" : (m.to?.value[0]?.address ?? "");
      const link = /(http:\/\/127\.0\.0\.1:\d+\/m\/[a-z0-9-]+)\?svar=for/.exec(m.text ?? "")?.[1];
      if (link) links[to] = link;
    }
    expect(Object.keys(links)).toHaveLength(17);
  });

  it("a GET (and HEAD) on a vote link, as a mail scanner does, changes nothing and is not cached", async () => {
    const link = links["borgmester@ishoj.example.org"] ?? "";
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${link}?svar=for`);
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      const page = await res.text();
      expect(page).toContain("Du er ved at registrere: <strong>JA (for)</strong>");
      expect(page).not.toContain("<script");
    }
    expect((await fetch(link, { method: "HEAD" })).status).toBe(200);
    expect(await s.runtime.deps.store.list("voteResponse", votePk(C, voteId), "RESPONSE#")).toEqual([]);
  });

  it("a POST records the vote; the vote page shows it per seat with channel and time", async () => {
    const res = await fetch(links["borgmester@ishoj.example.org"] ?? "", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "svar=for&bemaerkning=" });
    expect(await res.text()).toContain("Dit svar er registreret");
    const view = await api("GET", `/api/committees/${C}/written-votes/${voteId}`, s.tokens.chair);
    const ishoj = (view.json.responses as { seat: string; answer: string; channel: string; receivedAt: string }[]).find((r) => r.seat === "ishoj");
    expect(ishoj).toMatchObject({ answer: "for", channel: "link", receivedAt: "2027-03-26T10:00:00+01:00" });
    expect(view.json).toMatchObject({ status: "open", outcome: null });
    expect((view.json.responses as unknown[]).length).toBe(17);
  });

  it("R-3.6: JA then NEJ by email before the close counts NEJ", async () => {
    const reply = async (answer: string, n: number) => {
      const transport = nodemailer.createTransport({ host: "127.0.0.1", port: s.smtp.port, secure: false, ignoreTLS: true });
      const link = links["borgmester@dragor.example.org"] ?? "";
      const token = /\/m\/([a-z0-9-]+)$/.exec(link)?.[1];
      await transport.sendMail({ from: "Borgmester i Dragør <borgmester@dragor.example.org>", to: `svar+${token}@svar.sundhedsklynge-syd.example.org`, subject: "SV: Skriftlig votering", text: `${answer}\n\n> Svar JA, NEJ, UNDLAD eller INDSIGELSE`, messageId: `<dragor-${n}@mail.example.net>` });
      // 250 means stored; the sink judges it right after, as SES's Lambda would.
      await s.smtp.idle();
    };
    await reply("JA", 1);
    await s.runtime.executor.runUntil(Date.parse("2027-03-26T12:00:00+01:00"));
    await reply("NEJ", 2);
    await s.runtime.executor.idle();
    const view = await api("GET", `/api/committees/${C}/written-votes/${voteId}`, s.tokens.secretariat);
    const dragor = (view.json.responses as { seat: string; answer: string; channel: string; changes: number }[]).find((r) => r.seat === "dragor");
    expect(dragor).toMatchObject({ answer: "against", channel: "email", changes: 1 });
  });

  it("a POST replayed after the close does not count, and says so", async () => {
    await s.runtime.executor.runUntil(Date.parse("2027-04-05T00:00:00+02:00"));
    const res = await fetch(links["borgmester@ishoj.example.org"] ?? "", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "svar=against" });
    expect(await res.text()).toContain("Afstemningen er afsluttet");
    const view = await api("GET", `/api/committees/${C}/written-votes/${voteId}`, s.tokens.secretariat);
    expect((view.json.responses as { seat: string; answer: string }[]).find((r) => r.seat === "ishoj")?.answer).toBe("for");
    expect((view.json.notCounted as { seat: string; reason: string }[])).toEqual([expect.objectContaining({ seat: "ishoj", reason: "after-close" })]);
    expect(view.json.status).toBe("closed");
  });

  it("a forged link (valid shape, wrong signature) is refused without a lookup", async () => {
    const link = links["borgmester@ishoj.example.org"] ?? "";
    const forged = link.replace(/.$/, (c) => (c === "a" ? "b" : "a"));
    expect((await fetch(forged)).status).toBe(404);
  });
});
