/**
 * Bounces and complaints (SES notifications): the address is marked, and the chairs and secretariat of the
 * committee it belongs to are alerted once per address and day; the quorum forecast lists it.
 */
import type { Instant } from "#domain/calendar";
import { localDateOf } from "#domain/calendar";
import { committeeRulebook, listCommittees } from "../committee/committee.ts";
import type { Deps } from "../deps.ts";
import { sendMailing } from "./mailing.ts";
import * as messages from "./messages.ts";
import { chairsAndSecretariat } from "./recipients.ts";
import { addressStatuses, type AddressStatusRecord } from "./repository.ts";

export interface MailEvent {
  kind: "bounce" | "complaint";
  permanent: boolean;
  recipients: { email: string; detail: string }[];
  at: Instant;
}

/** Addresses marked by a hard bounce or a complaint. */
export function bouncedAddresses(deps: Pick<Deps, "store">): Promise<AddressStatusRecord[]> {
  return addressStatuses.all(deps.store);
}

export async function recordMailEvent(deps: Deps, event: MailEvent): Promise<{ marked: string[]; alerted: number }> {
  if (event.kind === "bounce" && !event.permanent) return { marked: [], alerted: 0 }; // soft bounces are retried by SES
  const committees = await listCommittees(deps.store);
  const marked: string[] = [];
  let alerted = 0;
  for (const r of event.recipients) {
    const email = r.email.toLowerCase();
    await addressStatuses.put(deps.store, { email, status: event.kind === "bounce" ? "bounced" : "complained", at: event.at, detail: r.detail.slice(0, 500) });
    marked.push(email);
    for (const c of committees) {
      const rulebook = await committeeRulebook(deps.store, c.committeeId, event.at);
      const seat = rulebook.seats.find((s) => s.member.email.toLowerCase() === email || s.substitutes.some((x) => x.email.toLowerCase() === email));
      if (!seat) continue;
      const recipients = chairsAndSecretariat(rulebook);
      await sendMailing(deps, recipients.map((to) => ({
        key: `address-alert#${email}#${localDateOf(event.at, rulebook.calendar.timeZone)}#${to.personId}`, committeeId: c.committeeId, matter: "addresses", purpose: "alert", to,
        message: () => messages.addressAlert(deps, rulebook, to, { seatTitle: seat.title, address: email, event: event.kind, detail: r.detail }),
      })));
      alerted += recipients.length;
    }
  }
  return { marked, alerted };
}
