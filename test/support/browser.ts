/**
 * The real browser of the e2e tests: Debian's chromium driven by playwright-core, offline, and the look every
 * page gets at 1280 and 390 px — a screenshot, axe-core's violations, and at 390 px nothing wider than the
 * screen — with what is wrong collected for one assertion at the end.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { ROOT } from "./rulebooks.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export async function launchBrowser(): Promise<{ browser: Browser; context: BrowserContext; page: Page }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // The machine's network is closed: no background connections, no component updates.
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  // bypassCSP only lets the test inject axe-core: the pages themselves allow no script at all.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "da-DK", bypassCSP: true, acceptDownloads: true });
  return { browser, context, page: await context.newPage() };
}

/** What axe-core finds wrong on the page as it is now ("rule: first targets"), and how wide the page is. */
export async function checkPage(page: Page): Promise<{ violations: string[]; width: number }> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return (await axe.run()).violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((x) => x.target.join(" ")).join(", ")}`);
  });
  const width = Number(await page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"));
  return { violations, width };
}

/** The page as it is now at both widths, saved as `<file>-<width>.png`; what is wrong goes to `problems`. */
export async function lookAt(page: Page, file: string, problems: string[]): Promise<void> {
  const shots = `${ROOT}.data/screenshots`;
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    // Made again each time: another test file may have cleared the folder meanwhile.
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: `${shots}/${file}-${width}.png`, fullPage: true });
    const found = await checkPage(page);
    for (const v of found.violations) problems.push(`${file} @${width}: axe ${v}`);
    if (width === 390 && found.width > 390) problems.push(`${file} @390: the page is ${found.width} px wide`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** `look(name)`: the page as it is now at both widths; problems go to `problems`, screenshots under .data/screenshots/. */
export function looker(page: Page, prefix: string, problems: string[]): (name: string) => Promise<void> {
  return (name) => lookAt(page, `${prefix}-${name}`, problems);
}
