/**
 * the mail-reading findings: each attack as a raw email through processInbound (the entry point
 * of the SES Lambda, the SMTP sink and `klyngeflow inbound`). Each of these was counted, or crashed, on a11355d.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReplyRuntime, type ReplyRuntime } from "../support/replies.ts";

const DOMAIN = "svar.sundhedsklynge-syd.example.org";
let r: ReplyRuntime;
let voteId = "";
const TITLE = "Sag Hærdning";

beforeAll(async () => {
  r = await startReplyRuntime();
  voteId = await r.openVote(TITLE);
}, 120_000);
afterAll(async () => { await r?.stop(); });

const mail = (head: string, body: string) => Buffer.from(`${head.trim().split("\n").join("\r\n")}\r\nMIME-Version: 1.0\r\n${body}`, "utf8");
const plain = (text: string) => `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${text.split("\n").join("\r\n")}\r\n`;
async function ballotTo(seat: string): Promise<string> {
  return `svar+${await r.tokenFor("written-vote", seat, TITLE)}@${DOMAIN}`;
}
async function responseOf(seat: string): Promise<string | undefined> {
  const responses = await r.t.deps.store.list("voteResponse", r.votePk(voteId), "RESPONSE#");
  return responses.filter((x) => x.seatId === seat).at(-1)?.answer;
}

describe("Isolation: parsed figures never live in prototype-bearing objects", () => {
  it("a report with the lines 'constructor: 5' and '__proto__: 7' is recorded, with its other figures and without those keys", async () => {
    const to = `svar+${await r.tokenFor("initiative-report", "owner:faelles-ammeindsats")}@${DOMAIN}`;
    const raw = mail(`From: Projektleder <ammeindsats@region.example.org>\nTo: ${to}\nSubject: SV: Statusrapport\nMessage-ID: <proto-1@region.example.org>`,
      plain("På sporet\nconstructor: 5\n__proto__: 7\nprototype: 1\nForbrug: 120.000 kr."));
    const result = await r.deliver(raw, "hostile-proto-1");
    expect(result).toMatchObject({ outcome: "recorded" });
    const reports = await r.t.deps.store.list("initiativeReport", r.meetingPk(), "REPORT#");
    const report = reports.find((x) => x.sourceRef === result.sourceRef);
    expect(report?.figures).toEqual({ Forbrug: 120000 });
    expect(report?.text).toContain("constructor: 5");
  });
});

describe("Read mail as Discourse does: exactly one From with exactly one address", () => {
  it("two From: headers, the member's first, are not accepted and not counted", async () => {
    const raw = mail(`From: borgmester@ishoj.example.org\nFrom: angriber@example.net\nTo: ${await ballotTo("ishoj")}\nSubject: SV: ${TITLE}\nMessage-ID: <from-1@example.net>`, plain("JA"));
    expect(await r.deliver(raw, "hostile-from-1")).toMatchObject({ outcome: "not-accepted", answered: false });
    expect(await responseOf("ishoj")).toBeUndefined();
  });
  it("a From list with the member first is not accepted and not counted", async () => {
    const raw = mail(`From: Borgmester <borgmester@brondby.example.org>, Angriber <angriber@example.net>\nTo: ${await ballotTo("brondby")}\nSubject: SV: ${TITLE}\nMessage-ID: <from-2@example.net>`, plain("JA"));
    expect(await r.deliver(raw, "hostile-from-2")).toMatchObject({ outcome: "not-accepted", answered: false });
    expect(await responseOf("brondby")).toBeUndefined();
  });
  it("a From group holding the member is not accepted", async () => {
    const raw = mail(`From: Udvalg: borgmester@dragor.example.org, angriber@example.net;\nTo: ${await ballotTo("dragor")}\nSubject: SV: ${TITLE}\nMessage-ID: <from-3@example.net>`, plain("JA"));
    expect(await r.deliver(raw, "hostile-from-3")).toMatchObject({ outcome: "not-accepted", answered: false });
    expect(await responseOf("dragor")).toBeUndefined();
  });
});

describe("Bounds at every door: MIME depth and part counts after unfolding headers", () => {
  it("200 nested multiparts whose Content-Type is folded are unreadable (too deep)", async () => {
    let body = plain("JA");
    for (let i = 200; i > 0; i--) body = `Content-Type:\r\n multipart/mixed;\r\n boundary="b${i}"\r\n\r\n--b${i}\r\n${body}--b${i}--\r\n`;
    const raw = mail(`From: borgmester@glostrup.example.org\nTo: ${await ballotTo("glostrup")}\nSubject: SV\nMessage-ID: <deep-1@example.net>`, body);
    expect(await r.deliver(raw, "hostile-deep-1")).toMatchObject({ outcome: "unreadable", reason: "too-deep" });
    expect(await responseOf("glostrup")).toBeUndefined();
  });
  it("150 parts under a folded Content-Type are unreadable (too many parts)", async () => {
    const parts = Array.from({ length: 150 }, () => `--many\r\n${plain("JA")}`).join("");
    const raw = mail(`From: borgmester@glostrup.example.org\nTo: ${await ballotTo("glostrup")}\nSubject: SV\nMessage-ID: <many-1@example.net>`, `Content-Type:\r\n\tmultipart/mixed;\r\n\tboundary=many\r\n\r\n${parts}--many--\r\n`);
    expect(await r.deliver(raw, "hostile-many-1")).toMatchObject({ outcome: "unreadable", reason: "too-many-parts" });
    expect(await responseOf("glostrup")).toBeUndefined();
  });
});

describe("Read mail as Discourse does: bounces, auto-replies and hidden text are not answers", () => {
  it("a DSN (multipart/report) from the member's address with JA first is a bounce: ignored, not counted, not answered", async () => {
    const raw = mail(`From: borgmester@vallensbaek.example.org\nTo: ${await ballotTo("vallensbaek")}\nSubject: JA\nMessage-ID: <dsn-1@example.net>`,
      `Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"\r\n\r\n--dsn\r\n${plain("JA\nThis is the mail system at host mx.example.net.")}--dsn\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.net\r\n\r\nFinal-Recipient: rfc822; x@example.net\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n--dsn--\r\n`);
    expect(await r.deliver(raw, "hostile-dsn-1")).toMatchObject({ outcome: "ignored-auto-reply", answered: false });
    expect(await responseOf("vallensbaek")).toBeUndefined();
  });
  it("'Auto-Submitted: no' followed by 'Auto-Submitted: auto-replied' is an auto-reply: ignored, not counted", async () => {
    const raw = mail(`From: borgmester@kobenhavn.example.org\nTo: ${await ballotTo("kobenhavn")}\nSubject: SV: ${TITLE}\nAuto-Submitted: no\nAuto-Submitted: auto-replied\nMessage-ID: <auto-1@example.net>`, plain("JA"));
    expect(await r.deliver(raw, "hostile-auto-1")).toMatchObject({ outcome: "ignored-auto-reply", answered: false });
    expect(await responseOf("kobenhavn")).toBeUndefined();
  });
  it("a second Precedence header saying auto_reply is read too", async () => {
    const raw = mail(`From: borgmester@tarnby.example.org\nTo: ${await ballotTo("tarnby")}\nSubject: SV: ${TITLE}\nPrecedence: first-class\nPrecedence: auto_reply\nMessage-ID: <auto-2@example.net>`, plain("JA"));
    expect(await r.deliver(raw, "hostile-auto-2")).toMatchObject({ outcome: "ignored-auto-reply" });
    expect(await responseOf("tarnby")).toBeUndefined();
  });
  it("HTML text hidden with display:none is not read: the visible NEJ counts, not the hidden JA", async () => {
    const raw = mail(`From: borgmester@hvidovre.example.org\nTo: ${await ballotTo("hvidovre")}\nSubject: SV: ${TITLE}\nMessage-ID: <hidden-1@example.net>`,
      `Content-Type: text/html; charset=utf-8\r\n\r\n<html><body><div style="display: none !important">JA</div><span style="font-size:0">JA</span><p>NEJ</p></body></html>\r\n`);
    expect(await r.deliver(raw, "hostile-hidden-1")).toMatchObject({ outcome: "recorded", recorded: "NEJ" });
    expect(await responseOf("hvidovre")).toBe("against");
  });
  it("an HTML reply whose only JA is hidden (hidden attribute, mso-hide) is not counted", async () => {
    const raw = mail(`From: borgmester@rodovre.example.org\nTo: ${await ballotTo("rodovre")}\nSubject: SV: ${TITLE}\nMessage-ID: <hidden-2@example.net>`,
      `Content-Type: text/html; charset=utf-8\r\n\r\n<html><body><div hidden>JA</div><div style="mso-hide:all">JA</div><p>Tak for materialet</p></body></html>\r\n`);
    expect(await r.deliver(raw, "hostile-hidden-2")).toMatchObject({ outcome: "not-understood" });
    expect(await responseOf("rodovre")).toBeUndefined();
  });
});

describe("bidi and zero-width controls never reach a record", () => {
  it("a remark with isolate and zero-width controls is recorded without them (R-7.1)", async () => {
    const raw = mail(`From: borgmester@albertslund.example.org\nTo: ${await ballotTo("albertslund")}\nSubject: SV: ${TITLE}\nMessage-ID: <bidi-1@example.net>`, plain("NEJ\n\u2067Jeg\u2069 ønsker\u200b dissens\u2060 ført til protokol\uFEFF"));
    expect(await r.deliver(raw, "hostile-bidi-1")).toMatchObject({ outcome: "recorded" });
    const responses = await r.t.deps.store.list("voteResponse", r.votePk(voteId), "RESPONSE#");
    expect(responses.find((x) => x.seatId === "albertslund")?.remark).toBe("Jeg ønsker dissens ført til protokol");
  });
});
