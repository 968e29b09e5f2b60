import { readdirSync, readFileSync } from "node:fs";
import { cruise } from "dependency-cruiser";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/rulebooks.ts";

describe("Architecture: the domain stays pure (DESIGN.md example 3)", () => {
  it("dependency-cruiser finds no layer violation: domain imports only itself, zod and luxon; no cycles", async () => {
    process.chdir(ROOT);
    const config = (await import(`${ROOT}.dependency-cruiser.cjs`)).default;
    const result = await cruise(["domain", "functions", "templates", "local", "reliability", "cli", "workflows"].filter((d) => {
      try { return readdirSync(`${ROOT}${d}`).length > 0; } catch { return false; }
    }), { ruleSet: { forbidden: config.forbidden }, ...config.options, validate: true });
    const output = result.output as { summary: { violations: { rule: { name: string }; from: string; to: string }[]; totalCruised: number } };
    expect(output.summary.totalCruised).toBeGreaterThan(10);
    expect(output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  });

  it("every rule fails on a deliberate violation: a miniature layout where each file breaks one rule (test/fixtures/architecture)", async () => {
    const config = (await import(`${ROOT}.dependency-cruiser.cjs`)).default;
    const base = `${ROOT}test/fixtures/architecture`;
    process.chdir(base);
    try {
      const result = await cruise(["functions", "domain", "templates", "local"], { ruleSet: { forbidden: config.forbidden }, ...config.options, tsConfig: { fileName: `${ROOT}tsconfig.json` }, validate: true });
      const output = result.output as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
      const found = output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
      expect(found).toEqual([
        "domain-is-pure: domain/reads-files.ts → fs",
        "domain-is-pure: domain/reads-files.ts → functions/adapters/store.ts",
        "domain-no-node-builtins: domain/reads-files.ts → fs",
        "functions-not-into-local: functions/meetings/uses-local.ts → local/runtime.ts",
        "http-not-into-adapters: functions/http/reads-the-store.ts → functions/adapters/store.ts",
        "keys-only-in-repositories: functions/meetings/builds-keys.ts → functions/adapters/records.ts",
        "modules-not-into-http: functions/meetings/renders-http.ts → functions/http/page.ts",
        "no-circular: functions/meetings/a.ts → functions/meetings/b.ts",
        "repository-owned-by-its-module: functions/meetings/reads-minutes-records.ts → functions/minutes/repository.ts",
        "templates-are-plain: templates/calls-functions.ts → functions/meetings/repository.ts",
      ]);
      // Every forbidden rule of the configuration is shown failing here.
      expect(new Set(found.map((f) => f.split(":")[0]))).toEqual(new Set(config.forbidden.map((r: { name: string }) => r.name)));
    } finally {
      process.chdir(ROOT);
    }
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
