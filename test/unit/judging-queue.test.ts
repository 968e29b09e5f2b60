/**
 * The local judging queue (R-7.2: stored first, judged after): answers are judged one at a time in the order
 * they arrived, and while answers keep arriving taking them in comes first — as in AWS, where SES's 250 and
 * a link's 303 never wait for a judging. On a fake clock, so that "while answers keep arriving" is exact.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { JudgingQueue } from "#local/judging-queue";

beforeEach(() => { vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setImmediate", "performance"] }); });
afterEach(() => { vi.useRealTimers(); });

const judged: string[] = [];
const answer = (q: JudgingQueue, label: string) => q.push(label, async () => { judged.push(label); });

describe("JudgingQueue", () => {
  beforeEach(() => { judged.length = 0; });

  it("judges nothing while answers keep coming in, then all of them in the order they came", async () => {
    const q = new JudgingQueue();
    for (const label of ["a", "b", "c", "d"]) {
      answer(q, label);
      await vi.advanceTimersByTimeAsync(5);
      expect(judged).toEqual([]);
    }
    await vi.advanceTimersByTimeAsync(50);
    expect(judged).toEqual(["a", "b", "c", "d"]);
  });

  it("under a steady stream judging still goes on: the oldest waiting answer waits at most a second", async () => {
    const q = new JudgingQueue();
    let n = 0;
    for (let t = 0; t < 1_500; t += 5) {
      answer(q, `a${n++}`);
      await vi.advanceTimersByTimeAsync(5);
      if (t < 900) expect(judged).toEqual([]);
    }
    expect(judged[0]).toBe("a0");
    expect(judged.length).toBeGreaterThan(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(judged).toEqual(Array.from({ length: n }, (_, i) => `a${i}`));
  });

  it("stop() judges what is waiting without waiting for the stream to end", async () => {
    const q = new JudgingQueue();
    answer(q, "a");
    answer(q, "b");
    const stopped = q.stop();
    // Within one pause (10 ms), not the second a steady stream may wait.
    await vi.advanceTimersByTimeAsync(10);
    await stopped;
    expect(judged).toEqual(["a", "b"]);
  });
});
