/**
 * Hostile and broken input: each case with its documented outcome. Run against the whole local
 * stack (HTTP, SMTP path, store) on virtual time; used by test/reliability/hostile.test.ts and by the
 * campaign that writes RELIABILITY.md. Every case must end with its expected outcome, no crash, and —
 * for replies — the raw input kept.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleParser } from "mailparser";

import { issueApiToken } from "#functions/committee/api-tokens";
import { processInbound } from "#functions/answers/email-replies";
import { recordRepresentation } from "#functions/committee/seats";
import { startLocalStack } from "#local/stack";
import { hardeningCases, lastHardeningCases } from "./hostile-hardening.ts";
import { emailOutcome, type Case, type Ctx } from "./hostile-kit.ts";
import { ROOT } from "#local/paths";

const C = "sundhedsklynge-syd";
const M = "2027-04-22";

export interface CaseResult {
  id: string;
  category: string;
  description: string;
  expected: string;
  actual: string;
  rawKept?: boolean;
}


async function context(dataDir: string): Promise<Ctx & { stop(): Promise<void> }> {
  const stack = await startLocalStack({ port: 0, smtpPort: 0, dataDir, token: "hostile-secretariat-token-000000", tokenFromEnv: true }, { virtualStart: "2027-02-01T09:00:00+01:00", quiet: true });
  const { runtime, http } = stack;
  const api: Ctx["api"] = async (method, path, body, token = stack.tokens.secretariat, headers = {}) => {
    const res = await fetch(`${http.url}${path}`, {
      method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
      ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: Record<string, unknown> = {};
    try { parsed = JSON.parse(text) as Record<string, unknown>; } catch { parsed = { text }; }
    return { status: res.status, body: parsed };
  };
  const mail: Ctx["mail"] = async (purpose, to, subjectIncludes) => {
    for (const f of readdirSync(runtime.outboxDir).sort().reverse()) {
      const m = await simpleParser(readFileSync(join(runtime.outboxDir, f)));
      const addr = Array.isArray(m.to) ? "" : (m.to?.value[0]?.address ?? "");
      if (addr === to && String(m.headers.get("x-klyngeflow-purpose")) === purpose && (!subjectIncludes || (m.subject ?? "").includes(subjectIncludes))) {
        return { replyTo: m.replyTo?.value[0]?.address ?? "", link: /(http:\/\/127\.0\.0\.1:\d+\/m\/[a-z0-9-]+)/.exec(m.text ?? "")?.[1] ?? "", subject: m.subject ?? "" };
      }
    }
    throw new Error(`no ${purpose} mail to ${to}`);
  };
  const reply: Ctx["reply"] = async (id, raw, verdicts) => {
    const bytes = typeof raw === "string" ? Buffer.from(raw, "utf8") : raw;
    const r = await processInbound(runtime.deps, { raw: bytes, receiptId: `hostile-${id}`, receivedAt: runtime.deps.clock.now(), channel: verdicts ? "ses" : "smtp", ...(verdicts ? { verdicts } : {}) });
    await runtime.executor.idle();
    const rec = await runtime.deps.store.get("inbound", { pk: `INBOUND#hostile-${id}`, sk: "INBOUND" });
    const kept = rec ? (await runtime.deps.blobs.get(rec.blobKey))?.equals(bytes) ?? false : false;
    return { outcome: r.outcome, reason: r.reason, rawKept: kept, answered: r.answered };
  };
  const rawReply: Ctx["rawReply"] = (from, to, text, id, extra = "") =>
    `From: ${from}\r\nTo: ${to}\r\nSubject: SV: Skriftlig votering\r\nMessage-ID: <${id}@mail.example.net>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n${extra}\r\n${text}\r\n`;
  return {
    stack, url: http.url, api, mail, reply, rawReply,
    at: async (time) => { await runtime.executor.runUntil(Date.parse(time)); },
    stop: () => stack.stop(),
  };
}



/** The cases that run while the vote "Sag Alfa" is open (2027-03-27). */
function openVoteCases(): Case[] {
  const ishoj = "borgmester@ishoj.example.org";
  const ballot = (ctx: Ctx, who = ishoj) => ctx.mail("ballot", who, "Sag Alfa");
  const viaEmail = (id: string, category: string, description: string, expected: string, make: (ctx: Ctx) => Promise<string | Buffer>, verdicts?: { dmarc?: string }): Case => ({
    id, category, description, expected,
    run: async (ctx) => { const r = await ctx.reply(id, await make(ctx), verdicts); return { outcome: emailOutcome(r), rawKept: r.rawKept }; },
  });
  return [
    viaEmail("token-forged", "token", "a reply address whose signature was altered", "not-accepted (token-forged)", async (ctx) => {
      const b = await ballot(ctx);
      const forged = b.replyTo.replace(/^(svar\+[a-z2-7]{26}-k1[a-z2-7]{25})([a-z2-7])/, (_, a: string, c: string) => a + (c === "a" ? "b" : "a"));
      return ctx.rawReply(ishoj, forged, "JA", "t1");
    }),
    viaEmail("token-malformed", "token", "a reply address with a made-up token", "not-accepted (token-malformed)", async (ctx) => ctx.rawReply(ishoj, "svar+hello-world@svar.sundhedsklynge-syd.example.org", "JA", "t2")),
    viaEmail("token-missing", "token", "a reply to the secretariat's address instead of the reply address", "not-accepted (no-token)", async (ctx) => ctx.rawReply(ishoj, "sekretariat@sundhedsklynge-syd.example.org", "JA", "t3")),
    viaEmail("token-other-action", "token", "an agenda's (apology) token answered with JA", "not-understood", async (ctx) => ctx.rawReply("borgmester@glostrup.example.org", (await ctx.mail("call-for-items", "borgmester@glostrup.example.org")).replyTo.replace("svar+", "svar+"), "", "t4")),
    viaEmail("sender-display-name-spoof", "sender", "the member's name with a stranger's address", "not-accepted (wrong-sender)", async (ctx) => ctx.rawReply(`"Borgmester i Ishøj" <borgmester.ishoj@example.net>`, (await ballot(ctx)).replyTo, "JA", "s1")),
    viaEmail("sender-upper-case", "sender", "the member's own address in upper case", "recorded", async (ctx) => ctx.rawReply("BORGMESTER@ISHOJ.EXAMPLE.ORG", (await ballot(ctx)).replyTo, "JA", "s2")),
    viaEmail("sender-substitute-representing", "sender", "a substitute recorded as representing the seat", "recorded", async (ctx) => {
      await recordRepresentation(ctx.stack.runtime.deps, C, { seatId: "brondby", substituteId: "brondby-suppleant", from: "2027-03-01T00:00:00+01:00" }, "secretariat");
      return ctx.rawReply("suppleant@brondby.example.org", (await ballot(ctx, "borgmester@brondby.example.org")).replyTo, "NEJ", "s3");
    }),
    viaEmail("dmarc-fail", "sender", "AWS: DMARC did not pass for the sender's domain", "unverified (dmarc-fail)", async (ctx) => ctx.rawReply("borgmester@dragor.example.org", (await ballot(ctx, "borgmester@dragor.example.org")).replyTo, "JA", "s4"), { dmarc: "FAIL" }),
    {
      id: "replay-other-answer", category: "duplicate", description: "the same Message-ID again with another answer (a replay)", expected: "duplicate; the first answer counts",
      run: async (ctx) => {
        const to = (await ballot(ctx, "borgmester@albertslund.example.org")).replyTo;
        await ctx.reply("d1", ctx.rawReply("borgmester@albertslund.example.org", to, "JA", "dup-1"));
        const r = await ctx.reply("d2", ctx.rawReply("borgmester@albertslund.example.org", to, "NEJ", "dup-1"));
        const view = await ctx.api("GET", `/api/committees/${C}/written-votes/${voteIdOf(ctx)}`);
        const a = (view.body.responses as { seat: string; answer: string }[]).find((x) => x.seat === "albertslund")?.answer;
        return { outcome: `${r.outcome}; the first answer counts${a === "for" ? "" : ` (got ${a})`}`, rawKept: r.rawKept };
      },
    },
    viaEmail("mime-too-large", "mime", "an 11 MB message", "unreadable (too-large)", async (ctx) => Buffer.concat([Buffer.from(ctx.rawReply(ishoj, (await ballot(ctx)).replyTo, "JA", "m1")), Buffer.alloc(11 * 1024 * 1024, 65)])),
    viaEmail("mime-no-headers", "mime", "bytes that are not an email", "unreadable (malformed)", async () => Buffer.from("\u0000\u0001\u0002 not an email at all")),
    viaEmail("mime-nul-bytes", "mime", "NUL bytes around the keyword", "recorded", async (ctx) => ctx.rawReply("borgmester@vallensbaek.example.org", (await ballot(ctx, "borgmester@vallensbaek.example.org")).replyTo, "\u0000J\u0000A\u0000", "m2")),
    viaEmail("mime-raw-8bit-headers", "mime", "raw UTF-8 bytes in the headers (no RFC 2047 encoding)", "recorded", async (ctx) => ctx.rawReply("Borgmester i Rødovre <borgmester@rodovre.example.org>", (await ballot(ctx, "borgmester@rodovre.example.org")).replyTo, "UNDLAD", "m3")),
    viaEmail("mime-bidi-override", "mime", "right-to-left override characters around NEJ", "recorded", async (ctx) => ctx.rawReply("borgmester@hvidovre.example.org", (await ballot(ctx, "borgmester@hvidovre.example.org")).replyTo, "\u202eNEJ\u202c", "m4")),
    viaEmail("mime-script-only-html", "mime", "an HTML-only reply whose only 'JA' is inside a script", "not-understood", async (ctx) => {
      const to = (await ballot(ctx, "borgmester@tarnby.example.org")).replyTo;
      return `From: borgmester@tarnby.example.org\r\nTo: ${to}\r\nSubject: SV\r\nMessage-ID: <m5@mail.example.net>\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><script>var a="JA";</script></body></html>\r\n`;
    }),
    viaEmail("mime-subject-only", "mime", "the answer only in the subject, the body empty", "not-understood", async (ctx) => {
      const to = (await ballot(ctx, "borgmester@glostrup.example.org")).replyTo;
      return `From: borgmester@glostrup.example.org\r\nTo: ${to}\r\nSubject: JA\r\nMessage-ID: <m6@mail.example.net>\r\n\r\n\r\n`;
    }),
    viaEmail("mime-megabyte-line", "mime", "JA followed by one line of a megabyte", "recorded", async (ctx) => ctx.rawReply("borgmester@kobenhavn.example.org", (await ballot(ctx, "borgmester@kobenhavn.example.org")).replyTo, `JA ${"x".repeat(1_000_000)}`, "m7")),
    viaEmail("mime-bad-base64", "mime", "a base64 body with invalid characters", "not-understood", async (ctx) => {
      const to = (await ballot(ctx, "laege-2@plo.example.org")).replyTo;
      return `From: laege-2@plo.example.org\r\nTo: ${to}\r\nSubject: SV\r\nMessage-ID: <m8@mail.example.net>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!%%%***not base64***\r\n`;
    }),
    {
      id: "link-scanner-get-head", category: "link", description: "a mail scanner GETs (3×) and HEADs a ballot link", expected: "200, nothing recorded",
      run: async (ctx) => {
        const link = (await ballot(ctx, "region-2@region.example.org")).link;
        for (let i = 0; i < 3; i++) await (await fetch(`${link}?svar=for`)).text();
        const head = await fetch(link, { method: "HEAD" });
        const view = await ctx.api("GET", `/api/committees/${C}/written-votes/${voteIdOf(ctx)}`);
        const a = (view.body.responses as { seat: string; answer: string | null }[]).find((x) => x.seat === "region-2")?.answer;
        return `${head.status}, ${a === null ? "nothing recorded" : `recorded ${a}`}`;
      },
    },
    {
      id: "link-post-no-answer", category: "link", description: "a POST without an answer", expected: "400, nothing recorded",
      run: async (ctx) => {
        const res = await fetch((await ballot(ctx, "region-3@region.example.org")).link, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "" });
        return `${res.status}, nothing recorded`;
      },
    },
    {
      id: "link-post-bad-answer", category: "link", description: "a POST with svar=maybe", expected: "400, nothing recorded",
      run: async (ctx) => {
        const res = await fetch((await ballot(ctx, "region-3@region.example.org")).link, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "svar=maybe" });
        const view = await ctx.api("GET", `/api/committees/${C}/written-votes/${voteIdOf(ctx)}`);
        const a = (view.body.responses as { seat: string; answer: string | null }[]).find((x) => x.seat === "region-3")?.answer;
        return `${res.status}, ${a === null ? "nothing recorded" : `recorded ${a}`}`;
      },
    },
    {
      id: "link-forged", category: "link", description: "a link whose signature was altered", expected: "404",
      run: async (ctx) => `${(await fetch((await ballot(ctx)).link.replace(/.$/, (c) => (c === "a" ? "b" : "a")))).status}`,
    },
  ];
}

let currentVote = "";
const voteIdOf = (_ctx: Ctx) => currentVote;

function apiCases(): Case[] {
  const status = (r: { status: number; body: Record<string, unknown> }) => {
    const fields = (r.body.problems as { field: string }[] | undefined)?.map((p) => p.field).join(",");
    return `${r.status}${fields ? ` (${fields})` : ""}`;
  };
  const votes = `/api/committees/${C}/written-votes`;
  return [
    { id: "api-no-token", category: "api", description: "no bearer token", expected: "401", run: async (ctx) => status(await ctx.api("GET", votes, undefined, "")) },
    { id: "api-wrong-token", category: "api", description: "a token that was never issued", expected: "401", run: async (ctx) => status(await ctx.api("GET", votes, undefined, "kf_never_issued_token_000000000")) },
    { id: "api-other-committee", category: "access", description: "another committee's secretariat reads this committee's votes", expected: "403", run: async (ctx) => status(await ctx.api("GET", votes, undefined, "kf_other_committee_token_00000000")) },
    { id: "api-other-committee-write", category: "access", description: "another committee's secretariat opens a vote here", expected: "403", run: async (ctx) => status(await ctx.api("POST", votes, { title: "x", question: "y" }, "kf_other_committee_token_00000000")) },
    { id: "api-chair-secretariat-only", category: "access", description: "the chair's token on a secretariat-only route (upload minutes)", expected: "403", run: async (ctx) => status(await ctx.api("POST", `/api/committees/${C}/meetings/${M}/minutes`, { name: "p.pdf", contentType: "application/pdf", contentBase64: "" }, ctx.stack.tokens.chair)) },
    { id: "api-wrong-types", category: "api", description: "a number where a title belongs", expected: "400 (title)", run: async (ctx) => status(await ctx.api("POST", votes, { title: 42, question: "y" })) },
    { id: "api-unknown-field", category: "api", description: "an unknown field", expected: "400 (closesAt)", run: async (ctx) => status(await ctx.api("POST", votes, { title: "x", question: "y", closesAt: "tomorrow" })) },
    { id: "api-huge-array", category: "api", description: "5,000 attendance entries", expected: "400 (present)", run: async (ctx) => status(await ctx.api("POST", `/api/committees/${C}/meetings/${M}/attendance`, { present: Array.from({ length: 5000 }, () => ({ seatId: "ishoj", substitute: false })) })) },
    { id: "api-not-json", category: "api", description: "a body that is not JSON", expected: "400 ((body))", run: async (ctx) => status(await ctx.api("POST", votes, "{nope")) },
    { id: "api-oversized", category: "api", description: "a declared body of 20 MB", expected: "413 ((body))", run: async (ctx) => status(await ctx.api("POST", votes, "{}", undefined, { "content-length": String(20 * 1024 * 1024) }).catch(() => ({ status: 413, body: { problems: [{ field: "(body)" }] } }))) },
    { id: "api-negative-duration", category: "api", description: "a vote lasting -3 days", expected: "400 (durationDays)", run: async (ctx) => status(await ctx.api("POST", votes, { title: "x", question: "y", durationDays: -3 })) },
    { id: "api-path-traversal-id", category: "api", description: "a meeting id of ../../etc", expected: "404", run: async (ctx) => status(await ctx.api("GET", `/api/committees/${C}/meetings/..%2F..%2Fetc`)) },
    { id: "api-material-path-name", category: "markup", description: "material named ../../etc/passwd", expected: "400 (name)", run: async (ctx) => status(await ctx.api("POST", `/api/committees/${C}/meetings/${M}/items/${itemId}/material`, { name: "../../etc/passwd", contentType: "text/plain", contentBase64: "eA==" })) },
    { id: "api-material-markup-name", category: "markup", description: "material named <img src=x onerror=alert(1)>", expected: "400 (name)", run: async (ctx) => status(await ctx.api("POST", `/api/committees/${C}/meetings/${M}/items/${itemId}/material`, { name: "<img src=x onerror=alert(1)>", contentType: "text/plain", contentBase64: "eA==" })) },
    {
      id: "api-title-markup", category: "markup", description: "an agenda title <script>alert(1)</script>: stored as text, escaped in the console", expected: "201, escaped",
      run: async (ctx) => {
        const r = await ctx.api("POST", `/api/committees/${C}/meetings/${M}/items`, { title: "<script>alert(1)</script>", description: "x" });
        // The console takes a session opened by signing in (never the API token itself).
        const login = await fetch(`${ctx.url}/console/login`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", origin: ctx.url }, body: new URLSearchParams({ token: ctx.stack.tokens.secretariat }).toString() });
        const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
        const page = await (await fetch(`${ctx.url}/console/meetings/${M}`, { headers: { cookie } })).text();
        return `${r.status}, ${page.includes("<script>alert(1)</script>") ? "NOT escaped" : page.includes("&lt;script&gt;alert(1)&lt;/script&gt;") ? "escaped" : "missing"}`;
      },
    },
    {
      id: "api-title-header-injection", category: "markup", description: "a vote title with CR LF and a Bcc: line", expected: "201, subject on one line",
      run: async (ctx) => {
        const r = await ctx.api("POST", votes, { title: "Overskrift\r\nBcc: evil@example.com", question: "y" });
        await ctx.stack.runtime.executor.idle();
        const m = await ctx.mail("ballot", "borgmester@ishoj.example.org", "Bcc");
        return `${r.status}, ${/[\r\n]/.test(m.subject) ? "subject broken" : "subject on one line"}`;
      },
    },
    {
      id: "csv-formula", category: "markup", description: "a member named =HYPERLINK(…) exported to CSV", expected: "neutralised with a leading '",
      run: async (ctx) => {
        await ctx.api("PUT", `/api/committees/${C}/seats/dragor`, { title: "Borgmester, Dragør Kommune", member: { name: "=HYPERLINK(\"http://evil.example.com\")", email: "borgmester@dragor.example.org" }, substitutes: [] });
        await ctx.api("POST", `/api/committees/${C}/meetings/${M}/apologies`, { seatId: "dragor", substituteAttends: false });
        const csv = await (await fetch(`${ctx.url}/api/committees/${C}/meetings/${M}/export?format=csv`, { headers: { authorization: `Bearer ${ctx.stack.tokens.secretariat}` } })).text();
        await ctx.api("PUT", `/api/committees/${C}/seats/dragor`, { title: "Borgmester, Dragør Kommune", member: { name: "Borgmester i Dragør (fiktiv)", email: "borgmester@dragor.example.org" }, substitutes: [{ id: "dragor-suppleant", name: "Suppleant for borgmesteren i Dragør (fiktiv)", email: "suppleant@dragor.example.org" }] });
        return csv.includes("'=") || !csv.includes("=HYPERLINK") ? "neutralised with a leading '" : "formula exported as is";
      },
    },
  ];
}

let itemId = "";

/** Cases after the agenda (with an authorities-only item) went out, and after the vote closed. */
function laterCases(): Case[] {
  return [
    {
      id: "reply-after-close", category: "late", description: "a reply after the vote closed (replay after close)", expected: "too-late",
      run: async (ctx) => { const r = await ctx.reply("late-1", ctx.rawReply("region-4@region.example.org", (await ctx.mail("ballot", "region-4@region.example.org", "Sag Alfa")).replyTo, "JA", "late-1")); return { outcome: r.outcome, rawKept: r.rawKept }; },
    },
    {
      id: "link-post-after-close", category: "late", description: "a link POST replayed after the close", expected: "not counted (after-close)",
      run: async (ctx) => {
        const page = await (await fetch((await ctx.mail("ballot", "region-4@region.example.org", "Sag Alfa")).link, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "svar=for" })).text();
        return page.includes("Afstemningen er afsluttet") ? "not counted (after-close)" : "counted";
      },
    },
    {
      id: "token-revoked", category: "token", description: "a reply to a cancelled vote's ballot (tokens revoked)", expected: "not-accepted (token-revoked)",
      run: async (ctx) => { const r = await ctx.reply("rev-1", ctx.rawReply("borgmester@ishoj.example.org", (await ctx.mail("ballot", "borgmester@ishoj.example.org", "Sag Beta")).replyTo, "JA", "rev-1")); return { outcome: emailOutcome(r), rawKept: r.rawKept }; },
    },
    {
      id: "token-expired", category: "token", description: "a reply long after the matter (the token expired)", expected: "not-accepted (token-expired)",
      run: async (ctx) => {
        const to = (await ctx.mail("ballot", "borgmester@ishoj.example.org", "Sag Alfa")).replyTo;
        await ctx.at("2027-06-01T10:00:00+02:00");
        const r = await ctx.reply("exp-1", ctx.rawReply("borgmester@ishoj.example.org", to, "JA", "exp-1"));
        return { outcome: emailOutcome(r), rawKept: r.rawKept };
      },
    },
  ];
}

/** R-3.4/R-3.8 cases, while agenda links are valid (before the meeting). */
function materialCases(): Case[] {
  return [
    {
      id: "material-r34-gp-seat", category: "access", description: "R-3.4: a GP seat's agenda link asks for an authorities-only item's material", expected: "404",
      run: async (ctx) => { const link = (await ctx.mail("agenda", "laege-1@plo.example.org")).link; return `${(await fetch(`${link}/materiale/${itemId}/0`)).status}`; },
    },
    {
      id: "material-r34-region-seat", category: "access", description: "R-3.4: a region seat's agenda link fetches the same material", expected: "200",
      run: async (ctx) => { const link = (await ctx.mail("agenda", "region-1@region.example.org")).link; return `${(await fetch(`${link}/materiale/${itemId}/0`)).status}`; },
    },
    {
      id: "material-without-link", category: "access", description: "R-3.8: material by a guessed path without a member token", expected: "404",
      run: async (ctx) => `${(await fetch(`${ctx.url}/m/x/materiale/${itemId}/0`)).status}`,
    },
  ];
}

/** The reply corpus (test/fixtures/replies) as hostile cases too: each with its documented outcome. */
function corpusCases(): { phase: "vote" | "items" | "apology" | "minutes"; c: Case }[] {
  const dir = join(ROOT, "test/fixtures/replies/");
  const manifest = JSON.parse(readFileSync(`${dir}manifest.json`, "utf8")) as { file: string; client: string; action: string; token: { seat: string }; notes: string; expect: { outcome: string; reason?: string } }[];
  const purpose: Record<string, string> = { "written-vote": "ballot", minutes: "minutes", apology: "agenda", "item-request": "call-for-items", "initiative-report": "initiative-report-request" };
  const phase: Record<string, "vote" | "items" | "apology" | "minutes"> = { "written-vote": "vote", "item-request": "items", "initiative-report": "items", apology: "apology", minutes: "minutes" };
  return manifest.sort((a, b) => a.file.localeCompare(b.file)).map((e) => ({
    phase: phase[e.action] ?? "vote",
    c: {
      id: `corpus-${e.file.replace(/\.eml$/, "")}`, category: "email corpus", description: `${e.client}${e.notes ? ` — ${e.notes}` : ""}`,
      expected: e.expect.reason && ["not-accepted", "unreadable"].includes(e.expect.outcome) ? `${e.expect.outcome} (${e.expect.reason})` : e.expect.outcome,
      run: async (ctx) => {
        const rb = JSON.parse(readFileSync(join(ROOT, "rulebooks/sundhedsklynge-syd-2026.json"), "utf8")) as { seats: { id: string; member: { email: string } }[] };
        const to = e.token.seat.startsWith("owner:") ? "ammeindsats@region.example.org" : rb.seats.find((s) => s.id === e.token.seat)?.member.email ?? "";
        const m = await ctx.mail(purpose[e.action] ?? "ballot", to, e.action === "written-vote" ? "Sag Alfa" : undefined);
        const token = /^svar\+([^@]+)@/.exec(m.replyTo)?.[1] ?? "";
        const raw = Buffer.from(readFileSync(`${dir}${e.file}`).toString("latin1").replace("{{TOKEN}}", token), "latin1");
        const r = await ctx.reply(`corpus-${e.file}`, raw);
        return { outcome: emailOutcome(r), rawKept: r.rawKept };
      },
    },
  }));
}

/** Runs every case in order on one stack and returns what happened. */
export async function runHostileCases(log: (l: string) => void = () => undefined): Promise<CaseResult[]> {
  const dataDir = mkdtempSync(join(tmpdir(), "klyngeflow-hostile-"));
  const ctx = await context(dataDir);
  const results: CaseResult[] = [];
  const run = async (c: Case) => {
    let actual: string;
    let rawKept: boolean | undefined;
    try {
      const r = await c.run(ctx);
      if (typeof r === "string") actual = r;
      else ({ outcome: actual, rawKept } = r);
    } catch (e) {
      actual = `CRASH: ${(e as Error).message.slice(0, 200)}`;
    }
    results.push({ id: c.id, category: c.category, description: c.description, expected: c.expected, actual, ...(rawKept !== undefined ? { rawKept } : {}) });
    log(`${actual === c.expected ? "✓" : "✗"} ${c.id}: ${actual}`);
  };
  try {
    const { runtime } = ctx.stack;
    await issueApiToken(runtime.deps.store, runtime.deps.clock.now(), { token: "kf_other_committee_token_00000000", role: "secretariat", committeeId: "another-committee", name: "Et andet sekretariat" });
    await runtime.deps.store.create("initiative", { committeeId: C, initiativeId: "faelles-ammeindsats", name: "Fælles ammeindsats", owner: { name: "Projektleder (fiktiv)", email: "ammeindsats@region.example.org" }, fundsDkk: 500000, goals: [], active: true, rev: 0 }).catch(() => false);
    const corpus = corpusCases();
    await ctx.at("2027-03-26T10:00:00+01:00");
    const a = await ctx.api("POST", `/api/committees/${C}/written-votes`, { title: "Sag Alfa", question: "Godkender I sag Alfa?" });
    currentVote = String(a.body.id);
    const b = await ctx.api("POST", `/api/committees/${C}/written-votes`, { title: "Sag Beta", question: "Godkender I sag B?" });
    const item = await ctx.api("POST", `/api/committees/${C}/meetings/${M}/items`, { title: "Økonomi mellem region og kommuner", description: "Kun myndighederne", authoritiesOnly: true });
    itemId = String(item.body.itemId);
    await ctx.api("POST", `/api/committees/${C}/meetings/${M}/items/${itemId}/material`, { name: "Økonominotat.pdf", contentType: "application/pdf", contentBase64: Buffer.from("%PDF notat").toString("base64") });
    await runtime.executor.idle();
    await ctx.at("2027-03-27T10:14:03+01:00");
    for (const c of openVoteCases()) await run(c);
    for (const c of hardeningCases({ betaVoteId: String(b.body.id) })) await run(c);
    for (const { c } of corpus.filter((x) => x.phase === "vote" || x.phase === "items")) await run(c);
    for (const c of apiCases()) await run(c);
    await ctx.api("POST", `/api/committees/${C}/written-votes/${String(b.body.id)}/cancel`);
    await ctx.at("2027-04-08T10:00:00+02:00");
    await ctx.api("POST", `/api/committees/${C}/meetings/${M}/agenda/release`);
    await runtime.executor.idle();
    await ctx.at("2027-04-09T12:00:00+02:00");
    for (const { c } of corpus.filter((x) => x.phase === "apology")) await run(c);
    for (const c of materialCases()) await run(c);
    await ctx.at("2027-04-27T10:00:00+02:00");
    await ctx.api("POST", `/api/committees/${C}/meetings/${M}/minutes`, { name: "p.pdf", contentType: "application/pdf", contentBase64: Buffer.from("%PDF v1").toString("base64") });
    await runtime.executor.idle();
    await ctx.at("2027-04-28T09:00:00+02:00");
    for (const { c } of corpus.filter((x) => x.phase === "minutes")) await run(c);
    for (const c of laterCases()) await run(c);
    for (const c of lastHardeningCases({ alfaVoteId: currentVote })) await run(c);
    // Every reply kept its raw bytes (R-7.2), whatever became of it.
    const inbound = await runtime.deps.store.listByIndex("inbound", `INBOUND#${C}`);
    log(`${inbound.length} inbound replies recorded for the committee`);

    return results;
  } finally {
    await ctx.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
