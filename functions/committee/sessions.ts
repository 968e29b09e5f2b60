/**
 * Console sessions: signing in with an API token opens a server-side session; the browser keeps only its
 * random id (in an HttpOnly, SameSite=Strict cookie), never the token. A session ends when it expires, when
 * the user logs out, or when its API token is revoked.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { epochMs, type Instant } from "#domain/calendar";
import type { Store } from "#adapters/store";
import type { RecordOf } from "#adapters/records";
import { hashApiToken, type Caller } from "./api-tokens.ts";
import { apiTokens, consoleSessions } from "./repository.ts";

/** How long a session lasts from sign-in: a working day; then the user signs in again. */
export const SESSION_HOURS = 10;

/** The table's TTL removes a session a day after it could last have been used. */
const removedAfter = (validUntilMs: number) => Math.ceil(validUntilMs / 1000) + 86_400;

const hashSession = (id: string) => createHash("sha256").update(`session:${id}`).digest("hex");

/** Opens a session for a valid API token; undefined for an unknown or revoked one. */
export async function openSession(store: Store, now: Instant, apiToken: string): Promise<{ sessionId: string; caller: Caller; maxAgeSeconds: number } | undefined> {
  if (!/^\S{16,200}$/.test(apiToken)) return undefined;
  const tokenHash = hashApiToken(apiToken);
  const token = await apiTokens.get(store, tokenHash);
  if (!token || token.revokedAt) return undefined;
  const sessionId = randomBytes(32).toString("base64url");
  const validUntilMs = epochMs(now) + SESSION_HOURS * 3_600_000;
  await consoleSessions.create(store, { sessionHash: hashSession(sessionId), apiTokenHash: tokenHash, role: token.role, committeeId: token.committeeId, name: token.name, createdAt: now, validUntil: new Date(validUntilMs).toISOString() }, removedAfter(validUntilMs));
  return { sessionId, caller: { role: token.role, committeeId: token.committeeId, name: token.name }, maxAgeSeconds: SESSION_HOURS * 3600 };
}

/** The caller a session id stands for now, or undefined when it is unknown, ended, expired or its token revoked. */
export async function sessionCaller(store: Store, now: Instant, sessionId: string | undefined): Promise<Caller | undefined> {
  const session = await liveSession(store, now, sessionId);
  if (!session) return undefined;
  const token = await apiTokens.get(store, session.apiTokenHash);
  if (!token || token.revokedAt) return undefined;
  return { role: session.role, committeeId: session.committeeId, name: session.name };
}

/** Logging out ends the session on the server: the cookie's id no longer opens anything. */
export async function endSession(store: Store, now: Instant, sessionId: string | undefined): Promise<void> {
  if (!sessionId || !/^[A-Za-z0-9_-]{20,100}$/.test(sessionId)) return;
  const session = await consoleSessions.get(store, hashSession(sessionId));
  if (session && !session.endedAt) await saveSession(store, { ...session, endedAt: now });
}

/** A role the session holds in a committee: the one the console shows now, or another to switch to. */
export interface SessionRole extends Caller {
  current: boolean;
}

/**
 * Every committee the session's person holds a role in (issue 22: a user with roles in several committees),
 * the current one first; roles whose token was revoked are left out.
 */
export async function sessionRoles(store: Store, now: Instant, sessionId: string | undefined): Promise<SessionRole[]> {
  const session = await liveSession(store, now, sessionId);
  if (!session) return [];
  const others: SessionRole[] = [];
  for (const o of session.others ?? []) {
    const token = await apiTokens.get(store, o.apiTokenHash);
    if (token && !token.revokedAt) others.push({ role: o.role, committeeId: o.committeeId, name: o.name, current: false });
  }
  return [{ role: session.role, committeeId: session.committeeId, name: session.name, current: true }, ...others];
}

/**
 * Adds a role in another committee to a session, by an API token of that committee (the person signs in
 * with it while signed in, or the console made it when they created the committee). A role in a committee
 * the session already holds replaces it. False for an unknown or revoked token.
 */
export async function addSessionRole(store: Store, now: Instant, sessionId: string | undefined, apiToken: string): Promise<Caller | undefined> {
  const session = await liveSession(store, now, sessionId);
  if (!session || !/^\S{16,200}$/.test(apiToken)) return undefined;
  const tokenHash = hashApiToken(apiToken);
  const token = await apiTokens.get(store, tokenHash);
  if (!token || token.revokedAt) return undefined;
  const role = { apiTokenHash: tokenHash, role: token.role, committeeId: token.committeeId, name: token.name };
  if (token.committeeId === session.committeeId) await saveSession(store, { ...session, ...role });
  else await saveSession(store, { ...session, others: [...(session.others ?? []).filter((o) => o.committeeId !== token.committeeId), role] });
  return { role: token.role, committeeId: token.committeeId, name: token.name };
}

/** Makes another committee of the session the one the console shows; false when the session holds no valid role there. */
export async function switchSessionCommittee(store: Store, now: Instant, sessionId: string | undefined, committeeId: string): Promise<boolean> {
  const session = await liveSession(store, now, sessionId);
  const next = session?.others?.find((o) => o.committeeId === committeeId);
  if (!session || !next) return session?.committeeId === committeeId;
  const token = await apiTokens.get(store, next.apiTokenHash);
  if (!token || token.revokedAt) return false;
  const current = { apiTokenHash: session.apiTokenHash, role: session.role, committeeId: session.committeeId, name: session.name };
  await saveSession(store, { ...session, ...next, others: [...(session.others ?? []).filter((o) => o.committeeId !== committeeId), current] });
  return true;
}

/** A session changed in place keeps its expiry (the item is replaced whole, its TTL with it). */
const saveSession = (store: Store, session: RecordOf<"consoleSession">) => consoleSessions.put(store, session, removedAfter(epochMs(session.validUntil)));

async function liveSession(store: Store, now: Instant, sessionId: string | undefined) {
  if (!sessionId || !/^[A-Za-z0-9_-]{20,100}$/.test(sessionId)) return undefined;
  const session = await consoleSessions.get(store, hashSession(sessionId));
  return session && !session.endedAt && epochMs(session.validUntil) > epochMs(now) ? session : undefined;
}

/**
 * The seal of a message the console shows after an action ("Mødet er tilføjet", a refusal): an HMAC keyed by
 * the session's own id, which only the browser's HttpOnly cookie holds. A link from anywhere else cannot
 * put words on a console page, and a sealed message does not carry over to another session.
 */
export function sealMessage(sessionId: string, kind: "ok" | "fejl", message: string): string {
  return createHmac("sha256", `console-message:${sessionId}`).update(`${kind}\n${message}`).digest("base64url").slice(0, 22);
}

/** Whether a message came with the seal this session gives it. */
export function messageHolds(sessionId: string | undefined, kind: "ok" | "fejl", message: string, seal: string | undefined): boolean {
  if (!sessionId || !seal) return false;
  const expected = Buffer.from(sealMessage(sessionId, kind, message));
  const given = Buffer.from(seal);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
