import { describe, expect, it } from "vitest";
import { assessQuorum, forecastQuorum } from "#domain/quorum";
import { rulebook2026 as rb, rulebookWith } from "../support/rulebooks.ts";

const REGION = ["region-1", "region-2", "region-3", "region-4"];
const MAYORS = ["ishoj", "brondby", "albertslund", "vallensbaek", "kobenhavn", "dragor", "hvidovre", "tarnby", "hoje-taastrup", "glostrup", "rodovre"];
const GPS = ["plo-1", "plo-2"];

const quorum = (members: string[], substitutes: string[] = [], concernsGeneralPractice = false) =>
  assessQuorum({ members, substitutes, concernsGeneralPractice }, rb);

describe("R-4.2: at least half the members present, with municipalities and region represented", () => {
  it("R-4.2: 9 of 17 with both region and municipalities is quorate", () => {
    const q = quorum([...REGION.slice(0, 1), ...MAYORS.slice(0, 8)]);
    expect(q).toMatchObject({ quorate: true, present: 9, required: 9, seats: 17 });
    expect(q.byConstituency).toEqual({ region: 1, municipality: 8 });
  });
  it("R-4.2: 8 of 17 is not quorate, and the reason says so in Danish", () => {
    const q = quorum([...REGION.slice(0, 1), ...MAYORS.slice(0, 7)]);
    expect(q.quorate).toBe(false);
    expect(q.conditions.filter((c) => !c.ok).map((c) => c.message)).toEqual(["8 af 17 medlemmer er til stede; mindst 9 skal være det"]);
  });
  it("R-4.2: 11 mayors alone are not quorate: the region is not represented", () => {
    const q = quorum(MAYORS);
    expect(q.quorate).toBe(false);
    expect(q.conditions.filter((c) => !c.ok).map((c) => c.message)).toEqual(["Regionen er ikke repræsenteret"]);
  });
  it("R-4.2: 4 region + 2 GPs + 3 mayors is quorate; without any mayor it is not", () => {
    expect(quorum([...REGION, ...GPS, ...MAYORS.slice(0, 3)]).quorate).toBe(true);
    expect(quorum([...REGION, ...GPS]).conditions.some((c) => c.message === "kommunerne er ikke repræsenteret")).toBe(true);
  });
  it("R-4.2/R-1.2: a substitute counts for the member's seat", () => {
    const q = quorum(MAYORS.slice(0, 8), ["region-2"]);
    expect(q).toMatchObject({ quorate: true, present: 9 });
    expect(q.seatsPresent).toContain("region-2");
  });
  it("R-4.2/R-1.2: a seat present by both member and substitute counts once", () => {
    expect(quorum([...REGION.slice(0, 1), ...MAYORS.slice(0, 7)], ["ishoj"]).present).toBe(8);
  });
  it("R-4.2: an item concerning general practice needs PLO-Hovedstaden represented", () => {
    const present = [...REGION, ...MAYORS.slice(0, 6)];
    expect(quorum(present, [], false).quorate).toBe(true);
    const gp = quorum(present, [], true);
    expect(gp.quorate).toBe(false);
    expect(gp.conditions.filter((c) => !c.ok).map((c) => c.message)).toEqual(["PLO-Hovedstaden (almen praksis) er ikke repræsenteret (punktet vedrører almen praksis)"]);
    expect(quorum(present, ["plo-2"], true).quorate).toBe(true);
  });
  it("R-4.2: an unknown seat is refused, naming the field", () => {
    expect(() => quorum(["region-1", "frederiksberg"])).toThrow('present: "frederiksberg" is not a seat of Politisk Sundhedsklynge Syd');
    expect(() => quorum(["region-1"], ["nobody"])).toThrow(/^substitute: /);
  });
  it("R-4.2/R-1.2: a committee whose rulebook does not let substitutes count", () => {
    const strict = rulebookWith((r) => { r.quorum.substituteCountsForSeat = false; });
    expect(assessQuorum({ members: MAYORS.slice(0, 8), substitutes: ["region-2"], concernsGeneralPractice: false }, strict).present).toBe(8);
  });
});

describe("R-3.7/R-4.2: quorum forecast from apologies", () => {
  it("R-3.7: 8 apologies without substitutes leave 9 expected: quorate", () => {
    const apologies = [...MAYORS.slice(0, 8)].map((seatId) => ({ seatId, substituteAttends: false }));
    expect(forecastQuorum(apologies, false, rb)).toMatchObject({ quorate: true, present: 9 });
  });
  it("R-3.7: 9 apologies, one of them sending a substitute: still quorate with 9", () => {
    const apologies = [...MAYORS.slice(0, 9)].map((seatId, i) => ({ seatId, substituteAttends: i === 0 }));
    expect(forecastQuorum(apologies, false, rb)).toMatchObject({ quorate: true, present: 9 });
  });
  it("R-3.7/R-4.2: all four regional members sending apologies: not quorate", () => {
    const apologies = REGION.map((seatId) => ({ seatId, substituteAttends: false }));
    expect(forecastQuorum(apologies, false, rb).quorate).toBe(false);
  });
});
