/**
 * "Mine sager" (issue 22, item 1): one signed link per member and term in the footer of every email, to a
 * page of what is open for that member; answers from it are stored as posted and judged by the same path as
 * every answer by link, into the same records. Real store, real MIME, the
 * real HTTP app, the workflows on virtual time.
 */
import type { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { makeApp } from "#functions/http/app";
import { getLinkAction } from "#functions/answers/link-answers";
import { issueApiToken } from "#functions/committee/api-tokens";
import { updateSeat } from "#functions/committee/seats";
import { upsertInitiative, reportsOfMeeting } from "#functions/initiatives/initiatives";
import { addAgendaItem, addMaterial, releaseAgenda } from "#functions/meetings/agenda";
import { attendanceOf } from "#functions/meetings/attendance";
import { startMeetingCycles } from "#functions/meetings/plan";
import { sendWeeklyDigests } from "#functions/members/digest";
import { minutesObjections, uploadMinutes } from "#functions/minutes/minutes";
import { openWrittenVote, voteState } from "#functions/written-votes/written-votes";
import { rulebookWith } from "../support/rulebooks.ts";
import { startTestRuntime, type SentMail, type TestRuntime } from "../support/runtime.ts";

const C = "sundhedsklynge-syd";
const ISHOJ = "borgmester@ishoj.example.org";
const PLAN = [
  { id: "2027-03-04", startsAt: "2027-03-04T14:00", location: "Hvidovre Rådhus" },
  { id: "2027-04-22", startsAt: "2027-04-22T14:00", location: "Hvidovre Hospital" },
];
const SECRETARIAT = "kf_mine-sager-secretariat-0123456789";

let t: TestRuntime;
let app: Hono;
afterEach(async () => { await t?.stop(); });

const PAGE_LINK = /http:\/\/127\.0\.0\.1:3000(\/m\/sager\/[a-z2-7]{26}-[a-z0-9]{2}[a-z2-7]{26})/;
const pageOf = (m: SentMail | undefined) => PAGE_LINK.exec(m?.text ?? "")?.[1] ?? "";
const post = (path: string, form: Record<string, string>) => app.request(path, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form).toString() });
const html = async (path: string) => { const r = await app.request(path); return { status: r.status, text: await r.text() }; };

/**
 * At 2027-03-26 10:00: the minutes of 2027-03-04 are out (window open to 2027-04-03), the agenda of 2027-04-22
 * is out (released before the item deadline, sent after it), a written vote is open, and Ishøj's mayor owns
 * an initiative whose report for 2027-04-22 is due 2027-03-25 (closed) — so the one for the next meeting is not yet.
 */
async function setUp(options: { digest?: boolean } = {}) {
  const rulebook = options.digest ? rulebookWith((r) => { r.reminders.weeklyDigest = { allowed: true, weekday: 1 }; }) : undefined;
  t = await startTestRuntime({ start: "2027-03-01T09:00:00+01:00", plan: PLAN, ...(rulebook ? { rulebook } : {}) });
  await upsertInitiative(t.deps, C, { initiativeId: "kystnaer", name: "Rehabilitering i eget hjem", owner: { name: "Borgmester i Ishøj (fiktiv)", email: ISHOJ }, fundsDkk: 100_000, goals: [], active: true }, "test");
  await issueApiToken(t.deps.store, t.now(), { token: SECRETARIAT, role: "secretariat", committeeId: C, name: "Sekretariatet" });
  await startMeetingCycles(t.deps, C);
  await t.runUntil("2027-03-20T10:00:00+01:00");
  const item = await addAgendaItem(t.deps, C, "2027-04-22", { title: "Økonomi mellem region og kommuner", description: "Drøftelse", authoritiesOnly: true }, "secretariat");
  await addMaterial(t.deps, C, "2027-04-22", item.itemId, { name: "oekonomi.pdf", contentType: "application/pdf", content: Buffer.from("%PDF økonomi") }, "secretariat");
  await releaseAgenda(t.deps, C, "2027-04-22", "secretariat");
  await t.runUntil("2027-03-26T10:00:00+01:00");
  await uploadMinutes(t.deps, { committeeId: C, meetingId: "2027-03-04", content: Buffer.from("%PDF protokol"), contentType: "application/pdf", changeNote: "", by: "secretariat" });
  const vote = await openWrittenVote(t.deps, { committeeId: C, title: "Forlængelse af indsatsen", question: "Godkender I forlængelsen?", openedBy: "secretariat" });
  await t.rt.executor.idle();
  app = makeApp(t.deps);
  return { vote };
}

describe("Mine sager: one link per member and term, in every email's footer (issue 22, item 1)", () => {
  it("every email to a seat's member carries the same signed link to their own page; the secretariat's mail carries none", async () => {
    await setUp();
    const mails = await t.outbox();
    const ishoj = mails.filter((m) => m.to === ISHOJ);
    // As a seat's member, and as the owner of an initiative (the same person, the same page).
    expect([...new Set(ishoj.map((m) => m.purpose))]).toEqual(expect.arrayContaining(["call-for-items", "agenda", "minutes", "ballot", "initiative-report-request"]));
    const links = new Set(ishoj.map(pageOf));
    expect(links.size).toBe(1);
    expect([...links][0]).toMatch(/^\/m\/sager\//);
    expect(ishoj.every((m) => m.html.includes("Mine sager: alt, der venter på dig, på én side"))).toBe(true);
    // Each member has a link of their own.
    const dragor = pageOf(mails.find((m) => m.to === "borgmester@dragor.example.org" && m.purpose === "ballot"));
    expect(dragor).not.toBe([...links][0]);
    expect(mails.filter((m) => m.to.startsWith("sekretariat@")).every((m) => !PAGE_LINK.test(m.text))).toBe(true);
  });

  it("the page lists the open vote, the minutes round with its window, the next meetings with agenda and the report owed; a GET records nothing", async () => {
    const { vote } = await setUp();
    const link = pageOf((await t.outbox()).find((m) => m.to === ISHOJ && m.purpose === "ballot"));
    const page = await html(link);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Mine sager");
    expect(page.text).toContain("Borgmester i Ishøj (fiktiv), Borgmester, Ishøj Kommune · Politisk Sundhedsklynge Syd");
    expect(page.text).toContain("Forlængelse af indsatsen");
    expect(page.text).toContain("Svarfrist: senest lørdag den 3. april 2027 kl. 23.59.");
    expect(page.text).toContain("Protokol fra mødet torsdag den 4. marts 2027, udgave 1");
    expect(page.text).toContain("Indsigelser senest lørdag den 3. april 2027 kl. 23.59.");
    expect(page.text).toContain("Møde torsdag den 22. april 2027 kl. 14.00");
    expect(page.text).toContain("Meld afbud");
    expect(page.text).not.toContain("Ugentlig oversigt"); // Sundhedsklynge Syd's rulebook does not allow it
    expect((await voteState(t.deps, C, vote.voteId)).responses).toEqual([]);
  });

  it("R-3.6/R-3.7/R-3.5: a vote, an apology and an objection from the page are stored as posted, judged once, and counted in the matters' own records", async () => {
    const { vote } = await setUp();
    const link = pageOf((await t.outbox()).find((m) => m.to === ISHOJ && m.purpose === "ballot"));

    const voted = await post(link, { sag: `vote/${vote.voteId}`, svar: "for", bemaerkning: "Godt arbejde" });
    expect(voted.status).toBe(303);
    const location = voted.headers.get("location") ?? "";
    expect(location).toMatch(new RegExp(`^${link}/svar/[0-9a-f-]{36}$`));
    // Stored raw first: nothing judged until the answer's page is fetched.
    expect(await getLinkAction(t.deps, location.split("/").at(-1) ?? "")).toMatchObject({ status: "received", form: [["sag", `vote/${vote.voteId}`], ["svar", "for"], ["bemaerkning", "Godt arbejde"]] });
    expect((await html(location)).text).toContain("Dit svar er registreret");
    expect((await voteState(t.deps, C, vote.voteId)).result.seats.find((s) => s.seatId === "ishoj")).toMatchObject({ answer: "for", channel: "link", receivedAt: "2027-03-26T10:00:00+01:00" });
    expect((await t.outbox()).filter((m) => m.purpose === "vote-receipt").map((m) => m.to)).toEqual([ISHOJ]);

    const apology = await post(link, { sag: "meeting/2027-04-22", afbud: "ja", suppleant: "ja" });
    expect((await html(apology.headers.get("location") ?? "")).text).toContain("Dit afbud er registreret, og din suppleant deltager.");
    expect((await attendanceOf(t.deps, C, "2027-04-22")).find((a) => a.seatId === "ishoj")).toMatchObject({ status: "apology", substituteAttends: true, channel: "link" });

    const objection = await post(link, { sag: "meeting/2027-03-04", udgave: "1", indsigelse: "Punkt 2 er gengivet forkert." });
    expect((await html(objection.headers.get("location") ?? "")).text).toContain("Indsigelsen er registreret");
    expect(await minutesObjections(t.deps, C, "2027-03-04")).toEqual([expect.objectContaining({ seatId: "ishoj", version: 1, text: "Punkt 2 er gengivet forkert.", channel: "link" })]);

    // The page now shows what was answered.
    const after = (await html(link)).text;
    expect(after).toContain("Dit nuværende svar: JA (for)");
    expect(after).toContain("Du har meldt afbud");
    expect(after).toContain("Du har gjort indsigelse mod denne udgave.");
    expect(after).toContain("Skriftlig votering »Forlængelse af indsatsen«: JA (for)");
  });

  it("a report owed as an initiative's owner is listed and sent from the page; only the owner's page may send it", async () => {
    await t?.stop();
    t = await startTestRuntime({ start: "2027-03-08T09:00:00+01:00", plan: [PLAN[1] ?? PLAN[0]!] });
    await upsertInitiative(t.deps, C, { initiativeId: "kystnaer", name: "Rehabilitering i eget hjem", owner: { name: "Borgmester i Ishøj (fiktiv)", email: ISHOJ }, fundsDkk: 100_000, goals: [], active: true }, "test");
    await startMeetingCycles(t.deps, C);
    await t.runUntil("2027-03-12T10:00:00+01:00");
    app = makeApp(t.deps);
    const mails = await t.outbox();
    const link = pageOf(mails.find((m) => m.to === ISHOJ && m.purpose === "call-for-items"));
    const page = (await html(link)).text;
    expect(page).toContain("Rehabilitering i eget hjem – til mødet torsdag den 22. april 2027");
    expect(page).toContain("Frist: senest torsdag den 25. marts 2027 kl. 23.59.");
    const sent = await post(link, { sag: "meeting/2027-04-22", indsats: "kystnaer", rapport: "Genoptrænet hjemme: 40\nStatus: på sporet" });
    expect((await html(sent.headers.get("location") ?? "")).text).toContain("Rapporten er modtaget");
    expect((await reportsOfMeeting(t.deps, C, "2027-04-22")).map((r) => [r.initiativeId, r.channel])).toEqual([["kystnaer", "link"]]);
    // Another member's page cannot report for an initiative it does not own.
    const other = pageOf(mails.find((m) => m.to === "borgmester@dragor.example.org" && m.purpose === "call-for-items"));
    const refused = await post(other, { sag: "meeting/2027-04-22", indsats: "kystnaer", rapport: "Falsk rapport" });
    const answer = await html(refused.headers.get("location") ?? "");
    expect(answer.status).toBe(403);
    expect(answer.text).toContain("Sagen er ikke åben");
    expect(await reportsOfMeeting(t.deps, C, "2027-04-22")).toHaveLength(1);
  });
});

describe("Mine sager: material and minutes only for the seats that may have them (R-3.4, R-3.8)", () => {
  it("R-3.4: a municipality's member gets the authorities-only item's material; a GP's page neither lists nor serves it; the minutes are served", async () => {
    await setUp();
    const mails = await t.outbox();
    const ishoj = pageOf(mails.find((m) => m.to === ISHOJ && m.purpose === "ballot"));
    const gp = pageOf(mails.find((m) => m.to === "laege-1@plo.example.org" && m.purpose === "ballot"));
    const page = (await html(ishoj)).text;
    const href = /href="(\/m\/sager\/[^"]+\/filer\/punkt\/[^"]+)"/.exec(page)?.[1] ?? "";
    expect(page).toContain("Økonomi mellem region og kommuner");
    const file = await app.request(href);
    expect([file.status, file.headers.get("cache-control"), await file.text()]).toEqual([200, "no-store", "%PDF økonomi"]);
    expect((await html(gp)).text).not.toContain("Økonomi mellem region og kommuner");
    expect((await app.request(href.replace(ishoj, gp))).status).toBe(404);
    const minutes = await app.request(`${gp}/filer/protokol/2027-03-04/1`);
    expect([minutes.status, await minutes.text()]).toEqual([200, "%PDF protokol"]);
    expect((await app.request(`${gp}/filer/protokol/2027-03-04/2`)).status).toBe(404);
  });
});

describe("Mine sager: the link is the member's, checked like every link (checkLink)", () => {
  it("a forged link shows and stores nothing; a matter of another committee or a closed one is kept and not counted", async () => {
    const { vote } = await setUp();
    const link = pageOf((await t.outbox()).find((m) => m.to === ISHOJ && m.purpose === "ballot"));
    const forged = link.replace(/.$/, (ch) => (ch === "a" ? "b" : "a"));
    expect((await html(forged)).status).toBe(404);
    expect((await post(forged, { sag: `vote/${vote.voteId}`, svar: "for" })).status).toBe(404);
    const unknown = await post(link, { sag: "vote/v20270326-andet-udvalg", svar: "for" });
    const out = await html(unknown.headers.get("location") ?? "");
    expect([out.status, out.text.includes("Sagen er ikke åben")]).toEqual([409, true]);
    expect((await voteState(t.deps, C, vote.voteId)).responses).toEqual([]);
  });

  it("R-1.2: once the seat has a new holder, the former holder's page is refused (403) and stores nothing; the new holder's mail carries a link of their own", async () => {
    const { vote } = await setUp();
    const link = pageOf((await t.outbox()).find((m) => m.to === ISHOJ && m.purpose === "ballot"));
    await updateSeat(t.deps, C, "ishoj", { title: "Borgmester, Ishøj Kommune", member: { name: "Ny borgmester (fiktiv)", email: "ny-borgmester@ishoj.example.org" }, substitutes: [] }, "secretariat");
    expect((await html(link)).status).toBe(403);
    const refused = await post(link, { sag: `vote/${vote.voteId}`, svar: "for" });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("Dit svar er ikke gemt.");
    expect((await voteState(t.deps, C, vote.voteId)).responses).toEqual([]);
  });

  it("the secretariat revokes a member's link: it stops at once, and the next email carries a new one", async () => {
    await setUp();
    const link = pageOf((await t.outbox()).find((m) => m.to === ISHOJ && m.purpose === "ballot"));
    const res = await app.request(`/api/committees/${C}/seats/ishoj/member-page/revoke`, { method: "POST", headers: { authorization: `Bearer ${SECRETARIAT}`, "content-type": "application/json" }, body: "{}" });
    expect([res.status, await res.json()]).toEqual([200, { revoked: 1 }]);
    expect((await html(link)).status).toBe(404);
    await openWrittenVote(t.deps, { committeeId: C, title: "Næste sag", question: "Godkender I?", openedBy: "secretariat" });
    await t.rt.executor.idle();
    const fresh = pageOf((await t.outbox()).find((m) => m.to === ISHOJ && m.subject === "Skriftlig votering: Næste sag"));
    expect(fresh).not.toBe(link);
    expect((await html(fresh)).status).toBe(200);
  });
});

describe("Mine sager: a weekly digest in place of reminders, where the rulebook allows it", () => {
  it("refused where the rulebook does not allow it (Sundhedsklynge Syd)", async () => {
    await setUp();
    const link = pageOf((await t.outbox()).find((m) => m.to === ISHOJ && m.purpose === "ballot"));
    const res = await post(`${link}/ugentlig`, { ugentlig: "ja" });
    expect(res.headers.get("location")).toBe(`${link}?gemt=ikke-tilladt#ugentlig`);
    expect((await html(res.headers.get("location") ?? "")).text).toContain("Forretningsordenen giver ikke mulighed for en ugentlig oversigt");
  });

  it("R-3.6: a member who chose it gets no vote reminders, and one digest on the rulebook's weekday at its send time, once", async () => {
    await setUp({ digest: true });
    const link = pageOf((await t.outbox()).find((m) => m.to === ISHOJ && m.purpose === "ballot"));
    const saved = await post(`${link}/ugentlig`, { ugentlig: "ja" });
    expect((await html(saved.headers.get("location") ?? "")).text).toContain("Gemt: du får en ugentlig oversigt i stedet for påmindelser.");
    // The vote closes Saturday 2027-04-03; reminders 3 and 1 days before (Wed 31 March, Fri 2 April) go to the others only.
    await t.runUntil("2027-03-29T08:59:00+02:00");
    expect(await sendWeeklyDigests(t.deps)).toEqual({ sent: 0, failed: 0 }); // Monday, before the send time
    await t.runUntil("2027-03-29T09:00:00+02:00");
    expect(await sendWeeklyDigests(t.deps)).toEqual({ sent: 1, failed: 0 });
    expect(await sendWeeklyDigests(t.deps)).toEqual({ sent: 0, failed: 0 });
    await t.runUntil("2027-04-03T12:00:00+02:00");
    const mails = await t.outbox();
    const reminders = mails.filter((m) => m.purpose === "vote-reminder");
    expect(reminders.length).toBe(2 * 16);
    expect(reminders.some((m) => m.to === ISHOJ)).toBe(false);
    const digest = mails.filter((m) => m.purpose === "weekly-digest");
    expect(digest.map((m) => m.to)).toEqual([ISHOJ]);
    expect(digest[0]?.subject).toMatch(/^Ugentlig oversigt fra Politisk Sundhedsklynge Syd: \d+ sager venter på dig$/);
    expect(digest[0]?.text).toContain(`Forlængelse af indsatsen – svar senest lørdag den 3. april 2027 kl. 23.59`);
    expect(digest[0]?.text).toContain(link);
  });
});
