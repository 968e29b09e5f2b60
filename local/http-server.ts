/** The local HTTP server: the same hono app as the Lambda, plus the outbox and a box to paste a raw reply. */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { simpleParser } from "mailparser";
import { arrivalOf } from "#adapters/clock";
import { bodyLimit } from "hono/body-limit";
import { downloadTerms, FILENAME, nameInKey, uploadTerms, verifyLocalSignature, type LocalSigning } from "#adapters/blobs";
import { makeApp } from "#functions/http/app";
import type { OutboxEntry } from "#functions/http/console/index";
import type { Deps } from "#functions/deps";
import { processInbound, receiptIdFor } from "#functions/answers/email-replies";
import { judgeLinkAction } from "#functions/answers/link-answers";
import type { Context } from "hono";
import type { CreateCommitteeInput } from "#functions/committee/setup";
import { localCommittees, refusalInDanish } from "./committees.ts";
import { tokenFromAddress, verifyToken } from "#functions/mail/tokens";
import { parseInboundEmail } from "#adapters/inbound-mime";
import { JudgingQueue } from "./judging-queue.ts";

export interface HttpServer {
  url: string;
  port: number;
  /** Resolves when every answer stored through a member link so far has been judged. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const parsedCache = new Map<string, { entry: OutboxEntry; text: string; html: string; raw: Buffer }>();

async function readMail(dir: string, file: string) {
  if (!/^[\w.-]+\.eml$/.test(file)) return undefined;
  const hit = parsedCache.get(file);
  if (hit) return hit;
  let raw: Buffer;
  try {
    raw = readFileSync(join(dir, file));
  } catch {
    return undefined;
  }
  const m = await simpleParser(raw);
  const to = Array.isArray(m.to) ? m.to.flatMap((a) => a.value) : (m.to?.value ?? []);
  const mail = {
    entry: { file, to: to.map((a) => a.address ?? "").join(", "), subject: m.subject ?? "", date: m.date?.toISOString() ?? "", purpose: String(m.headers.get("x-klyngeflow-purpose") ?? ""), committee: String(m.headers.get("x-klyngeflow-committee") ?? "") },
    text: m.text ?? "",
    html: typeof m.html === "string" ? m.html : "",
    raw,
  };
  parsedCache.set(file, mail);
  return mail;
}

/** The committee a raw reply concerns, by the reply token in its addresses (undefined when none can be told). */
async function committeeOfReply(deps: Deps, raw: Buffer): Promise<string | undefined> {
  try {
    const parsed = await parseInboundEmail(raw);
    for (const address of [...parsed.to, ...parsed.cc]) {
      const signed = tokenFromAddress(address, deps.settings.inboundDomain);
      const check = signed ? await verifyToken(deps.store, deps.keys, signed, deps.clock.now()) : undefined;
      const email = check?.ok ? check.email : check?.email;
      if (email) return email.committeeId;
    }
  } catch {
    // Unreadable: it is stored and judged as such, for no committee.
  }
  return undefined;
}

export async function startHttpServer(deps: Deps, options: { port: number; outboxDir: string; queue?: JudgingQueue }): Promise<HttpServer> {
  const queue = options.queue ?? new JudgingQueue();
  const app = makeApp(deps, {
    // A member who posts an answer is sent to its page, which judges it; should that page never be fetched,
    // the answer is judged here anyway, in the background.
    onLinkActionAccepted: (action) => queue.push(`link/${action.actionId}`, async () => void (await judgeLinkAction(deps, action))),
    local: {
      async listOutbox() {
        const files = readdirSync(options.outboxDir).filter((f) => f.endsWith(".eml")).sort();
        const out: OutboxEntry[] = [];
        for (const f of files) {
          const m = await readMail(options.outboxDir, f);
          if (m) out.push(m.entry);
        }
        return out;
      },
      readOutbox: (file) => readMail(options.outboxDir, file),
      committeeOfReply: (raw) => committeeOfReply(deps, raw),
      async pasteInbound(raw) {
        const r = await processInbound(deps, { raw, receiptId: `console-${receiptIdFor(raw)}`, receivedAt: arrivalOf(deps.clock), channel: "console" });
        return { outcome: r.outcome, reason: r.reason, recorded: r.recorded };
      },
    },
  });
  // Local only: `klyngeflow inbound FILE.eml` posts the raw message here when the stack is running.
  app.post("/local/inbound", async (c) => {
    const { authenticate } = await import("#functions/committee/api-tokens");
    const caller = await authenticate(deps.store, c.req.header("authorization"));
    if (!caller) return c.json({ error: "unauthorized", message: "the secretariat's token is required" }, 401);
    if (caller.role !== "secretariat") return c.json({ error: "forbidden", message: "only the secretariat may hand in replies" }, 403);
    const raw = Buffer.from(await c.req.arrayBuffer());
    if (raw.length === 0) return c.json({ error: "validation", message: "empty body", problems: [{ field: "(body)", message: "expected a raw email" }] }, 400);
    const concerns = await committeeOfReply(deps, raw);
    if (concerns && concerns !== caller.committeeId) return c.json({ error: "forbidden", message: `the reply concerns committee "${concerns}"; this token belongs to "${caller.committeeId}"` }, 403);
    const r = await processInbound(deps, { raw, receiptId: `cli-${receiptIdFor(raw)}`, receivedAt: arrivalOf(deps.clock), channel: "cli" });
    return c.json(r);
  });
  // Local only: `klyngeflow committee …` reaches the use cases here while the stack runs (it holds the store).
  const secretariat = async (c: Context) => {
    const { authenticate } = await import("#functions/committee/api-tokens");
    const caller = await authenticate(deps.store, c.req.header("authorization"));
    return caller?.role === "secretariat" ? caller : undefined;
  };
  const refused = (c: Context, e: unknown) => {
    const message = refusalInDanish(e);
    if (!message) throw e;
    return c.json({ error: "refused", message }, 400);
  };
  app.get("/local/committees", async (c) => ((await secretariat(c)) ? c.json(await localCommittees.list(deps)) : c.json({ error: "unauthorized", message: "sekretariatets token kræves" }, 401)));
  app.post("/local/committees", async (c) => {
    const caller = await secretariat(c);
    if (!caller) return c.json({ error: "unauthorized", message: "sekretariatets token kræves" }, 401);
    try {
      return c.json(await localCommittees.create(deps, (await c.req.json()) as CreateCommitteeInput, `${caller.name} (${caller.committeeId})`), 201);
    } catch (e) {
      return refused(c, e);
    }
  });
  app.post("/local/committees/:committee/rulebooks", async (c) => {
    const caller = await secretariat(c);
    if (!caller || caller.committeeId !== c.req.param("committee")) return c.json({ error: "unauthorized", message: "udvalgets sekretariats-token kræves" }, 401);
    try {
      return c.json(await localCommittees.adopt(deps, caller.committeeId, (await c.req.json()) as { rulebook: unknown; effectiveFrom: string }, caller.name), 201);
    } catch (e) {
      return refused(c, e);
    }
  });
  // Local stand-ins for S3's presigned POST and GET (FileBlobs.signedUpload/signedDownload): the signature
  // covers the key, the type, the size limit and the expiry, as S3's policy does.
  const signing = (deps.blobs as { signingForLocalServer?: () => LocalSigning | undefined }).signingForLocalServer?.();
  app.post("/local/blobs/upload", bodyLimit({ maxSize: 110 * 1024 * 1024, onError: (c) => c.text("EntityTooLarge", 413) }), async (c) => {
    const form = await c.req.parseBody();
    const f = { key: String(form.key ?? ""), contentType: String(form.contentType ?? ""), maxBytes: String(form.maxBytes ?? ""), expires: String(form.expires ?? ""), redirect: String(form.success_action_redirect ?? "") };
    if (!signing || !verifyLocalSignature(signing, uploadTerms(f), String(form.signature ?? ""), f.expires)) return c.text("AccessDenied: the signature does not hold or has expired", 403);
    const file = form.file;
    if (!(file instanceof File)) return c.text("InvalidArgument: no file", 400);
    if (file.size < 1 || file.size > Number(f.maxBytes)) return c.text("EntityTooLarge: outside the signed content-length-range", 400);
    if (f.contentType && file.type && file.type !== f.contentType) return c.text("AccessDenied: another Content-Type than signed", 403);
    // As S3: `${filename}` in the key becomes the uploaded file's name.
    const key = f.key.endsWith(FILENAME) ? `${f.key.slice(0, -FILENAME.length)}${nameInKey(file.name)}` : f.key;
    const bytes = Buffer.from(await file.arrayBuffer());
    await deps.blobs.put(key, bytes, f.contentType || file.type || "application/octet-stream");
    if (!f.redirect) return c.body(null, 204);
    const to = new URL(f.redirect);
    to.searchParams.set("bucket", "local");
    to.searchParams.set("key", key);
    to.searchParams.set("etag", `"${createHash("md5").update(bytes).digest("hex")}"`);
    return c.redirect(to.toString(), 303);
  });
  app.get("/local/blobs/download", async (c) => {
    const q = { key: c.req.query("key") ?? "", name: c.req.query("name") ?? "", type: c.req.query("type") ?? "", expires: c.req.query("expires") ?? "" };
    if (!signing || !verifyLocalSignature(signing, downloadTerms(q), c.req.query("signature") ?? "", q.expires)) return c.text("AccessDenied", 403);
    const bytes = await deps.blobs.get(q.key);
    if (!bytes) return c.text("NoSuchKey", 404);
    c.header("Content-Disposition", `attachment; filename="${q.name.replace(/[^\w.\- æøåÆØÅ]/g, "_")}"`);
    c.header("Cache-Control", "no-store");
    return c.body(new Uint8Array(bytes), 200, { "Content-Type": q.type });
  });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    idle: () => queue.idle(),
    async stop() {
      await new Promise<void>((resolve) => {
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      });
      await queue.stop();
    },
  };
}
