/**
 * A rulebook without JSON (issue 22, item 4): the console's form covers every field of the rulebook schema,
 * a rulebook goes into the form and comes back the same, problems land on the field they name, and the sample
 * meeting's deadlines follow the numbers typed.
 */
import { describe, expect, it } from "vitest";
import { parseRulebook, type Rulebook } from "#domain/rulebook";
import { RulebookError } from "#domain/errors";
import { formValues, problemsByField, rulebookFromForm, rulebookToForm, sampleDeadlines, SCALAR_FIELDS } from "#functions/http/rulebook-form";
import { FIELD_WORDS, RULEBOOK_SECTIONS } from "#templates/rulebook-form";
import { readJson, rulebook2026 } from "../support/rulebooks.ts";

const NORDKYSTEN = parseRulebook(readJson("rulebooks/examples/nordkysten-2026.json"));

/** Every leaf path of a rulebook, arrays of plain values counted as one field. */
function leaves(o: unknown, prefix = ""): string[] {
  if (o === null || typeof o !== "object" || (Array.isArray(o) && o.every((x) => typeof x !== "object"))) return [prefix];
  if (Array.isArray(o)) return [prefix];
  return Object.entries(o).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

const roundTrip = (r: Rulebook) => {
  const form = rulebookToForm(r);
  const { candidate } = rulebookFromForm(formValues([...form].flatMap(([k, vs]) => vs.map((v): [string, string] => [k, v]))));
  return parseRulebook(candidate);
};

describe("The rulebook form covers the schema (issue 22, item 4)", () => {
  it("every field of both shipped kinds of rulebook has a place in the form, with Danish words and a section", () => {
    const covered = new Set([...SCALAR_FIELDS.map((f) => f.path), "schemaVersion", "committee.id", "committee.name", "seats", "coChairs"]);
    for (const r of [rulebook2026, NORDKYSTEN]) {
      const missing = leaves(r).filter((p) => !covered.has(p) && !p.startsWith("sources."));
      expect(missing).toEqual([]);
    }
    const sections = new Set(RULEBOOK_SECTIONS.map((s) => s.id));
    expect(SCALAR_FIELDS.filter((f) => !FIELD_WORDS[f.path] || !sections.has(f.section)).map((f) => f.path)).toEqual([]);
  });

  it("a rulebook put into the form comes back unchanged: Sundhedsklynge Syd's and the fictional one", () => {
    expect(roundTrip(rulebook2026)).toEqual(rulebook2026);
    expect(roundTrip(NORDKYSTEN)).toEqual(NORDKYSTEN);
  });

  it("empty seat rows are left out; problems land on the form's own row and field, in Danish", () => {
    const form = rulebookToForm(NORDKYSTEN);
    // Row 1 emptied, row 3's e-mail broken, the chair taken away, a day count typed as a word.
    for (const f of ["id", "constituency", "title", "member.name", "member.email", "substitutes"]) form.set(`seats.1.${f}`, [""]);
    form.delete("seats.1.chair");
    form.set("seats.3.member.email", ["ikke-en-adresse"]);
    form.set("meetings.agendaDaysBefore", ["syv"]);
    const { candidate, rows } = rulebookFromForm(form);
    expect(rows).toEqual([0, 2, 3, 4, 5, 6, 7]);
    let problems: readonly string[] = [];
    try {
      parseRulebook(candidate, "da");
    } catch (e) {
      problems = (e as RulebookError).problems;
    }
    const byField = problemsByField(problems, rows);
    expect([...byField.keys()].sort()).toEqual(["meetings.agendaDaysBefore", "seats.3.member.email"]);
    expect(byField.get("seats.3.member.email")?.[0]).toMatch(/e-mail/i);
    expect(byField.get("meetings.agendaDaysBefore")?.[0]).toMatch(/tal|number/i);
  });
});

describe("The sample meeting's deadlines follow the numbers typed (R-3.2, R-3.3, R-3.5, R-4.2)", () => {
  const at = (rows: { what: string; at: string }[], what: string) => rows.filter((r) => r.what === what).map((r) => r.at);

  it("with Sundhedsklynge Syd's numbers, the meeting of 2027-04-22 gets the deadlines of DOMAIN.md", () => {
    const { candidate } = rulebookFromForm(rulebookToForm(rulebook2026));
    const s = sampleDeadlines(candidate, rulebook2026, "2027-04-22T14:00");
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    expect(at(s.rows, "callForItems")).toEqual(["2027-03-11T09:00:00+01:00"]);
    expect(at(s.rows, "items")).toEqual(["2027-03-25T23:59:59+01:00"]);
    expect(at(s.rows, "agenda")).toEqual(["2027-04-12T23:59:59+02:00"]);
    expect(at(s.rows, "quorumForecast")).toEqual(["2027-04-19T09:00:00+02:00"]);
    expect(at(s.rows, "minutes")).toEqual(["2027-05-02T23:59:59+02:00"]);
    expect(s.rows.map((r) => r.at)).toEqual([...s.rows.map((r) => r.at)].sort((a, b) => Date.parse(a) - Date.parse(b)));
  });

  it("typing other numbers moves the deadlines: 35 days for items, 14 for the agenda, a send time of 07:45", () => {
    const form = rulebookToForm(rulebook2026);
    form.set("meetings.itemRequestDaysBefore", ["35"]);
    form.set("meetings.agendaDaysBefore", ["14"]);
    form.set("calendar.sendTime", ["07:45"]);
    const s = sampleDeadlines(rulebookFromForm(form).candidate, rulebook2026, "2027-04-22T14:00");
    if (!s.ok) throw new Error(s.problems.join("; "));
    expect(at(s.rows, "items")).toEqual(["2027-03-18T23:59:59+01:00"]);
    expect(at(s.rows, "callForItems")).toEqual(["2027-03-04T07:45:00+01:00"]);
    expect(at(s.rows, "agenda")).toEqual(["2027-04-08T23:59:59+02:00"]);
  });

  it("numbers that are not numbers give Danish problems naming the field instead of deadlines, even with the seats half filled", () => {
    const form = rulebookToForm(rulebook2026);
    form.set("meetings.minutesDaysAfter", ["ti"]);
    form.set("seats.0.member.email", [""]);
    const s = sampleDeadlines(rulebookFromForm(form).candidate, rulebook2026, "2027-04-22T14:00");
    expect(s.ok).toBe(false);
    if (s.ok) return;
    expect(s.problems).toHaveLength(1);
    expect(s.problems[0]).toMatch(/^meetings\.minutesDaysAfter: /);
  });
});
