/**
 * Files over what a console request carries (4 MB; a Lambda request 6 MB), from the console alone and with
 * no script in the page: the form posts the file straight to the blob store under a key ending in the
 * file's own name (S3's `${filename}`), the store sends the browser back to the console (S3's
 * success_action_redirect), and the secretariat confirms. Locally the store's stand-in checks what S3
 * checks: the signature, the expiry, the size range, the key's prefix and the redirect.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, consoleGet, consoleLogin, consolePost, readOutbox, visibleText } from "../support/console.ts";
import { startTestStack } from "../support/stack.ts";

const C = "sundhedsklynge-syd";
const M = "2027-04-22";
let s: Awaited<ReturnType<typeof startTestStack>>;
beforeAll(async () => { s = await startTestStack("2027-03-26T10:00:00+01:00"); await s.runtime.executor.idle(); }, 60_000);
afterAll(async () => { await s?.close(); });

/** The page's upload form: where it posts and its hidden fields, as a browser reads them. */
function uploadForm(page: string): { action: string; fields: Record<string, string> } {
  const form = /<form method="post" action="([^"]+)" enctype="multipart\/form-data">([\s\S]*?)<\/form>/.exec(page);
  if (!form) throw new Error("no upload form on the page");
  const fields: Record<string, string> = {};
  for (const m of (form[2] ?? "").matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[m[1] ?? ""] = (m[2] ?? "").replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
  return { action: (form[1] ?? "").replace(/&amp;/g, "&"), fields };
}

/** Posts the file as a browser posts the form (fields first, the file last, no cookie: another site in AWS). */
async function postFile(form: { action: string; fields: Record<string, string> }, bytes: Buffer, name: string, type: string) {
  const body = new FormData();
  for (const [k, v] of Object.entries(form.fields)) body.append(k, v);
  body.append("file", new Blob([new Uint8Array(bytes)], { type }), name);
  const res = await fetch(form.action, { method: "POST", body, redirect: "manual" });
  return { status: res.status, location: res.headers.get("location") ?? "" };
}

/** Follows the store's redirect to the console's landing page, and that page's refresh, with the session. */
async function backToConsole(location: string, cookie: string) {
  const landing = await fetch(location, { redirect: "manual" });
  expect(landing.status).toBe(200);
  const refresh = /^0; url=(.+)$/.exec(landing.headers.get("refresh") ?? "")?.[1] ?? "";
  expect(refresh).toMatch(/^\/console\/meetings\//);
  expect(await landing.text()).toContain(`href="${refresh.replace(/&/g, "&amp;")}"`);
  return { path: refresh, page: await consoleGet(s.http.url, refresh, cookie) };
}

describe("large files from the console, past the request limit (R-3.3, R-3.5)", () => {
  it("R-3.3: 6 MB of material named 'Bilag 3 – økonomi.pdf' goes to the store, comes back for a confirmation and is attached under its own name", async () => {
    const item = await api(s.http.url, "POST", `/api/committees/${C}/meetings/${M}/items`, s.tokens.secretariat, { title: "Økonomi 2028", description: "" });
    const itemId = String(item.json.itemId);
    const cookie = await consoleLogin(s.http.url, s.tokens.secretariat);
    const file = Buffer.alloc(6 * 1024 * 1024, 0x25);
    file.write("%PDF-1.7 økonomi", 0);

    // The console's own form refuses it in Danish and points to the way that takes it.
    const direct = new FormData();
    direct.append("file", new Blob([new Uint8Array(file)], { type: "application/pdf" }), "Bilag 3 – økonomi.pdf");
    const refused = await consolePost(s.http.url, `/console/meetings/${M}/items/${itemId}/material`, cookie, direct);
    expect(refused.status).toBe(413);
    expect(visibleText(refused.text)).toContain("Læg en stor fil op");

    const meeting = await consoleGet(s.http.url, `/console/meetings/${M}`, cookie);
    expect(meeting.text).toContain(`href="/console/meetings/${M}/items/${itemId}/stor-fil"`);
    const page = await consoleGet(s.http.url, `/console/meetings/${M}/items/${itemId}/stor-fil`, cookie);
    expect(page.status).toBe(200);
    const form = uploadForm(page.text);
    // The page may post its form to the store's origin, and nowhere else.
    expect(page.headers.get("content-security-policy")).toContain(`form-action 'self' ${new URL(form.action).origin};`);
    expect(page.text).not.toContain("<script");

    // The form's terms are signed: another key prefix or another redirect is refused.
    expect((await postFile({ ...form, fields: { ...form.fields, key: form.fields.key?.replace(itemId, "another-item") ?? "" } }, file, "x.pdf", "application/pdf")).status).toBe(403);
    expect((await postFile({ ...form, fields: { ...form.fields, success_action_redirect: "https://evil.example/" } }, file, "x.pdf", "application/pdf")).status).toBe(403);

    const sent = await postFile(form, file, "Bilag 3 – økonomi.pdf", "application/pdf");
    expect(sent.status).toBe(303);
    const back = await backToConsole(sent.location, cookie);
    expect(back.page.status).toBe(200);
    const confirm = visibleText(back.page.text);
    expect(confirm).toContain('"Bilag 3 – økonomi.pdf" (6 MB) er lagt op');
    // Nothing is attached before the secretariat confirms.
    const before = await api(s.http.url, "GET", `/api/committees/${C}/meetings/${M}`, s.tokens.secretariat);
    expect(JSON.stringify(before.json)).not.toContain("Bilag 3");

    const key = /name="key" value="([^"]+)"/.exec(back.page.text)?.[1]?.replace(/&amp;/g, "&") ?? "";
    const done = await consolePost(s.http.url, `/console/meetings/${M}/items/${itemId}/stor-fil`, cookie, { key, tilbage: `/console/meetings/${M}` });
    expect(done.status).toBe(303);
    expect(done.location).toContain('Materialet "Bilag 3 – økonomi.pdf" er lagt op.');
    const detail = await api(s.http.url, "GET", `/api/committees/${C}/meetings/${M}`, s.tokens.secretariat);
    const items = (detail.json.items ?? detail.json.agenda ?? []) as { id?: string; itemId?: string; material: { name: string; bytes: number; contentType: string }[] }[];
    const material = items.find((i) => (i.id ?? i.itemId) === itemId)?.material ?? [];
    expect(material).toEqual([expect.objectContaining({ name: "Bilag 3 – økonomi.pdf", bytes: file.length })]);
    // Confirming twice attaches once.
    await consolePost(s.http.url, `/console/meetings/${M}/items/${itemId}/stor-fil`, cookie, { key, tilbage: `/console/meetings/${M}` });
    const again = await api(s.http.url, "GET", `/api/committees/${C}/meetings/${M}`, s.tokens.secretariat);
    expect(((again.json.items ?? again.json.agenda ?? []) as { id?: string; itemId?: string; material: unknown[] }[]).find((i) => (i.id ?? i.itemId) === itemId)?.material).toHaveLength(1);
  }, 120_000);

  it("a key that is not this item's, or a landing address that leaves the console, is refused", async () => {
    const cookie = await consoleLogin(s.http.url, s.tokens.secretariat);
    const item = await api(s.http.url, "POST", `/api/committees/${C}/meetings/${M}/items`, s.tokens.secretariat, { title: "Andet punkt", description: "" });
    const other = await consoleGet(s.http.url, `/console/meetings/${M}/items/${String(item.json.itemId)}/stor-fil?key=${encodeURIComponent(`material/${C}/${M}/x/abc/fil.pdf`)}`, cookie);
    expect(other.status).toBe(404);
    expect(visibleText(other.text)).toContain("Filen er ikke kommet frem");
    const away = await fetch(`${s.http.url}/console/modtaget?videre=${encodeURIComponent("https://evil.example/console")}&key=k`, { redirect: "manual" });
    expect(away.status).toBe(400);
    expect(away.headers.get("refresh")).toBeNull();
  });

  it("R-3.5: 8 MB minutes go to the store, the secretariat writes the changes and confirms, and the version is sent", async () => {
    await s.runtime.executor.runUntil(Date.parse("2027-04-22T17:00:00+02:00"));
    const cookie = await consoleLogin(s.http.url, s.tokens.secretariat);
    const meeting = await consoleGet(s.http.url, `/console/meetings/${M}`, cookie);
    expect(meeting.text).toContain(`href="/console/meetings/${M}/minutes/stor-fil"`);
    const page = await consoleGet(s.http.url, `/console/meetings/${M}/minutes/stor-fil`, cookie);
    const form = uploadForm(page.text);
    const pdf = Buffer.alloc(8 * 1024 * 1024, 0x26);
    pdf.write("%PDF-1.7 protokol", 0);
    const sent = await postFile(form, pdf, "Protokol 22. april.pdf", "application/pdf");
    expect(sent.status).toBe(303);
    const back = await backToConsole(sent.location, cookie);
    const text = visibleText(back.page.text);
    expect(text).toContain("Send protokollen (udgave 1)?");
    expect(text).toContain('"Protokol 22. april.pdf" (8 MB) sendes nu til 17 pladser');
    const key = /name="key" value="([^"]+)"/.exec(back.page.text)?.[1]?.replace(/&amp;/g, "&") ?? "";
    const before = new Set((await readOutbox(s.runtime.outboxDir)).map((m) => m.file));
    const done = await consolePost(s.http.url, `/console/meetings/${M}/minutes/stor-fil`, cookie, { key, changeNote: "", tilbage: `/console/meetings/${M}` });
    expect(done.status).toBe(303);
    expect(done.location).toContain("Udgave 1 af protokollen er lagt op");
    await s.runtime.executor.idle();
    const minutesMails = (await readOutbox(s.runtime.outboxDir)).filter((m) => !before.has(m.file) && m.purpose === "minutes");
    expect(minutesMails.length).toBeGreaterThanOrEqual(17);
  }, 120_000);
});
