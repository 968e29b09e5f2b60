import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/rulebooks.ts";

const run = promisify(execFile);

/** Runs the real bin as a user would (`npx klyngeflow …` runs this same file). */
async function klyngeflow(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["bin/klyngeflow.mjs", ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe("klyngeflow deadlines", () => {
  it("R-3.2/R-3.3/R-3.5: --meeting 2027-04-22T14:00 --json prints one JSON document with the three deadlines", async () => {
    const { code, stdout } = await klyngeflow("deadlines", "--meeting", "2027-04-22T14:00", "--json");
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect([doc.items, doc.agenda, doc.minutes]).toEqual(["2027-03-25T23:59:59+01:00", "2027-04-12T23:59:59+02:00", "2027-05-02T23:59:59+02:00"]);
    expect(doc.deadlines.items).toMatchObject({ rule: "R-3.2", weekday: "torsdag" });
    expect(doc.deadlines.agenda).toMatchObject({ rule: "R-3.3", weekday: "mandag" });
    expect(doc.deadlines.minutes).toMatchObject({ rule: "R-3.5", weekday: "søndag" });
    expect(doc.warnings).toEqual([]);
  });
  it("R-3.5: --minutes-sent 2027-03-24T15:30 gives the end of the objection window", async () => {
    const doc = JSON.parse((await klyngeflow("deadlines", "--minutes-sent", "2027-03-24T15:30", "--json")).stdout);
    expect(doc.objections).toBe("2027-04-01T23:59:59+02:00");
  });
  it("R-6.1: a meeting outside the given rulebook's validity is warned about", async () => {
    const doc = JSON.parse((await klyngeflow("deadlines", "--meeting", "2027-04-22T14:00", "--rulebook", "rulebooks/sundhedsklynge-syd-2022.json", "--json")).stdout);
    expect(doc.warnings).toEqual(["R-6.1: 2027-04-22 ligger uden for forretningsordenens gyldighed (2022-09-28 – 2025-12-31)"]);
  });
  it("without --json prints a Danish table with weekdays", async () => {
    const { stdout } = await klyngeflow("deadlines", "--meeting", "2027-04-22T14:00");
    expect(stdout).toContain("Frist for dagsorden          mandag   2027-04-12  2027-04-12T23:59:59+02:00  R-3.3");
  });
});

describe("klyngeflow quorum", () => {
  it("R-4.2: 9 present with region and municipalities is quorate", async () => {
    const { code, stdout } = await klyngeflow("quorum", "--present", "region-1,ishoj,brondby,albertslund,vallensbaek,kobenhavn,dragor,hvidovre", "--substitute", "tarnby", "--json");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ quorate: true, present: 9, required: 9 });
  });
  it("R-4.2: a general-practice item without PLO-Hovedstaden is not quorate, and says why", async () => {
    const doc = JSON.parse((await klyngeflow("quorum", "--present", "region-1,region-2,ishoj,brondby,albertslund,vallensbaek,kobenhavn,dragor,hvidovre", "--gp-item", "--json")).stdout);
    expect(doc.quorate).toBe(false);
    expect(doc.conditions.filter((c: { ok: boolean }) => !c.ok).map((c: { message: string }) => c.message)).toEqual([
      "PLO-Hovedstaden (almen praksis) er ikke repræsenteret (punktet vedrører almen praksis)",
    ]);
  });
});

describe("klyngeflow plan", () => {
  it("R-3.1/R-6.1: the shipped 2026 plan passes under the renewed rulebook", async () => {
    const doc = JSON.parse((await klyngeflow("plan", "--term", "2026", "--json")).stdout);
    expect(doc).toMatchObject({ ok: true, meetings: 8, warnings: [] });
  });
  it("R-6.1: under the seed's rulebook every 2026–2029 meeting is outside its validity", async () => {
    const doc = JSON.parse((await klyngeflow("plan", "--term", "2026", "--rulebook", "rulebooks/sundhedsklynge-syd-2022.json", "--json")).stdout);
    expect(doc.warnings.map((w: { rule: string }) => w.rule)).toEqual(Array(8).fill("R-6.1"));
  });
});

describe("klyngeflow: invalid input exits non-zero with one line naming what is wrong", () => {
  const cases: [string[], RegExp][] = [
    [["deadlines", "--meeting", "2027-13-40T14:00"], /^klyngeflow deadlines: --meeting: "2027-13-40T14:00" er ikke en gyldig dato og tid\n$/],
    [["deadlines", "--meeting", "2027-03-28T02:30"], /^klyngeflow deadlines: --meeting: .*findes ikke i dansk tid/],
    [["deadlines"], /angiv præcis ét af --meeting/],
    [["deadlines", "--meting", "x"], /ukendt tilvalg --meting \(se: klyngeflow deadlines --help\)/],
    [["quorum", "--present", "region-1,frederiksberg"], /^klyngeflow quorum: present: "frederiksberg" er ikke en plads/],
    [["plan", "--term", "20x6"], /^klyngeflow plan: --term: angiv valgperiodens første år/],
    [["deadlines", "--meeting", "2027-04-22T14:00", "--rulebook", "missing.json"], /rulebook: kan ikke læse missing.json/],
    [["frobnicate"], /ukendt kommando "frobnicate"/],
  ];
  for (const [args, message] of cases) {
    it(`klyngeflow ${args.join(" ")} --json`, async () => {
      const { code, stdout, stderr } = await klyngeflow(...args, "--json");
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toMatch(message);
      expect(stderr.trim().split("\n")).toHaveLength(1);
    });
  }
});

describe("klyngeflow --help: every command has its help, in Danish, and exits 0", () => {
  it("klyngeflow --help lists every command; each command's --help prints its own help", async () => {
    const top = await klyngeflow("--help");
    expect(top.code).toBe(0);
    expect(top.stdout).toContain("Brug: klyngeflow <kommando>");
    for (const command of ["deadlines", "quorum", "plan", "inbound", "simulate", "audit"]) {
      const { code, stdout, stderr } = await klyngeflow(command, "--help");
      expect([command, code, stderr]).toEqual([command, 0, ""]);
      expect(stdout).toContain(`klyngeflow ${command}`);
      expect(stdout).not.toMatch(/\b(the|usage|expected|give)\b/i);
    }
  });
});

describe("klyngeflow audit verify without a data folder", () => {
  it("says there is nothing to verify, exits 2, and creates no folder", async () => {
    const { mkdtempSync, existsSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const dir = `${mkdtempSync(`${tmpdir()}/kf-cli-`)}/ingen-data`;
    const r = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ["bin/klyngeflow.mjs", "audit", "verify"], { cwd: ROOT, env: { ...process.env, DATA_DIR: dir, PORT: "39871" } }, (e, stdout, stderr) => resolve({ code: e ? Number((e as { code?: number }).code) : 0, stdout, stderr }));
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/findes ikke/);
    expect(r.stdout).not.toContain("intakt");
    expect(existsSync(dir)).toBe(false);
  });
});
