/** Who receives what: a seat's member (and a substitute while representing it), the chairs, the secretariat. */
import { epochMs, type Instant } from "#domain/calendar";
import type { Rulebook, Seat } from "#domain/rulebook";
import { representationsOf } from "../committee/representation.ts";
import type { Deps } from "../deps.ts";

export interface PersonRecipient {
  /** The member's seat id, a substitute's id, or "secretariat". */
  personId: string;
  name: string;
  email: string;
  role: "member" | "substitute" | "secretariat" | "chair" | "owner";
  seatId?: string | undefined;
  seatTitle?: string | undefined;
}

export function memberRecipient(seat: Seat): PersonRecipient {
  return { personId: seat.id, name: seat.member.name, email: seat.member.email, role: "member", seatId: seat.id, seatTitle: seat.title };
}

/** the member, and any substitute the secretariat has recorded as representing the seat at `at`. */
export async function seatRecipients(deps: Pick<Deps, "store">, rulebook: Rulebook, seatId: string, at: Instant): Promise<PersonRecipient[]> {
  const seat = rulebook.seats.find((s) => s.id === seatId);
  if (!seat) return [];
  const t = epochMs(at);
  const all = await representationsOf(deps, rulebook.committee.id);
  const active = all.filter((r) => r.seatId === seatId && epochMs(r.from) <= t && (!r.to || t < epochMs(r.to)));
  const substitutes = seat.substitutes
    .filter((s) => active.some((r) => r.substituteId === s.id))
    .map((s): PersonRecipient => ({ personId: s.id, name: s.name, email: s.email, role: "substitute", seatId, seatTitle: seat.title }));
  return [memberRecipient(seat), ...substitutes];
}

/** seatRecipients for several seats (all, unless named), seat by seat in order: the recipients of one mailing. */
export async function recipientsOfSeats(deps: Pick<Deps, "store">, rulebook: Rulebook, at: Instant, seatIds: readonly string[] = rulebook.seats.map((s) => s.id)): Promise<(PersonRecipient & { seatId: string })[]> {
  const all: (PersonRecipient & { seatId: string })[] = [];
  for (const seatId of seatIds) for (const r of await seatRecipients(deps, rulebook, seatId, at)) all.push({ ...r, seatId });
  return all;
}

/** How many seats and people a mailing to these seats reaches now: what a confirmation tells before it is sent. */
export async function audienceOf(deps: Pick<Deps, "store">, rulebook: Rulebook, at: Instant, seatIds?: readonly string[]): Promise<{ seats: number; people: number }> {
  const all = await recipientsOfSeats(deps, rulebook, at, seatIds);
  return { seats: new Set(all.map((r) => r.seatId)).size, people: all.length };
}

/** An initiative's owner: asked for its reports (addressed as the one responsible for it, not a seat). */
export function ownerRecipient(i: { initiativeId: string; owner: { name: string; email: string } }): PersonRecipient {
  return { personId: `owner-${i.initiativeId}`, name: i.owner.name, email: i.owner.email, role: "owner" };
}

export function secretariatRecipient(rulebook: Rulebook): PersonRecipient {
  return { personId: "secretariat", name: rulebook.secretariat.name, email: rulebook.secretariat.email, role: "secretariat" };
}

/** the co-chairs. */
export function chairRecipients(rulebook: Rulebook): PersonRecipient[] {
  return rulebook.coChairs.flatMap((id) => {
    const seat = rulebook.seats.find((s) => s.id === id);
    return seat ? [{ ...memberRecipient(seat), role: "chair" as const }] : [];
  });
}

/** Chairs and secretariat: the audience of alerts, forwarded requests and quorum forecasts. */
export function chairsAndSecretariat(rulebook: Rulebook): PersonRecipient[] {
  return [...chairRecipients(rulebook), secretariatRecipient(rulebook)];
}

/** The seat's member or substitute that an address belongs to, as a recipient. */
export function recipientForAddress(rulebook: Rulebook, seatId: string, address: string): PersonRecipient | undefined {
  const seat = rulebook.seats.find((s) => s.id === seatId);
  const who = seat ? personForAddress(rulebook, seatId, address) : undefined;
  if (!seat || !who) return undefined;
  const sub = who.kind === "substitute" ? seat.substitutes.find((s) => s.id === who.substituteId) : undefined;
  return sub ? { personId: sub.id, name: sub.name, email: sub.email, role: "substitute", seatId: seat.id, seatTitle: seat.title } : memberRecipient(seat);
}

/** Finds who a sender address belongs to for a seat: its member or one of its substitutes. */
export function personForAddress(rulebook: Rulebook, seatId: string, address: string): { kind: "member" } | { kind: "substitute"; substituteId: string } | undefined {
  const seat = rulebook.seats.find((s) => s.id === seatId);
  const a = address.trim().toLowerCase();
  if (!seat) return undefined;
  if (seat.member.email.toLowerCase() === a) return { kind: "member" };
  const sub = seat.substitutes.find((s) => s.email.toLowerCase() === a);
  return sub ? { kind: "substitute", substituteId: sub.id } : undefined;
}
