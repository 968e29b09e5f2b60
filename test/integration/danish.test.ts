/**
 * Danish wherever people read: every email template, every console page (as the secretariat and as the
 * chair, with the confirmations and the messages after an action), every member page, and the command
 * line's help and messages are checked against the list below of internal codes and English phrases.
 * A word on the list reaching a screen is a defect; the list is kept here, beside what it guards.
 */
import { execFile } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderMessage } from "#templates/mail";
import { api, consoleGet, consoleLogin, consolePost, readOutbox, visibleText } from "../support/console.ts";
import { everyMessage, recipients } from "../support/messages.ts";
import { ROOT } from "../support/rulebooks.ts";
import { startTestStack } from "../support/stack.ts";

/** Internal status codes and reasons of the records (they must be said in words, never shown). */
const CODES = [
  "awaited", "not-sent", "objection-window-open", "awaiting-revision", "uploaded", "moved-to-meeting", "not-carried", "not-counted", "not-understood",
  "not-accepted", "too-late", "on-track", "at-risk", "off-track", "after-close", "before-open", "member-answered", "substitute-not-representing",
  "not-a-seat", "ignored-auto-reply", "planned", "held", "cancelled", "closed", "carried", "withdrawn", "requested", "accepted", "declined",
  "secretariat", "chair", "initiative-reports", "written-vote", "member-request", "item-request", "call-for-items", "vote-result", "open",
  "recorded", "duplicate", "unverified", "apology", "present", "absent", "deadline", "all-seats-voted", "objection",
];
/** English words and phrases that have shown up where people read (error messages, labels, API errors). */
const ENGLISH = [
  "the", "is", "are", "was", "has", "been", "expected", "invalid", "error", "unknown", "meeting", "minutes", "vote", "votes", "agenda", "received",
  "window", "approved", "round", "seat", "seats", "substitute", "required", "please", "cannot", "failed", "forbidden", "unauthorized", "submit",
  "upload", "download", "true", "false", "null", "undefined", "NaN", "[object Object]", "another writer", "does not exist", "Bearer", "usage",
  "give exactly", "not a valid", "call for agenda items",
];
/** Audit and record codes: "vote.response", "meeting.apology" … */
const DOTTED = /\b(vote|meeting|minutes|agenda|seat|initiative|reply|answer)\.[a-z-]+\b/i;

/** The words of a text (addresses, links and file names left out: they are not words). */
function offending(text: string): string[] {
  const words = text.split(/\s+/).filter((w) => !/@|:\/\/|\.(pdf|csv|eml|json|org|dk)\b/i.test(w)).join(" ");
  const hit = (w: string) => new RegExp(`(^|[^\\p{L}\\p{N}-])${w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^\\p{L}\\p{N}-])`, "iu").test(words);
  return [...CODES.filter(hit), ...ENGLISH.filter(hit), ...(DOTTED.test(words) ? [String(DOTTED.exec(words)?.[0])] : [])];
}

describe("The list catches what reached screens before (a11355d)", () => {
  it("status words, audit codes, outcomes and API errors are caught; Danish text and addresses are not", () => {
    expect(offending("Status: objection-window-open")).toContain("objection-window-open");
    expect(offending("Hændelse vote.response")).toContain("vote.response");
    expect(offending("Modtaget: recorded")).toContain("recorded");
    expect(offending("the objection window of version 1 is open until …")).toEqual(expect.arrayContaining(["open", "the", "is", "window"]));
    expect(offending("Næste frist: R-3.2: call for agenda items")).toContain("call for agenda items");
    expect(offending("Protokollen er sendt til borgmester@ishoj.example.org; hent bilag.pdf")).toEqual([]);
  });
});

describe("Danish wherever people read: no internal code or English phrase in any email", () => {
  it("every template, for every recipient, in subject, text and HTML", () => {
    const found = new Set<string>();
    for (const to of recipients) for (const m of everyMessage(to)) {
      const r = renderMessage(m);
      for (const part of [r.subject, r.text, visibleText(r.html)]) for (const w of offending(part)) found.add(`${m.kind}: ${w}`);
    }
    expect([...found]).toEqual([]);
  });
});

describe("Danish wherever people read: no internal code or English phrase on any page", () => {
  let s: Awaited<ReturnType<typeof startTestStack>>;
  const found = new Set<string>();
  const check = (where: string, page: string) => { for (const w of offending(visibleText(page))) found.add(`${where}: ${w}`); };

  beforeAll(async () => {
    s = await startTestStack("2026-11-10T10:00:00+01:00");
    const t = s.tokens.secretariat;
    const C = "/api/committees/sundhedsklynge-syd";
    // Something of every kind, so that every section of every page has content.
    await api(s.http.url, "POST", `${C}/meetings/2027-04-22/items`, t, { title: "Praksisplan", description: "Drøftelse", concernsGeneralPractice: true, authoritiesOnly: true });
    await api(s.http.url, "POST", `${C}/meetings/2027-04-22/apologies`, t, { seatId: "plo-1", substituteAttends: true });
    await api(s.http.url, "POST", `${C}/meetings/2026-11-05/attendance`, t, { present: [{ seatId: "ishoj", substitute: false }] });
    await api(s.http.url, "POST", `${C}/meetings/2026-11-05/minutes`, t, { name: "p.pdf", contentType: "application/pdf", contentBase64: Buffer.from("%PDF").toString("base64") });
    await api(s.http.url, "POST", `${C}/written-votes`, t, { title: "Fælles visitation", question: "Godkender I?" });
    await s.runtime.executor.idle();
  }, 60_000);
  afterAll(async () => { await s?.close(); });

  it("the console: every page reachable from the plan, as the secretariat and as the chair, with confirmations and messages", async () => {
    found.clear();
    for (const token of [s.tokens.secretariat, s.tokens.chair]) {
      const cookie = await consoleLogin(s.http.url, token);
      const seen = new Set<string>();
      const queue = ["/console"];
      while (queue.length && seen.size < 120) {
        const path = queue.shift() ?? "";
        if (seen.has(path)) continue;
        seen.add(path);
        const page = await consoleGet(s.http.url, path, cookie);
        if (!(page.headers.get("content-type") ?? "").includes("text/html")) continue;
        check(path, page.text);
        for (const m of page.text.matchAll(/href="(\/console[^"#]*)"/g)) {
          const href = (m[1] ?? "").replace(/&amp;/g, "&");
          if (!/\/(raw|html)$|export\./.test(href) && !/\/outbox\/.+/.test(href)) queue.push(href);
        }
      }
      expect(seen.size).toBeGreaterThan(8);
    }
    const cookie = await consoleLogin(s.http.url, s.tokens.secretariat);
    for (const [path, form] of [["/console/meetings/2027-04-22/release", {}], ["/console/meetings/2027-04-22/cancel", {}], ["/console/meetings/2027-04-22/move", { startsAt: "2027-05-06T14:00" }], ["/console/meetings/extraordinary", { startsAt: "2026-12-01T14:00", title: "Punkt" }]] as const) {
      check(`${path} (bekræft)`, (await consolePost(s.http.url, path, cookie, { ...form })).text);
    }
    for (const [path, form] of [["/console/meetings/2027-04-22/move", { startsAt: "2020-01-01T14:00", bekraeft: "ja" }], ["/console/meetings", { startsAt: "2027-09-16T14:00", location: "Glostrup" }], ["/console/initiatives", { id: "x", name: "" }]] as const) {
      const r = await consolePost(s.http.url, path, cookie, { ...form });
      check(`${path} (besked)`, r.location);
    }
    check("login", (await fetch(`${s.http.url}/console/login?fejl=x`)).text.toString());
    expect([...found]).toEqual([]);
  });

  it("member pages: every link in the mail sent, its answer choices, and the page after an answer", async () => {
    found.clear();
    const mails = await readOutbox(s.runtime.outboxDir);
    const links = new Set(mails.flatMap((m) => [...m.text.matchAll(/(http:\/\/[^\s]+\/m\/[A-Za-z0-9_-]+)(\?svar=[a-z]+)?/g)].map((x) => `${x[1]}${x[2] ?? ""}`)));
    expect(links.size).toBeGreaterThan(10);
    for (const link of links) check(link.replace(/.*\/m\/[^?]+/, "/m/…"), await (await fetch(link)).text());
    const ballot = mails.find((m) => m.purpose === "ballot" && m.to === "borgmester@ishoj.example.org");
    const link = /(http:\/\/[^\s]+\/m\/[A-Za-z0-9_-]+)/.exec(ballot?.text ?? "")?.[1] ?? "";
    for (const body of ["svar=for", "svar=", "svar=against"]) {
      check(`svar ${body}`, await (await fetch(link, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body })).text());
    }
    check("ukendt link", await (await fetch(`${s.http.url}/m/ikke-et-link`)).text());
    expect([...found]).toEqual([]);
  });
});

describe("Danish wherever people read: the command line", () => {
  const run = (...args: string[]) => new Promise<string>((resolve) => execFile(process.execPath, ["bin/klyngeflow.mjs", ...args], { cwd: ROOT, env: { ...process.env, PORT: "39871", DATA_DIR: "/nonexistent/klyngeflow" } }, (_e, stdout, stderr) => resolve(`${stdout}\n${stderr}`)));
  it("help, output and errors of every command", async () => {
    const outputs = await Promise.all([
      run("--help"), ...["deadlines", "quorum", "plan", "inbound", "simulate", "audit"].map((c) => run(c, "--help")),
      run("deadlines", "--meeting", "2027-04-22T14:00"), run("deadlines"), run("deadlines", "--meeting", "2027-13-40T14:00"), run("quorum", "--present", "region-1,ishoj"),
      run("plan", "--term", "2026"), run("plan", "--term", "x"), run("audit", "verify"), run("audit"), run("inbound"), run("frobnicate"),
    ]);
    const found = outputs.flatMap((o, i) => offending(o.replace(/R-\d+(\.\d+)?|R-INIT/g, "")).map((w) => `#${i}: ${w}`));
    expect(found).toEqual([]);
  }, 60_000);
});
