/**
 * What is open for one member now, for their own page ("Mine sager") and their weekly digest: written votes to
 * answer, minutes rounds with their windows, the next meetings with their agenda and material, the reports
 * they owe as an initiative's owner, and what they answered before. Plain facts; the page and the digest
 * word them.
 */
import { epochMs, type Instant } from "#domain/calendar";
import { mayReceiveItem } from "#domain/audience";
import { isWithinDeadline } from "#domain/deadlines";
import { isObjectionWindowOpen, objectionWindow } from "#domain/minutes";
import type { Respondent } from "#domain/representation";
import type { Rulebook } from "#domain/rulebook";
import { meetingTimeline } from "#domain/timeline";
import type { VoteAnswer } from "#domain/reply-reading";
import { committeeRulebook } from "../committee/committee.ts";
import type { Deps } from "../deps.ts";
import { listInitiatives, reportsOfMeeting } from "../initiatives/initiatives.ts";
import type { PersonRecipient } from "../mail/recipients.ts";
import { listAgendaItems } from "../meetings/agenda.ts";
import { attendanceOf } from "../meetings/attendance.ts";
import { findMeeting, listMeetings, type Meeting } from "../meetings/meetings.ts";
import { meetingMatter } from "../meetings/names.ts";
import { minutesObjections, minutesVersions } from "../minutes/minutes.ts";
import { voteMatter } from "../written-votes/names.ts";
import { findVote, listVotes, voteState } from "../written-votes/written-votes.ts";
import type { MemberPageRecord } from "./repository.ts";

/** How many of the coming meetings the page shows. */
const NEXT_MEETINGS = 3;

export interface OpenVote {
  voteId: string;
  matter: string;
  title: string;
  question: string;
  closesAt: Instant;
  material: { name: string; index: number }[];
  /** The seat's answer that counts now, if any (R-3.6: it may change until the close). */
  current?: { answer: VoteAnswer; receivedAt: Instant; byThisPerson: boolean } | undefined;
}

export interface OpenMinutesRound {
  meetingId: string;
  matter: string;
  meetingStartsAt: Instant;
  version: number;
  sentAt: Instant;
  windowEndsAt: Instant;
  changeNote: string;
  /** This seat objected to this version already. */
  objected: boolean;
}

export interface UpcomingMeeting {
  meetingId: string;
  matter: string;
  kind: Meeting["kind"];
  startsAt: Instant;
  location: string;
  virtualUrl?: string | undefined;
  /** When the agenda went out; until then, the deadline by which it must. */
  agendaSentAt?: Instant | undefined;
  agendaDeadline: Instant;
  items: { itemId: string; title: string; description: string; material: { name: string; index: number }[] }[];
  /** The seat's apology as recorded. */
  apology?: { substituteAttends: boolean; receivedAt: Instant } | undefined;
}

export interface OwedReport {
  initiativeId: string;
  name: string;
  meetingId: string;
  matter: string;
  meetingStartsAt: Instant;
  deadline: Instant;
  receivedAt?: Instant | undefined;
}

export type PastAnswer =
  | { kind: "vote"; at: Instant; title: string; answer: VoteAnswer; counted: boolean }
  | { kind: "objection"; at: Instant; meetingStartsAt: Instant; version: number }
  | { kind: "apology"; at: Instant; meetingStartsAt: Instant; substituteAttends: boolean }
  | { kind: "item-request"; at: Instant; meetingStartsAt: Instant; title: string; status: "requested" | "accepted" | "declined" }
  | { kind: "report"; at: Instant; name: string; meetingStartsAt: Instant };

export interface MemberOverview {
  committee: { id: string; name: string; secretariatEmail: string };
  person: PersonRecipient;
  votes: OpenVote[];
  minutes: OpenMinutesRound[];
  meetings: UpcomingMeeting[];
  reports: OwedReport[];
  history: PastAnswer[];
  weeklyDigest: { allowed: boolean; on: boolean; weekday?: number | undefined };
}

const respondentIs = (person: PersonRecipient) => (r: Respondent) =>
  person.role === "substitute" ? r.kind === "substitute" && r.substituteId === person.personId : r.kind === "member";

/** Everything open for the page's person at `now`, and what they answered before, this term. */
export async function memberOverview(deps: Deps, page: MemberPageRecord, person: PersonRecipient, rulebook: Rulebook): Promise<MemberOverview> {
  const now = deps.clock.now();
  const { committeeId, seatId } = page;
  const byPerson = respondentIs(person);
  const inTerm = (at: Instant) => at.slice(0, 10) >= page.termFrom;
  const history: PastAnswer[] = [];

  const votes: OpenVote[] = [];
  for (const v of await listVotes(deps, committeeId)) {
    if (!v.seatIds.includes(seatId) || !inTerm(v.openedAt)) continue;
    const state = await voteState(deps, committeeId, v.voteId);
    const counted = new Set(state.result.judged.filter((j) => j.counted).map((j) => j.responseId));
    for (const r of state.responses) {
      if (r.seatId === seatId && byPerson(r.respondent)) history.push({ kind: "vote", at: r.receivedAt, title: v.title, answer: r.answer, counted: counted.has(r.responseId) });
    }
    if (state.result.status !== "open") continue;
    const mine = state.result.seats.find((s) => s.seatId === seatId);
    votes.push({
      voteId: v.voteId, matter: voteMatter(v.voteId), title: v.title, question: v.question, closesAt: v.closesAt,
      material: v.material.map((m, index) => ({ name: m.name, index })),
      current: mine?.answer && mine.receivedAt ? { answer: mine.answer, receivedAt: mine.receivedAt, byThisPerson: mine.respondent ? byPerson(mine.respondent) : false } : undefined,
    });
  }

  const meetings = (await listMeetings(deps, committeeId)).filter((m) => inTerm(m.startsAt) && m.status !== "cancelled");
  const owned = (await listInitiatives(deps, committeeId)).filter((i) => i.owner.email.toLowerCase() === page.address);
  const minutes: OpenMinutesRound[] = [];
  const upcoming: UpcomingMeeting[] = [];
  const reports: OwedReport[] = [];
  for (const m of meetings) {
    const rb = await committeeRulebook(deps.store, committeeId, m.startsAt);
    const seat = rb.seats.find((s) => s.id === seatId);
    const timeline = meetingTimeline(m, rb);
    const attendance = (await attendanceOf(deps, committeeId, m.meetingId)).find((a) => a.seatId === seatId && a.status === "apology");
    if (attendance) history.push({ kind: "apology", at: attendance.receivedAt, meetingStartsAt: m.startsAt, substituteAttends: attendance.substituteAttends });
    const items = await listAgendaItems(deps, committeeId, m.meetingId);
    for (const i of items) if (i.requestedBy === seatId && i.source === "member-request") history.push({ kind: "item-request", at: i.receivedAt, meetingStartsAt: m.startsAt, title: i.title, status: i.status });

    const versions = (await minutesVersions(deps, committeeId, m.meetingId)).filter((v) => v.sentAt);
    const objections = versions.length ? await minutesObjections(deps, committeeId, m.meetingId) : [];
    for (const o of objections) if (o.seatId === seatId && byPerson(o.respondent)) history.push({ kind: "objection", at: o.receivedAt, meetingStartsAt: m.startsAt, version: o.version });
    const latest = versions.at(-1);
    if (latest?.sentAt && !m.minutesApprovedAt && isObjectionWindowOpen({ version: latest.version, sentAt: latest.sentAt }, now, rb)) {
      minutes.push({
        meetingId: m.meetingId, matter: meetingMatter(m.meetingId), meetingStartsAt: m.startsAt, version: latest.version, sentAt: latest.sentAt,
        windowEndsAt: objectionWindow({ version: latest.version, sentAt: latest.sentAt }, rb).endsAt, changeNote: latest.changeNote,
        objected: objections.some((o) => o.version === latest.version && o.seatId === seatId),
      });
    }

    if (owned.length && m.kind === "ordinary" && timeline.initiativeReports) {
      const received = await reportsOfMeeting(deps, committeeId, m.meetingId);
      for (const i of owned) {
        const r = received.filter((x) => x.initiativeId === i.initiativeId).sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))[0];
        if (r) history.push({ kind: "report", at: r.receivedAt, name: i.name, meetingStartsAt: m.startsAt });
        if (m.status === "planned" && isWithinDeadline(now, timeline.initiativeReports)) {
          reports.push({ initiativeId: i.initiativeId, name: i.name, meetingId: m.meetingId, matter: meetingMatter(m.meetingId), meetingStartsAt: m.startsAt, deadline: timeline.initiativeReports.endsAt, receivedAt: r?.receivedAt });
        }
      }
    }

    if (m.status !== "planned" || epochMs(m.startsAt) <= epochMs(now) || upcoming.length >= NEXT_MEETINGS) continue;
    // the agenda and its material once it has gone out, and only the items this seat receives.
    const agenda = m.agendaSentAt && seat ? items.filter((i) => i.status === "accepted" && mayReceiveItem(i, seat, rb)).sort((a, b) => a.order - b.order) : [];
    upcoming.push({
      meetingId: m.meetingId, matter: meetingMatter(m.meetingId), kind: m.kind, startsAt: m.startsAt, location: m.location, virtualUrl: m.virtualUrl,
      agendaSentAt: m.agendaSentAt, agendaDeadline: timeline.agenda.endsAt,
      items: agenda.map((i) => ({ itemId: i.itemId, title: i.title, description: i.description, material: i.material.map((x, index) => ({ name: x.name, index })) })),
      apology: attendance ? { substituteAttends: attendance.substituteAttends, receivedAt: attendance.receivedAt } : undefined,
    });
  }

  const digest = rulebook.reminders.weeklyDigest;
  return {
    committee: { id: committeeId, name: rulebook.committee.name, secretariatEmail: rulebook.secretariat.email },
    person,
    votes: votes.sort((a, b) => epochMs(a.closesAt) - epochMs(b.closesAt)),
    minutes,
    meetings: upcoming,
    reports,
    history: history.sort((a, b) => epochMs(b.at) - epochMs(a.at)),
    weeklyDigest: { allowed: Boolean(digest?.allowed), on: Boolean(digest?.allowed) && page.weeklyDigest, weekday: digest?.weekday },
  };
}

/** What a member may fetch from their page: a file of a matter open to their seat, or undefined. */
export async function memberFile(
  deps: Deps,
  page: MemberPageRecord,
  which: { kind: "vote"; voteId: string; index: number } | { kind: "item"; meetingId: string; itemId: string; index: number } | { kind: "minutes"; meetingId: string; version: number },
): Promise<{ blobKey: string; name: string; contentType: string } | undefined> {
  const { committeeId, seatId } = page;
  if (which.kind === "vote") {
    const vote = await findVote(deps, committeeId, which.voteId);
    const m = vote?.seatIds.includes(seatId) ? vote.material[which.index] : undefined;
    return m ? { blobKey: m.blobKey, name: m.name, contentType: m.contentType } : undefined;
  }
  const meeting = await findMeeting(deps, committeeId, which.meetingId);
  if (!meeting) return undefined;
  if (which.kind === "minutes") {
    const v = (await minutesVersions(deps, committeeId, meeting.meetingId)).find((x) => x.version === which.version && x.sentAt);
    return v ? { blobKey: v.blobKey, name: `protokol-udgave-${v.version}.pdf`, contentType: "application/pdf" } : undefined;
  }
  if (!meeting.agendaSentAt) return undefined;
  const rb = await committeeRulebook(deps.store, committeeId, meeting.startsAt);
  const seat = rb.seats.find((s) => s.id === seatId);
  const item = (await listAgendaItems(deps, committeeId, meeting.meetingId)).find((i) => i.itemId === which.itemId);
  // an authorities-only item's material is not reachable from a seat outside the authorities.
  const m = item && seat && item.status === "accepted" && mayReceiveItem(item, seat, rb) ? item.material[which.index] : undefined;
  return m ? { blobKey: m.blobKey, name: m.name, contentType: m.contentType } : undefined;
}
