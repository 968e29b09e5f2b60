import { describe, expect, it } from "vitest";
import { htmlToText, isAutoReply, normalizeForKeywords, readReply, readVote, stripQuotedText } from "#domain/reply-reading";

const vote = (text: string) => readReply({ text, html: undefined, action: "written-vote" });

describe("R-3.6: reading a vote from the member's own first line", () => {
  const cases: [string, string][] = [
    ["JA", "for"], ["ja", "for"], ["Ja tak", "for"], ["Jeg stemmer for", "for"], ["FOR", "for"], ["enig", "for"], ["Yes", "for"], ["Godkendt", "for"],
    ["NEJ", "against"], ["imod", "against"], ["Jeg stemmer imod.", "against"], ["Reject", "against"],
    ["UNDLAD", "abstain"], ["undlader", "abstain"], ["Hverken for eller imod", "abstain"], ["blank", "abstain"],
    ["INDSIGELSE", "objection"], ["Jeg gør indsigelse mod skriftlig behandling", "objection"], ["Sagen skal behandles på et møde", "objection"],
  ];
  for (const [text, answer] of cases) it(`R-3.6: "${text}" is ${answer}`, () => expect(readVote(text)).toMatchObject({ answer }));

  const unclear = ["Tak for materialet", "Ja eller nej", "ikke ja", "Ingen indsigelse", "No objection", "", "Jeg vender tilbage"];
  for (const text of unclear) it(`R-3.6: "${text}" is unclear, never guessed`, () => expect(readVote(text)).toHaveProperty("unclear"));

  it("R-7.1: the rest of the reply is the remark (dissent to be recorded)", () => {
    expect(readVote("NEJ\nJeg ønsker min dissens ført til protokol.")).toEqual({ answer: "against", remark: "Jeg ønsker min dissens ført til protokol." });
    expect(readVote("Ja, men med forbehold for økonomien")).toEqual({ answer: "for", remark: "men med forbehold for økonomien" });
  });
});

describe("Email: only the member's own lines are read", () => {
  it("cuts Outlook's Danish Fra:/Sendt: block, Gmail's wrapped 'Den … skrev:', > quotes, -- signatures and mobile footers", () => {
    expect(stripQuotedText("Ja\n\nFra: Sekretariatet <s@example.org>\nSendt: 26. marts 2027\nTil: x\nEmne: y\n\nSvar JA, NEJ")).toBe("Ja");
    expect(stripQuotedText("Nej\n\nDen fre. 26. mar. 2027 kl. 10.00 skrev Politisk Sundhedsklynge Syd <\ns@example.org>:\n> JA")).toBe("Nej");
    expect(stripQuotedText("Undlad\n> JA\n> NEJ")).toBe("Undlad");
    expect(stripQuotedText("Ja\n-- \nNej-Hansen")).toBe("Ja");
    expect(stripQuotedText("Ja\n\nSendt fra min iPhone\n\n> NEJ")).toBe("Ja");
    expect(stripQuotedText("Ja\n-----Oprindelig meddelelse-----\nNEJ")).toBe("Ja");
  });
  it("a 'Fra:' line that is not a header block is kept (e.g. 'Fra: kommunens side er vi enige')", () => {
    expect(stripQuotedText("Ja\nFra: kommunens side er vi enige")).toBe("Ja\nFra: kommunens side er vi enige");
  });
  it("HTML replies: Outlook's divRplyFwdMsg and Gmail's quote are cut before converting, scripts dropped", () => {
    expect(htmlToText('<p><b>NEJ</b></p><script>x()</script><div id="divRplyFwdMsg"><b>Fra:</b> JA</div>')).toBe("NEJ");
    expect(htmlToText('<div>JA &amp; tak</div><div class="gmail_quote">NEJ</div>')).toBe("JA & tak");
  });
  it("never reads an answer out of text that did not decode (broken base64 can fold into 'ja')", () => {
    expect(vote("\uFFFD\uFFFD[j\u01FA")).toMatchObject({ kind: "unclear" });
  });
  it("strips zero-width characters and folds look-alike letters before reading keywords", () => {
    expect(normalizeForKeywords("J\u200bA\u00ad")).toBe("JA");
    expect(normalizeForKeywords("J\u0410")).toBe("JA");
    expect(vote("N\u0415J")).toMatchObject({ kind: "vote", answer: "against" });
  });
});

describe("R-3.5/R-3.7/R-3.2: other replies", () => {
  const read = (action: "minutes" | "apology" | "item-request" | "initiative-report", text: string) => readReply({ text, html: undefined, action });
  it("R-3.5: INDSIGELSE with text is an objection; 'Ingen indsigelser' is none; anything else is unclear", () => {
    expect(read("minutes", "INDSIGELSE: punkt 2 er forkert")).toEqual({ kind: "objection", text: "punkt 2 er forkert" });
    expect(read("minutes", "Ingen indsigelser")).toMatchObject({ kind: "no-objection" });
    expect(read("minutes", "Tak for protokollen")).toMatchObject({ kind: "unclear" });
  });
  it("R-3.7: AFBUD, with or without the substitute attending", () => {
    expect(read("apology", "Afbud. Min suppleant deltager.")).toMatchObject({ kind: "apology", substituteAttends: true });
    expect(read("apology", "Jeg kan ikke deltage, og min suppleant kan ikke komme")).toMatchObject({ kind: "apology", substituteAttends: false });
    expect(read("apology", "Jeg glæder mig")).toMatchObject({ kind: "unclear" });
  });
  it("R-3.2: the first own line is the item's title, the rest its description", () => {
    expect(read("item-request", "Akutpladser\nDrøftelse af kapacitet")).toEqual({ kind: "item-request", title: "Akutpladser", description: "Drøftelse af kapacitet" });
  });
  it("initiative reports: key figures from 'Name: number' lines, and the status", () => {
    expect(read("initiative-report", "I risiko\nBørn fuldt ammet: 58,2 %\nForbrug: 1.250.000 kr.")).toMatchObject({ kind: "report", status: "at-risk", figures: { "Børn fuldt ammet": 58.2, Forbrug: 1250000 } });
  });
});

describe("RFC 3834: auto-replies are recognised and never answered", () => {
  it("by header, sender and subject", () => {
    expect(isAutoReply({ "auto-submitted": "auto-replied" }, "a@example.org", "SV: x")).toBe(true);
    expect(isAutoReply({ "auto-submitted": "no" }, "a@example.org", "SV: x")).toBe(false);
    expect(isAutoReply({ "x-autoreply": "yes" }, "a@example.org", "x")).toBe(true);
    expect(isAutoReply({ precedence: "bulk" }, "a@example.org", "x")).toBe(true);
    expect(isAutoReply({}, "MAILER-DAEMON@example.org", "x")).toBe(true);
    expect(isAutoReply({}, "a@example.org", "Automatisk svar: Skriftlig votering")).toBe(true);
    expect(isAutoReply({}, "a@example.org", "SV: Fraværende")).toBe(true);
    expect(isAutoReply({}, "a@example.org", "SV: Skriftlig votering")).toBe(false);
  });
});
