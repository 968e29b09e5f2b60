/**
 * Bounces and complaints (SES notifications): the address is marked, and the chairs and secretariat of the
 * committee it belongs to are alerted once per address and day; the quorum forecast lists it (issue 5).
 */
import type { Instant } from "#domain/calendar";
import { localDateOf } from "#domain/calendar";
import { committeeRulebook } from "./committee.ts";
import type { Deps } from "./deps.ts";
import { sendMailing } from "./mail.ts";
import * as messages from "./messages.ts";
import { chairsAndSecretariat } from "./recipients.ts";

export interface MailEvent {
  kind: "bounce" | "complaint";
  permanent: boolean;
  recipients: { email: string; detail: string }[];
  at: Instant;
}

export async function recordMailEvent(deps: Deps, event: MailEvent): Promise<{ marked: string[]; alerted: number }> {
  if (event.kind === "bounce" && !event.permanent) return { marked: [], alerted: 0 }; // soft bounces are retried by SES
  const committees = await deps.store.listByIndex("committee", "COMMITTEES");
  const marked: string[] = [];
  let alerted = 0;
  for (const r of event.recipients) {
    const email = r.email.toLowerCase();
    await deps.store.put("addressStatus", { email, status: event.kind === "bounce" ? "bounced" : "complained", at: event.at, detail: r.detail.slice(0, 500) });
    marked.push(email);
    for (const c of committees) {
      const rulebook = await committeeRulebook(deps.store, c.committeeId);
      const seat = rulebook.seats.find((s) => s.member.email.toLowerCase() === email || s.substitutes.some((x) => x.email.toLowerCase() === email));
      if (!seat) continue;
      const recipients = chairsAndSecretariat(rulebook);
      await sendMailing(deps, recipients.map((to) => ({
        key: `address-alert#${email}#${localDateOf(event.at, rulebook.calendar.timeZone)}#${to.personId}`, committeeId: c.committeeId, matter: "addresses", purpose: "alert", to,
        message: () => ({
          kind: "alert", committee: messages.committeeView(rulebook), to: messages.recipientView(to),
          title: `E-mail kan ikke leveres til ${seat.title}`,
          lines: [
            `${event.kind === "bounce" ? "Mail til" : "Modtageren har markeret mail som uønsket:"} ${email} (${seat.title}) ${event.kind === "bounce" ? "kan ikke leveres" : ""}. Serverens svar: ${r.detail || "ukendt"}.`,
            "Ret adressen i konsollen; indtil da når stemmesedler, dagsordener og protokoller ikke frem til denne plads.",
          ],
          consoleUrl: `${deps.settings.publicUrl}/console`,
        }),
      })));
      alerted += recipients.length;
    }
  }
  return { marked, alerted };
}
