/**
 * "Mine sager" in a real browser (Debian's chromium driven by playwright-core), issue 22's acceptance: a
 * member answers a vote, sends an apology and objects to minutes from their own page alone, reached by the
 * link in the footer of an email. Every page is looked at 1280 and 390 px wide: axe-core finds no violation
 * and nothing is wider than a 390 px phone. Screenshots go to .data/screenshots/ (gitignored).
 */
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attendanceOf } from "#functions/meetings/attendance";
import { minutesObjections, uploadMinutes } from "#functions/minutes/minutes";
import { openWrittenVote, voteState } from "#functions/written-votes/written-votes";
import { launchBrowser, looker } from "../support/browser.ts";
import { startTestStack } from "../support/stack.ts";

const C = "sundhedsklynge-syd";
const ISHOJ = "borgmester@ishoj.example.org";

let stack: Awaited<ReturnType<typeof startTestStack>>;
let browser: Browser;
let page: Page;
let voteId = "";
let link = "";
const problems: string[] = [];
let look: (name: string) => Promise<void>;

beforeAll(async () => {
  // The meeting of Thursday 2027-04-22 is held while the clock runs; its minutes go out the next morning.
  stack = await startTestStack("2027-04-20T09:00:00+02:00");
  await stack.runtime.executor.runUntil(Date.parse("2027-04-23T10:00:00+02:00"));
  const deps = stack.runtime.deps;
  await uploadMinutes(deps, { committeeId: C, meetingId: "2027-04-22", content: Buffer.from("%PDF-1.4\n% protokol\n"), contentType: "application/pdf", changeNote: "", by: "secretariat" });
  voteId = (await openWrittenVote(deps, { committeeId: C, title: "Forlængelse af fælles ammeindsats", question: "Godkender I, at indsatsen forlænges til 2028?", openedBy: "secretariat" })).voteId;
  await stack.runtime.executor.idle();
  const { readdirSync } = await import("node:fs");
  const { simpleParser } = await import("mailparser");
  for (const f of readdirSync(stack.runtime.outboxDir).filter((x) => x.endsWith(".eml"))) {
    const m = await simpleParser(readFileSync(`${stack.runtime.outboxDir}/${f}`));
    const to = Array.isArray(m.to) ? m.to[0]?.value[0]?.address : m.to?.value[0]?.address;
    const found = /(http:\/\/127\.0\.0\.1:\d+\/m\/sager\/\S+)/.exec(m.text ?? "")?.[1];
    if (to === ISHOJ && String(m.headers.get("x-klyngeflow-purpose")) === "ballot" && found) link = found;
  }
  ({ browser, page } = await launchBrowser());
  look = looker(page, "mine-sager", problems);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** The page as it is now, at 1280 and 390 px: a screenshot, no axe-core violation, nothing wider than 390 px. */

const heading = () => page.getByRole("heading", { level: 1 }).textContent();
const back = async () => {
  await page.getByRole("link", { name: "Tilbage til Mine sager" }).click();
  await expect.poll(heading).toBe("Mine sager");
};

describe("Mine sager in a browser: a member's whole answer from their own page (issue 22, acceptance)", () => {
  it("opens from the link in an email's footer and lists the vote, the minutes round and the next meetings", async () => {
    expect(link).toMatch(/\/m\/sager\//);
    await page.goto(link);
    await expect.poll(heading).toBe("Mine sager");
    expect(await page.locator("html").getAttribute("lang")).toBe("da");
    expect(await page.getByRole("heading", { name: "Forlængelse af fælles ammeindsats" }).count()).toBe(1);
    expect(await page.getByRole("heading", { name: "Protokol fra mødet torsdag den 22. april 2027, udgave 1" }).count()).toBe(1);
    expect(await page.getByRole("group", { name: "Møde torsdag den 4. november 2027 kl. 14.00" }).count()).toBe(1);
    await look("oversigt");
  });

  it("R-3.6: answers the written vote; the page says it is recorded, and the vote counts it", async () => {
    const form = page.getByRole("form", { name: "Forlængelse af fælles ammeindsats" });
    await form.getByLabel("JA (for)").check();
    await form.getByLabel("Bemærkning eller dissens til protokol (valgfri)").fill("Vigtigt at fortsætte.");
    await form.getByRole("button", { name: "Registrér mit svar" }).click();
    await expect.poll(heading).toBe("Dit svar er registreret");
    await look("stemme-registreret");
    const seat = (await voteState(stack.runtime.deps, C, voteId)).result.seats.find((s) => s.seatId === "ishoj");
    expect(seat).toMatchObject({ answer: "for", channel: "link" });
    await back();
    expect(await page.getByText("Dit nuværende svar: JA (for)").count()).toBe(1);
  });

  it("R-3.7: sends an apology for the next meeting, with the substitute attending", async () => {
    const meeting = page.getByRole("group", { name: "Møde torsdag den 4. november 2027 kl. 14.00" });
    await meeting.getByLabel("Min suppleant deltager i stedet").check();
    await meeting.getByRole("button", { name: "Meld afbud" }).click();
    await expect.poll(heading).toBe("Afbud registreret");
    await look("afbud-registreret");
    expect((await attendanceOf(stack.runtime.deps, C, "2027-11-04")).find((a) => a.seatId === "ishoj")).toMatchObject({ status: "apology", substituteAttends: true, channel: "link" });
    await back();
    expect(await page.getByRole("group", { name: "Møde torsdag den 4. november 2027 kl. 14.00" }).getByText(/Du har meldt afbud .*; din suppleant deltager\./).count()).toBe(1);
  });

  it("R-3.5: objects to the minutes within their window", async () => {
    const round = page.getByRole("form", { name: "Protokol fra mødet torsdag den 22. april 2027, udgave 1" });
    await round.getByLabel("Hvad skal rettes?").fill("Punkt 2 er gengivet forkert.");
    await round.getByRole("button", { name: "Send indsigelse" }).click();
    await expect.poll(heading).toBe("Indsigelsen er registreret");
    await look("indsigelse-registreret");
    expect(await minutesObjections(stack.runtime.deps, C, "2027-04-22")).toEqual([expect.objectContaining({ seatId: "ishoj", version: 1, channel: "link", text: "Punkt 2 er gengivet forkert." })]);
    await back();
    expect(await page.getByText("Du har gjort indsigelse mod denne udgave.").count()).toBe(1);
    await look("efter-svarene");
  });

  it("every page looked at has no axe-core violation and fits a 390 px screen", () => {
    expect(problems).toEqual([]);
  });
});
