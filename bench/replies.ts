/**
 * today's trimmer (a11355d), planer (plain text and HTML) and email-reply-parser against the
 * production reader, on the client corpus (test/fixtures/replies/manifest-clients.json: each reply with the
 * text its member wrote and the reading expected). Prints the table and, unless --print, rewrites it in
 * bench/REPLIES.md. `npm run bench:replies`. Needs git (today's trimmer is read from commit a11355d).
 *
 * For each reply and candidate: the candidate's own text; its first line against the member's first line; the
 * whole text; and the vote our keyword rules read from it (readVote, first line), so that a candidate that
 * leaves a quoted line in front is seen to count a quoted answer.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmailReplyParser from "email-reply-parser";
import { JSDOM } from "jsdom";
import { simpleParser } from "mailparser";
import * as planer from "planer";
import { parseInboundEmail } from "#adapters/inbound-mime";
import { readReply, readVote, type ReplyAction, type VoteAnswer } from "#domain/reply-reading";
import { ROOT } from "#local/paths";

interface Entry { file: string; client: string; action: ReplyAction; own: string; expect: { reading: string; answer?: VoteAnswer } }
type Mail = { text: string; html: string | undefined; raw: Buffer };
interface Candidate { name: string; own(mail: Mail): Promise<string> | string; reading?(mail: Mail, action: ReplyAction): Promise<string>; }

const BASELINE = "a11355d";
const DIR = join(ROOT, "test/fixtures/replies");
const manifest = JSON.parse(readFileSync(join(DIR, "manifest-clients.json"), "utf8")) as Entry[];

/** Lines without trailing space, runs of blank lines as one, trimmed: how own texts are compared. */
const tidy = (s: string) => s.replace(/\r\n?/g, "\n").split("\n").map((l) => l.trimEnd()).join("\n").replace(/\n{3,}/g, "\n\n").trim();
const firstLine = (s: string) => tidy(s).split("\n").find((l) => l.trim())?.trim() ?? "";

/** The HTML a library returns, as text: line breaks for <br> and block ends, then the DOM's text. */
function htmlText(html: string): string {
  const marked = html.replace(/<br\s*\/?>/gi, "\n").replace(/<\/(p|div|li|tr|h[1-6]|blockquote|table)>/gi, "$&\n");
  return new JSDOM(marked).window.document.body.textContent ?? "";
}

async function baseline(): Promise<{ readReply: typeof readReply; stripQuotedText: (t: string) => string; normalizeForKeywords: (t: string) => string; htmlToText: (h: string) => string }> {
  const source = execFileSync("git", ["show", `${BASELINE}:domain/reply-reading.ts`], { cwd: ROOT, encoding: "utf8" });
  const file = join(mkdtempSync(join(tmpdir(), "kf-replies-")), "reply-reading-a11355d.ts");
  writeFileSync(file, source);
  return import(file);
}

function voteOf(own: string): string {
  const v = readVote(own);
  return "answer" in v ? v.answer : "unclear";
}

async function main(): Promise<void> {
  const old = await baseline();
  const dom = new JSDOM("").window.document;
  const candidates: Candidate[] = [
    {
      name: `klyngeflow at ${BASELINE} (today)`,
      own: (m) => old.stripQuotedText(old.normalizeForKeywords(m.text.trim() ? m.text : m.html ? old.htmlToText(m.html) : "")),
      reading: async (m, action) => { const r = old.readReply({ text: m.text, html: m.html, action }); return r.kind === "vote" ? r.answer : r.kind; },
    },
    { name: "planer 1.2.0, plain text", own: (m) => planer.extractFromPlain(m.text) },
    { name: "planer 1.2.0, HTML (jsdom) where there is HTML", own: (m) => (m.html ? htmlText(planer.extractFromHtml(m.html, dom)) : planer.extractFromPlain(m.text)) },
    { name: "email-reply-parser 2.3.9", own: (m) => new EmailReplyParser().read(m.text).getVisibleText() },
    {
      name: "**chosen: klyngeflow now** (our rules, HTML walker, blocks)",
      own: async (m) => { const p = await parseInboundEmail(m.raw); return (await import("#domain/reply-reading")).ownText({ text: p.text, html: p.html }); },
      reading: async (m, action) => { const p = await parseInboundEmail(m.raw); const r = readReply({ text: p.text, html: p.html, action }); return r.kind === "vote" ? r.answer : r.kind; },
    },
  ];
  const rows: string[][] = [];
  const misses: string[] = [];
  for (const c of candidates) {
    let first = 0, exact = 0, right = 0, wrongCounted = 0, askedAgain = 0, empty = 0;
    for (const e of manifest) {
      const raw = readFileSync(join(DIR, e.file));
      // As mailparser gives it to a text-only library: the text part, or text it made from the HTML.
      const parsed = await simpleParser(raw, { skipTextToHtml: true });
      const mail: Mail = { text: parsed.text ?? "", html: typeof parsed.html === "string" ? parsed.html : undefined, raw };
      const own = tidy(await c.own(mail));
      const expected = e.expect.reading === "vote" ? (e.expect.answer ?? "") : e.expect.reading;
      // Votes: what our keyword rules read from the candidate's own text; other actions through readReply.
      const reading = c.reading ? await c.reading(mail, e.action)
        : e.action === "written-vote" ? voteOf(own) : (() => { const r = readReply({ text: own, html: undefined, action: e.action }); return r.kind; })();
      if (firstLine(own) === firstLine(e.own)) first++; else misses.push(`${c.name}: ${e.file}: "${firstLine(own).slice(0, 60)}" for "${firstLine(e.own)}"`);
      if (own === tidy(e.own)) exact++;
      if (!own && e.own) empty++;
      if (reading === expected) right++;
      else if (["for", "against", "abstain", "objection"].includes(reading)) wrongCounted++;
      else askedAgain++;
    }
    rows.push([c.name, `${first}/${manifest.length}`, `${exact}/${manifest.length}`, `${right}/${manifest.length}`, String(wrongCounted), String(askedAgain), String(empty)]);
  }
  const table = [
    "| candidate | own first line | own text exact | reading right | wrong answer counted | asked again | own text empty though written |",
    "|---|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
  process.stdout.write(`${table}\n`);
  process.stderr.write(`${misses.join("\n")}\n`);
  if (!process.argv.includes("--print")) {
    const path = join(ROOT, "bench/REPLIES.md");
    const doc = readFileSync(path, "utf8");
    const [head, rest = ""] = doc.split("<!-- table -->");
    const tail = rest.split("<!-- /table -->")[1] ?? "";
    writeFileSync(path, `${head}<!-- table -->\n${table}\n<!-- /table -->${tail}`);
  }
}

await main();
