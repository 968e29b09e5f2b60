/**
 * "The truth on screen": what the secretariat found wrong or untrue, each checked through the public
 * surfaces (API, console over HTTP, member links, the outbox), so the same file runs against any version.
 * Every case failed before the fix (a11355d).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, consoleGet, consoleLogin, consolePost, memberLink, readOutbox, visibleText, type Mail } from "../support/console.ts";
import { startTestStack } from "../support/stack.ts";

type Stack = Awaited<ReturnType<typeof startTestStack>>;
const C = "sundhedsklynge-syd";
const pdf = Buffer.from("%PDF-1.4\n% protokol\n");
const b64 = pdf.toString("base64");
const SECRETARIAT = "sekretariat@sundhedsklynge-syd.example.org";
/** The outbox's files now: what came after is what is not among them (files sent in one second do not sort by time). */
const sent = async (s: Stack) => new Set((await readOutbox(s.runtime.outboxDir)).map((m) => m.file));
const mailsAfter = async (s: Stack, before: Set<string>) => (await readOutbox(s.runtime.outboxDir)).filter((m) => !before.has(m.file));
/** Answers a minute apart arrive in that order (virtual time stands still between steps). */
const aMinuteLater = (s: Stack) => s.runtime.executor.runUntil(Date.parse(s.runtime.deps.clock.now()) + 60_000);

describe("A meeting loaded as already held (history): minutes go out, the deadline is watched (R-3.5, R-3.7)", () => {
  let s: Stack;
  // Sessions expire on the stack's (virtual) clock: each test signs in anew after time has run.
  const session = () => consoleLogin(s.http.url, s.tokens.secretariat);
  beforeAll(async () => {
    s = await startTestStack("2026-11-10T10:00:00+01:00");
    await s.runtime.executor.idle();
  }, 60_000);
  afterAll(async () => { await s?.close(); });

  it("R-3.5: the 10-day deadline of a held meeting passes with an alert; none for a meeting whose deadline passed before it was loaded", async () => {
    await s.runtime.executor.runUntil(Date.parse("2026-11-16T12:00:00+01:00"));
    const alerts = (await readOutbox(s.runtime.outboxDir)).filter((m) => m.purpose === "alert" && /Protokol/.test(m.subject));
    expect(alerts.map((a) => a.to).sort()).toEqual(["borgmester@hvidovre.example.org", "region-1@region.example.org", SECRETARIAT]);
    expect(alerts[0]?.text).toContain("5. november 2026");
    expect(alerts.some((a) => a.text.includes("12. marts 2026"))).toBe(false);
  });

  it("R-3.7: attendance recorded by the secretariat is in the minutes' email; R-3.5: the minutes of a held meeting are sent", async () => {
    const present = ["region-1", "region-2", "region-3", "hvidovre", "ishoj", "brondby", "albertslund", "kobenhavn", "glostrup", "plo-1"].map((seatId) => ({ seatId, substitute: false }));
    expect((await api(s.http.url, "POST", `/api/committees/${C}/meetings/2026-11-05/attendance`, s.tokens.secretariat, { present: [...present, { seatId: "dragor", substitute: true }] })).status).toBe(200);
    const before = await sent(s);
    const up = await api(s.http.url, "POST", `/api/committees/${C}/meetings/2026-11-05/minutes`, s.tokens.secretariat, { name: "protokol.pdf", contentType: "application/pdf", contentBase64: b64 });
    expect(up.status).toBe(201);
    await s.runtime.executor.idle();
    const minutes = (await mailsAfter(s, before)).filter((m) => m.purpose === "minutes");
    expect(minutes.length).toBeGreaterThanOrEqual(17);
    const ishoj = minutes.find((m) => m.to === "borgmester@ishoj.example.org");
    expect(ishoj?.text).toMatch(/Til stede \(11\)/);
    expect(ishoj?.text).toContain("Borgmester, Dragør Kommune (suppleant)");
    expect(ishoj?.text).toMatch(/Fraværende[\s\S]*Borgmester, Tårnby Kommune/);
  });

  let minutesLink = "";
  it("R-3.5: an objection to the minutes is emailed to the secretariat at once", async () => {
    const mail = (await readOutbox(s.runtime.outboxDir)).find((m) => m.purpose === "minutes" && m.to === "borgmester@ishoj.example.org") as Mail;
    minutesLink = memberLink(mail);
    const before = await sent(s);
    const res = await fetch(minutesLink, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "indsigelse=Punkt+2+er+gengivet+forkert" });
    expect(await res.text()).toContain("Indsigelsen er registreret");
    await s.http.idle();
    const notice = (await mailsAfter(s, before)).filter((m) => m.to === SECRETARIAT);
    expect(notice).toHaveLength(1);
    expect(notice[0]?.text).toContain("Punkt 2 er gengivet forkert");
    expect(notice[0]?.text).toContain("Borgmester, Ishøj Kommune");
  });

  it("R-3.5: after an objection the revised version can be uploaded at once, and it goes out at once", async () => {
    const before = await sent(s);
    const up = await api(s.http.url, "POST", `/api/committees/${C}/meetings/2026-11-05/minutes`, s.tokens.secretariat, { name: "protokol-2.pdf", contentType: "application/pdf", contentBase64: b64, changeNote: "Punkt 2 rettet" });
    expect(up.status).toBe(201);
    await s.runtime.executor.idle();
    const revised = (await mailsAfter(s, before)).filter((m) => m.purpose === "minutes");
    expect(revised.length).toBeGreaterThanOrEqual(17);
    expect(revised[0]?.subject).toContain("udgave 2");
  });

  it("a revision refused (no objection in the round) is refused in Danish in the console", async () => {
    const cookie = await session();
    const form = new FormData();
    form.set("file", new File([pdf], "protokol-3.pdf", { type: "application/pdf" }));
    const r = await consolePost(s.http.url, "/console/meetings/2026-11-05/minutes", cookie, form);
    const shown = r.status === 303 ? visibleText((await consoleGet(s.http.url, r.location.replace(s.http.url, ""), cookie)).text) : visibleText(r.text);
    expect(shown).toMatch(/indsigelsesfrist|indsigelser/i);
    expect(shown).not.toMatch(/objection window|is open until|has not been sent/);
  });

  it("the archive exports open from the console session, CSV with a BOM for Excel; the raw answers are in them (R-7.1, R-7.2)", async () => {
    const cookie = await session();
    const page = await consoleGet(s.http.url, "/console/meetings/2026-11-05", cookie);
    const hrefs = [...page.text.matchAll(/href="([^"]*export[^"]*)"/g)].map((m) => (m[1] ?? "").replace(/&amp;/g, "&"));
    expect(hrefs.length).toBeGreaterThanOrEqual(2);
    for (const href of hrefs) expect((await consoleGet(s.http.url, href, cookie)).status, href).toBe(200);
    const csvHref = hrefs.find((h) => /csv/.test(h)) ?? "";
    const csv = await fetch(`${s.http.url}${csvHref}`, { headers: { cookie } });
    expect(new Uint8Array(await csv.arrayBuffer()).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
    const json = JSON.parse((await consoleGet(s.http.url, hrefs.find((h) => /json/.test(h)) ?? "", cookie)).text) as { replies?: { channel: string; raw: unknown }[] };
    expect(JSON.stringify(json.replies ?? [])).toContain("Punkt 2 er gengivet forkert");
  });

  it("a held meeting shows no release, apology or cancel form", async () => {
    const cookie = await session();
    const page = (await consoleGet(s.http.url, "/console/meetings/2026-11-05", cookie)).text;
    expect(page).not.toMatch(/action="[^"]*\/(release|apology|cancel)"/);
  });

  it("R-4.2: with both PLO seats absent, a meeting with an item on general practice is shown as not quorate", async () => {
    const cookie = await session();
    expect((await api(s.http.url, "POST", `/api/committees/${C}/meetings/2027-04-22/items`, s.tokens.secretariat, { title: "Praksisplan for almen praksis", description: "", concernsGeneralPractice: true })).status).toBe(201);
    for (const seatId of ["plo-1", "plo-2"]) expect((await api(s.http.url, "POST", `/api/committees/${C}/meetings/2027-04-22/apologies`, s.tokens.secretariat, { seatId, substituteAttends: false })).status).toBe(200);
    const text = visibleText((await consoleGet(s.http.url, "/console/meetings/2027-04-22", cookie)).text);
    expect(text).toContain("IKKE beslutningsdygtig");
    expect(text).toContain("PLO-Hovedstaden (almen praksis) er ikke repræsenteret");
  });

  it("the term page names each meeting's next deadline once, in Danish, and never a send as a deadline", async () => {
    const cookie = await session();
    const text = visibleText((await consoleGet(s.http.url, "/console", cookie)).text);
    expect(text).not.toMatch(/(mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag) \1/);
    expect(text).not.toMatch(/call for agenda items|agenda item requests|minutes sent/);
    expect(text).toMatch(/Frist for anmodning om punkter:? torsdag den 25\. marts 2027/);
  });

  it("PUT on a seat that does not exist is 404 naming the seat (not a 409 about another writer)", async () => {
    const r = await api(s.http.url, "PUT", `/api/committees/${C}/seats/ikke-en-plads`, s.tokens.secretariat, { title: "X", member: { name: "X", email: "x@example.org" }, substitutes: [] });
    expect(r.status).toBe(404);
    expect(JSON.stringify(r.json)).not.toContain("another writer");
  });

  it("a seat import saved by Danish Excel (semicolons, Windows-1252) is previewed and imported; a wrong row is refused in Danish naming row and column", async () => {
    const cookie = await session();
    const excel = Buffer.from("seat_id;constituency;title;member_name;member_email\r\ndragor;municipality;Borgmester, Dragør Kommune;Søren Ærø;soren.aero@dragor.example.org\r\n", "latin1");
    const form = new FormData();
    form.set("file", new File([excel], "pladser.csv", { type: "text/csv" }));
    const preview = await consolePost(s.http.url, "/console/pladser/import", cookie, form);
    expect(preview.status).toBe(200);
    expect(visibleText(preview.text)).toContain("Søren Ærø");
    const bad = new FormData();
    bad.set("file", new File([Buffer.from("\uFEFFseat_id;constituency;title;member_name;member_email\r\nishoj;municipality;Borgmester;Navn;ikke-en-adresse\r\n", "utf8")], "pladser.csv", { type: "text/csv" }));
    const refused = await consolePost(s.http.url, "/console/pladser/import", cookie, bad);
    const text = refused.status === 303 ? refused.location : visibleText(refused.text);
    expect(text).toMatch(/[Rr]ække 2/);
    expect(text).toContain("member_email");
    expect(text).not.toMatch(/expected|Invalid|row \d/);
  });

  it("the chair is shown no form and no link that answers 403", async () => {
    const chair = await consoleLogin(s.http.url, s.tokens.chair);
    const forbidden: string[] = [];
    for (const path of ["/console", "/console/meetings/2027-04-22", "/console/meetings/2026-11-05", "/console/votes", "/console/initiatives", "/console/audit"]) {
      const page = (await consoleGet(s.http.url, path, chair)).text;
      for (const m of page.matchAll(/<form[^>]*action="([^"]+)"/g)) {
        const action = (m[1] ?? "").replace(/&amp;/g, "&");
        if (action.includes("logout")) continue;
        if ((await consolePost(s.http.url, action, chair, {})).status === 403) forbidden.push(`form ${action} on ${path}`);
      }
      for (const m of page.matchAll(/<a [^>]*href="(\/[^"]+)"/g)) {
        const href = (m[1] ?? "").replace(/&amp;/g, "&");
        if ((await consoleGet(s.http.url, href, chair)).status === 403) forbidden.push(`link ${href} on ${path}`);
      }
    }
    expect(forbidden).toEqual([]);
  });
});

describe("An ordinary meeting's agenda in spring: what the console says is what happens (R-3.2, R-3.3, initiatives)", () => {
  let s: Stack;
  const session = () => consoleLogin(s.http.url, s.tokens.secretariat);
  beforeAll(async () => {
    s = await startTestStack("2027-03-20T10:00:00+01:00");
    await s.runtime.executor.idle();
  }, 60_000);
  afterAll(async () => { await s?.close(); });

  it("escalated missing reports reach the owners who were asked, as owners, without a console link", async () => {
    const report = (await readOutbox(s.runtime.outboxDir)).find((m) => m.purpose === "initiative-report-request" && m.to === "ammeindsats@region.example.org");
    expect(report).toBeDefined();
    const res = await fetch(memberLink(report as Mail), { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ rapport: "Status: på sporet\nAndel fuldt ammet ved 2 uger: 61" }).toString() });
    expect(res.status).toBe(200);
    await s.http.idle();
    await s.runtime.executor.runUntil(Date.parse("2027-03-30T12:00:00+02:00"));
    const toOwner = (await readOutbox(s.runtime.outboxDir)).filter((m) => m.purpose === "initiative-report-escalation" && m.to === "den-gode-overgang@region.example.org");
    expect(toOwner).toHaveLength(1);
    expect(toOwner[0]?.text).not.toContain("/console");
    expect(toOwner[0]?.text).not.toMatch(/fordi du er sekretariat/);
  });

  it("R-3.2: a late item request that the chairs have not decided is not on the agenda; the reports are compiled into it", async () => {
    const call = (await readOutbox(s.runtime.outboxDir)).find((m) => m.purpose === "call-for-items" && m.to === "borgmester@ishoj.example.org") as Mail;
    const res = await fetch(memberLink(call), { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ titel: "Sent punkt om akutpladser", beskrivelse: "" }).toString() });
    expect(await res.text()).toContain("efter fristen");
    await s.http.idle();
    const before = await sent(s);
    expect((await api(s.http.url, "POST", `/api/committees/${C}/meetings/2027-04-22/agenda/release`, s.tokens.secretariat)).status).toBe(200);
    await s.runtime.executor.idle();
    const agenda = (await mailsAfter(s, before)).filter((m) => m.purpose === "agenda");
    expect(agenda.length).toBeGreaterThanOrEqual(17);
    expect(agenda[0]?.text).not.toContain("Sent punkt om akutpladser");
    expect(agenda[0]?.text).toMatch(/Status for indsatserne/);
    expect(agenda[0]?.text).toContain("Andel fuldt ammet ved 2 uger: 61");
    expect(agenda[0]?.text).toMatch(/Den gode overgang[^\n]*\n?[^\n]*mangler/i);
  });

  it("R-3.3: releasing ahead of the item deadline asks first, then says when the agenda really goes out, and it does", async () => {
    const cookie = await session();
    const ask = await consolePost(s.http.url, "/console/meetings/2027-11-04/release", cookie, {});
    expect(ask.status).toBe(200);
    expect(visibleText(ask.text)).toMatch(/17 pladser/);
    expect((await api(s.http.url, "GET", `/api/committees/${C}/meetings/2027-11-04`, s.tokens.secretariat)).json.meeting).not.toHaveProperty("agendaReleasedAt");
    const done = await consolePost(s.http.url, "/console/meetings/2027-11-04/release", cookie, { bekraeft: "ja" });
    expect(done.status).toBe(303);
    expect(done.location).toContain("fredag den 8. oktober 2027");
    expect(done.location).not.toMatch(/sendes nu|sendes til alle pladser\.$/);
    await s.runtime.executor.runUntil(Date.parse("2027-10-08T10:00:00+02:00"));
    const agenda = (await readOutbox(s.runtime.outboxDir)).filter((m) => m.purpose === "agenda" && /4\. november 2027/.test(m.subject));
    expect(agenda.length).toBeGreaterThanOrEqual(17);
    expect(agenda.every((m) => m.date.startsWith("2027-10-0"))).toBe(true);
  });
});

describe("After the item deadline: owners never asked, votes by member and substitute, cancelled and moved meetings (R-3.6, R-7.1, R-3.7)", () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startTestStack("2027-03-26T10:00:00+01:00");
    await s.runtime.executor.idle();
  }, 60_000);
  afterAll(async () => { await s?.close(); });

  it("owners who were never asked for a report get no 'missing report' mail", async () => {
    await s.runtime.executor.runUntil(Date.parse("2027-03-30T12:00:00+02:00"));
    const out = await readOutbox(s.runtime.outboxDir);
    expect(out.filter((m) => m.purpose === "initiative-report-request")).toEqual([]);
    expect(out.filter((m) => m.purpose === "initiative-report-escalation" && m.to.endsWith("@region.example.org") && !m.to.startsWith("region-"))).toEqual([]);
  });

  it("R-3.6/R-7.1: a substitute's answer does not replace the member's own; each is told the truth and the result names who voted", async () => {
    const t = s.tokens.secretariat;
    expect((await api(s.http.url, "POST", `/api/committees/${C}/representations`, t, { seatId: "ishoj", substituteId: "ishoj-suppleant", from: "2027-03-27T00:00" })).status).toBe(201);
    const before = await sent(s);
    const v = await api(s.http.url, "POST", `/api/committees/${C}/written-votes`, t, { title: "Fælles visitation", question: "Godkender I den fælles visitation?" });
    const voteId = String(v.json.id);
    await s.runtime.executor.idle();
    const ballots = (await mailsAfter(s, before)).filter((m) => m.purpose === "ballot");
    const member = ballots.find((m) => m.to === "borgmester@ishoj.example.org") as Mail;
    const substitute = ballots.find((m) => m.to !== "borgmester@ishoj.example.org" && /Ishøj/.test(m.text)) as Mail;
    expect(substitute).toBeDefined();
    const post = async (link: string, svar: string) => (await (await fetch(link, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `svar=${svar}` })).text());
    expect(await post(memberLink(member), "for")).toContain("Dit svar er registreret");
    await aMinuteLater(s);
    const subPage = await post(memberLink(substitute), "against");
    expect(subPage).not.toContain("Dit svar er registreret");
    expect(visibleText(subPage)).toMatch(/medlemmet selv har (stemt|svaret)/);
    await s.http.idle();
    const view = await api(s.http.url, "GET", `/api/committees/${C}/written-votes/${voteId}`, t);
    const ishoj = (view.json.responses as { seat: string; answer: string; by: string }[]).find((r) => r.seat === "ishoj");
    expect(ishoj).toMatchObject({ answer: "for", by: "member" });
    const receipts = (await mailsAfter(s, before)).filter((m) => m.purpose === "vote-receipt");
    expect(receipts.map((m) => m.to)).toEqual(["borgmester@ishoj.example.org"]);
    // An objection ends the vote; the result says who answered for each seat.
    const dragor = ballots.find((m) => m.to === "borgmester@dragor.example.org") as Mail;
    const objBefore = await sent(s);
    expect(await post(memberLink(dragor), "objection")).toContain("Dit svar er registreret");
    await s.http.idle();
    await s.runtime.executor.idle();
    const after = await mailsAfter(s, objBefore);
    expect(after.filter((m) => m.to === SECRETARIAT && /[Ii]ndsigelse/.test(m.subject))).toHaveLength(1);
    const result = after.find((m) => m.purpose === "vote-result" && m.to === "borgmester@ishoj.example.org") as Mail;
    expect(result.text).toMatch(/Borgmester, Ishøj Kommune[^\n]*JA[^\n]*medlemmet/);
  });

  it("a meeting cannot be moved into the past, and nobody is told it was", async () => {
    const before = await sent(s);
    const r = await api(s.http.url, "POST", `/api/committees/${C}/meetings/2027-11-04/move`, s.tokens.secretariat, { startsAt: "2027-02-01T14:00" });
    expect(r.status).toBe(409);
    await s.runtime.executor.idle();
    expect((await mailsAfter(s, before)).filter((m) => m.purpose === "meeting-changed")).toEqual([]);
  });

  it("R-3.7: a cancelled meeting's agenda link takes no apology and says the meeting is cancelled", async () => {
    expect((await api(s.http.url, "POST", `/api/committees/${C}/meetings/2027-04-22/agenda/release`, s.tokens.secretariat)).status).toBe(200);
    await s.runtime.executor.idle();
    const agenda = (await readOutbox(s.runtime.outboxDir)).find((m) => m.purpose === "agenda" && m.to === "borgmester@brondby.example.org") as Mail;
    expect((await api(s.http.url, "POST", `/api/committees/${C}/meetings/2027-04-22/cancel`, s.tokens.secretariat)).status).toBe(200);
    const link = memberLink(agenda);
    expect(visibleText(await (await fetch(link)).text())).toContain("aflyst");
    const res = await fetch(link, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "afbud=ja" });
    expect(await res.text()).not.toContain("Afbud registreret");
    await s.http.idle();
    const detail = await api(s.http.url, "GET", `/api/committees/${C}/meetings/2027-04-22`, s.tokens.secretariat);
    expect((detail.json.attendance as { seat: string }[]).filter((a) => a.seat === "brondby")).toEqual([]);
  });
});
