/**
 * Answers through a member link: the POST stores the form as posted and sends the member on
 * (303) to the answer's page; judging follows once, by the page, the local background judge or the sweeper.
 * The app here has no background judge, so each step can be seen on its own.
 */
import type { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { makeApp } from "#functions/http/app";
import { getLinkAction, judgeLinkAction, sweepLinkActions } from "#functions/answers/link-answers";
import { openWrittenVote, voteState } from "#functions/written-votes/written-votes";
import { startTestRuntime, type TestRuntime } from "../support/runtime.ts";

const C = "sundhedsklynge-syd";
let t: TestRuntime;
afterEach(async () => { await t?.stop(); });

async function setUp(): Promise<{ app: Hono; voteId: string; path: (email: string) => string }> {
  t = await startTestRuntime({ start: "2027-03-26T10:00:00+01:00", plan: [] });
  const vote = await openWrittenVote(t.deps, { committeeId: C, title: "Via link", question: "Godkender I?", openedBy: "secretariat" });
  await t.rt.executor.idle();
  const ballots = (await t.outbox()).filter((m) => m.purpose === "ballot");
  const path = (email: string) => new URL(/(http:\/\/[^\s?]+\/m\/[a-z0-9-]+)/.exec(ballots.find((b) => b.to === email)?.text ?? "")?.[1] ?? "http://x/").pathname;
  return { app: makeApp(t.deps), voteId: vote.voteId, path };
}

const post = (app: Hono, path: string, body: string) => app.request(path, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
const receipts = async () => (await t.outbox()).filter((m) => m.purpose === "vote-receipt");

describe("Stored before judged: an answer by link is stored before it is judged", () => {
  it("R-7.2: the POST stores the form and answers 303; the answer's page judges it once, however often it is loaded", async () => {
    const { app, voteId, path } = await setUp();
    const res = await post(app, path("borgmester@ishoj.example.org"), "svar=against&bemaerkning=Ikke%20nu");
    expect(res.status).toBe(303);
    const location = res.headers.get("location") ?? "";
    expect(location).toMatch(new RegExp(`^${path("borgmester@ishoj.example.org")}/svar/[0-9a-f-]{36}$`));
    const actionId = location.split("/").at(-1) ?? "";
    expect(await getLinkAction(t.deps, actionId)).toMatchObject({ status: "received", receivedAt: "2027-03-26T10:00:00+01:00", form: [["svar", "against"], ["bemaerkning", "Ikke nu"]] });
    expect((await voteState(t.deps, C, voteId)).responses).toEqual([]);

    await t.runUntil("2027-03-26T10:05:00+01:00");
    const pages = await Promise.all([app.request(location), app.request(location)]);
    for (const page of pages) {
      expect(page.status).toBe(200);
      const text = await page.text();
      expect(text).toContain("Dit svar er registreret");
      expect(text).toContain("NEJ");
    }
    expect(await (await app.request(location)).text()).toContain("Dit svar er registreret");
    const { result } = await voteState(t.deps, C, voteId);
    // Counted at the time it was posted, not when it was judged.
    expect(result.seats.find((s) => s.seatId === "ishoj")).toMatchObject({ answer: "against", receivedAt: "2027-03-26T10:00:00+01:00" });
    expect(result.tally.respondents).toBe(1);
    expect((await receipts()).map((m) => m.to)).toEqual(["borgmester@ishoj.example.org"]);
    expect(await getLinkAction(t.deps, actionId)).toMatchObject({ status: "judged", committeeId: C, matter: `vote/${voteId}`, seatId: "ishoj", outcome: { counted: true } });
  });

  it("a forged link stores nothing; another member's link cannot read the answer's page", async () => {
    const { app, path } = await setUp();
    const own = path("borgmester@ishoj.example.org");
    const forged = own.replace(/.$/, (ch) => (ch === "a" ? "b" : "a"));
    expect((await post(app, forged, "svar=for")).status).toBe(404);
    expect(await t.deps.store.listByIndex("linkAction", "LINKACTION#received", "", { index: "gsi2" })).toEqual([]);
    const location = (await post(app, own, "svar=for")).headers.get("location") ?? "";
    const actionId = location.split("/").at(-1);
    expect((await app.request(`${path("borgmester@dragor.example.org")}/svar/${actionId}`)).status).toBe(404);
    expect((await app.request(`${forged}/svar/${actionId}`)).status).toBe(404);
    expect((await app.request(location)).status).toBe(200);
  });

  it("an answer without a choice is kept, not counted, and the page says what is missing (400)", async () => {
    const { app, voteId, path } = await setUp();
    const location = (await post(app, path("borgmester@brondby.example.org"), "bemaerkning=glemte%20at%20v%C3%A6lge")).headers.get("location") ?? "";
    const page = await app.request(location);
    expect(page.status).toBe(400);
    const text = await page.text();
    expect(text).toContain("Vælg et svar");
    expect(text).toContain(`href="${path("borgmester@brondby.example.org")}"`);
    expect((await voteState(t.deps, C, voteId)).responses).toEqual([]);
    expect(await getLinkAction(t.deps, location.split("/").at(-1) ?? "")).toMatchObject({ status: "judged", form: [["bemaerkning", "glemte at vælge"]], outcome: { counted: false } });
  });

  it("R-3.6: an answer posted before the close but judged after it counts; one posted after it is kept and not counted", async () => {
    const { app, voteId, path } = await setUp();
    await t.runUntil("2027-04-03T23:59:00+02:00");
    const inTime = (await post(app, path("borgmester@ishoj.example.org"), "svar=for")).headers.get("location") ?? "";
    await t.runUntil("2027-04-05T00:00:00+02:00");
    const late = (await post(app, path("borgmester@dragor.example.org"), "svar=for")).headers.get("location") ?? "";
    expect(await (await app.request(inTime)).text()).toContain("Dit svar er registreret");
    const latePage = await (await app.request(late)).text();
    expect(latePage).toContain("Afstemningen er afsluttet");
    expect(latePage).toContain("tæller ikke");
    const { result } = await voteState(t.deps, C, voteId);
    expect(result.tally.for).toBe(1);
    expect(result.judged.filter((j) => !j.counted).map((j) => j.reason)).toEqual(["after-close"]);
  });

  it("R-7.2: an answer whose page was never loaded is judged by the sweeper, once, and a recent one is left to its page", async () => {
    const { app, voteId, path } = await setUp();
    const location = (await post(app, path("laege-1@plo.example.org"), "svar=abstain")).headers.get("location") ?? "";
    const actionId = location.split("/").at(-1) ?? "";
    expect((await sweepLinkActions(t.deps, { olderThanMs: 120_000 })).judged).toEqual([]);
    await t.runUntil("2027-03-26T10:15:00+01:00");
    const [first, second] = await Promise.all([sweepLinkActions(t.deps, { olderThanMs: 120_000 }), judgeLinkAction(t.deps, (await getLinkAction(t.deps, actionId))!)]);
    expect(first.judged).toEqual([actionId]);
    expect(second.counted).toBe(true);
    expect((await sweepLinkActions(t.deps)).judged).toEqual([]);
    expect((await voteState(t.deps, C, voteId)).result.seats.find((s) => s.seatId === "plo-1")).toMatchObject({ answer: "abstain", receivedAt: "2027-03-26T10:00:00+01:00" });
    expect((await receipts()).map((m) => m.to)).toEqual(["laege-1@plo.example.org"]);
    expect(await (await app.request(location)).text()).toContain("UNDLAD");
  });
});
