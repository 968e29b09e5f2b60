/**
 * The secretariat's whole job through the console alone, in a real browser (Debian's chromium driven by
 * playwright-core), from a fresh start: every task of the console, and the member's side of it. Every page
 * is looked at 1280 and 390 px wide: axe-core finds no violation, no page is wider than a 390 px phone, and
 * a screenshot of each is saved under .data/screenshots/ (gitignored) for people to look at. The emails
 * are opened the same way (their HTML, as the member sees it).
 */
import { mkdirSync, rmSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderMessage, type RecipientView } from "#templates/mail";
import { readOutbox, type Mail } from "../support/console.ts";
import { everyMessage, recipients } from "../support/messages.ts";
import { ROOT } from "../support/rulebooks.ts";
import { checkPage, launchBrowser, lookAt } from "../support/browser.ts";
import { startTestStack } from "../support/stack.ts";

const SHOTS = `${ROOT}.data/screenshots`;
let stack: Awaited<ReturnType<typeof startTestStack>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let n = 0;
const problems: string[] = [];

beforeAll(async () => {
  rmSync(SHOTS, { recursive: true, force: true });
  mkdirSync(SHOTS, { recursive: true });
  stack = await startTestStack("2026-11-10T10:00:00+01:00");
  await stack.runtime.executor.idle();
  ({ browser, context, page } = await launchBrowser());
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/**
 * The page as it is now, at 1280 and at 390 px: a screenshot of each, no axe-core violation, and at 390
 * px nothing wider than the screen.
 */
async function look(name: string): Promise<void> {
  n += 1;
  await lookAt(page, `${String(n).padStart(2, "0")}-${name}`, problems);
}

const base = () => stack.http.url;
const go = (path: string) => page.goto(`${base()}${path}`);
const mails = () => readOutbox(stack.runtime.outboxDir);
const confirm = async (button: RegExp, name: string) => {
  await look(`bekraeft-${name}`);
  await page.getByRole("button", { name: button }).click();
  await page.waitForLoadState();
};
const flash = () => page.getByRole("status").textContent();
const pdf = (name: string) => ({ name, mimeType: "application/pdf", buffer: Buffer.from(`%PDF-1.4\n% ${name}\n`) });
async function login(token = stack.tokens.secretariat) {
  await go("/console");
  await page.getByLabel("API-token").fill(token);
  await page.getByRole("button", { name: "Log ind" }).click();
  await page.waitForURL(/\/console$/);
}
/** A mail as the member sees it (its HTML), looked at like a page. */
async function lookAtMail(mail: Mail, name: string) {
  await page.setContent(mail.html, { waitUntil: "load" });
  await look(`e-mail-${name}`);
}

describe("The secretariat's job through the console alone, at 1280 and 390 px (issue 21)", () => {
  it("signs in with the printed token and sees the meeting plan in Danish", async () => {
    await go("/console");
    expect(page.url()).toContain("/console/login");
    await look("log-ind");
    await login();
    expect(await page.locator("html").getAttribute("lang")).toBe("da");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Politisk Sundhedsklynge Syd");
    expect(await page.locator("main").textContent()).toContain("Frist for anmodning om punkter");
    await look("moeder");
  });

  it("R-3.1: adds an ordinary meeting to the plan", async () => {
    const form = page.locator('form[action="/console/meetings"]');
    await form.getByLabel("Tidspunkt").fill("2027-09-16T14:00");
    await form.getByLabel("Sted").fill("Glostrup Rådhus");
    await form.getByRole("button", { name: "Tilføj møde" }).click();
    await page.waitForURL(/\/console\/meetings\/2027-09-16/);
    expect(await flash()).toContain("er tilføjet mødeplanen");
    await look("moede-tilfoejet");
  });

  it("R-3.9: calls an extraordinary meeting, confirming to whom the notice goes", async () => {
    await go("/console");
    const form = page.locator('form[action="/console/meetings/extraordinary"]');
    await form.getByLabel("Tidspunkt").fill("2026-11-24T16:00");
    await form.getByLabel("Link til virtuelt møde (valgfrit)").fill("https://moede.example.org/vinter");
    await form.getByLabel("Punkt", { exact: true }).fill("Vinterberedskab");
    await form.getByRole("button", { name: "Indkald …" }).click();
    expect(await page.locator("main").textContent()).toMatch(/sendes nu til 17 pladser/);
    await confirm(/Ja, indkald/, "ekstraordinaert-moede");
    expect(await flash()).toMatch(/er indkaldt med 14 dages varsel/);
    await stack.runtime.executor.idle();
    expect((await mails()).filter((m) => m.purpose === "extraordinary-meeting-notice")).toHaveLength(17);
  });

  it("moves a meeting and cancels another, each after a confirmation that says who is told", async () => {
    await go("/console/meetings/2027-11-04");
    await page.getByLabel("Nyt tidspunkt").fill("2027-11-11T14:00");
    await page.getByRole("button", { name: "Flyt mødet …" }).click();
    await confirm(/Ja, flyt mødet/, "flyt-moede");
    expect(await flash()).toContain("torsdag den 11. november 2027");
    await go("/console/meetings/2028-04-27");
    await page.getByRole("button", { name: "Aflys mødet …" }).click();
    expect(await page.locator("main").textContent()).toContain("kan ikke fortrydes");
    await confirm(/Ja, aflys/, "aflys-moede");
    expect(await flash()).toContain("aflyst");
    await stack.runtime.executor.idle();
    const out = await mails();
    expect(out.filter((m) => m.purpose === "meeting-changed")).toHaveLength(17);
    expect(out.filter((m) => m.purpose === "meeting-cancelled")).toHaveLength(17);
  });

  it("R-3.2–R-3.4: builds the agenda: items, their order and audience, material by file picker", async () => {
    await go("/console/meetings/2027-04-22");
    const add = page.locator('form[action$="/items"]');
    for (const title of ["Status på den fælles akutmodtagelse", "Praksisplan for almen praksis"]) {
      await add.getByLabel("Overskrift").fill(title);
      await add.getByRole("button", { name: "Tilføj punkt" }).click();
      await page.waitForLoadState();
    }
    const second = page.locator("li", { hasText: "Praksisplan for almen praksis" });
    await second.getByText("Ret punktet").click();
    await second.getByLabel("Vedrører almen praksis").check();
    await second.getByRole("button", { name: "Gem punktet" }).click();
    await page.waitForLoadState();
    await page.locator("li", { hasText: "Praksisplan for almen praksis" }).getByRole("button", { name: "Flyt op" }).click();
    await page.waitForLoadState();
    expect(await page.locator("#dagsorden ol > li").first().textContent()).toContain("Praksisplan for almen praksis");
    const first = page.locator("li", { hasText: "Praksisplan for almen praksis" });
    await first.getByLabel("Tilføj materiale").setInputFiles(pdf("Praksisplan 2027.pdf"));
    await first.getByRole("button", { name: "Læg materialet op" }).click();
    await page.waitForLoadState();
    expect(await flash()).toContain("Praksisplan 2027.pdf");
    await look("dagsorden");
  });

  it("R-3.3: material over the form's 4 MB goes straight to the store, comes back for a confirmation and is attached under its own name", async () => {
    await go("/console/meetings/2027-04-22");
    await page.locator("li", { hasText: "Praksisplan for almen praksis" }).getByRole("link", { name: "Læg en stor fil op" }).click();
    await page.waitForLoadState();
    await look("stor-fil");
    const big = Buffer.alloc(6 * 1024 * 1024, 0x25);
    big.write("%PDF-1.7\n", 0);
    await page.getByLabel(/^Fil/).setInputFiles({ name: "Bilag – økonomi 2027.pdf", mimeType: "application/pdf", buffer: big });
    await page.getByRole("button", { name: "Læg filen op" }).click();
    // The store sends the browser to the console's landing page, which sends it on with the session.
    await page.waitForURL(/\/stor-fil\?key=/);
    expect(await page.getByRole("alert").textContent()).toContain('"Bilag – økonomi 2027.pdf" (6 MB) er lagt op');
    await look("stor-fil-bekraeft");
    await page.getByRole("button", { name: "Ja, tilknyt materialet" }).click();
    await page.waitForLoadState();
    expect(await flash()).toContain('Materialet "Bilag – økonomi 2027.pdf" er lagt op.');
    expect(await page.locator("li", { hasText: "Praksisplan for almen praksis" }).textContent()).toContain("Bilag – økonomi 2027.pdf");
  });

  it("R-3.7/R-4.2: registers an apology and takes it back; the quorum forecast follows", async () => {
    for (const seat of ["Praktiserende læge 1, udpeget af PLO-Hovedstaden", "Praktiserende læge 2, udpeget af PLO-Hovedstaden"]) {
      await page.getByLabel("Registrér afbud for").selectOption({ label: seat });
      await page.getByRole("button", { name: "Registrér afbud" }).click();
      await page.waitForLoadState();
    }
    expect(await page.locator("#fremmoede").textContent()).toContain("IKKE beslutningsdygtig");
    await page.locator("#fremmoede li", { hasText: "læge 2" }).getByRole("button", { name: "Fortryd afbud" }).click();
    await page.waitForLoadState();
    expect(await page.locator("#fremmoede").textContent()).toContain("afbud trukket tilbage");
    expect(await page.locator("#fremmoede p").first().textContent()).toContain("– beslutningsdygtig");
    await look("afbud");
  });

  it("R-3.7/R-3.5: records who attended the meeting held, uploads the minutes after a confirmation; the mail says who attended", async () => {
    await go("/console/meetings/2026-11-05");
    const form = page.locator('form[action$="/attendance"]');
    for (const label of ["Regionsrådsformand, Region Hovedstaden", "Regionsrådsmedlem 2, Region Hovedstaden", "Borgmester, Hvidovre Kommune", "Borgmester, Ishøj Kommune", "Borgmester, Brøndby Kommune", "Borgmester, Albertslund Kommune", "Borgmester, København Kommune", "Borgmester, Glostrup Kommune", "Borgmester, Rødovre Kommune", "Praktiserende læge 1, udpeget af PLO-Hovedstaden"]) {
      await form.getByLabel(label, { exact: true }).check();
    }
    await form.getByRole("button", { name: "Gem fremmødet" }).click();
    await page.waitForLoadState();
    expect(await flash()).toMatch(/til stede/);
    await page.getByLabel("Protokol (PDF)").setInputFiles(pdf("Protokol 5. november 2026.pdf"));
    await page.getByRole("button", { name: "Læg op …" }).click();
    expect(await page.locator("main").textContent()).toMatch(/sendes nu til 17 pladser/);
    await confirm(/Ja, send protokollen/, "send-protokol");
    await stack.runtime.executor.idle();
    const minutes = (await mails()).filter((m) => m.purpose === "minutes");
    expect(minutes.length).toBeGreaterThanOrEqual(17);
    expect(minutes[0]?.text).toMatch(/Til stede \(\d+\)/);
    await lookAtMail(minutes[0] as Mail, "protokol");
  });

  it("R-3.5: a member objects through the link; the objection is beside the minutes; the revision goes out at once", async () => {
    const mail = (await mails()).find((m) => m.purpose === "minutes" && m.to === "borgmester@ishoj.example.org") as Mail;
    await page.goto(/(http:\/\/[^\s]+\/m\/[A-Za-z0-9_-]+)/.exec(mail.text)?.[1] ?? "");
    await look("medlem-protokol");
    await page.getByLabel("Hvad skal rettes?").fill("Punkt 2 er gengivet forkert.");
    await page.getByRole("button", { name: "Send indsigelse" }).click();
    await page.waitForLoadState();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Indsigelsen er registreret");
    await look("medlem-indsigelse-registreret");
    await stack.http.idle();
    await go("/console/meetings/2026-11-05");
    expect(await page.locator("#protokol").textContent()).toContain("Punkt 2 er gengivet forkert.");
    await page.getByLabel("Revideret udgave (PDF)").setInputFiles(pdf("Protokol, udgave 2.pdf"));
    await page.getByLabel("Ændringer i forhold til forrige udgave").fill("Punkt 2 er rettet.");
    await page.getByRole("button", { name: "Læg op …" }).click();
    await confirm(/Ja, send protokollen/, "send-revideret-protokol");
    expect(await flash()).toContain("Udgave 2");
    await look("protokol-revideret");
  });

  it("R-7.1/R-7.2: exports the meeting from the console session and opens the printable protocol", async () => {
    const csv = await page.request.get(`${base()}/console/meetings/2026-11-05/export.csv`);
    expect(csv.status()).toBe(200);
    expect((await csv.body()).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const json = await page.request.get(`${base()}/console/meetings/2026-11-05/export.json`);
    expect(JSON.stringify(await json.json())).toContain("Punkt 2 er gengivet forkert.");
    await page.getByRole("link", { name: "Protokolside (til print)" }).click();
    expect(await page.locator("main").textContent()).toMatch(/Til stede \(\d+\)/);
    await look("protokolside");
  });

  it("R-1.1/R-1.2: changes a seat's holder, records a substitute's period, imports a seat file from Danish Excel with a preview", async () => {
    await page.getByRole("link", { name: "Pladser" }).click();
    const row = page.locator("tr", { hasText: "Borgmester, Dragør Kommune" });
    await row.getByText("Ret pladsen").click();
    await row.getByLabel("Medlemmets e-mail").fill("ny.borgmester@dragor.example.org");
    await row.getByRole("button", { name: "Gem pladsen" }).click();
    await page.waitForLoadState();
    expect(await flash()).toBe("Pladsen er gemt.");
    await page.getByLabel("Suppleant", { exact: true }).selectOption({ index: 4 });
    await page.getByLabel("Fra").fill("2026-11-10T12:00");
    await page.getByRole("button", { name: "Registrér", exact: true }).click();
    await page.waitForLoadState();
    expect(await flash()).toContain("Stedfortræderen er registreret");
    const excel = Buffer.from("seat_id;constituency;title;member_name;member_email\r\ndragor;municipality;Borgmester, Dragør Kommune;Søren Ærø;soren.aero@dragor.example.org\r\n", "latin1");
    await page.getByLabel("Fil", { exact: true }).setInputFiles({ name: "pladser.csv", mimeType: "text/csv", buffer: excel });
    await page.getByRole("button", { name: "Vis ændringerne …" }).click();
    expect(await page.locator("main").textContent()).toContain("Søren Ærø");
    await confirm(/Ja, gem 1 pladser/, "indlaes-pladser");
    expect(await flash()).toContain("1 pladser er opdateret");
    await look("pladser");
  });

  it("R-3.6: opens a written vote with deadline, material and the meeting a moved matter goes to", async () => {
    await page.getByRole("link", { name: "Skriftlige voteringer" }).click();
    await page.getByLabel("Sag", { exact: true }).fill("Forlængelse af fælles ammeindsats");
    await page.getByLabel("Spørgsmål til medlemmerne").fill("Godkender I, at indsatsen forlænges til 2028?");
    await page.getByLabel("Svarfrist (dato; svar til kl. 23.59)").fill("2026-11-20");
    await page.getByLabel("Gør et medlem indsigelse, behandles sagen på").selectOption({ index: 2 });
    await page.getByLabel("Materiale (valgfrit, flere filer)").setInputFiles([pdf("Notat om ammeindsatsen.pdf")]);
    await look("voteringer");
    await page.getByRole("button", { name: "Åbn …" }).click();
    expect(await page.locator("main").textContent()).toContain("Notat om ammeindsatsen.pdf");
    await confirm(/Ja, åbn og send/, "aabn-votering");
    await page.waitForURL(/\/console\/votes\/v/);
    await stack.runtime.executor.idle();
    const ballots = (await mails()).filter((m) => m.purpose === "ballot");
    expect(ballots.length).toBeGreaterThanOrEqual(17);
    const ishoj = ballots.find((m) => m.to === "borgmester@ishoj.example.org") as Mail;
    expect(ishoj.text).toContain("Hent Notat om ammeindsatsen.pdf");
    await lookAtMail(ishoj, "stemmeseddel");
  });

  it("a member answers by link: INDSIGELSE is set apart; the vote page shows the answer, who gave it and how", async () => {
    const ishoj = (await mails()).find((m) => m.purpose === "ballot" && m.to === "borgmester@ishoj.example.org") as Mail;
    const link = /(http:\/\/[^\s]+\/m\/[A-Za-z0-9_-]+)/.exec(ishoj.text)?.[1] ?? "";
    await page.goto(link);
    expect(await page.locator("fieldset.danger").textContent()).toContain("kan ikke trækkes tilbage");
    await look("medlem-stemme");
    await page.getByLabel("JA (for)").check();
    await page.getByLabel("Bemærkning eller dissens til protokol (valgfri)").fill("Vigtigt at fortsætte.");
    await page.getByRole("button", { name: "Registrér mit svar" }).click();
    await page.waitForLoadState();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Dit svar er registreret");
    await look("medlem-stemme-registreret");
    await stack.http.idle();
    await go("/console/votes");
    await page.getByRole("link", { name: "Forlængelse af fælles ammeindsats" }).click();
    expect(await page.locator("tr", { hasText: "Borgmester, Ishøj Kommune" }).textContent()).toMatch(/JA \(for\).*Vigtigt at fortsætte\..*medlemmet.*link/);
    await look("votering");
    const csv = await page.request.get(`${page.url()}/export.csv`);
    expect(csv.status()).toBe(200);
  });

  it("the result mail names who answered for each seat and fits a phone", async () => {
    await stack.runtime.executor.runUntil(Date.parse("2026-11-21T10:00:00+01:00"));
    const result = (await mails()).find((m) => m.purpose === "vote-result" && m.to === "borgmester@ishoj.example.org") as Mail;
    expect(result.text).toMatch(/Borgmester, Ishøj Kommune: JA \(for\) – svaret af medlemmet/);
    await lookAtMail(result, "resultat");
    const agendaLike = (await mails()).find((m) => m.purpose === "extraordinary-meeting-notice") as Mail;
    await lookAtMail(agendaLike, "indkaldelse");
  });

  it("initiatives and their reports; the audit trail in Danish; the outbox", async () => {
    await login();
    await page.getByRole("link", { name: "Indsatser" }).click();
    const form = page.locator('form[action="/console/initiatives"]');
    await form.getByLabel("Kort navn (små bogstaver og bindestreger, fx overvaegt)").fill("faelles-visitation");
    await form.getByLabel("Navn", { exact: true }).fill("Fælles visitation");
    await form.getByLabel("Ansvarlig (navn)").fill("Projektleder (fiktiv)");
    await form.getByLabel("Ansvarlig (e-mail)").fill("visitation@region.example.org");
    await form.getByRole("button", { name: "Gem indsatsen" }).click();
    await page.waitForLoadState();
    expect(await flash()).toBe("Indsatsen er gemt.");
    await look("indsatser");
    await page.getByRole("link", { name: "Fælles visitation" }).click();
    await look("indsats");
    await page.getByRole("link", { name: "Revisionsspor" }).click();
    const text = (await page.locator("main").textContent()) ?? "";
    expect(text).toContain("Skriftlig votering åbnet");
    expect(text).not.toMatch(/vote\.|meeting\.|minutes\./);
    await look("revisionsspor");
    await page.getByRole("link", { name: "Udbakke" }).click();
    await look("udbakke");
  });

  it("R-3.2: a late request reaches the chairs' decision; the agenda is released after a confirmation naming when it goes out", async () => {
    await stack.runtime.executor.runUntil(Date.parse("2027-03-26T10:00:00+01:00"));
    const call = (await mails()).find((m) => m.purpose === "call-for-items" && m.to === "borgmester@brondby.example.org" && /22\. april 2027/.test(m.text)) as Mail;
    await page.goto(/(http:\/\/[^\s]+\/m\/[A-Za-z0-9_-]+)/.exec(call.text)?.[1] ?? "");
    await look("medlem-anmod-om-punkt");
    await page.getByLabel("Overskrift").fill("Akutpladser i vinter");
    await page.getByRole("button", { name: "Send anmodning" }).click();
    await page.waitForLoadState();
    await stack.http.idle();
    await login();
    await go("/console/meetings/2027-04-22");
    await page.locator("li", { hasText: "Akutpladser i vinter" }).getByRole("button", { name: "Optag punktet" }).click();
    await page.waitForLoadState();
    expect(await flash()).toContain("optaget");
    await page.getByRole("button", { name: "Frigiv dagsordenen …" }).click();
    expect(await page.locator("main").textContent()).toContain("Den sendes nu.");
    await confirm(/Ja, frigiv/, "frigiv-dagsorden");
    expect(await flash()).toContain("sendes nu");
    await stack.runtime.executor.idle();
    const agenda = (await mails()).find((m) => m.purpose === "agenda" && m.to === "borgmester@ishoj.example.org") as Mail;
    expect(agenda.text).toContain("Akutpladser i vinter");
    expect(agenda.text).toContain("Hent Praksisplan 2027.pdf");
    await lookAtMail(agenda, "dagsorden");
    const link = /(http:\/\/[^\s]+\/m\/[A-Za-z0-9_-]+)/.exec(agenda.text)?.[1] ?? "";
    await page.goto(link);
    await look("medlem-dagsorden");
  });

  it("the chair sees only what the chair may do", async () => {
    await go("/console");
    await page.getByRole("button", { name: /Log ud/ }).click();
    await page.waitForURL(/\/console\/login/);
    await go("/console");
    expect(page.url()).toContain("/console/login");
    await login(stack.tokens.chair);
    expect(await page.getByRole("link", { name: "Udbakke" }).count()).toBe(0);
    await go("/console/meetings/2027-11-04");
    await look("formandskab-moede");
  });

  it("every email template (one of each kind) fits a 390 px screen and has no axe-core violation", async () => {
    await page.setViewportSize({ width: 390, height: 900 });
    for (const m of everyMessage(recipients[4] as RecipientView)) {
      await page.setContent(renderMessage(m).html, { waitUntil: "load" });
      const found = await checkPage(page);
      for (const v of found.violations) problems.push(`e-mail ${m.kind} @390: axe ${v}`);
      if (found.width > 390) problems.push(`e-mail ${m.kind} @390: ${found.width} px wide`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("every page above: no axe-core violation at 1280 or 390 px, and none wider than a 390 px phone", () => {
    expect(problems).toEqual([]);
  });
});
