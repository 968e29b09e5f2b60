/**
 * The hostile cases of issue 20's outside attack, beside the older ones (hostile.ts): prototype names in
 * figures and forms, who may answer with a token, bounds at every door, no backscatter, mail read as
 * Discourse reads it (one From, DSNs and auto-replies, hidden text), invisible controls, arrival order, and
 * the audit trail as evidence. Each has its documented outcome; run on the same stack, while votes are open.
 */
import { request as httpRequest } from "node:http";
import nodemailer from "nodemailer";
import { updateSeat } from "#functions/committee/seats";
import { voteState } from "#functions/written-votes/written-votes";
import { emailOutcome, type Case, type Ctx } from "./hostile-kit.ts";

const C = "sundhedsklynge-syd";
const PROTOTYPE_NAMES = ["constructor", "__proto__", "prototype", "toString", "hasOwnProperty", "valueOf", "__defineGetter__", "isPrototypeOf"];
const INVISIBLE = { "right-to-left override": "\u202e", "left-to-right isolate": "\u2066", "zero-width space": "\u200b", "byte order mark": "\ufeff", "word joiner": "\u2060", "right-to-left mark": "\u200f" };

const seat = (id: string) => `borgmester@${id}.example.org`;

/** Status of an HTTP answer, and what a member page says in a few words. */
async function posted(ctx: Ctx, link: string, form: string): Promise<{ status: number; page: string }> {
  const res = await fetch(link, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form, redirect: "manual" });
  if (res.status !== 303) return { status: res.status, page: await res.text() };
  const page = await fetch(new URL(res.headers.get("location") ?? "", ctx.url));
  return { status: page.status, page: await page.text() };
}

export function hardeningCases(opts: { betaVoteId: string }): Case[] {
  const beta = (ctx: Ctx, who: string) => ctx.mail("ballot", who, "Sag Beta");
  const alfa = (ctx: Ctx, who: string) => ctx.mail("ballot", who, "Sag Alfa");
  const report = (ctx: Ctx) => ctx.mail("initiative-report-request", "ammeindsats@region.example.org");
  const viaEmail = (id: string, category: string, description: string, expected: string, make: (ctx: Ctx) => Promise<string | Buffer>, show: (r: { outcome: string; reason?: string; answered: boolean }) => string = emailOutcome): Case => ({
    id, category, description, expected,
    run: async (ctx) => { const r = await ctx.reply(id, await make(ctx)); return { outcome: show(r), rawKept: r.rawKept }; },
  });
  const unanswered = (r: { outcome: string; reason?: string; answered: boolean }) => `${emailOutcome(r)}, ${r.answered ? "answered" : "not answered"}`;
  // A chunked POST over a real socket; the status is read as soon as the server answers (it may answer,
  // and close, long before the client has sent everything).
  const stream = (url: string, bytes: number, headers: Record<string, string>) => new Promise<number>((resolve) => {
    const req = httpRequest(url, { method: "POST", headers: { ...headers, "transfer-encoding": "chunked" } }, (res) => { resolve(res.statusCode ?? 0); res.resume(); req.destroy(); });
    req.on("error", () => resolve(0));
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    let sent = 0;
    const pump = () => {
      while (sent < bytes) {
        sent += chunk.length;
        if (!req.write(chunk)) { req.once("drain", pump); return; }
      }
      req.end();
    };
    pump();
  });

  return [
    // ─── isolation: names an object inherits, in figures and forms ────────────────────────────────
    ...PROTOTYPE_NAMES.map((name, i) => viaEmail(`proto-report-${name}`, "isolation", `an initiative report with the figure line '${name}: 5'`, "recorded",
      async (ctx) => ctx.rawReply("ammeindsats@region.example.org", (await report(ctx)).replyTo, `Status: på sporet\n${name}: 5\nAndel fuldt ammet: 61 %`, `proto-r-${i}`))),
    ...PROTOTYPE_NAMES.map((name): Case => ({
      id: `proto-form-${name}`, category: "isolation", description: `a member-page form with a field named ${name}`, expected: "200 registered",
      run: async (ctx) => {
        const r = await posted(ctx, (await beta(ctx, seat("kobenhavn"))).link, `svar=for&${encodeURIComponent(name)}=x`);
        return `${r.status} ${r.page.includes("Dit svar er registreret") ? "registered" : "not registered"}`;
      },
    })),

    // ─── no backscatter: only a verified sender is answered ─────────────────────────────────────
    viaEmail("backscatter-no-token", "backscatter", "a forged From with no token (to the secretariat's address)", "not-accepted (no-token), not answered",
      async (ctx) => ctx.rawReply("victim@stranger.example.net", "sekretariat@svar.sundhedsklynge-syd.example.org", "JA", "bs-1"), unanswered),
    viaEmail("backscatter-forged-token", "backscatter", "a forged From with a forged token", "not-accepted (token-forged), not answered",
      async (ctx) => ctx.rawReply("victim@stranger.example.net", (await alfa(ctx, seat("ishoj"))).replyTo.replace(/\+([a-z2-7])/, (_m, c: string) => `+${c === "a" ? "b" : "a"}`), "JA", "bs-2"), unanswered),
    viaEmail("backscatter-other-seat", "backscatter", "a forged From with another seat's valid token", "not-accepted (wrong-sender), not answered",
      async (ctx) => ctx.rawReply("victim@stranger.example.net", (await alfa(ctx, seat("ishoj"))).replyTo, "JA", "bs-3"), unanswered),
    viaEmail("backscatter-unreadable", "backscatter", "unreadable mail from a stranger (200 nested parts)", "unreadable (too-deep), not answered",
      async (ctx) => `From: victim@stranger.example.net\r\nTo: ${(await alfa(ctx, seat("ishoj"))).replyTo}\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n${"--x\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n".repeat(200)}`, unanswered),
    viaEmail("backscatter-verified-answered", "backscatter", "the member's own reply is answered (a receipt)", "recorded, answered",
      async (ctx) => ctx.rawReply(seat("dragor"), (await beta(ctx, seat("dragor"))).replyTo, "JA", "bs-5"), unanswered),

    // ─── exactly one From ───────────────────────────────────────────────────────────────────────
    viaEmail("from-two-headers", "sender", "two From: headers, the member's first", "not-accepted (several-from)",
      async (ctx) => ctx.rawReply(seat("ishoj"), (await alfa(ctx, seat("ishoj"))).replyTo, "JA", "f-1").replace(/^From: (.*)\r\n/, "From: $1\r\nFrom: attacker@stranger.example.net\r\n")),
    viaEmail("from-list", "sender", "a From list with the member first", "not-accepted (several-from)",
      async (ctx) => ctx.rawReply(`${seat("ishoj")}, attacker@stranger.example.net`, (await alfa(ctx, seat("ishoj"))).replyTo, "JA", "f-2")),
    viaEmail("from-group", "sender", "a From group holding the member's address", "not-accepted (several-from)",
      async (ctx) => ctx.rawReply(`Gruppe: ${seat("ishoj")}, attacker@stranger.example.net;`, (await alfa(ctx, seat("ishoj"))).replyTo, "JA", "f-3")),
    viaEmail("from-missing", "sender", "no From at all", "not-accepted (no-sender)",
      async (ctx) => ctx.rawReply(seat("ishoj"), (await alfa(ctx, seat("ishoj"))).replyTo, "JA", "f-4").replace(/^From: .*\r\n/, "")),

    // ─── bounces and auto-replies are not answers ───────────────────────────────────────────────
    ...([
      ["auto-submitted-twice", "'Auto-Submitted: no' and then 'Auto-Submitted: auto-replied'", "Auto-Submitted: no\r\nAuto-Submitted: auto-replied\r\n"],
      ["auto-generated", "Auto-Submitted: auto-generated", "Auto-Submitted: auto-generated\r\n"],
      ["precedence-bulk", "Precedence: bulk", "Precedence: bulk\r\n"],
      ["precedence-list-twice", "'Precedence: normal' and then 'Precedence: list'", "Precedence: normal\r\nPrecedence: list\r\n"],
      ["x-autoreply", "X-Autoreply: yes", "X-Autoreply: yes\r\n"],
      ["x-autorespond", "X-Autorespond: yes", "X-Autorespond: yes\r\n"],
    ] as const).map(([id, what, header], i) => viaEmail(`auto-${id}`, "auto-reply", `an auto-reply: ${what}, JA first`, "ignored-auto-reply",
      async (ctx) => ctx.rawReply(seat("hvidovre"), (await alfa(ctx, seat("hvidovre"))).replyTo, "JA", `auto-${i}`, header))),
    viaEmail("auto-dsn-report", "auto-reply", "a DSN (multipart/report) from the member's address with JA first", "ignored-auto-reply", async (ctx) => {
      const to = (await alfa(ctx, seat("hvidovre"))).replyTo;
      return `From: ${seat("hvidovre")}\r\nTo: ${to}\r\nSubject: Delivery Status Notification\r\nMessage-ID: <dsn-1@mail.example.net>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=r\r\n\r\n--r\r\nContent-Type: text/plain\r\n\r\nJA\r\n--r\r\nContent-Type: message/delivery-status\r\n\r\nStatus: 5.1.1\r\n--r--\r\n`;
    }),
    viaEmail("auto-subject-out-of-office", "auto-reply", "an 'Automatisk svar' subject with JA in the body", "ignored-auto-reply",
      async (ctx) => ctx.rawReply(seat("hvidovre"), (await alfa(ctx, seat("hvidovre"))).replyTo, "JA", "auto-s").replace("Subject: SV: Skriftlig votering", "Subject: Automatisk svar: Skriftlig votering")),

    // ─── hidden HTML text is not the answer ──────────────────────────────────────────────────────
    ...([
      ["display-none", "display:none", `<div style="display:none">JA</div>`],
      ["visibility-hidden", "visibility:hidden", `<span style="visibility:hidden">JA</span>`],
      ["font-size-zero", "font-size:0", `<span style="font-size:0">JA</span>`],
      ["hidden-attribute", "the hidden attribute", `<p hidden>JA</p>`],
      ["mso-hide", "mso-hide:all", `<span style="mso-hide:all">JA</span>`],
    ] as const).map(([id, what, hidden], i) => viaEmail(`hidden-${id}`, "hidden-text", `an HTML-only reply whose JA is hidden with ${what}, NEJ visible`, "recorded against", async (ctx) => {
      const to = (await beta(ctx, seat("tarnby"))).replyTo;
      return `From: ${seat("tarnby")}\r\nTo: ${to}\r\nSubject: SV\r\nMessage-ID: <hid-${i}@mail.example.net>\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body>${hidden}<p>NEJ</p></body></html>\r\n`;
    }, (r) => `${r.outcome}${r.outcome === "recorded" ? " against" : ""}`)),

    // ─── invisible controls never reach a record, a mail or a page ───────────────────────────────
    ...Object.entries(INVISIBLE).map(([what, ch], i): Case => ({
      id: `invisible-${what.replace(/\s+/g, "-")}`, category: "invisible", description: `a remark with a ${what} (U+${ch.codePointAt(0)?.toString(16).toUpperCase()})`, expected: "recorded; the remark holds no control",
      run: async (ctx) => {
        const who = ["albertslund", "vallensbaek", "glostrup", "rodovre", "brondby", "kobenhavn"][i] ?? "albertslund";
        const r = await ctx.reply(`inv-${i}`, ctx.rawReply(seat(who), (await beta(ctx, seat(who))).replyTo, `NEJ\nDissens: ${ch}vendt${ch} tekst`, `inv-${i}`));
        const { responses } = await voteState(ctx.stack.runtime.deps, C, opts.betaVoteId);
        const remark = responses.filter((x) => x.seatId === who).at(-1)?.remark ?? "";
        return { outcome: `${r.outcome}; the remark ${/[\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/.test(remark) ? "holds a control" : "holds no control"}`, rawKept: r.rawKept };
      },
    })),

    // ─── who may answer with a link ──────────────────────────────────────────────────────────────
    {
      id: "link-forged-post", category: "token", description: "a POST to a link whose signature was altered", expected: "404",
      run: async (ctx) => String((await posted(ctx, (await beta(ctx, seat("ishoj"))).link.replace(/.$/, (c) => (c === "a" ? "b" : "a")), "svar=for")).status),
    },
    {
      id: "link-receipts-rate", category: "token", description: "the same answer posted 30 times through one link", expected: "1 receipt",
      run: async (ctx) => {
        const link = (await beta(ctx, "region-2@region.example.org")).link;
        const before = await countPurpose(ctx, "vote-receipt");
        for (let i = 0; i < 30; i++) await posted(ctx, link, "svar=abstain");
        return `${(await countPurpose(ctx, "vote-receipt")) - before} receipt`;
      },
    },

    // ─── bounds at every door ────────────────────────────────────────────────────────────────────
    { id: "bounds-api-chunked", category: "bounds", description: "a chunked 20 MB API body", expected: "413", run: async (ctx) => String(await stream(`${ctx.url}/api/committees/${C}/written-votes`, 20 * 1024 * 1024, { authorization: `Bearer ${ctx.stack.tokens.secretariat}`, "content-type": "application/json" })) },
    { id: "bounds-form-chunked", category: "bounds", description: "a chunked 300 MB member-page POST", expected: "413", run: async (ctx) => String(await stream((await beta(ctx, seat("ishoj"))).link, 300 * 1024 * 1024, { "content-type": "application/x-www-form-urlencoded" })) },
    {
      id: "bounds-smtp-size", category: "bounds", description: "a 12 MB message over SMTP (SIZE is 11 MB)", expected: "552",
      run: async (ctx) => {
        const t = nodemailer.createTransport({ host: "127.0.0.1", port: ctx.stack.smtp.port, secure: false, ignoreTLS: true });
        try {
          await t.sendMail({ from: seat("ishoj"), to: (await alfa(ctx, seat("ishoj"))).replyTo, subject: "stor", text: "x".repeat(12 * 1024 * 1024) });
          return "250";
        } catch (e) {
          return String((e as { responseCode?: number }).responseCode ?? "error");
        } finally {
          t.close();
        }
      },
    },
    viaEmail("mime-folded-deep", "mime", "200 nested multiparts behind a folded Content-Type", "unreadable (too-deep)",
      async (ctx) => `From: ${seat("ishoj")}\r\nTo: ${(await alfa(ctx, seat("ishoj"))).replyTo}\r\nContent-Type: multipart/mixed;\r\n boundary=x\r\n\r\n${"--x\r\nContent-Type: multipart/mixed;\r\n\tboundary=x\r\n\r\n".repeat(200)}`),
    viaEmail("mime-folded-parts", "mime", "150 parts behind a folded Content-Type", "unreadable (too-many-parts)",
      async (ctx) => `From: ${seat("ishoj")}\r\nTo: ${(await alfa(ctx, seat("ishoj"))).replyTo}\r\nContent-Type: multipart/mixed;\r\n boundary=x\r\n\r\n${"--x\r\nContent-Type: text/plain\r\n\r\nJA\r\n".repeat(150)}--x--\r\n`),

    // ─── records and headers ─────────────────────────────────────────────────────────────────────
    { id: "api-no-store", category: "api", description: "an API answer is never cached", expected: "no-store", run: async (ctx) => (await fetch(`${ctx.url}/api/committees/${C}`, { headers: { authorization: `Bearer ${ctx.stack.tokens.secretariat}` } })).headers.get("cache-control") ?? "none" },
    {
      id: "api-audit-paged", category: "api", description: "the audit trail says how many entries there are, not silently 500", expected: "total given",
      run: async (ctx) => ((await fetch(`${ctx.url}/api/committees/${C}/audit?limit=1`, { headers: { authorization: `Bearer ${ctx.stack.tokens.secretariat}` } })).headers.get("x-total-count") ? "total given" : "no total"),
    },
    {
      id: "audit-intact", category: "records", description: "after every case so far the trail verifies (seals, anchors, cross-checks)", expected: "intact",
      run: async (ctx) => {
        const r = await ctx.api("GET", `/api/committees/${C}/audit/verify`);
        return r.body.ok === true ? "intact" : `broken: ${JSON.stringify(r.body.problems).slice(0, 300)}`;
      },
    },
    {
      id: "arrival-order", category: "order", description: "R-3.6: two replies from one seat within one second: the one that arrived last counts", expected: "the later answer counts",
      run: async (ctx) => {
        const to = (await beta(ctx, seat("dragor"))).replyTo;
        await ctx.reply("ord-1", ctx.rawReply(seat("dragor"), to, "NEJ", "ord-zz-first"));
        await ctx.reply("ord-2", ctx.rawReply(seat("dragor"), to, "UNDLAD", "ord-aa-second"));
        const { result } = await voteState(ctx.stack.runtime.deps, C, opts.betaVoteId);
        return result.seats.find((s) => s.seatId === "dragor")?.answer === "abstain" ? "the later answer counts" : "the earlier answer counts";
      },
    },
  ];
}

/** Cases that change the committee (a seat's holder): run last, so the others keep their people. */
export function lastHardeningCases(opts: { alfaVoteId: string }): Case[] {
  const alfa = (ctx: Ctx, who: string) => ctx.mail("ballot", who, "Sag Alfa");
  return [
    {
      id: "link-former-holder", category: "token", description: "R-1.2: the seat's holder replaced: the former holder's open ballot link is revoked and stores nothing", expected: "410, nothing stored",
      run: async (ctx) => {
        const deps = ctx.stack.runtime.deps;
        const link = (await alfa(ctx, seat("hoje-taastrup"))).link;
        const rb = (await import("#functions/committee/committee")).committeeRulebook;
        const current = (await rb(deps.store, C)).seats.find((s) => s.id === "hoje-taastrup");
        await updateSeat(deps, C, "hoje-taastrup", { title: current?.title ?? "", member: { name: "Ny borgmester (fiktiv)", email: "ny@hoje-taastrup.example.org" }, substitutes: current?.substitutes ?? [] }, "secretariat");
        const before = (await voteState(deps, C, opts.alfaVoteId)).responses.length;
        const r = await posted(ctx, link, "svar=against");
        const after = (await voteState(deps, C, opts.alfaVoteId)).responses.length;
        return `${r.status}, ${after === before ? "nothing stored" : "stored"}`;
      },
    },
  ];
}

async function countPurpose(ctx: Ctx, purpose: string): Promise<number> {
  const { readdirSync, readFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const dir = ctx.stack.runtime.outboxDir;
  return readdirSync(dir).filter((f) => readFileSync(join(dir, f), "latin1").includes(`X-Klyngeflow-Purpose: ${purpose}`)).length;
}
