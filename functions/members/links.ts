/**
 * A member's own page ("Mine sager"): one signed link per seat holder or substitute and term, in the footer
 * of every email they get. The link's token is derived from what it stands for (committee, term, seat,
 * address, generation) with the key it was first minted with, so every email of the term carries the same
 * link; only its hash is stored. Revoking it (a lost phone) makes the next generation: old emails' links
 * stop working, new emails carry the new one. The page shows and POSTs; it never records on a GET.
 */
import { addCalendarDays, endOfLocalDate, epochMs, type Instant } from "#domain/calendar";
import { InvalidInputError } from "#domain/errors";
import type { Rulebook } from "#domain/rulebook";
import { cached, invalidate } from "../committee/cache.ts";
import { committeeRulebook, UnknownCommitteeError } from "../committee/committee.ts";
import type { Deps } from "../deps.ts";
import { recipientForAddress, type PersonRecipient } from "../mail/recipients.ts";
import { mintTokenWith, verifiedTokenHash } from "../mail/tokens.ts";
import { memberPages, type MemberPageRecord } from "./repository.ts";

export type { MemberPageRecord };

/** The link keeps opening the page this long after the term's last day: the last minutes and answers. */
const DAYS_AFTER_TERM = 90;

const what = (p: Pick<MemberPageRecord, "committeeId" | "termFrom" | "seatId" | "address" | "generation">) =>
  `member-page#${p.committeeId}#${p.termFrom}#${p.seatId}#${p.address.toLowerCase()}#g${p.generation}`;

const cacheKey = (deps: Pick<Deps, "store">, committeeId: string) => `memberpages:${deps.store.tableName}:${committeeId}`;

/** A committee's member pages (cached briefly: every email of a mailing asks). */
function pagesOf(deps: Pick<Deps, "store">, committeeId: string): Promise<MemberPageRecord[]> {
  return cached(cacheKey(deps, committeeId), () => memberPages.list(deps.store, committeeId));
}

/**
 * The member page of a seat's member or substitute (by address) for the term in force now, made on first
 * need; undefined for an address that does not hold or substitute for the seat (the secretariat, an owner).
 */
export async function memberPageFor(deps: Deps, committeeId: string, seatId: string, address: string): Promise<MemberPageRecord | undefined> {
  const now = deps.clock.now();
  const rulebook = await rulebookOrNothing(deps, committeeId);
  if (!rulebook) return undefined;
  if (!recipientForAddress(rulebook, seatId, address)) return undefined;
  const id = { committeeId, termFrom: rulebook.term.from, seatId, address: address.toLowerCase() };
  let page = (await pagesOf(deps, committeeId)).find((p) => p.termFrom === id.termFrom && p.seatId === seatId && p.address === id.address);
  if (!page) {
    const fresh: MemberPageRecord = { ...id, termTo: rulebook.term.to, kid: deps.keys.current, generation: 1, tokenHash: "", createdAt: now, weeklyDigest: false, rev: 0 };
    fresh.tokenHash = mintTokenWith(deps.keys, fresh.kid, what(fresh)).hash;
    // Two mailings at once make the same record; the one that loses reads the winner's.
    page = (await memberPages.create(deps.store, fresh)) ? fresh : await memberPages.get(deps.store, committeeId, id.termFrom, seatId, id.address);
    invalidate(cacheKey(deps, committeeId));
  }
  if (page && !deps.keys.keys[page.kid]) {
    // Its key was retired from the ring: the link is re-minted with the current key (old emails' links were dead already).
    page = (await memberPages.modify(deps.store, page, (cur) => (deps.keys.keys[cur.kid] ? undefined : { ...cur, kid: deps.keys.current, tokenHash: mintTokenWith(deps.keys, deps.keys.current, what(cur)).hash }))).record;
    invalidate(cacheKey(deps, committeeId));
  }
  return page;
}

/** The signed link of a member page. */
export function memberPageLink(deps: Pick<Deps, "keys" | "settings">, page: MemberPageRecord): string {
  return `${deps.settings.publicUrl}/m/sager/${mintTokenWith(deps.keys, page.kid, what(page)).signed}`;
}

/**
 * The link for an email's footer, or undefined when the recipient has no member page (not a seat's holder or
 * substitute). Mail to someone as another role (an initiative's owner, a chair) finds their seat by address.
 */
export async function memberPageUrl(deps: Deps, committeeId: string, seatId: string | undefined, address: string): Promise<string | undefined> {
  const seat = seatId ?? (await seatOfAddress(deps, committeeId, address));
  const page = seat ? await memberPageFor(deps, committeeId, seat, address) : undefined;
  return page ? memberPageLink(deps, page) : undefined;
}

async function seatOfAddress(deps: Deps, committeeId: string, address: string): Promise<string | undefined> {
  const rulebook = await rulebookOrNothing(deps, committeeId);
  const a = address.toLowerCase();
  return rulebook?.seats.find((s) => s.member.email.toLowerCase() === a || s.substitutes.some((x) => x.email.toLowerCase() === a))?.id;
}

/** The rulebook in force now; nothing for mail of no known committee (a stranger's unreadable reply, answered by the service). */
async function rulebookOrNothing(deps: Deps, committeeId: string): Promise<Rulebook | undefined> {
  return committeeRulebook(deps.store, committeeId, deps.clock.now()).catch((e: unknown) => {
    if (e instanceof UnknownCommitteeError) return undefined;
    throw e;
  });
}

export type MemberPageCheck =
  | { ok: true; page: MemberPageRecord; person: PersonRecipient; rulebook: Rulebook }
  | { ok: false; reason: "forged" | "unknown" | "expired" | "holder-changed" };

/** Whether a member page's token (by hash, its signature already checked) opens the page at `at`. */
export async function checkMemberPage(deps: Pick<Deps, "store" | "clock">, tokenHash: string, at: Instant): Promise<MemberPageCheck> {
  const page = await memberPages.ofToken(deps.store, tokenHash);
  if (!page || page.tokenHash !== tokenHash) return { ok: false, reason: "unknown" };
  const rulebook = await committeeRulebook(deps.store, page.committeeId, deps.clock.now());
  if (epochMs(at) > epochMs(endOfLocalDate(addCalendarDays(page.termTo, DAYS_AFTER_TERM), rulebook.calendar.timeZone))) return { ok: false, reason: "expired" };
  // The page belongs to the person it was made for: once they no longer hold or substitute for the seat, it is dead.
  const person = recipientForAddress(rulebook, page.seatId, page.address);
  return person ? { ok: true, page, person, rulebook } : { ok: false, reason: "holder-changed" };
}

/** A signed member-page link as it arrives: the signature first (a forgery costs no lookup), then the page. */
export async function openMemberPage(deps: Pick<Deps, "store" | "clock" | "keys">, signed: string, at: Instant): Promise<MemberPageCheck & { tokenHash?: string }> {
  const hash = verifiedTokenHash(deps.keys, signed);
  if (!hash) return { ok: false, reason: "forged" };
  return { ...(await checkMemberPage(deps, hash, at)), tokenHash: hash };
}

/**
 * Revokes a member's page link (one address, or every holder's of the seat this term): the next generation
 * is made, so the old link stops at once and the next email carries a new one.
 */
export async function revokeMemberPage(deps: Deps, committeeId: string, seatId: string, by: string, address?: string | undefined): Promise<{ revoked: number }> {
  const now = deps.clock.now();
  const rulebook = await committeeRulebook(deps.store, committeeId, now);
  if (!rulebook.seats.some((s) => s.id === seatId)) throw new InvalidInputError("seat", `"${seatId}" is not a seat of this committee`);
  const pages = (await memberPages.list(deps.store, committeeId)).filter((p) => p.seatId === seatId && p.termFrom === rulebook.term.from && (!address || p.address === address.toLowerCase()));
  for (const page of pages) {
    await memberPages.modify(deps.store, page, (cur) => {
      const next = { ...cur, generation: cur.generation + 1, kid: deps.keys.current, revokedAt: now, revokedBy: by };
      return { ...next, tokenHash: mintTokenWith(deps.keys, next.kid, what(next)).hash };
    });
  }
  invalidate(cacheKey(deps, committeeId));
  await deps.store.appendAudit({ committeeId, matter: "members", actor: by, action: "member-page.revoked", channel: "api", data: { seatId, pages: pages.length } });
  return { revoked: pages.length };
}

/**
 * The member's choice: one weekly digest in place of the reminders to members, where the rulebook allows it.
 * Refused (false) where it does not.
 */
export async function setWeeklyDigest(deps: Deps, page: MemberPageRecord, on: boolean): Promise<boolean> {
  const rulebook = await committeeRulebook(deps.store, page.committeeId, deps.clock.now());
  if (on && !rulebook.reminders.weeklyDigest?.allowed) return false;
  await memberPages.modify(deps.store, page, (cur) => (cur.weeklyDigest === on ? undefined : { ...cur, weeklyDigest: on, weeklyDigestChangedAt: deps.clock.now() }));
  invalidate(cacheKey(deps, page.committeeId));
  await deps.store.appendAudit({ committeeId: page.committeeId, matter: "members", actor: page.seatId, action: on ? "member-page.digest-on" : "member-page.digest-off", channel: "link", data: { seatId: page.seatId } });
  return true;
}

/**
 * Who has a weekly digest in place of reminders now: by seat and address ("seat#address"), and by address
 * (an initiative's owner who is also a member). None where the rulebook does not allow it: a choice made
 * under a version that allowed it lapses with one that does not.
 */
export async function digestSubscribers(deps: Pick<Deps, "store">, rulebook: Rulebook): Promise<{ bySeat: Set<string>; addresses: Set<string> }> {
  if (!rulebook.reminders.weeklyDigest?.allowed) return { bySeat: new Set(), addresses: new Set() };
  const pages = (await pagesOf(deps, rulebook.committee.id)).filter((p) => p.weeklyDigest && p.termFrom === rulebook.term.from);
  return { bySeat: new Set(pages.map((p) => `${p.seatId}#${p.address}`)), addresses: new Set(pages.map((p) => p.address)) };
}
