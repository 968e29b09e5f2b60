import { describe, expect, it } from "vitest";
import { itemsForSeat, mayReceiveItem, presidingChair } from "#domain/audience";
import { checkMeetingPlan, type PlannedMeeting } from "#domain/plan";
import { readJson, rulebook2022, rulebook2026 as rb } from "../support/rulebooks.ts";

const plan = (readJson("rulebooks/sundhedsklynge-syd-plan-2026.json") as { meetings: PlannedMeeting[] }).meetings;

describe("R-3.1: at least two meetings a year, the plan fixed for the term", () => {
  it("R-3.1: the shipped 2026–2029 plan has two ordinary meetings in every year and no warning", () => {
    const check = checkMeetingPlan(plan, rb);
    expect(check.ok).toBe(true);
    expect(check.years.map((y) => [y.year, y.ordinary])).toEqual([[2026, 2], [2027, 2], [2028, 2], [2029, 2]]);
  });
  it("R-3.1: a year with one meeting is warned about, in Danish, naming the year", () => {
    const check = checkMeetingPlan(plan.filter((m) => m.id !== "2028-11-02"), rb);
    expect(check.warnings).toEqual([{ rule: "R-3.1", year: 2028, message: "2028: 1 ordinære møder i mødeplanen; forretningsordenen kræver mindst 2 om året" }]);
  });
  it("R-3.1: extraordinary meetings do not make up the minimum", () => {
    const withExtra = plan.filter((m) => m.id !== "2028-11-02").concat({ id: "x", startsAt: "2028-06-01T10:00", kind: "extraordinary" });
    expect(checkMeetingPlan(withExtra, rb).warnings.map((w) => w.rule)).toEqual(["R-3.1"]);
  });
  it("R-3.1: a year only partly inside the term is not held to the minimum", () => {
    const check = checkMeetingPlan([{ id: "a", startsAt: "2022-09-28T14:00" }, ...["2023", "2024", "2025"].flatMap((y) => [
      { id: `${y}a`, startsAt: `${y}-03-01T14:00` }, { id: `${y}b`, startsAt: `${y}-10-01T14:00` },
    ])], rulebook2022, rulebook2022.validity);
    expect(check.years[0]).toEqual({ year: 2022, ordinary: 1, required: 2, partial: true });
    expect(check.ok).toBe(true);
  });
});

describe("R-6.1: meetings outside the rulebook's validity", () => {
  it("R-6.1: planning 2026 under the seed's rulebook (valid to 2025-12-31) warns for every meeting", () => {
    const check = checkMeetingPlan(plan, rulebook2022, rb.term);
    expect(check.warnings.filter((w) => w.rule === "R-6.1").map((w) => w.meetingId)).toEqual(plan.map((m) => m.id));
    expect(check.warnings[0]?.message).toBe(
      "Mødet 2026-03-12 ligger uden for forretningsordenens gyldighed (2022-09-28 – 2025-12-31); indlæs en fornyet forretningsorden",
    );
  });
  it("R-6.1: the renewed rulebook covers the plan", () => {
    expect(checkMeetingPlan(plan, rb).warnings.filter((w) => w.rule === "R-6.1")).toEqual([]);
  });
});

describe("R-3.4: items for the authorities only", () => {
  const items = [
    { id: "1", title: "Status på indsatser", authoritiesOnly: false },
    { id: "2", title: "Økonomi mellem region og kommuner", authoritiesOnly: true },
  ];
  const seat = (id: string) => rb.seats.find((s) => s.id === id)!;
  it("R-3.4: region and municipality seats receive every item", () => {
    expect(itemsForSeat(items, seat("region-1"), rb).map((i) => i.id)).toEqual(["1", "2"]);
    expect(itemsForSeat(items, seat("dragor"), rb).map((i) => i.id)).toEqual(["1", "2"]);
  });
  it("R-3.4: general-practice seats do not receive an authoritiesOnly item", () => {
    expect(itemsForSeat(items, seat("plo-1"), rb).map((i) => i.id)).toEqual(["1"]);
    expect(mayReceiveItem({ authoritiesOnly: true }, seat("plo-2"), rb)).toBe(false);
  });
});

describe("R-4.1: the co-chairs preside in turn", () => {
  it("R-4.1: meetings alternate between the regional chair and the elected mayor", () => {
    expect([0, 1, 2, 3].map((i) => presidingChair(i, rb))).toEqual(["region-1", "hvidovre", "region-1", "hvidovre"]);
  });
});
