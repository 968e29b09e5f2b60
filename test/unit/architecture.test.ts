import { readdirSync, readFileSync } from "node:fs";
import { cruise } from "dependency-cruiser";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/rulebooks.ts";

describe("Architecture: the domain stays pure (DESIGN.md example 3)", () => {
  it("dependency-cruiser finds no layer violation: domain imports only itself, zod and luxon; no cycles", async () => {
    process.chdir(ROOT);
    const config = (await import(`${ROOT}.dependency-cruiser.cjs`)).default;
    const result = await cruise(["domain", "functions", "templates", "local", "cli", "workflows"].filter((d) => {
      try { return readdirSync(`${ROOT}${d}`).length > 0; } catch { return false; }
    }), { ruleSet: { forbidden: config.forbidden }, ...config.options, validate: true });
    const output = result.output as { summary: { violations: { rule: { name: string }; from: string; to: string }[]; totalCruised: number } };
    expect(output.summary.totalCruised).toBeGreaterThan(10);
    expect(output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  });

  it("no domain module reads the clock or the environment (DESIGN.md principle 7)", () => {
    const offenders = readdirSync(`${ROOT}domain`)
      .filter((f) => f.endsWith(".ts"))
      .flatMap((f) => {
        const text = readFileSync(`${ROOT}domain/${f}`, "utf8");
        return [/Date\.now\(/, /new Date\(\)/, /DateTime\.(now|local)\(/, /process\./, /Math\.random\(/]
          .filter((re) => re.test(text))
          .map((re) => `${f}: ${re}`);
      });
    expect(offenders).toEqual([]);
  });
});
