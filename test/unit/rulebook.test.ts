import { describe, expect, it } from "vitest";
import { RulebookError } from "#domain/errors";
import { minimumPresent, parseRulebook } from "#domain/rulebook";
import { readJson, rulebook2022, rulebook2026, rulebookWith } from "../support/rulebooks.ts";

function problemsOf(value: unknown): string[] {
  try {
    parseRulebook(value);
    return [];
  } catch (e) {
    if (e instanceof RulebookError) return [...e.problems];
    throw e;
  }
}

describe("R-1.1: the seats of Politisk Sundhedsklynge Syd", () => {
  it("R-1.1: 17 seats: 4 region, 11 municipality, 2 general practice, in both rulebooks", () => {
    for (const rb of [rulebook2022, rulebook2026]) {
      const count = (c: string) => rb.seats.filter((s) => s.constituency === c).length;
      expect([rb.seats.length, count("region"), count("municipality"), count("general-practice")]).toEqual([17, 4, 11, 2]);
    }
  });
  it("R-1.1: the eleven mayors are those of the eleven municipalities of the forretningsorden", () => {
    const titles = rulebook2026.seats.filter((s) => s.constituency === "municipality").map((s) => s.title);
    for (const name of ["Ishøj", "Brøndby", "Albertslund", "Vallensbæk", "København", "Dragør", "Hvidovre", "Tårnby", "Høje-Taastrup", "Glostrup", "Rødovre"]) {
      expect(titles).toContain(`Borgmester, ${name} Kommune`);
    }
  });
  it("R-1.2: every member has a substitute", () => {
    expect(rulebook2026.seats.every((s) => s.substitutes.length >= 1)).toBe(true);
  });
  it("R-1.3: the co-chairs are the regional council chair and a mayor", () => {
    const constituencies = rulebook2026.coChairs.map((id) => rulebook2026.seats.find((s) => s.id === id)?.constituency);
    expect(constituencies).toEqual(["region", "municipality"]);
  });
  it("R-1.1: members are fictional, on example.org addresses only", () => {
    const emails = [rulebook2026, rulebook2022].flatMap((rb) => [
      rb.secretariat.email,
      ...rb.seats.flatMap((s) => [s.member.email, ...s.substitutes.map((x) => x.email)]),
    ]);
    expect(emails.filter((e) => !/@([a-z0-9-]+\.)*example\.org$/.test(e))).toEqual([]);
  });
});

describe("R-6.1: validity of the shipped rulebooks", () => {
  it("R-6.1: the seed's rulebook is in force 2022-09-28 to 2025-12-31 and adopted", () => {
    expect(rulebook2022.validity).toEqual({ from: "2022-09-28", to: "2025-12-31" });
    expect(rulebook2022.status).toBe("adopted");
  });
  it("R-6.1: the renewed 2026–2029 rulebook says in its own text that it is an assumption", () => {
    expect(rulebook2026.validity).toEqual({ from: "2026-01-01", to: "2029-12-31" });
    expect(rulebook2026.status).toBe("assumed");
    expect(rulebook2026.note).toMatch(/ANTAGELSE/);
    expect(rulebook2026.title).toMatch(/antaget/);
  });
  it("R-3.2/R-3.3/R-3.5/R-3.6: the renewed rulebook carries the same rules as the seed's", () => {
    const rules = (rb: typeof rulebook2022) => ({ m: rb.meetings, q: rb.quorum, w: rb.writtenVote, r: rb.reminders, i: rb.initiatives });
    expect(rules(rulebook2026)).toEqual(rules(rulebook2022));
  });
  it("R-3.2/R-3.3/R-3.5/R-3.9: the day counts of the forretningsorden are data", () => {
    expect(rulebook2026.meetings).toMatchObject({
      minimumPerYear: 2, itemRequestDaysBefore: 28, agendaDaysBefore: 10, minutesDaysAfter: 10,
      objectionWindowDays: 8, extraordinaryNoticeBelowDays: 21,
    });
  });
});

describe("Rulebook validation names the field and what was expected", () => {
  it("names a wrong day count", () => {
    const bad = rulebookWith((r) => ((r.meetings as { agendaDaysBefore: unknown }).agendaDaysBefore = "ti"));
    expect(problemsOf(bad)).toEqual(["meetings.agendaDaysBefore: Invalid input: expected number, received string"]);
  });
  it("names a bad email of a member by its index", () => {
    const bad = rulebookWith((r) => { r.seats[3]!.member.email = "not-an-address"; });
    expect(problemsOf(bad)).toEqual(["seats[3].member.email: Invalid email address"]);
  });
  it("names an unknown constituency", () => {
    const bad = rulebookWith((r) => { (r.seats[0] as { constituency: string }).constituency = "county"; });
    expect(problemsOf(bad)[0]).toMatch(/^seats\[0\]\.constituency: Invalid option: expected one of "region"\|"municipality"\|"general-practice"/);
  });
  it("refuses unknown fields, so a typo in a rule's name is not silently ignored", () => {
    const bad = { ...(readJson("rulebooks/sundhedsklynge-syd-2026.json") as object), agendaDays: 10 };
    expect(problemsOf(bad)).toEqual(["agendaDays: unknown field"]);
  });
  it("R-1.3: a co-chair that is not a seat is named", () => {
    expect(problemsOf(rulebookWith((r) => { r.coChairs = ["region-1", "frederiksberg"]; }))).toEqual([
      'coChairs[1]: "frederiksberg" is not a seat of this rulebook',
    ]);
  });
  it("a seat listed twice is named", () => {
    expect(problemsOf(rulebookWith((r) => { r.seats[1]!.id = "region-1"; }))).toContain('seats[1].id: seat "region-1" appears twice');
  });
  it("R-6.1: validity that ends before it starts is named", () => {
    expect(problemsOf(rulebookWith((r) => { r.validity = { from: "2026-01-01", to: "2025-01-01" }; }))).toEqual([
      "validity.to: 2025-01-01 is before validity.from 2026-01-01",
    ]);
  });
  it("R-4.2: a required constituency without seats is named, since no meeting could be quorate", () => {
    const bad = rulebookWith((r) => { r.seats = r.seats.filter((s) => s.constituency !== "general-practice"); });
    expect(problemsOf(bad)).toEqual(['quorum.generalPracticeItemsRequire[0]: constituency "general-practice" has no seat, so no meeting could ever be quorate']);
  });
  it("an unknown time zone is named", () => {
    expect(problemsOf(rulebookWith((r) => { r.calendar.timeZone = "Europe/Kobenhavn"; }))).toEqual([
      'calendar.timeZone: "Europe/Kobenhavn" is not an IANA time zone',
    ]);
  });
  it("can explain problems in Danish for people", () => {
    const bad = rulebookWith((r) => { r.seats[3]!.member.email = "x"; });
    expect(() => parseRulebook(bad, "da")).toThrow("seats[3].member.email: Ugyldig e-mailadresse");
  });
});

describe("R-4.2: the quorum threshold comes from the rulebook", () => {
  it("R-4.2: at least half of 17 seats is 9", () => {
    expect(minimumPresent(rulebook2026)).toBe(9);
  });
  it("R-4.2: at least half of 16 seats is 8", () => {
    expect(minimumPresent(rulebookWith((r) => { r.seats.pop(); r.quorum.generalPracticeItemsRequire = []; }))).toBe(8);
  });
});
