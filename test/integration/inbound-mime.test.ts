/** parsing raw replies (real MIME, mailparser underneath) — one From, limits after unfolding, every header kept. */
import { describe, expect, it } from "vitest";
import { parseInboundEmail } from "#adapters/inbound-mime";

const raw = (head: string, body = "Content-Type: text/plain; charset=utf-8\r\n\r\nJA\r\n") => Buffer.from(`${head.trim().split("\n").join("\r\n")}\r\nTo: svar+x@svar.example.org\r\nSubject: SV\r\nMIME-Version: 1.0\r\n${body}`, "utf8");

describe("exactly one From with exactly one address", () => {
  it("one From, one address: the sender", async () => {
    expect((await parseInboundEmail(raw("From: Borgmester <borgmester@ishoj.example.org>"))).from).toEqual({ address: "borgmester@ishoj.example.org", name: "Borgmester" });
  });
  for (const [what, head] of [
    ["two From headers", "From: borgmester@ishoj.example.org\nFrom: angriber@example.net"],
    ["a From list", "From: borgmester@ishoj.example.org, angriber@example.net"],
    ["a From group", "From: Gruppe: borgmester@ishoj.example.org;"],
  ] as const) {
    it(`${what}: no sender, and why`, async () => {
      const p = await parseInboundEmail(raw(head));
      expect(p.from).toBeUndefined();
      expect(p.fromProblem).toBe("several-from");
    });
  }
});

describe("every occurrence of every header; the text part only when there is one", () => {
  it("repeated headers keep each value in order, in an object without a prototype", async () => {
    const p = await parseInboundEmail(raw("From: a@example.org\nAuto-Submitted: no\nAuto-Submitted: auto-replied\nConstructor: x"));
    expect(p.headers["auto-submitted"]).toEqual(["no", "auto-replied"]);
    expect(p.headers.constructor).toEqual(["x"]);
    expect(Object.getPrototypeOf(p.headers)).toBeNull();
  });
  it("an HTML-only reply has no text: mailparser's text made from the HTML would keep hidden and quoted text unmarked", async () => {
    const p = await parseInboundEmail(raw("From: a@example.org", 'Content-Type: text/html; charset=utf-8\r\n\r\n<div style="display:none">JA</div><p>NEJ</p>\r\n'));
    expect(p.text).toBeUndefined();
    expect(p.partTypes).toEqual(["text/html"]);
  });
  it("the part types of a DSN", async () => {
    const p = await parseInboundEmail(raw("From: a@example.org", 'Content-Type: multipart/report; report-type=delivery-status;\r\n boundary="r"\r\n\r\n--r\r\nContent-Type: text/plain\r\n\r\nJA\r\n--r\r\nContent-Type: message/delivery-status\r\n\r\nAction: failed\r\n--r--\r\n'));
    expect(p.partTypes).toEqual(["multipart/report", "text/plain", "message/delivery-status"]);
  });
});

describe("depth and part limits count after unfolding headers", () => {
  it("a folded multipart Content-Type nested 9 deep is too deep (limit 8)", async () => {
    let body = "Content-Type: text/plain\r\n\r\nJA\r\n";
    for (let i = 9; i > 0; i--) body = `Content-Type:\r\n\tmultipart/mixed;\r\n\tboundary=b${i}\r\n\r\n--b${i}\r\n${body}--b${i}--\r\n`;
    await expect(parseInboundEmail(raw("From: a@example.org", body))).rejects.toMatchObject({ reason: "too-deep" });
  });
  it("101 parts under a folded Content-Type are too many (limit 100); 8 deep and 100 parts are read", async () => {
    const parts = (n: number) => Array.from({ length: n }, () => "--p\r\nContent-Type: text/plain\r\n\r\nJA\r\n").join("");
    await expect(parseInboundEmail(raw("From: a@example.org", `Content-Type:\r\n multipart/mixed; boundary=p\r\n\r\n${parts(101)}--p--\r\n`))).rejects.toMatchObject({ reason: "too-many-parts" });
    await expect(parseInboundEmail(raw("From: a@example.org", `Content-Type:\r\n multipart/mixed; boundary=p\r\n\r\n${parts(100)}--p--\r\n`))).resolves.toMatchObject({ text: expect.stringContaining("JA") });
    let body = "Content-Type: text/plain\r\n\r\nJA\r\n";
    for (let i = 8; i > 0; i--) body = `Content-Type: multipart/mixed;\r\n boundary="b${i}"\r\n\r\n--b${i}\r\n${body}--b${i}--\r\n`;
    await expect(parseInboundEmail(raw("From: a@example.org", body))).resolves.toMatchObject({ text: "JA" });
  });
});
