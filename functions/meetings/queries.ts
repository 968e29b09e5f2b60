/**
 * Read views of meetings for the API and the console: the term at a glance, and one meeting with its
 * timeline, agenda, attendance, quorum forecast, emails, initiative reports and minutes.
 */
import { epochMs, localDateOf } from "#domain/calendar";
import { checkMeetingPlan } from "#domain/plan";
import { meetingTimeline } from "#domain/timeline";
import type { Rulebook } from "#domain/rulebook";
import { committeeRulebook, rulebookVersions } from "../committee/committee.ts";
import type { Deps } from "../deps.ts";
import { listInitiatives, reportsOfMeeting } from "../initiatives/initiatives.ts";
import { initiativesAsked } from "../initiatives/reporting.ts";
import { audienceOf } from "../mail/recipients.ts";
import { isWithinDeadline } from "#domain/deadlines";
import { justAfter } from "#domain/timeline";
import { emailsOfMatter, sentTimes } from "../mail/mailing.ts";
import { minutesView } from "../minutes/queries.ts";
import { listAgendaItems } from "./agenda.ts";
import { attendanceOf, quorumForecastFor } from "./attendance.ts";
import { getMeeting, listMeetings, type Meeting } from "./meetings.ts";
import { meetingMatter } from "./names.ts";

/** One line of a meeting's timeline: a deadline (due by), a send (goes out at) or the meeting itself. */
type Dated = { rule: string; what: string; date: string; weekday: string; at: string; past: boolean; event: string; kind: "deadline" | "send" | "meeting" };

function deadlinesOf(meeting: Meeting, timeline: ReturnType<typeof meetingTimeline>, now: string, zone: string): Dated[] {
  const out: Dated[] = [];
  const add = (event: string, d: { rule: string; what: string; date: string; weekday: string; endsAt?: string; at?: string } | undefined) => {
    if (!d) return;
    const at = d.endsAt ?? d.at ?? "";
    out.push({ rule: d.rule, what: d.what, date: d.date, weekday: d.weekday, at, past: epochMs(at) <= epochMs(now), event, kind: d.endsAt ? "deadline" : event === "meeting" ? "meeting" : "send" });
  };
  add("call-for-items", timeline.callForItems);
  add("items", timeline.items);
  add("initiative-reports", timeline.initiativeReports);
  timeline.agendaReminders.forEach((r) => add("agenda-reminder", r));
  add("agenda", timeline.agenda);
  add("quorum-forecast", timeline.quorumForecast);
  add("meeting", { rule: "R-3.1", what: "meeting", date: localDateOf(meeting.startsAt, zone), weekday: "", at: meeting.startsAt });
  add("minutes", timeline.minutes);
  return out.sort((a, b) => epochMs(a.at) - epochMs(b.at));
}

/** Which version of the rulebook a meeting runs under, as the API and the console show it. */
const versionView = (r: Rulebook) => ({ id: r.id, title: r.title, status: r.status, validity: r.validity });

export async function termView(deps: Deps, committeeId: string) {
  const now = deps.clock.now();
  const rulebook = await committeeRulebook(deps.store, committeeId, now);
  const versions = await rulebookVersions(deps.store, committeeId);
  const meetings = await listMeetings(deps, committeeId);
  const plan = checkMeetingPlan(meetings.filter((m) => m.status !== "cancelled").map((m) => ({ id: m.meetingId, startsAt: m.startsAt, kind: m.kind })), rulebook, rulebook.term, versions);
  const under = await Promise.all(meetings.map((m) => committeeRulebook(deps.store, committeeId, m.startsAt)));
  return {
    committee: { id: committeeId, name: rulebook.committee.name, rulebook: rulebook.id, rulebookStatus: rulebook.status, validity: rulebook.validity, term: rulebook.term },
    rulebooks: versions.map((v) => ({ ...versionView(v.rulebook), effectiveFrom: v.effectiveFrom ?? null, adoptedAt: v.adoptedAt })),
    warnings: plan.warnings,
    years: plan.years,
    meetings: meetings.map((m, i) => {
      const rb = under[i] ?? rulebook;
      const timeline = meetingTimeline(m, rb);
      const deadlines = deadlinesOf(m, timeline, now, rb.calendar.timeZone);
      return {
        id: m.meetingId, kind: m.kind, status: m.status, startsAt: m.startsAt, location: m.location,
        agendaSentAt: m.agendaSentAt ?? null, minutesApprovedAt: m.minutesApprovedAt ?? null,
        // The next deadline (a send is not a deadline); a meeting cancelled, or held with its minutes approved, has none.
        nextDeadline: m.status === "cancelled" || m.minutesApprovedAt ? null : (deadlines.find((d) => !d.past && d.kind === "deadline") ?? null),
        nextSend: m.status === "cancelled" ? null : (deadlines.find((d) => !d.past && d.kind === "send") ?? null),
        rulebook: versionView(rb),
      };
    }),
  };
}

export async function meetingDetail(deps: Deps, committeeId: string, meetingId: string) {
  const meeting = await getMeeting(deps, committeeId, meetingId);
  const rulebook = await committeeRulebook(deps.store, committeeId, meeting.startsAt);
  const now = deps.clock.now();
  const timeline = meetingTimeline(meeting, rulebook);
  const items = await listAgendaItems(deps, committeeId, meetingId);
  const attendance = await attendanceOf(deps, committeeId, meetingId);
  const emails = await emailsOfMatter(deps, committeeId, meetingMatter(meetingId));
  const forecast = await quorumForecastFor(deps, rulebook, committeeId, meetingId);
  const reports = await reportsOfMeeting(deps, committeeId, meetingId);
  const initiatives = await listInitiatives(deps, committeeId);
  const asked = await initiativesAsked(deps, committeeId, meetingId);
  const sentAt = sentTimes(emails);
  const sent = new Map<string, { purpose: string; count: number; first: string; last: string }>();
  for (const e of emails) {
    const at = sentAt.get(e.idempotencyKey) ?? e.claimedAt;
    const s = sent.get(e.purpose) ?? { purpose: e.purpose, count: 0, first: at, last: at };
    s.count += 1;
    if (at < s.first) s.first = at;
    if (at > s.last) s.last = at;
    sent.set(e.purpose, s);
  }
  const seatTitle = (id: string) => rulebook.seats.find((s) => s.id === id)?.title ?? id;
  return {
    meeting: { ...meeting, presidingChairTitle: seatTitle(meeting.presidingChair) },
    rulebook: versionView(rulebook),
    deadlines: deadlinesOf(meeting, timeline, now, rulebook.calendar.timeZone),
    items: items.map((i) => ({ id: i.itemId, order: i.order, title: i.title, description: i.description, authoritiesOnly: i.authoritiesOnly, concernsGeneralPractice: i.concernsGeneralPractice, source: i.source, requestedBy: i.requestedBy ?? null, late: i.late, status: i.status, receivedAt: i.receivedAt, material: i.material.map((m) => ({ name: m.name, bytes: m.bytes })) })),
    attendance: attendance.map((a) => ({ seat: a.seatId, title: seatTitle(a.seatId), status: a.status, substituteAttends: a.substituteAttends, receivedAt: a.receivedAt, channel: a.channel })),
    quorumForecast: { ...forecast.forecast, gp: forecast.gpForecast ?? null, bounced: forecast.bounced.map((e) => e.to.join(", ")) },
    emails: { byPurpose: [...sent.values()].sort((a, b) => a.first.localeCompare(b.first)), total: emails.length, unconfirmed: emails.filter((e) => !sentAt.has(e.idempotencyKey)).length },
    initiativeReports: initiatives.map((i) => {
      const r = reports.filter((x) => x.initiativeId === i.initiativeId).sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))[0];
      const due = timeline.initiativeReports && epochMs(timeline.initiativeReports.endsAt) < epochMs(now);
      return { initiative: i.initiativeId, name: i.name, status: r ? "received" : due ? (asked.has(i.initiativeId) ? "missing" : "not-asked") : "awaited", receivedAt: r?.receivedAt ?? null, report: r ? { status: r.status ?? null, figures: r.figures ?? {}, text: r.text } : null };
    }),
    minutes: await minutesView(deps, committeeId, meetingId),
  };
}


/**
 * what releasing the agenda now would do: to how many seats and people, and when it really goes out
 * (an ordinary meeting's agenda waits for the item and report deadlines to pass, so members keep their
 * right to request items, R-3.2); and the late requests the chairs have not decided (they stay off it).
 */
export async function releasePreview(deps: Deps, committeeId: string, meetingId: string) {
  const meeting = await getMeeting(deps, committeeId, meetingId);
  const rulebook = await committeeRulebook(deps.store, committeeId, meeting.startsAt);
  const now = deps.clock.now();
  const timeline = meetingTimeline(meeting, rulebook);
  const waits = [timeline.items, timeline.initiativeReports].filter((d): d is NonNullable<typeof d> => Boolean(d) && isWithinDeadline(now, d as { endsAt: string }));
  const goesAt = waits.map(justAfter).sort((a, b) => epochMs(b) - epochMs(a))[0];
  const items = await listAgendaItems(deps, committeeId, meetingId);
  return { goesAt: goesAt ?? now, atOnce: !goesAt, audience: await audienceOf(deps, rulebook, now), undecided: items.filter((i) => i.status === "requested").length, items: items.filter((i) => i.status === "accepted").length };
}
