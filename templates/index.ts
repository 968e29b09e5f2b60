/** The public API of the email templates (issue 5). */
export type {
  AgendaItemView, AgendaMessage, AgendaReleaseReminderMessage, AlertMessage, AlertTopic, Answer, AnswerUrls, ApologyReceiptMessage,
  ApologyView, BallotMessage, CallForItemsMessage, Channel, CommitteeInfo, ConditionView, ExtraordinaryMeetingNoticeMessage,
  InitiativeReportEscalationMessage, InitiativeReportReminderMessage, InitiativeReportRequestMessage, InitiativeView, Instant,
  InviteInfo, ItemRequestForwardedMessage, ItemRequestReceiptMessage, Link, Material, MeetingCancelledMessage, MeetingChangedMessage,
  MeetingInfo, Message, MessageKind, MessageOf, MinutesApprovedMessage, MinutesMessage, MinutesReminderMessage, NotAcceptedReason,
  ObjectionReceiptMessage, Outcome, QuorumForecastMessage, Recipient, RecordedReply, RenderedMessage, ReplyOutcomeMessage, ReplySubject,
  SeatAnswerView, VoteReceiptMessage, VoteReminderMessage, VoteResultMessage, WrittenVoteView,
} from "./model.ts";
export { MESSAGE_KINDS, TemplateInputError } from "./model.ts";
export { messageDoc, renderMessage } from "./render.ts";
export { COPENHAGEN_VTIMEZONE, meetingInvite, meetingUid, type MeetingInviteInput } from "./calendar.ts";
export {
  calendarDaysBetween, danishDate, danishDateShort, danishDateTime, danishDateTimeShort, danishList, danishNumber, danishTime,
  danishTimeRange, deadlinePhrase, fileSize, kroner,
} from "./format.ts";
export { COLORS, SafeHtml, contrastRatio, escapeHtml, html, raw, renderHtml, renderText, safeUrl, type Block, type EmailDoc } from "./html.ts";
export { REPLY_INSTRUCTION } from "./messages/votes.ts";
