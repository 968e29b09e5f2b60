import { describe, expect, it } from "vitest";
import { newKeyRing, parseKeyRing, rotate, serializeKeyRing, sign, verifySignature } from "#adapters/link-keys";

describe("link keys: one shape for the secret and the local file (issue 19, defect 1)", () => {
  it("a ring written locally reads back, and a rotated one keeps verifying what the old key signed", () => {
    const ring = newKeyRing();
    const link = sign(ring, "t-1");
    const rotated = parseKeyRing(serializeKeyRing(rotate(ring, "k2")));
    expect(JSON.parse(serializeKeyRing(rotated))).toMatchObject({ current: "k2", k1: expect.any(String), k2: expect.any(String) });
    expect(verifySignature(rotated, "t-1", "k1", link)).toBe(true);
    expect(verifySignature(rotated, "t-2", "k2", sign(rotated, "t-2"))).toBe(true);
  });

  it("a data folder's ring from before issue 19 ({current, keys: base64}) still verifies its links", () => {
    const legacy = JSON.stringify({ current: "k1", keys: { k1: Buffer.alloc(32, 7).toString("base64") } });
    const ring = parseKeyRing(legacy);
    expect(ring.keys.k1).toEqual(Buffer.alloc(32, 7));
  });

  it("names what is wrong: a short key, a key id that is not one, a current key that is missing", () => {
    expect(() => parseKeyRing(JSON.stringify({ current: "k1", k1: "short" }))).toThrow("link keys: k1: expected a key of at least 32 characters");
    expect(() => parseKeyRing(JSON.stringify({ current: "k1", k1: "x".repeat(40), seed: "y".repeat(40) }))).toThrow("link keys: seed: expected 2-character key ids");
    expect(() => parseKeyRing(JSON.stringify({ current: "k2", k1: "x".repeat(40) }))).toThrow('the current key "k2" is not among the keys');
  });
});
