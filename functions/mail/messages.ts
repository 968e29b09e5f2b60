/**
 * From records to the templates' plain data: the one place that knows both. Links to material and minutes
 * go through the recipient's own member page (R-3.8: never publicly reachable, expiring with the token).
 */
import type { Instant } from "#domain/calendar";
import type { Deadline } from "#domain/deadlines";
import type { MinutesObjection } from "#domain/minutes";
import type { QuorumAssessment } from "#domain/quorum";
import type { Rulebook } from "#domain/rulebook";
import type { RecordOf } from "#adapters/records";
import { notCountedReason } from "#templates/answers";
import type { CommitteeView, MeetingView, Message, RecipientView, VoteView } from "#templates/mail";
import type { Deps, Settings } from "../deps.ts";
import { ownerRecipient, type PersonRecipient } from "./recipients.ts";

export type { Message };

type Meeting = RecordOf<"meeting">;
type AgendaItem = RecordOf<"agendaItem">;
type Reply = { replyAddress?: string | undefined; linkUrl?: string | undefined };
type Ctx = { meeting: Meeting; rulebook: Rulebook; timeline: { agenda: Deadline; minutes: Deadline; items?: Deadline | undefined; initiativeReports?: Deadline | undefined } };

export function committeeView(rulebook: Rulebook): CommitteeView {
  return { name: rulebook.committee.name, secretariatName: rulebook.secretariat.name, secretariatEmail: rulebook.secretariat.email, ...(rulebook.sources ? { sources: rulebook.sources } : {}) };
}

/** Who signs a mail when no committee is known (an unreadable message): the deployment's own sender. */
export function serviceView(settings: Settings): CommitteeView {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(settings.senderAddress);
  const name = m?.[1]?.trim() || "klyngeflow";
  const email = m?.[2]?.trim() ?? settings.senderAddress.trim();
  return { name, secretariatName: name, secretariatEmail: email };
}

export function recipientView(r: PersonRecipient): RecipientView {
  return { name: r.name, email: r.email, role: r.role, ...(r.seatTitle ? { seatTitle: r.seatTitle } : {}) };
}

export function meetingView(meeting: Meeting, rulebook: Rulebook): MeetingView {
  const chair = rulebook.seats.find((s) => s.id === meeting.presidingChair);
  return {
    meetingId: meeting.meetingId,
    kind: meeting.kind,
    startsAt: meeting.startsAt,
    durationMinutes: meeting.durationMinutes,
    location: meeting.location,
    ...(meeting.virtualUrl ? { virtualUrl: meeting.virtualUrl } : {}),
    presidingChairName: chair ? `${chair.member.name}, ${chair.title}` : (rulebook.seats.find((x) => x.id === rulebook.coChairs[0])?.title ?? ""),
    inviteSequence: meeting.inviteSequence,
  };
}

function voteView(vote: RecordOf<"writtenVote">, linkUrl?: string): VoteView {
  return {
    title: vote.title,
    question: vote.question,
    closesAt: vote.closesAt,
    material: vote.material.map((m, i) => ({ label: m.name, url: linkUrl ? `${linkUrl}/materiale/${i}` : "" })).filter((l) => l.url),
  };
}

const consoleUrl = (deps: Deps, meetingId: string) => `${deps.settings.publicUrl}/console/meetings/${encodeURIComponent(meetingId)}`;

function base(rulebook: Rulebook, r: PersonRecipient) {
  return { committee: committeeView(rulebook), to: recipientView(r) };
}

function answerLinks(linkUrl: string | undefined) {
  if (!linkUrl) return undefined;
  return [
    { label: "JA", url: `${linkUrl}?svar=for` },
    { label: "NEJ", url: `${linkUrl}?svar=against` },
    { label: "UNDLAD", url: `${linkUrl}?svar=abstain` },
    { label: "INDSIGELSE", url: `${linkUrl}?svar=objection` },
  ];
}

// ─── written votes (R-3.6) ──────────────────────────────────────────────────────────────────────────

export function ballot(rulebook: Rulebook, vote: RecordOf<"writtenVote">, r: PersonRecipient, reply: Reply): Message {
  return { kind: "ballot", ...base(rulebook, r), vote: voteView(vote, reply.linkUrl), ...reply, answerLinks: answerLinks(reply.linkUrl) };
}

export function voteReminder(rulebook: Rulebook, vote: RecordOf<"writtenVote">, r: PersonRecipient, reply: Reply): Message {
  return { kind: "vote-reminder", ...base(rulebook, r), vote: voteView(vote, reply.linkUrl), ...reply, answerLinks: answerLinks(reply.linkUrl) };
}

export function voteResult(
  rulebook: Rulebook,
  state: { vote: RecordOf<"writtenVote">; responses: RecordOf<"voteResponse">[]; result: import("#domain/written-vote").WrittenVoteResult; movedToMeeting?: Meeting | undefined },
  r: PersonRecipient,
): Message {
  const { result, responses } = state;
  const remarks = new Map(responses.filter((x) => x.remark).map((x) => [x.responseId, x.remark]));
  return {
    kind: "vote-result",
    ...base(rulebook, r),
    vote: voteView(state.vote),
    outcome: result.outcome ?? "not-carried",
    explanation: result.explanation ?? "",
    tally: result.tally,
    seats: result.seats.map((s) => ({
      seatTitle: rulebook.seats.find((x) => x.id === s.seatId)?.title ?? s.seatId,
      answer: s.answer,
      by: respondentName(rulebook, s.seatId, s.respondent),
      channel: s.channel,
      receivedAt: s.receivedAt,
      remark: s.responseId ? remarks.get(s.responseId) : undefined,
    })),
    ...(state.movedToMeeting ? { movedToMeeting: meetingView(state.movedToMeeting, rulebook) } : {}),
  };
}

/** R-7.1: who answered for a seat, in words: "medlemmet" or "suppleant <name>". */
export function respondentName(rulebook: Rulebook, seatId: string, respondent: { kind: "member" } | { kind: "substitute"; substituteId: string } | undefined): string | undefined {
  if (!respondent) return undefined;
  if (respondent.kind === "member") return "medlemmet";
  const sub = rulebook.seats.find((x) => x.id === seatId)?.substitutes.find((x) => x.id === respondent.substituteId);
  return `suppleant ${sub?.name ?? respondent.substituteId}`;
}

/** R-3.5/R-3.6: the secretariat is told of an objection at once. */
export function objectionNotice(
  deps: Deps, rulebook: Rulebook, r: PersonRecipient,
  o: { subjectOf: "minutes" | "vote"; about: string; seatId: string; respondent: { kind: "member" } | { kind: "substitute"; substituteId: string }; text?: string | undefined; receivedAt: Instant; consolePath: string },
): Message {
  const seat = rulebook.seats.find((s) => s.id === o.seatId);
  const who = o.respondent.kind === "member" ? (seat ? `${seat.member.name} (medlem)` : o.seatId) : (respondentName(rulebook, o.seatId, o.respondent) ?? "");
  return {
    kind: "objection-notice", ...base(rulebook, r), subjectOf: o.subjectOf, about: o.about, seatTitle: seat?.title ?? o.seatId, who,
    ...(o.text ? { text: o.text } : {}), receivedAt: o.receivedAt, consoleUrl: `${deps.settings.publicUrl}${o.consolePath}`,
  };
}

export function voteReceipt(rulebook: Rulebook, vote: RecordOf<"writtenVote">, r: PersonRecipient, answer: "for" | "against" | "abstain" | "objection", receivedAt: Instant, remark?: string): Message {
  return { kind: "vote-receipt", ...base(rulebook, r), vote: voteView(vote), answer, receivedAt, ...(remark ? { remark } : {}) };
}

// ─── meetings (R-3.2–R-3.9) ─────────────────────────────────────────────────────────────────────────

export function callForItems(ctx: Ctx, r: PersonRecipient, reply: Reply): Message {
  return { kind: "call-for-items", ...base(ctx.rulebook, r), meeting: meetingView(ctx.meeting, ctx.rulebook), itemDeadline: ctx.timeline.items?.endsAt ?? ctx.timeline.agenda.endsAt, ...reply };
}

export function agenda(ctx: Ctx, r: PersonRecipient, items: AgendaItem[], reply: Reply): Message {
  const noticeDays = ctx.meeting.calledAt
    ? Math.max(0, Math.round((Date.parse(ctx.meeting.startsAt) - Date.parse(ctx.meeting.calledAt)) / 86_400_000))
    : undefined;
  return {
    kind: "agenda",
    ...base(ctx.rulebook, r),
    meeting: meetingView(ctx.meeting, ctx.rulebook),
    items: items.map((item, i) => ({
      number: i + 1,
      title: item.title,
      description: item.description,
      concernsGeneralPractice: item.concernsGeneralPractice,
      material: reply.linkUrl ? item.material.map((m, n) => ({ label: m.name, url: `${reply.linkUrl}/materiale/${encodeURIComponent(item.itemId)}/${n}` })) : [],
    })),
    ...reply,
    ...(ctx.meeting.kind === "extraordinary" && noticeDays !== undefined ? { extraordinary: { noticeDays } } : {}),
  };
}

export function quorumForecast(
  ctx: Ctx,
  r: PersonRecipient,
  f: { apologies: { seatId: string; substituteAttends: boolean }[]; forecast: QuorumAssessment; gpForecast?: QuorumAssessment | undefined; bounced: { to: string[]; seatId?: string | undefined }[] },
): Message {
  const title = (seatId: string) => ctx.rulebook.seats.find((s) => s.id === seatId)?.title ?? seatId;
  return {
    kind: "quorum-forecast",
    ...base(ctx.rulebook, r),
    meeting: meetingView(ctx.meeting, ctx.rulebook),
    expected: f.forecast.present,
    seats: f.forecast.seats,
    required: f.forecast.required,
    quorate: f.forecast.quorate && (f.gpForecast?.quorate ?? true),
    conditions: f.forecast.conditions,
    ...(f.gpForecast ? { gp: { quorate: f.gpForecast.quorate, conditions: f.gpForecast.conditions } } : {}),
    apologies: f.apologies.map((a) => ({ seatTitle: title(a.seatId), substituteAttends: a.substituteAttends })),
    bounced: f.bounced.map((e) => `${e.to.join(", ")}${e.seatId ? ` (${title(e.seatId)})` : ""}`),
  };
}

export function agendaReleaseReminder(deps: Deps, ctx: Ctx, r: PersonRecipient): Message {
  return { kind: "agenda-release-reminder", ...base(ctx.rulebook, r), meeting: meetingView(ctx.meeting, ctx.rulebook), deadline: ctx.timeline.agenda.endsAt, consoleUrl: consoleUrl(deps, ctx.meeting.meetingId) };
}

export function minutesReminder(deps: Deps, ctx: Ctx, r: PersonRecipient): Message {
  return { kind: "minutes-reminder", ...base(ctx.rulebook, r), meeting: meetingView(ctx.meeting, ctx.rulebook), deadline: ctx.timeline.minutes.endsAt, consoleUrl: consoleUrl(deps, ctx.meeting.meetingId) };
}

export function alertAgendaLate(deps: Deps, ctx: Ctx, r: PersonRecipient): Message {
  return {
    kind: "agenda-late", ...base(ctx.rulebook, r), meeting: meetingView(ctx.meeting, ctx.rulebook), deadline: ctx.timeline.agenda.endsAt,
    agendaDaysBefore: ctx.rulebook.meetings.agendaDaysBefore, consoleUrl: consoleUrl(deps, ctx.meeting.meetingId),
  };
}

export function alertMinutesLate(deps: Deps, ctx: Ctx, r: PersonRecipient): Message {
  return {
    kind: "minutes-late", ...base(ctx.rulebook, r), meeting: meetingView(ctx.meeting, ctx.rulebook), deadline: ctx.timeline.minutes.endsAt,
    minutesDaysAfter: ctx.rulebook.meetings.minutesDaysAfter, consoleUrl: consoleUrl(deps, ctx.meeting.meetingId),
  };
}

export function alertRevisionNeeded(deps: Deps, ctx: Ctx, r: PersonRecipient, version: number, objections: MinutesObjection[]): Message {
  const title = (seatId: string) => ctx.rulebook.seats.find((s) => s.id === seatId)?.title ?? seatId;
  return {
    kind: "revision-needed", ...base(ctx.rulebook, r), meeting: meetingView(ctx.meeting, ctx.rulebook), version,
    objections: objections.map((o) => ({ seatTitle: title(o.seatId), text: o.text })), consoleUrl: consoleUrl(deps, ctx.meeting.meetingId),
  };
}

/** A hard bounce or complaint for a seat's address, to the chairs and secretariat. */
export function addressAlert(deps: Deps, rulebook: Rulebook, r: PersonRecipient, a: { seatTitle: string; address: string; event: "bounce" | "complaint"; detail: string }): Message {
  return { kind: "address-alert", ...base(rulebook, r), ...a, consoleUrl: `${deps.settings.publicUrl}/console` };
}

// ─── receipts and notices of the meeting's answers ───────────────────────────────────────────────────

export function itemRequestForwarded(rulebook: Rulebook, meeting: Meeting, r: PersonRecipient, req: { requester: string; item: AgendaItem; receivedAt: Instant; onTime: boolean }): Message {
  return {
    kind: "item-request-forwarded", ...base(rulebook, r), meeting: meetingView(meeting, rulebook),
    requester: req.requester, title: req.item.title, description: req.item.description, receivedAt: req.receivedAt, onTime: req.onTime,
  };
}

export function itemRequestReceipt(rulebook: Rulebook, meeting: Meeting, r: PersonRecipient, req: { title: string; receivedAt: Instant; onTime: boolean; itemDeadline: Instant }): Message {
  return { kind: "item-request-receipt", ...base(rulebook, r), meeting: meetingView(meeting, rulebook), ...req };
}

export function apologyReceipt(rulebook: Rulebook, meeting: Meeting, r: PersonRecipient, substituteAttends: boolean, receivedAt: Instant): Message {
  return { kind: "apology-receipt", ...base(rulebook, r), meeting: meetingView(meeting, rulebook), substituteAttends, receivedAt };
}

/** R-3.5: the receipt of an objection, saying whether it counts and, if not, why (as the reason code; the template words it). */
export function objectionReceipt(rulebook: Rulebook, meeting: Meeting, r: PersonRecipient, o: { version: number; receivedAt: Instant; counted: boolean; reason?: string | undefined }): Message {
  return {
    kind: "objection-receipt", ...base(rulebook, r), meeting: meetingView(meeting, rulebook), version: o.version, receivedAt: o.receivedAt, counted: o.counted,
    ...(o.reason ? { reason: notCountedReason(o.reason, rulebook.committee.name) } : {}),
  };
}

export function meetingChanged(rulebook: Rulebook, meeting: Meeting, r: PersonRecipient, kind: "meeting-changed" | "meeting-cancelled", previousStartsAt?: string): Message {
  return { kind, ...base(rulebook, r), meeting: meetingView(meeting, rulebook), ...(previousStartsAt ? { previousStartsAt } : {}) };
}

/** R-3.7: the attendance as recorded, in seat order, for the minutes; undefined until the secretariat records who attended. */
export function attendanceView(rulebook: Rulebook, attendance: readonly RecordOf<"attendance">[]): import("#templates/mail").AttendanceView | undefined {
  if (!attendance.some((a) => a.status === "present")) return undefined;
  const of = new Map(attendance.map((a) => [a.seatId, a]));
  const view: import("#templates/mail").AttendanceView = { present: [], apologies: [], absent: [] };
  for (const seat of rulebook.seats) {
    const a = of.get(seat.id);
    if (a?.status === "present") view.present.push({ seatTitle: seat.title, substitute: a.substituteAttends });
    else if (a?.status === "apology") view.apologies.push(`${seat.title}${a.substituteAttends ? " (suppleant deltog)" : ""}`);
    else view.absent.push(seat.title);
  }
  return view;
}

export function minutes(ctx: Ctx, r: PersonRecipient, version: RecordOf<"minutesVersion">, window: Deadline, reply: Reply, attendance?: readonly RecordOf<"attendance">[]): Message {
  const present = attendance ? attendanceView(ctx.rulebook, attendance) : undefined;
  return {
    kind: "minutes", ...base(ctx.rulebook, r), meeting: meetingView(ctx.meeting, ctx.rulebook), version: version.version, changeNote: version.changeNote,
    minutesUrl: reply.linkUrl ? `${reply.linkUrl}/protokol` : "", objectionDeadline: window.endsAt, ...reply, ...(present ? { attendance: present } : {}),
  };
}

export function minutesApproved(ctx: Ctx, r: PersonRecipient, version: number, approvedAt: Instant): Message {
  return { kind: "minutes-approved", ...base(ctx.rulebook, r), meeting: meetingView(ctx.meeting, ctx.rulebook), version, approvedAt };
}

// ─── initiatives ────────────────────────────────────────────────────────────────────────────────────

type Initiative = RecordOf<"initiative">;

export function initiativeReportRequest(ctx: Ctx, i: Initiative, reply: Reply): Message {
  return {
    kind: "initiative-report-request", ...base(ctx.rulebook, ownerRecipient(i)), initiative: { name: i.name, goals: i.goals },
    meeting: meetingView(ctx.meeting, ctx.rulebook), deadline: ctx.timeline.initiativeReports?.endsAt ?? ctx.timeline.agenda.endsAt, ...reply,
  };
}

export function initiativeReportReminder(ctx: Ctx, i: Initiative, reply: Reply): Message {
  return {
    kind: "initiative-report-reminder", ...base(ctx.rulebook, ownerRecipient(i)), initiative: { name: i.name, goals: i.goals },
    meeting: meetingView(ctx.meeting, ctx.rulebook), deadline: ctx.timeline.initiativeReports?.endsAt ?? ctx.timeline.agenda.endsAt, ...reply,
  };
}

/** To the chairs and the secretariat with the console link; to the owner with the way to report (owners have no console). */
export function initiativeReportEscalation(deps: Deps, ctx: Ctx, i: Initiative, r: PersonRecipient, reply: Reply = {}): Message {
  return {
    kind: "initiative-report-escalation", ...base(ctx.rulebook, r), initiative: { name: i.name, goals: i.goals }, meeting: meetingView(ctx.meeting, ctx.rulebook),
    deadline: ctx.timeline.initiativeReports?.endsAt ?? ctx.timeline.agenda.endsAt,
    ...(r.role === "owner" ? reply : { consoleUrl: `${consoleUrl(deps, ctx.meeting.meetingId)}#indsatser` }),
  };
}

// ─── a member's own page ────────────────────────────────────────────────────────────────────────────

/** The weekly digest in place of reminders: what is open for the member, and the way to their page. */
export function weeklyDigest(
  rulebook: Rulebook,
  r: PersonRecipient,
  open: { votes: { title: string; closesAt: string }[]; minutes: { meetingStartsAt: string; version: number; windowEndsAt: string }[]; meetings: { startsAt: string; apology: boolean }[]; reports: { name: string; deadline: string }[] },
  pageUrl: string,
): Message {
  return { kind: "weekly-digest", ...base(rulebook, r), pageUrl, ...open };
}
