/**
 * The weekly digest a member may ask for in place of reminders, where the rulebook allows it
 * (reminders.weeklyDigest): once a week, on the rulebook's weekday at its send time, one email with what is
 * open for them (their "Mine sager" in short). The scheduled sweep calls it; each digest is sent once per
 * member and week, whichever run comes first.
 */
import { DateTime } from "luxon";
import { atLocalTime, epochMs, localDateOf } from "#domain/calendar";
import { committeeRulebook, listCommittees } from "../committee/committee.ts";
import type { Deps } from "../deps.ts";
import { sendOnce, wasSent } from "../mail/mailing.ts";
import * as messages from "../mail/messages.ts";
import { checkMemberPage, memberPageLink } from "./links.ts";
import { memberOverview } from "./overview.ts";
import { memberPages } from "./repository.ts";

/** The digests due now in every committee; returns how many went out. One member's failure never stops the rest. */
export async function sendWeeklyDigests(deps: Deps): Promise<{ sent: number; failed: number }> {
  const now = deps.clock.now();
  let sent = 0;
  let failed = 0;
  for (const c of await listCommittees(deps.store)) {
    const rulebook = await committeeRulebook(deps.store, c.committeeId, now);
    const digest = rulebook.reminders.weeklyDigest;
    if (!digest?.allowed) continue;
    const zone = rulebook.calendar.timeZone;
    const today = localDateOf(now, zone);
    if (DateTime.fromISO(today).weekday !== digest.weekday || epochMs(now) < epochMs(atLocalTime(today, rulebook.calendar.sendTime, zone))) continue;
    const subscribers = (await memberPages.list(deps.store, c.committeeId)).filter((p) => p.weeklyDigest && p.termFrom === rulebook.term.from);
    for (const page of subscribers) {
      const key = `weekly-digest#${today}#${page.seatId}#${page.address}`;
      try {
        if (await wasSent(deps, c.committeeId, key)) continue;
        const check = await checkMemberPage(deps, page.tokenHash, now);
        if (!check.ok) continue;
        const o = await memberOverview(deps, page, check.person, rulebook);
        const open = {
          // In place of reminders: the votes still without this seat's answer.
          votes: o.votes.filter((v) => !v.current).map((v) => ({ title: v.title, closesAt: v.closesAt })),
          minutes: o.minutes.filter((r) => !r.objected).map((r) => ({ meetingStartsAt: r.meetingStartsAt, version: r.version, windowEndsAt: r.windowEndsAt })),
          meetings: o.meetings.map((m) => ({ startsAt: m.startsAt, apology: Boolean(m.apology) })),
          reports: o.reports.filter((r) => !r.receivedAt).map((r) => ({ name: r.name, deadline: r.deadline })),
        };
        const outcome = await sendOnce(deps, {
          key, committeeId: c.committeeId, matter: "members", purpose: "weekly-digest", seatId: page.seatId, to: check.person,
          message: () => messages.weeklyDigest(rulebook, check.person, open, memberPageLink(deps, page)),
        });
        if (outcome !== "already-sent") sent += 1;
      } catch (e) {
        failed += 1;
        console.error(JSON.stringify({ level: "error", msg: "weekly digest failed", committee: c.committeeId, seat: page.seatId, error: (e as Error).name }));
      }
    }
  }
  return { sent, failed };
}
