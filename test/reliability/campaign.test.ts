/**
 * The reliability campaign in CI size (the full one: `npm run reliability`, which writes RELIABILITY.md).
 */
import { describe, expect, it } from "vitest";
import { runConcurrency } from "#reliability/concurrency";
import { runFlood } from "#reliability/flood";
import { runHostileCases } from "#reliability/hostile";
import { compare, runScenario, type ScenarioResult } from "#reliability/crashes";

describe("Reliability: nothing lost, nothing doubled when the process dies after a side effect", () => {
  let clean: ScenarioResult;
  it("the clean run: a meeting cycle with a written vote, objections, apologies and a minutes round", async () => {
    clean = await runScenario(() => false);
    expect(clean.messages.size).toBeGreaterThan(140);
    expect(clean.crashes).toEqual([]);
    expect(clean.decisions).toMatchObject({ vote: { outcome: "moved-to-meeting" }, meeting: { approvedMinutesVersion: 2, minutesApprovedAt: "2027-05-15T23:59:59+02:00" } });
  }, 120_000);

  // The offsets are chosen so that each run's crashes hit every kind of side effect (below); the first email
  // to a member each term also writes their page's record (Mine sager), which shifts the sequence.
  for (const [every, offset] of [[37, 1], [13, 0]] as const) {
    it(`killed after every ${every}th side effect and restarted: every email once (after a crash right after a send the outbox is asked, not resent), every response once, no deadline moved`, async () => {
      const faulty = await runScenario((n) => n % every === offset);
      const c = compare(clean, faulty);
      expect(faulty.crashes.length).toBeGreaterThan(15);
      // The crashes hit every kind of side effect: claims, sends, state changes, audit entries, raw blobs.
      const kinds = new Set(faulty.crashes.map((x) => x.after.replace(/\(.*/, "")));
      expect([...kinds].sort()).toEqual(expect.arrayContaining(["blobs.put", "mailer.send", "store.create", "store.put"]));
      expect(c.problems).toEqual([]);
      expect({ lost: c.lost.length, extra: c.extra.length, moved: c.moved.length }).toEqual({ lost: 0, extra: 0, moved: 0 });
      // Crashes right after a send happened; none of those emails reached anyone twice.
      expect(c.duplicatesAllowed).toBeGreaterThan(0);
      expect(c.duplicates).toBe(0);
      expect(faulty.audit.ok).toBe(true);
    }, 180_000);
  }
});

describe("Reliability: concurrency", () => {
  it("17 seats answer 10 votes at once by link and by SMTP, with redeliveries and changes: tallies equal the reference", async () => {
    const r = await runConcurrency(10);
    expect(r.answersSent).toBeGreaterThan(200);
    expect(r.redeliveries).toBeGreaterThan(5);
    expect(r.changes).toBeGreaterThan(10);
    expect(r.mismatches).toEqual([]);
    expect(r.doubleCounted).toBe(0);
  }, 300_000);
});

describe("Reliability: a flood of replies with kill -9 in the middle", () => {
  it("issue 20: npm start killed with SIGKILL while 150 replies arrive: started again, nothing lost, nothing counted or answered twice, the trail intact", async () => {
    const r = await runFlood(150);
    expect(r.acceptedBeforeKill).toBeGreaterThan(0);
    expect(r.resentAfterRestart).toBeGreaterThan(0);
    expect({ lost: r.lost, mismatches: r.mismatches, doubleCounted: r.doubleCounted, receiptsTwice: r.receiptsTwice, startCrashed: r.startCrashed, auditOk: r.auditOk })
      .toEqual({ lost: [], mismatches: [], doubleCounted: [], receiptsTwice: [], startCrashed: false, auditOk: true });
  }, 300_000);
});

describe("Reliability: hostile and broken input", () => {
  it("at least 120 cases (every class of the outside attack of issue 20 among them), each with its documented outcome, none crashing, the raw input of every reply kept", async () => {
    const results = await runHostileCases();
    expect(results.length).toBeGreaterThanOrEqual(120);
    expect(results.filter((r) => r.actual.startsWith("CRASH"))).toEqual([]);
    expect(results.filter((r) => r.actual !== r.expected).map((r) => `${r.id}: expected ${r.expected}, got ${r.actual}`)).toEqual([]);
    expect(results.filter((r) => r.rawKept === false).map((r) => r.id)).toEqual([]);
  }, 300_000);
});
