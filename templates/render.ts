/**
 * renderMessage: one Message in, the subject, the HTML, the plain-text alternative and, for meeting mail,
 * the calendar invite out. Pure: no I/O and no clock; the same input always renders the same output.
 */
import { meetingInvite } from "./calendar.ts";
import { renderHtml, renderText, type EmailDoc } from "./html.ts";
import { TemplateInputError, type Message, type RenderedMessage } from "./model.ts";
import { SUBJECT_MAX, clip } from "./messages/common.ts";
import { callForItems, itemRequestForwarded, itemRequestReceipt } from "./messages/items.ts";
import { agenda, apologyReceipt, extraordinaryMeetingNotice, meetingCancelled, meetingChanged, quorumForecast } from "./messages/meetings.ts";
import { minutes, minutesApproved, objectionReceipt } from "./messages/minutes.ts";
import { ballot, voteReceipt, voteReminder, voteResult } from "./messages/votes.ts";
import { agendaReleaseReminder, alert, minutesReminder } from "./messages/secretariat.ts";
import { initiativeReportEscalation, initiativeReportReminder, initiativeReportRequest } from "./messages/initiatives.ts";
import { replyOutcome } from "./messages/replies.ts";

/** The document of a message: its words, before HTML and text. */
export function messageDoc(m: Message): EmailDoc {
  switch (m.kind) {
    case "call-for-items": return callForItems(m);
    case "item-request-receipt": return itemRequestReceipt(m);
    case "item-request-forwarded": return itemRequestForwarded(m);
    case "agenda": return agenda(m);
    case "extraordinary-meeting-notice": return extraordinaryMeetingNotice(m);
    case "apology-receipt": return apologyReceipt(m);
    case "quorum-forecast": return quorumForecast(m);
    case "meeting-changed": return meetingChanged(m);
    case "meeting-cancelled": return meetingCancelled(m);
    case "minutes": return minutes(m);
    case "objection-receipt": return objectionReceipt(m);
    case "minutes-approved": return minutesApproved(m);
    case "ballot": return ballot(m);
    case "vote-receipt": return voteReceipt(m);
    case "vote-reminder": return voteReminder(m);
    case "vote-result": return voteResult(m);
    case "agenda-release-reminder": return agendaReleaseReminder(m);
    case "minutes-reminder": return minutesReminder(m);
    case "alert": return alert(m);
    case "initiative-report-request": return initiativeReportRequest(m);
    case "initiative-report-reminder": return initiativeReportReminder(m);
    case "initiative-report-escalation": return initiativeReportEscalation(m);
    case "reply-outcome": return replyOutcome(m);
  }
}

/** The invite a message carries: REQUEST for the agenda, an extraordinary notice and a moved meeting; CANCEL for a cancellation. */
function calendarOf(m: Message): RenderedMessage["calendar"] {
  switch (m.kind) {
    case "agenda":
    case "extraordinary-meeting-notice":
      return { method: "REQUEST", ics: meetingInvite({ method: "REQUEST", committee: m.committee, meeting: m.meeting, recipient: m.to, invite: m.invite }) };
    case "meeting-changed":
    case "meeting-cancelled": {
      // Outlook applies an update or a cancellation only when its SEQUENCE is higher than the one it holds.
      if (m.invite.sequence <= m.previousSequence) {
        throw new TemplateInputError("invite.sequence", `must be higher than the previous invite's ${m.previousSequence}, got ${m.invite.sequence}`);
      }
      const method = m.kind === "meeting-changed" ? "REQUEST" : "CANCEL";
      return { method, ics: meetingInvite({ method, committee: m.committee, meeting: m.meeting, recipient: m.to, invite: m.invite }) };
    }
    default:
      return undefined;
  }
}

/** Renders a message: Danish subject (at most 120 characters, one line), HTML, plain text, invite. */
export function renderMessage(message: Message): RenderedMessage {
  const doc = messageDoc(message);
  const subject = clip(doc.subject, SUBJECT_MAX);
  const finished = { ...doc, subject };
  const calendar = calendarOf(message);
  return { subject, text: renderText(finished), html: renderHtml(finished), ...(calendar ? { calendar } : {}) };
}
