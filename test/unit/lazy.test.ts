/**
 * functions/adapters/lazy.ts: how a Lambda defers its SES, S3 and Step Functions clients to their first use
 * (functions/aws-deps.ts; cold starts). What is loaded is ours here; the SDK clients need AWS.
 */
import { describe, expect, it } from "vitest";
import { lazy } from "#adapters/lazy";

describe("lazy: loaded at the first use, once", () => {
  it("does not load before the first call, and concurrent first calls share one load", async () => {
    let loads = 0;
    const client = lazy(async () => { loads += 1; await new Promise((r) => setTimeout(r, 5)); return { id: loads }; });
    expect(loads).toBe(0);
    const [a, b] = await Promise.all([client(), client()]);
    expect(loads).toBe(1);
    expect(a).toBe(b);
    expect(await client()).toBe(a);
  });

  it("a failed load is not kept: the next call loads again (a cold start that met a transient error recovers)", async () => {
    let attempts = 0;
    const client = lazy(async () => { attempts += 1; if (attempts === 1) throw new Error("network"); return "ready"; });
    await expect(client()).rejects.toThrow("network");
    expect(await client()).toBe("ready");
    expect(attempts).toBe(2);
  });
});

describe("depsFromEnvironment: the adapters a task may not need are built at their first call", () => {
  it("builds every dependency from a valid environment without any AWS call, and names a missing variable", async () => {
    const { depsFromEnvironment } = await import("#functions/aws-deps");
    const env = {
      TABLE_NAME: "klyngeflow", BLOB_BUCKET: "klyngeflow-blobs", MEETING_CYCLE_ARN: "arn:aws:states:eu-north-1:0:stateMachine:m",
      WRITTEN_VOTE_ARN: "arn:aws:states:eu-north-1:0:stateMachine:w", SENDER_ADDRESS: "a@b.example", SENDER_DOMAIN: "b.example",
      INBOUND_DOMAIN: "c.example", PUBLIC_URL: "https://b.example", LINK_KEYS: JSON.stringify({ current: "k1", k1: "k".repeat(48) }),
    };
    const deps = await depsFromEnvironment(env);
    expect(Object.keys(deps).sort()).toEqual(["blobs", "clock", "keys", "mailer", "metrics", "settings", "store", "workflows"]);
    expect(typeof deps.mailer.send).toBe("function");
    expect(deps.mailer.accepted).toBeUndefined(); // SES cannot be asked whether it holds a message
    await expect(depsFromEnvironment({ ...env, PUBLIC_URL: undefined })).rejects.toThrow(/PUBLIC_URL/);
  });
});
