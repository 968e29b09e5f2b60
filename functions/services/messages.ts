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
import type { CommitteeView, MeetingView, Message, RecipientView, VoteView } from "#templates/mail";
import type { AgendaItem, Meeting } from "./agenda.ts";
import type { Deps } from "./deps.ts";
import type { PersonRecipient } from "./recipients.ts";

export type { Message };

type Reply = { replyAddress?: string | undefined; linkUrl?: string | undefined };
type Ctx = { meeting: Meeting; rulebook: Rulebook; timeline: { agenda: Deadline; minutes: Deadline; items?: Deadline | undefined; initiativeReports?: Deadline | undefined } };

export function committeeView(rulebook: Rulebook): CommitteeView {
  return { name: rulebook.committee.name, secretariatName: rulebook.secretariat.name, secretariatEmail: rulebook.secretariat.email };
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
    presidingChairName: chair ? `${chair.member.name}, ${chair.title}` : "Formandskabet",
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

export function ballot(_deps: Deps, rulebook: Rulebook, vote: RecordOf<"writtenVote">, r: PersonRecipient, reply: Reply): Message {
  return { kind: "ballot", ...base(rulebook, r), vote: voteView(vote, reply.linkUrl), ...reply, answerLinks: answerLinks(reply.linkUrl) };
}

export function voteReminder(_deps: Deps, rulebook: Rulebook, vote: RecordOf<"writtenVote">, r: PersonRecipient, reply: Reply): Message {
  return { kind: "vote-reminder", ...base(rulebook, r), vote: voteView(vote, reply.linkUrl), ...reply, answerLinks: answerLinks(reply.linkUrl) };
}

export function voteResult(
  _deps: Deps,
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
      channel: s.channel,
      receivedAt: s.receivedAt,
      remark: s.responseId ? remarks.get(s.responseId) : undefined,
    })),
    ...(state.movedToMeeting ? { movedToMeeting: meetingView(state.movedToMeeting, rulebook) } : {}),
  };
}

export function voteReceipt(rulebook: Rulebook, vote: RecordOf<"writtenVote">, r: PersonRecipient, answer: "for" | "against" | "abstain" | "objection", receivedAt: Instant, remark?: string): Message {
  return { kind: "vote-receipt", ...base(rulebook, r), vote: voteView(vote), answer, receivedAt, ...(remark ? { remark } : {}) };
}

// ─── meetings (R-3.2–R-3.9) ─────────────────────────────────────────────────────────────────────────

export function callForItems(_deps: Deps, ctx: Ctx, r: PersonRecipient, reply: Reply): Message {
  return { kind: "call-for-items", ...base(ctx.rulebook, r), meeting: meetingView(ctx.meeting, ctx.rulebook), itemDeadline: ctx.timeline.items?.endsAt ?? ctx.timeline.agenda.endsAt, ...reply };
}

export function agenda(_deps: Deps, ctx: Ctx, r: PersonRecipient, items: AgendaItem[], reply: Reply): Message {
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
  _deps: Deps,
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
    kind: "alert", ...base(ctx.rulebook, r),
    title: `Dagsordenen til mødet ${ctx.meeting.meetingId} er ikke udsendt`,
    lines: [
      "Fristen for at udsende dagsorden med materiale (mindst 10 dage før mødet, forretningsordenens § 3, stk. 3) er overskredet, fordi dagsordenen ikke er frigivet.",
      "Dagsordenen sendes automatisk til medlemmerne, så snart den frigives. Overskridelsen er registreret.",
    ],
    deadline: ctx.timeline.agenda.endsAt,
    consoleUrl: consoleUrl(deps, ctx.meeting.meetingId),
  };
}

export function alertMinutesLate(deps: Deps, ctx: Ctx, r: PersonRecipient): Message {
  return {
    kind: "alert", ...base(ctx.rulebook, r),
    title: `Protokollen fra mødet ${ctx.meeting.meetingId} er ikke udsendt`,
    lines: [
      "Protokollen skulle være udsendt senest 10 dage efter mødet (forretningsordenens § 3, stk. 5).",
      "Den sendes automatisk til medlemmerne, så snart sekretariatet lægger den op. Overskridelsen er registreret.",
    ],
    deadline: ctx.timeline.minutes.endsAt,
    consoleUrl: consoleUrl(deps, ctx.meeting.meetingId),
  };
}

export function alertRevisionNeeded(deps: Deps, ctx: Ctx, r: PersonRecipient, version: number, objections: MinutesObjection[]): Message {
  const title = (seatId: string) => ctx.rulebook.seats.find((s) => s.id === seatId)?.title ?? seatId;
  return {
    kind: "alert", ...base(ctx.rulebook, r),
    title: `Indsigelser til protokollen (udgave ${version})`,
    lines: [
      `Der kom ${objections.length} indsigelse${objections.length === 1 ? "" : "r"} inden fristen. En revideret udgave skal sendes til fornyet godkendelse efter samme procedure (§ 3, stk. 5).`,
      ...objections.map((o) => `${title(o.seatId)}: ${o.text}`),
      "Læg den reviderede udgave op i konsollen; den sendes automatisk til medlemmerne.",
    ],
    consoleUrl: consoleUrl(deps, ctx.meeting.meetingId),
  };
}

export function minutes(_deps: Deps, ctx: Ctx, r: PersonRecipient, version: RecordOf<"minutesVersion">, window: Deadline, reply: Reply): Message {
  return {
    kind: "minutes", ...base(ctx.rulebook, r), meeting: meetingView(ctx.meeting, ctx.rulebook), version: version.version, changeNote: version.changeNote,
    minutesUrl: reply.linkUrl ? `${reply.linkUrl}/protokol` : "", objectionDeadline: window.endsAt, ...reply,
  };
}

export function minutesApproved(_deps: Deps, ctx: Ctx, r: PersonRecipient, version: number, approvedAt: Instant): Message {
  return { kind: "minutes-approved", ...base(ctx.rulebook, r), meeting: meetingView(ctx.meeting, ctx.rulebook), version, approvedAt };
}

// ─── initiatives ────────────────────────────────────────────────────────────────────────────────────

type Initiative = RecordOf<"initiative">;
const ownerRecipient = (i: Initiative): PersonRecipient => ({ personId: `owner-${i.initiativeId}`, name: i.owner.name, email: i.owner.email, role: "secretariat" });

export function initiativeReportRequest(_deps: Deps, ctx: Ctx, i: Initiative, reply: Reply): Message {
  return {
    kind: "initiative-report-request", ...base(ctx.rulebook, ownerRecipient(i)), initiative: { name: i.name, goals: i.goals },
    meeting: meetingView(ctx.meeting, ctx.rulebook), deadline: ctx.timeline.initiativeReports?.endsAt ?? ctx.timeline.agenda.endsAt, ...reply,
  };
}

export function initiativeReportReminder(_deps: Deps, ctx: Ctx, i: Initiative, reply: Reply): Message {
  return {
    kind: "initiative-report-reminder", ...base(ctx.rulebook, ownerRecipient(i)), initiative: { name: i.name, goals: i.goals },
    meeting: meetingView(ctx.meeting, ctx.rulebook), deadline: ctx.timeline.initiativeReports?.endsAt ?? ctx.timeline.agenda.endsAt, ...reply,
  };
}

export function initiativeReportEscalation(deps: Deps, ctx: Ctx, i: Initiative, r: PersonRecipient): Message {
  return {
    kind: "initiative-report-escalation", ...base(ctx.rulebook, r), initiative: { name: i.name, goals: i.goals }, meeting: meetingView(ctx.meeting, ctx.rulebook),
    deadline: ctx.timeline.initiativeReports?.endsAt ?? ctx.timeline.agenda.endsAt, consoleUrl: `${consoleUrl(deps, ctx.meeting.meetingId)}#indsatser`,
  };
}
