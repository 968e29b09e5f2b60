/**
 * Issue 19, defect 8: minutes and material over about 4.4 MB failed on AWS only (the app took 15 MB bodies,
 * Lambda carries 6 MB). Now an API body is at most what API Gateway can hand a Lambda, and larger files go
 * past it: uploaded by a signed form straight into the blob store, downloaded by a signed, expiring URL.
 * Locally the store's stand-in checks what S3 checks (the signature, the expiry, the size range).
 */
import { afterEach, describe, expect, it } from "vitest";
import { issueApiToken } from "#functions/committee/api-tokens";
import { MAX_API_BODY } from "#functions/http/app";
import { startMeetingCycles } from "#functions/meetings/plan";
import { startHttpServer, type HttpServer } from "#local/http-server";
import { startTestRuntime, type TestRuntime } from "../support/runtime.ts";

const C = "sundhedsklynge-syd";
const M = "2027-04-22";
const TOKEN = "kf_large-files-token-0123456789abc";
let t: TestRuntime | undefined;
let http: HttpServer | undefined;
afterEach(async () => { await http?.stop(); http = undefined; await t?.stop(); t = undefined; });

async function setUp() {
  t = await startTestRuntime({ start: "2027-03-20T10:00:00+01:00", plan: [{ id: M, startsAt: "2027-04-22T14:00", location: "Hvidovre Hospital" }] });
  http = await startHttpServer(t.deps, { port: 0, outboxDir: t.rt.outboxDir });
  t.deps.settings.publicUrl = http.url;
  await issueApiToken(t.deps.store, t.now(), { token: TOKEN, role: "secretariat", committeeId: C, name: "Sekretariatet" });
  const api = async (path: string, body?: unknown) => {
    const res = await fetch(`${http?.url}${path}`, { method: body === undefined ? "GET" : "POST", headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, json: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  };
  return { api };
}

/** Posts a file to a signed upload form, as a browser does. */
async function postForm(upload: { url: string; fields: Record<string, string> }, bytes: Buffer, contentType: string): Promise<number> {
  const form = new FormData();
  for (const [k, v] of Object.entries(upload.fields)) form.append(k, v);
  form.append("file", new Blob([new Uint8Array(bytes)], { type: contentType }), "fil");
  return (await fetch(upload.url, { method: "POST", body: form })).status;
}

describe("defect 8: files larger than a Lambda request go past it", () => {
  it("an API body is at most what API Gateway can carry to a Lambda (6 MB, the body base64-encoded in the event)", async () => {
    expect(Math.ceil(MAX_API_BODY / 3) * 4 + 64 * 1024).toBeLessThan(6 * 1024 * 1024);
    const { api } = await setUp();
    const big = Buffer.alloc(5 * 1024 * 1024, 0x41).toString("base64");
    const item = await api(`/api/committees/${C}/meetings/${M}/items`, { title: "Stort bilag", description: "" });
    const res = await api(`/api/committees/${C}/meetings/${M}/items/${String(item.json.itemId)}/material`, { name: "stor.pdf", contentType: "application/pdf", contentBase64: big });
    expect(res.status).toBe(413);
  });

  it("R-3.3: 10 MB of material uploaded by a signed form, attached by its key, and downloaded by a member through a signed URL", async () => {
    const { api } = await setUp();
    const item = await api(`/api/committees/${C}/meetings/${M}/items`, { title: "Budget 2028", description: "Bilag" });
    const itemId = String(item.json.itemId);
    const upload = await api(`/api/committees/${C}/meetings/${M}/items/${itemId}/material/upload`, { name: "budget-2028.pdf", contentType: "application/pdf" });
    expect(upload.status).toBe(201);
    const file = Buffer.alloc(10 * 1024 * 1024, 0x25);
    file.write("%PDF-1.7 budget", 0);
    // The form's signature holds only for its own terms: another key, or a file over the range, is refused.
    const fields = upload.json.fields as Record<string, string>;
    expect(await postForm({ url: String(upload.json.url), fields: { ...fields, key: `${fields.key}-other` } }, file, "application/pdf")).toBe(403);
    expect(await postForm({ url: String(upload.json.url), fields }, file, "application/pdf")).toBe(204);
    const attached = await api(`/api/committees/${C}/meetings/${M}/items/${itemId}/material`, { name: "budget-2028.pdf", contentType: "application/pdf", blobKey: String(upload.json.blobKey) });
    expect(attached.status).toBe(201);
    expect(await api(`/api/committees/${C}/meetings/${M}/items/${itemId}/material`, { name: "x.pdf", contentType: "application/pdf", blobKey: `material/${C}/${M}/another-item/abc` })).toMatchObject({ status: 400, json: { problems: [{ field: "blobKey" }] } });

    await startMeetingCycles(t!.deps, C);
    await api(`/api/committees/${C}/meetings/${M}/agenda/release`, {});
    await t!.runUntil("2027-04-12T10:00:00+02:00");
    const agenda = (await t!.outbox()).find((m) => m.purpose === "agenda" && m.to === "borgmester@ishoj.example.org");
    const link = /(http:\/\/[^\s?]+\/m\/[a-z0-9-]+)/.exec(agenda?.text ?? "")?.[1] ?? "";
    const page = await fetch(`${link}/materiale/${itemId}/0`, { redirect: "manual" });
    expect(page.status).toBe(303);
    const signed = page.headers.get("location") ?? "";
    const got = await fetch(signed);
    expect(got.status).toBe(200);
    expect(got.headers.get("content-disposition")).toContain("budget-2028.pdf");
    expect(Buffer.from(await got.arrayBuffer()).equals(file)).toBe(true);
    // A signed URL names its file and expires; changed, it is refused.
    expect((await fetch(signed.replace("budget-2028", "andet"))).status).toBe(403);
  }, 120_000);

  it("R-3.5: 8 MB minutes uploaded by a signed form become the next version", async () => {
    const { api } = await setUp();
    const upload = await api(`/api/committees/${C}/meetings/${M}/minutes/upload`, { contentType: "application/pdf" });
    expect(await postForm({ url: String(upload.json.url), fields: upload.json.fields as Record<string, string> }, Buffer.alloc(8 * 1024 * 1024, 0x26), "application/pdf")).toBe(204);
    const v = await api(`/api/committees/${C}/meetings/${M}/minutes`, { name: "protokol.pdf", contentType: "application/pdf", blobKey: String(upload.json.blobKey), changeNote: "" });
    expect(v).toMatchObject({ status: 201, json: { version: 1, blobKey: String(upload.json.blobKey) } });
  });
});
