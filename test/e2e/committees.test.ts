/**
 * Several committees and rulebook versions in the console, in a real browser (Debian's chromium driven by
 * playwright-core) — issue 22's acceptance: a secretariat creates a second committee from the console, in a
 * form over the rulebook schema (no JSON) that shows a sample meeting's deadlines as the numbers change and
 * refuses a rulebook that fails its checks, naming the field in Danish; switches to it and plans a meeting;
 * and a new version of a rulebook takes effect on its date, the console showing the version per meeting
 * (R-6.1). Every page is looked at 1280 and 390 px wide: axe-core finds no violation, nothing is wider than a
 * 390 px phone.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listMeetings } from "#functions/meetings/meetings";
import { launchBrowser, looker } from "../support/browser.ts";
import { startTestStack } from "../support/stack.ts";


let stack: Awaited<ReturnType<typeof startTestStack>>;
let browser: Browser;
let page: Page;
const problems: string[] = [];
let look: (name: string) => Promise<void>;

beforeAll(async () => {
  stack = await startTestStack("2027-03-26T10:00:00+01:00");
  await stack.runtime.executor.idle();
  ({ browser, page } = await launchBrowser());
  look = looker(page, "udvalg", problems);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});


const go = (path: string) => page.goto(`${stack.http.url}${path}`);
const heading = () => page.getByRole("heading", { level: 1 }).textContent();
const main = () => page.locator("main").textContent();
async function login() {
  await go("/console");
  await page.getByLabel("API-token").fill(stack.tokens.secretariat);
  await page.getByRole("button", { name: "Log ind" }).click();
  await page.waitForURL(/\/console$/);
}
const deadlineOf = async (what: string) => (await page.locator("#frister tr", { hasText: what }).first().textContent()) ?? "";

describe("A second committee from the console, without JSON (issue 22, items 2 and 4)", () => {
  it("signs in as Sundhedsklynge Syd's secretariat and opens the form for a new committee", async () => {
    await login();
    await page.getByRole("link", { name: "Udvalg", exact: true }).click();
    await expect.poll(heading).toBe("Dine udvalg");
    await look("dine-udvalg");
    await page.getByRole("link", { name: "Opret et nyt udvalg …" }).click();
    await expect.poll(heading).toBe("Opret et nyt udvalg");
  });

  it("fills in the rulebook; the sample meeting's deadlines follow the numbers typed", async () => {
    await page.getByLabel("Udvalgets id").fill("kystudvalget");
    await page.getByLabel("Udvalgets navn").fill("Kystudvalget");
    await page.getByLabel("Udgavens id").fill("kystudvalget-2027");
    await page.getByLabel("Titel").fill("Forretningsorden for Kystudvalget");
    await page.getByLabel("Sekretariatets navn").fill("Kystudvalgets sekretariat");
    await page.getByLabel("Sekretariatets e-mail").fill("sekretariat@kyst.example.org");
    const seats: [string, string, string, string, string][] = [
      ["kyst-a", "municipality", "Borgmester, Kystby Kommune", "Borgmester i Kystby", "borgmester@kystby.example.org"],
      ["kyst-b", "municipality", "Borgmester, Fjordby Kommune", "Borgmester i Fjordby", "borgmester@fjordby.example.org"],
      ["region", "region", "Regionsrådsmedlem", "Regionsrådsmedlem", "region@kyst.example.org"],
    ];
    for (const [i, [id, constituency, title, name, email]] of seats.entries()) {
      const row = page.getByRole("group", { name: `Plads ${i + 1}`, exact: true });
      await row.getByLabel("Pladsens id").fill(id);
      await row.getByLabel("Valgområde").selectOption(constituency);
      await row.getByLabel("Betegnelse").fill(title);
      await row.getByLabel("Medlemmets navn").fill(name);
      await row.getByLabel("Medlemmets e-mail").fill(email);
      if (i === 0) await row.getByLabel("I formandskabet").check();
    }
    await page.getByLabel("Frist for punkter, dage før mødet").fill("21");
    await page.getByLabel("Prøvemøde", { exact: true }).fill("2027-06-08T15:30");
    await page.getByRole("button", { name: "Vis frister med disse tal" }).click();
    await expect.poll(heading).toBe("Opret et nyt udvalg");
    expect(await deadlineOf("Frist for punkter")).toContain("tirsdag den 18. maj 2027 kl. 23.59");
    await page.getByLabel("Frist for punkter, dage før mødet").fill("28");
    await page.getByRole("button", { name: "Vis frister med disse tal" }).click();
    expect(await deadlineOf("Frist for punkter")).toContain("tirsdag den 11. maj 2027 kl. 23.59");
    // What was typed is kept across the preview.
    expect(await page.getByRole("group", { name: "Plads 2", exact: true }).getByLabel("Medlemmets e-mail").inputValue()).toBe("borgmester@fjordby.example.org");
    await look("nyt-udvalg-frister");
  });

  it("a rulebook that fails its checks is refused, the field named in Danish, and nothing is created", async () => {
    // Sundhedsklynge Syd's rule for items on general practice needs a seat of general practice, which this committee has not.
    await page.getByRole("button", { name: "Opret udvalget" }).click();
    await expect.poll(heading).toBe("Opret et nyt udvalg");
    const alert = (await page.getByRole("alert").textContent()) ?? "";
    expect(alert).toContain("Skal være repræsenteret ved punkter om almen praksis: ingen plads hører til almen praksis");
    // The problem stands at its own field too.
    expect(await page.getByRole("group", { name: "Skal være repræsenteret ved punkter om almen praksis" }).textContent()).toContain("ingen plads hører til almen praksis");
    await look("nyt-udvalg-fejl");
    expect(await stack.runtime.deps.store.find("committee", { committeeId: "kystudvalget" })).toBeUndefined();
    await page.getByRole("group", { name: "Skal være repræsenteret ved punkter om almen praksis" }).getByLabel("Almen praksis").uncheck();
    await page.getByRole("button", { name: "Opret udvalget" }).click();
    await expect.poll(heading).toBe("Kystudvalget er oprettet");
    expect(await main()).toMatch(/Formandskabet\s*kf_/);
    await look("udvalg-oprettet");
  });

  it("works in the new committee at once, and plans a meeting there", async () => {
    await page.getByRole("link", { name: "Gå til Kystudvalgets mødeplan" }).click();
    await expect.poll(heading).toBe("Kystudvalget");
    const form = page.locator('form[action="/console/meetings"]');
    await form.getByLabel("Tidspunkt").fill("2027-06-08T15:30");
    await form.getByLabel("Sted").fill("Kystby Rådhus");
    await form.getByRole("button", { name: "Tilføj møde" }).click();
    await page.waitForURL(/\/console\/meetings\/2027-06-08/);
    expect(await page.getByRole("status").textContent()).toContain("er tilføjet mødeplanen");
    expect(await page.locator("#forretningsorden").textContent()).toContain("Forretningsorden for Kystudvalget");
    await look("kyst-moede");
    expect((await listMeetings(stack.runtime.deps, "kystudvalget")).map((m) => [m.meetingId, m.location])).toEqual([["2027-06-08", "Kystby Rådhus"]]);
  });

  it("switches back to Sundhedsklynge Syd, which does not have the other committee's meeting", async () => {
    await go("/console/udvalg");
    expect(await page.getByRole("row", { name: /Kystudvalget/ }).textContent()).toContain("vises nu");
    await page.getByRole("button", { name: "Skift til Politisk Sundhedsklynge Syd" }).click();
    await expect.poll(heading).toBe("Politisk Sundhedsklynge Syd");
    expect(await main()).not.toContain("Kystby Rådhus");
    await look("skiftet-tilbage");
  });
});

describe("R-6.1: a new version of the rulebook, written in the console, takes effect on its date", () => {
  it("writes the version in the form, sees its deadlines for a sample meeting, and saves it to take effect on 1 June", async () => {
    await go("/console/forretningsorden");
    await expect.poll(heading).toBe("Forretningsordenen for Politisk Sundhedsklynge Syd");
    await page.getByRole("link", { name: "Skriv en ny udgave …" }).click();
    await expect.poll(heading).toBe("Ny udgave af forretningsordenen");
    await page.getByLabel("Udgavens id").fill("sundhedsklynge-syd-2027");
    await page.getByLabel("Titel").fill("Forretningsorden for Politisk Sundhedsklynge Syd, revideret 2027");
    await page.getByLabel("Status", { exact: true }).selectOption("adopted");
    await page.getByLabel("Træder i kraft").fill("2027-06-01");
    await page.getByLabel("Frist for punkter, dage før mødet").fill("35");
    await page.getByLabel("Dagsorden med materiale, dage før mødet").fill("14");
    await page.getByLabel("Prøvemøde", { exact: true }).fill("2027-11-04T14:00");
    await page.getByRole("button", { name: "Vis frister med disse tal" }).click();
    expect(await deadlineOf("Frist for punkter")).toContain("torsdag den 30. september 2027 kl. 23.59");
    expect(await deadlineOf("Frist for dagsorden")).toContain("torsdag den 21. oktober 2027 kl. 23.59");
    await look("ny-udgave");
    await page.getByRole("button", { name: "Gem som ny udgave" }).click();
    await expect.poll(heading).toBe("Forretningsordenen for Politisk Sundhedsklynge Syd");
    expect(await page.getByRole("status").textContent()).toContain("træder i kraft tirsdag den 1. juni 2027");
    expect(await page.getByRole("row", { name: /revideret 2027/ }).textContent()).not.toContain("i kraft");
    await look("udgaver");
  });

  it("the meeting plan shows the version each meeting runs under; the later meeting has the new deadlines", async () => {
    await go("/console");
    expect(await page.getByRole("row", { name: /22\. april 2027/ }).textContent()).toContain("valgperioden 2026–2029");
    expect(await page.getByRole("row", { name: /4\. november 2027/ }).textContent()).toContain("revideret 2027");
    await look("moeder-udgaver");
    await go("/console/meetings/2027-11-04");
    expect(await page.locator("#forretningsorden").textContent()).toContain("revideret 2027");
    expect(await main()).toContain("torsdag den 30. september 2027 kl. 23.59");
    await go("/console/meetings/2027-04-22");
    expect(await page.locator("#forretningsorden").textContent()).toContain("valgperioden 2026–2029");
  });

  it("on 1 June the new version is the one in force", async () => {
    await stack.runtime.executor.runUntil(Date.parse("2027-06-01T00:00:10+02:00"));
    // Two months later the working day's session has long ended: sign in again.
    await login();
    await go("/console/forretningsorden");
    expect(await page.getByRole("row", { name: /revideret 2027/ }).textContent()).toContain("i kraft");
    expect(await page.getByRole("row", { name: /valgperioden 2026–2029/ }).textContent()).not.toContain("i kraft");
    await go("/console");
    expect(await main()).toContain("Forretningsorden i kraft: Forretningsorden for Politisk Sundhedsklynge Syd, revideret 2027");
    await look("ny-udgave-i-kraft");
  }, 180_000);

  it("every page looked at has no axe-core violation and fits a 390 px screen", () => {
    expect(problems).toEqual([]);
  });
});
