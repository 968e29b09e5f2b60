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

/** `look(name)`: the page as it is now at both widths; problems go to `problems`, screenshots under .data/screenshots/. */
export function looker(page: Page, prefix: string, problems: string[]): (name: string) => Promise<void> {
  const shots = `${ROOT}.data/screenshots`;
  return async (name) => {
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      // Made again each time: another test file may have cleared the folder meanwhile.
      mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: `${shots}/${prefix}-${name}-${width}.png`, fullPage: true });
      await page.evaluate(AXE);
      const violations = await page.evaluate(async () => {
        const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
        return (await axe.run()).violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((x) => x.target.join(" ")).join(", ")}`);
      });
      for (const v of violations) problems.push(`${name} @${width}: axe ${v}`);
      if (width === 390) {
        const wide = Number(await page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"));
        if (wide > 390) problems.push(`${name} @390: the page is ${wide} px wide`);
      }
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  };
}
