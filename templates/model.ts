/**
 * The input of every email the rules need (issue 5): plain data, already decided by the domain and gathered
 * by the caller. Times are ISO instants with offset ("2027-04-22T14:00:00+02:00") and are shown in
 * Europe/Copenhagen; nothing here reads the clock. The caller filters what a recipient may see (R-3.4:
 * authorities-only items and their material are simply not passed in for other seats).
 */
import type { Instant } from "#domain/calendar";
import type { Answer, Channel, Outcome } from "#domain/written-vote";

export type { Answer, Channel, Instant, Outcome };

export interface Recipient {
  name: string;
  email: string;
  /** The seat the person holds or substitutes for ("Borgmester, Ishøj Kommune"). */
  seatTitle?: string;
  role: "member" | "substitute" | "secretariat" | "chair";
}

export interface CommitteeInfo {
  name: string;
  secretariatName: string;
  secretariatEmail: string;
}

export interface MeetingInfo {
  meetingId: string;
  kind: "ordinary" | "extraordinary";
  startsAt: Instant;
  durationMinutes: number;
  /** Where the meeting is held; may be empty for a purely virtual meeting. */
  location: string;
  virtualUrl?: string;
  presidingChairName: string;
}

export interface Link {
  label: string;
  url: string;
}

export interface Material {
  name: string;
  url: string;
  bytes?: number;
}

export interface AgendaItemView {
  number: number;
  title: string;
  description: string;
  material: Material[];
  /** general practice must be represented for the committee to decide this item. */
  concernsGeneralPractice: boolean;
}

/** The calendar invite a meeting message carries. SEQUENCE rises with every change of the meeting. */
export interface InviteInfo {
  sequence: number;
  /** When this version of the invite is issued (DTSTAMP); passed in, never read from a clock. */
  issuedAt: Instant;
}

/** a matter decided by written vote. */
export interface WrittenVoteView {
  voteId: string;
  title: string;
  question: string;
  material: Material[];
  openedAt: Instant;
  /** 23:59:59 local time on the closing date. */
  closesAt: Instant;
}

/** One-click answers; each link opens a page where the member confirms (mail scanners follow links). */
export type AnswerUrls = Record<Answer, string>;

export interface InitiativeView {
  id: string;
  name: string;
  /** The organisation or person responsible for the initiative. */
  owner?: string;
  goals: string[];
  fundsKroner?: number;
}

/** A quorum condition in the domain's words (QuorumCondition of domain/quorum.ts). */
export interface ConditionView {
  ok: boolean;
  message: string;
}

interface Envelope {
  to: Recipient;
  committee: CommitteeInfo;
  /** Further actions (member page, console) shown as buttons. */
  links?: Link[];
}

/** Messages that ask for an answer by reply carry the (tokenised) address replies go to. */
interface Replyable {
  replyAddress: string;
}

// ───: agenda items ─────────────────────────────────────────────────────────────────────────────

export interface CallForItemsMessage extends Envelope, Replyable {
  kind: "call-for-items";
  meeting: MeetingInfo;
  itemDeadline: Instant;
}

export interface ItemRequestReceiptMessage extends Envelope {
  kind: "item-request-receipt";
  meeting: MeetingInfo;
  title: string;
  description: string;
  receivedAt: Instant;
  onTime: boolean;
  itemDeadline: Instant;
}

export interface ItemRequestForwardedMessage extends Envelope {
  kind: "item-request-forwarded";
  meeting: MeetingInfo;
  requester: Recipient;
  title: string;
  description: string;
  receivedAt: Instant;
  onTime: boolean;
  itemDeadline: Instant;
}

// ───: agenda and attendance ──────────────────────────────────────────────

export interface AgendaMessage extends Envelope, Replyable {
  kind: "agenda";
  meeting: MeetingInfo;
  items: AgendaItemView[];
  invite: InviteInfo;
}

export interface ExtraordinaryMeetingNoticeMessage extends Envelope, Replyable {
  kind: "extraordinary-meeting-notice";
  meeting: MeetingInfo;
  /** Calendar days between the call and the meeting (R-3.9: shorter than usual). */
  noticeDays: number;
  items: AgendaItemView[];
  reason?: string;
  invite: InviteInfo;
}

export interface ApologyReceiptMessage extends Envelope {
  kind: "apology-receipt";
  meeting: MeetingInfo;
  receivedAt: Instant;
  substituteAttends: boolean;
  substituteName?: string;
}

export interface ApologyView {
  seatTitle: string;
  name: string;
  receivedAt: Instant;
  substituteAttends: boolean;
}

export interface QuorumForecastMessage extends Envelope {
  kind: "quorum-forecast";
  meeting: MeetingInfo;
  expectedPresent: number;
  seats: number;
  minimumPresent: number;
  quorate: boolean;
  conditions: ConditionView[];
  /** the conditions for items concerning general practice, when the agenda has such items. */
  generalPracticeConditions?: ConditionView[];
  apologies: ApologyView[];
  substitutesAttending: { seatTitle: string; name: string }[];
  bouncedAddresses: { email: string; name: string; seatTitle?: string }[];
}

export interface MeetingChangedMessage extends Envelope, Replyable {
  kind: "meeting-changed";
  /** The meeting as it is now. */
  meeting: MeetingInfo;
  previous: { startsAt: Instant; location: string; virtualUrl?: string };
  /** The SEQUENCE of the invite the members hold; the new one must be higher (Outlook ignores it otherwise). */
  previousSequence: number;
  invite: InviteInfo;
  reason?: string;
}

export interface MeetingCancelledMessage extends Envelope {
  kind: "meeting-cancelled";
  meeting: MeetingInfo;
  previousSequence: number;
  invite: InviteInfo;
  reason?: string;
}

// ───: minutes ──────────────────────────────────────────────────────────────────────────────────

export interface MinutesMessage extends Envelope, Replyable {
  kind: "minutes";
  meeting: MeetingInfo;
  version: number;
  /** What changed since the previous version (shown for version > 1). */
  changeNote?: string;
  minutesUrl: string;
  /** When this version is sent: the objection window counts from its date. */
  sentAt: Instant;
  objectionDeadline: Instant;
  objectionUrl?: string;
}

export interface ObjectionReceiptMessage extends Envelope {
  kind: "objection-receipt";
  meeting: MeetingInfo;
  version: number;
  receivedAt: Instant;
  text: string;
}

export interface MinutesApprovedMessage extends Envelope {
  kind: "minutes-approved";
  meeting: MeetingInfo;
  version: number;
  approvedAt: Instant;
  minutesUrl?: string;
}

// ───: written votes ────────────────────────────────────────────────────────────────────

export interface BallotMessage extends Envelope, Replyable {
  kind: "ballot";
  vote: WrittenVoteView;
  answerUrls?: AnswerUrls;
}

export interface VoteReminderMessage extends Envelope, Replyable {
  kind: "vote-reminder";
  vote: WrittenVoteView;
  answerUrls?: AnswerUrls;
}

export interface VoteReceiptMessage extends Envelope {
  kind: "vote-receipt";
  vote: WrittenVoteView;
  answer: Answer;
  receivedAt: Instant;
  channel: Channel;
  remark?: string;
  /** The seat's earlier answer, now replaced (R-3.6: the latest valid answer counts). */
  replaces?: Answer;
}

export interface SeatAnswerView {
  seatTitle: string;
  answer?: Answer;
  channel?: Channel;
  receivedAt?: Instant;
  /** Set when the seat's substitute answered for it. */
  substituteName?: string;
  /** a remark or dissent the member asked to have recorded. */
  remark?: string;
}

export interface VoteResultMessage extends Envelope {
  kind: "vote-result";
  vote: WrittenVoteView;
  outcome: Outcome;
  closedAt: Instant;
  /** The domain's Danish explanation of the outcome. */
  explanation?: string;
  tally: { for: number; against: number; abstain: number; objection: number; respondents: number };
  seats: SeatAnswerView[];
  /** Where a moved matter will be dealt with, when known. */
  movedToMeeting?: MeetingInfo;
}

// ─── reminders to the secretariat ───────────────────────────────────────────────────────────────────

export interface AgendaReleaseReminderMessage extends Envelope {
  kind: "agenda-release-reminder";
  meeting: MeetingInfo;
  agendaDeadline: Instant;
  itemsSoFar: number;
}

export interface MinutesReminderMessage extends Envelope {
  kind: "minutes-reminder";
  meeting: MeetingInfo;
  minutesDeadline: Instant;
}

// ─── initiatives ────────────────────────────────────────────────────────────────────────────────────

interface InitiativeReportAsk extends Envelope, Replyable {
  initiative: InitiativeView;
  meeting: MeetingInfo;
  reportDeadline: Instant;
}

export interface InitiativeReportRequestMessage extends InitiativeReportAsk {
  kind: "initiative-report-request";
}

export interface InitiativeReportReminderMessage extends InitiativeReportAsk {
  kind: "initiative-report-reminder";
}

export interface InitiativeReportEscalationMessage extends Envelope {
  kind: "initiative-report-escalation";
  initiative: InitiativeView;
  meeting: MeetingInfo;
  reportDeadline: Instant;
  missingSince: Instant;
  remindersSent: number;
}

// ─── alerts to the chairs and the secretariat ───────────────────────────────────────────────────────

export type AlertTopic =
  /** the agenda was not released by its deadline. */
  | { topic: "agenda-not-released"; meeting: MeetingInfo; deadline: Instant }
  /** the minutes were not sent by their deadline. */
  | { topic: "minutes-not-sent"; meeting: MeetingInfo; deadline: Instant }
  /** A hard bounce: the address does not receive mail. */
  | { topic: "hard-bounce"; address: string; name: string; seatTitle?: string; bouncedAt: Instant; mailSubject?: string; diagnostic?: string }
  | { topic: "other"; title: string; problem: string; nextStep: string; deadline?: Instant };

export interface AlertMessage extends Envelope {
  kind: "alert";
  alert: AlertTopic;
}

// ─── answers to inbound replies ─────────────────────────────────────────────────────────────────────

/** What an inbound reply was about. */
export type ReplySubject =
  | { action: "written-vote"; vote: Pick<WrittenVoteView, "title" | "closesAt"> }
  | { action: "minutes"; meeting: MeetingInfo; version: number }
  | { action: "apology"; meeting: MeetingInfo }
  | { action: "item-request"; meeting: MeetingInfo }
  | { action: "initiative-report"; initiative: Pick<InitiativeView, "name"> };

/** What was recorded from a reply (mirrors ReplyReading of domain/reply-reading.ts). */
export type RecordedReply =
  | { kind: "vote"; answer: Answer; remark?: string }
  | { kind: "objection"; text: string }
  | { kind: "no-objection" }
  | { kind: "apology"; substituteAttends: boolean }
  | { kind: "item-request"; title: string; onTime: boolean }
  | { kind: "report"; figures: number };

export type NotAcceptedReason = "unregistered-sender" | "link-expired" | "link-revoked" | "wrong-seat";

interface ReplyOutcomeBase extends Envelope {
  kind: "reply-outcome";
  about: ReplySubject;
  receivedAt: Instant;
}

export type ReplyOutcomeMessage = ReplyOutcomeBase & (
  | { variant: "recorded"; recorded: RecordedReply }
  | { variant: "not-understood"; reason: string; replyAddress: string; deadline?: Instant; acceptedWords?: string[] }
  | { variant: "too-late"; deadline: Instant; outcomeExplanation?: string }
  /** Sent to the registered address, never to an unverified sender. */
  | { variant: "not-accepted"; reason: NotAcceptedReason; fromAddress?: string }
  | { variant: "confirm-by-link"; reason: "unsure-reading" | "unverified-sender"; understood?: RecordedReply; confirmUrl: string; confirmBy?: Instant }
);

export type Message =
  | CallForItemsMessage
  | ItemRequestReceiptMessage
  | ItemRequestForwardedMessage
  | AgendaMessage
  | ApologyReceiptMessage
  | QuorumForecastMessage
  | MinutesMessage
  | ObjectionReceiptMessage
  | MinutesApprovedMessage
  | BallotMessage
  | VoteReceiptMessage
  | VoteReminderMessage
  | AgendaReleaseReminderMessage
  | MinutesReminderMessage
  | VoteResultMessage
  | InitiativeReportRequestMessage
  | InitiativeReportReminderMessage
  | InitiativeReportEscalationMessage
  | ExtraordinaryMeetingNoticeMessage
  | MeetingChangedMessage
  | MeetingCancelledMessage
  | AlertMessage
  | ReplyOutcomeMessage;

export type MessageKind = Message["kind"];
export type MessageOf<K extends MessageKind> = Extract<Message, { kind: K }>;

export const MESSAGE_KINDS = [
  "call-for-items", "item-request-receipt", "item-request-forwarded", "agenda", "apology-receipt", "quorum-forecast",
  "minutes", "objection-receipt", "minutes-approved", "ballot", "vote-receipt", "vote-reminder",
  "agenda-release-reminder", "minutes-reminder", "initiative-report-reminder", "vote-result",
  "initiative-report-request", "initiative-report-escalation", "extraordinary-meeting-notice",
  "meeting-changed", "meeting-cancelled", "alert", "reply-outcome",
] as const satisfies readonly MessageKind[];

// Compile-time check that MESSAGE_KINDS lists every kind of the union.
type Missing = Exclude<MessageKind, (typeof MESSAGE_KINDS)[number]>;
const everyKindListed: [Missing] extends [never] ? true : Missing = true;
void everyKindListed;

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  /** The invite for meeting mail; the mailer sends it as text/calendar; method=… (never PUBLISH). */
  calendar?: { method: "REQUEST" | "CANCEL"; ics: string };
}

/** Input a template cannot render (an unreadable instant, a link that is not http(s) or mailto…). Not retried. */
export class TemplateInputError extends Error {
  constructor(readonly field: string, message: string, options?: { cause?: unknown }) {
    super(`${field}: ${message}`, options);
    this.name = "TemplateInputError";
  }
}
