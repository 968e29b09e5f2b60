/** Rendering an email: the Danish document (HTML + text) and, for meeting mail, its calendar invite. */
import { toDoc, type Message } from "./emails.ts";
import { buildInvite } from "./invite.ts";
import { stripInvisibleControls } from "#domain/text";
import { renderHtml, renderText } from "./layout.ts";

export type { Message, MessageKind } from "./emails.ts";
export * from "./emails.ts";

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  calendar?: { method: "REQUEST" | "CANCEL"; ics: string };
}

/** The UID of a meeting's calendar event: stable for the meeting, so updates replace it. */
export function meetingUid(committeeName: string, meetingId: string): string {
  return `meeting-${committeeName.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${meetingId}@klyngeflow`;
}

function invite(m: Message): RenderedMessage["calendar"] {
  if (m.kind !== "agenda" && m.kind !== "meeting-changed" && m.kind !== "meeting-cancelled") return undefined;
  const method = m.kind === "meeting-cancelled" ? "CANCEL" : "REQUEST";
  const meeting = m.meeting;
  const ics = buildInvite({
    method,
    uid: meetingUid(m.committee.name, meeting.meetingId),
    sequence: meeting.inviteSequence,
    startsAt: meeting.startsAt,
    durationMinutes: meeting.durationMinutes,
    summary: `${m.committee.name}: ${meeting.kind === "extraordinary" ? "ekstraordinært møde" : "møde"}`,
    description: `Mødeleder: ${meeting.presidingChairName}${meeting.virtualUrl ? `\nVirtuelt møde: ${meeting.virtualUrl}` : ""}\nDagsorden og materiale er sendt pr. e-mail.`,
    location: meeting.virtualUrl && !meeting.location ? meeting.virtualUrl : meeting.location,
    url: meeting.virtualUrl,
    organizer: { name: m.committee.secretariatName, email: m.committee.secretariatEmail },
    attendee: { name: m.to.name, email: m.to.email },
  });
  return { method, ics };
}

/** What the sender adds to every email: the recipient's own page, when they have one. */
export interface Footer {
  memberPageUrl?: string | undefined;
}

export function renderMessage(m: Message, footer: Footer = {}): RenderedMessage {
  const doc = { ...toDoc(m), ...(footer.memberPageUrl ? { memberPageUrl: footer.memberPageUrl } : {}) };
  const calendar = invite(m);
  // A subject is one line (a title with a newline must not become a second header) of at most 120 characters,
  // and no title or name brings bidi or zero-width controls into a mail: its HTML is escaped, which strips them.
  const oneLine = stripInvisibleControls(doc.subject).replace(/[\r\n\t]+/g, " ").replace(/\s{2,}/g, " ").trim();
  const subject = oneLine.length > 120 ? `${oneLine.slice(0, 119)}…` : oneLine;
  return {
    subject, text: stripInvisibleControls(renderText({ ...doc, subject })), html: renderHtml({ ...doc, subject }),
    ...(calendar ? { calendar: { ...calendar, ics: stripInvisibleControls(calendar.ics) } } : {}),
  };
}
