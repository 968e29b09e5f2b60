/**
 * The deployed artifacts rehearsed (issue 19, Build item 2; DESIGN.md principle 8): a real offline synth,
 * then the short scenario of rehearsal/scenario.ts — set up with `klyngeflow admin` only, a written vote
 * answered through SES inbound and member links (API Gateway payload 2.0 events), a bounce, an agenda
 * released just before its callback token is stored — through every function bundle in its own Node 22
 * process, with S3 (s3rver), SES, Secrets Manager, SNS, EventBridge and API Gateway stand-ins that check what
 * AWS checks. `npm run rehearse` plays the full scenario.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../infra/app.ts";
import { playScenario, type ScenarioResult } from "../../rehearsal/scenario.ts";
import { startRehearsalStack, type RehearsalStack } from "../../rehearsal/stack.ts";

const CONTEXT = { stage: "rehearsal", region: "eu-north-1", senderDomain: "sundhedsklynge-syd.example.org", inboundDomain: "svar.sundhedsklynge-syd.example.org", alarmEmail: "drift@sundhedsklynge-syd.example.org" };
const dir = mkdtempSync(join(tmpdir(), "klyngeflow-rehearsal-test-"));
let stack: RehearsalStack;
let result: ScenarioResult;

beforeAll(async () => {
  const { app } = buildApp(new App({ context: CONTEXT, outdir: join(dir, "cdk.out") }));
  app.synth();
  stack = await startRehearsalStack({ cdkOut: join(dir, "cdk.out"), dataDir: join(dir, "data"), start: "2027-02-01T09:00:00+01:00" });
  result = await playScenario(stack, "short");
}, 240_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const failing = () => result.checks.filter((c) => !c.ok);

describe("rehearsal (stand-ins for S3, SES, Secrets Manager, SNS, EventBridge, API Gateway): the synthesized stack in Node 22 processes", () => {
  it("R-3.6: set up by klyngeflow admin only; a written vote answered by an SES reply and member links is carried at its deadline; no execution fails", () => {
    expect(result.checks.length).toBeGreaterThan(15);
    expect(failing().filter((c) => !c.knownDefect).map((c) => `${c.name}: ${c.detail}`)).toEqual([]);
    expect(stack.lambda.figures().filter((f) => f.invocations > 0).length).toBeGreaterThanOrEqual(12);
  });

  it("every function of the template started in Node 22 and recorded its init time, duration and peak memory", () => {
    const used = stack.lambda.figures().filter((f) => f.invocations > 0);
    for (const f of used) {
      expect(f.coldStarts).toBeGreaterThanOrEqual(1);
      expect(f.initMs.every((ms) => ms > 0)).toBe(true);
      expect(f.peakMb).toBeGreaterThan(20);
      expect(f.peakMb).toBeLessThan(f.memoryMb);
    }
  });

  it("the template never sets KLYNGEFLOW_CLOCK_FILE: only the rehearsal moves a function's clock", () => {
    const envs = stack.resolver.ofType("AWS::Lambda::Function").map((f) => Object.keys(((f.properties.Environment as { Variables?: object } | null)?.Variables ?? {})));
    expect(envs.length).toBe(stack.lambda.functions.size);
    expect(envs.flat()).not.toContain("KLYNGEFLOW_CLOCK_FILE");
  });

  it("a ballot's bounce reaches the mail-events function through SNS (defect 6: the topics' key lets SES use it)", () => {
    expect(result.checks.find((c) => c.name.startsWith("bounce: SES → SNS → mail-events"))).toMatchObject({ ok: true });
  });

  it("R-3.3: an agenda released just before the waiting task stores its token goes out at once (defect 3: the await-event bundle re-checks from its own table)", () => {
    const check = result.checks.find((c) => c.name.startsWith("R-3.3: dagsordenen udsendt ved frigivelsen"));
    expect(check).toMatchObject({ ok: true });
  });
});
