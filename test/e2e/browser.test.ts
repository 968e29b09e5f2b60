/**
 * The secretariat's and a member's path through the console and a member link, in a real
 * browser (Debian's chromium driven by playwright-core). Screenshots of the main pages are saved under
 * test-artifacts/screenshots/ for people to look at.
 */
import { mkdirSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../support/rulebooks.ts";
import { startTestStack } from "../support/stack.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SHOTS = `${ROOT}test-artifacts/screenshots`;
let stack: Awaited<ReturnType<typeof startTestStack>>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stack = await startTestStack("2027-03-26T10:00:00+01:00");
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // The machine's network is closed: no background connections, no component updates.
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  page = await (await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: "da-DK" })).newPage();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const shot = (name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });

describe("Local stack: in a browser, from login to a member's answer on the vote page", () => {
  it("logs in to the console with the printed token and sees the term at a glance", async () => {
    await page.goto(`${stack.http.url}/console`);
    expect(page.url()).toContain("/console/login");
    await page.getByLabel("API-token").fill(stack.tokens.secretariat);
    await page.getByRole("button", { name: "Log ind" }).click();
    await page.waitForURL(/\/console$/);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Politisk Sundhedsklynge Syd");
    expect(await page.locator("html").getAttribute("lang")).toBe("da");
    expect(await page.getByRole("cell", { name: /torsdag den 22\. april 2027 kl\. 14\.00/ }).count()).toBe(1);
    await shot("01-console-term");
  });

  it("opens a written vote from the console", async () => {
    await page.getByRole("link", { name: "Skriftlige voteringer" }).click();
    await page.getByLabel("Sag").fill("Forlængelse af fælles ammeindsats");
    await page.getByLabel("Spørgsmål til medlemmerne").fill("Godkender I, at indsatsen forlænges til 2028?");
    await page.getByRole("button", { name: "Åbn og send stemmesedler" }).click();
    await page.waitForURL(/\/console\/votes\/v/);
    await stack.runtime.executor.idle();
    await page.reload();
    expect(await page.locator("#status").textContent()).toBe("åben");
    await shot("02-vote-open");
  });

  it("sees the 17 ballots in the outbox and reads one as the member sees it", async () => {
    await page.getByRole("link", { name: "Udbakke" }).click();
    const ballots = page.getByRole("link", { name: "Skriftlig votering: Forlængelse af fælles ammeindsats" });
    expect(await ballots.count()).toBe(17);
    await shot("03-outbox");
    await page.getByRole("row", { name: /borgmester@ishoj\.example\.org/ }).getByRole("link").click();
    expect(await page.locator("#mailtekst").textContent()).toContain("Svar JA, NEJ, UNDLAD eller INDSIGELSE øverst i dit svar");
    await shot("04-ballot-mail");
  });

  it("answers through the member link: the page shows what will be recorded; only the button records", async () => {
    await page.locator("#mailtekst a", { hasText: "?svar=for" }).first().click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Skriftlig votering: Forlængelse af fælles ammeindsats");
    expect(await page.getByText("Du er ved at registrere:").textContent()).toContain("JA (for)");
    await shot("05-member-page");
    await page.getByLabel("Bemærkning eller dissens til protokol (valgfri)").fill("Vigtigt at fortsætte.");
    await page.getByRole("button", { name: "Registrér mit svar" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Dit svar er registreret");
    await shot("06-member-recorded");
  });

  it("sees the answer on the vote page, with channel and time", async () => {
    await page.goto(`${stack.http.url}/console/votes`);
    await page.getByRole("link", { name: "Forlængelse af fælles ammeindsats" }).click();
    const row = page.getByRole("row", { name: /Borgmester, Ishøj Kommune/ });
    expect(await row.textContent()).toMatch(/JA \(for\).*Vigtigt at fortsætte\..*link.*fredag den 26\. marts 2027 kl\. 10\.00/);
    expect(await page.getByText("For 1 · imod 0").count()).toBe(1);
    await shot("07-vote-page");
  });

  it("shows a meeting's timeline with every deadline and its weekday", async () => {
    await page.goto(`${stack.http.url}/console/meetings/2027-04-22`);
    expect(await page.getByRole("cell", { name: "mandag den 12. april 2027 kl. 23.59" }).count()).toBe(1);
    await shot("08-meeting");
  });
});
