/**
 * Calendar invites for meetings (R-3.3, R-3.9, and moved or cancelled meetings), built with ical-generator.
 *
 * Outlook/Exchange replaces an event only when a METHOD:REQUEST (or CANCEL) arrives with the same UID, a
 * higher SEQUENCE and the member as ATTENDEE; METHOD:PUBLISH does not update in Exchange, so it is never
 * used. DTSTART/DTEND are Copenhagen wall-clock times under TZID=Europe/Copenhagen, with our own VTIMEZONE
 * (EU summer time rules), so a client without a time-zone database still shows 14.00 as 14.00.
 */
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import { DateTime } from "luxon";
import { TIME_ZONE, danishDateTime, local } from "./format.ts";
import { TemplateInputError, type CommitteeInfo, type InviteInfo, type MeetingInfo, type Recipient } from "./model.ts";

/** Europe/Copenhagen: CET (+01:00), CEST (+02:00) from the last Sunday of March to the last Sunday of October, switching at 01:00 UTC. */
export const COPENHAGEN_VTIMEZONE = [
  "BEGIN:VTIMEZONE",
  "TZID:Europe/Copenhagen",
  "X-LIC-LOCATION:Europe/Copenhagen",
  "BEGIN:DAYLIGHT",
  "TZOFFSETFROM:+0100",
  "TZOFFSETTO:+0200",
  "TZNAME:CEST",
  "DTSTART:19700329T020000",
  "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
  "END:DAYLIGHT",
  "BEGIN:STANDARD",
  "TZOFFSETFROM:+0200",
  "TZOFFSETTO:+0100",
  "TZNAME:CET",
  "DTSTART:19701025T030000",
  "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
  "END:STANDARD",
  "END:VTIMEZONE",
].join("\r\n");

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/æ/g, "ae").replace(/ø/g, "oe").replace(/å/g, "aa")
    .normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** The UID of a meeting's event: the same for every invite, update and cancellation of that meeting. */
export function meetingUid(committee: Pick<CommitteeInfo, "name">, meetingId: string): string {
  return `meeting-${slug(committee.name)}-${slug(meetingId)}@klyngeflow`;
}

export interface MeetingInviteInput {
  method: "REQUEST" | "CANCEL";
  committee: CommitteeInfo;
  meeting: MeetingInfo;
  recipient: Recipient;
  invite: InviteInfo;
}

function summary(committee: CommitteeInfo, meeting: MeetingInfo): string {
  return `${committee.name}: ${meeting.kind === "extraordinary" ? "ekstraordinært møde" : "møde"}`;
}

function description(input: MeetingInviteInput): string {
  const { meeting, committee, method, recipient } = input;
  if (method === "CANCEL") return `Mødet ${danishDateTime(meeting.startsAt)} er aflyst.\n\nSpørgsmål: ${committee.secretariatEmail}`;
  const holdsSeat = recipient.role === "member" || recipient.role === "chair";
  return [
    `Mødeleder: ${meeting.presidingChairName}`,
    ...(meeting.virtualUrl ? [`Virtuelt møde: ${meeting.virtualUrl}`] : []),
    "Dagsorden og materiale får du på e-mail.",
    // Calendar replies go to the organizer's mailbox and are not read as apologies.
    ...(holdsSeat ? ["Afbud: svar AFBUD på e-mailen fra sekretariatet. Et afbud i kalenderen bliver ikke registreret."] : []),
    `Spørgsmål: ${committee.secretariatEmail}`,
  ].join("\n");
}

function location(meeting: MeetingInfo): string {
  if (meeting.location.trim()) return meeting.location;
  return meeting.virtualUrl ? `Virtuelt møde: ${meeting.virtualUrl}` : "Oplyses senere";
}

/** An iTIP invite (METHOD:REQUEST) or cancellation (METHOD:CANCEL) for one recipient. */
export function meetingInvite(input: MeetingInviteInput): string {
  const { meeting, committee, recipient, invite, method } = input;
  if (!Number.isInteger(invite.sequence) || invite.sequence < 0) {
    throw new TemplateInputError("invite.sequence", `expected a whole number ≥ 0, got ${invite.sequence}`);
  }
  if (!Number.isFinite(meeting.durationMinutes) || meeting.durationMinutes <= 0) {
    throw new TemplateInputError("meeting.durationMinutes", `expected a positive duration, got ${meeting.durationMinutes}`);
  }
  const start = local(meeting.startsAt, "meeting.startsAt");
  const stamp = DateTime.fromMillis(local(invite.issuedAt, "invite.issuedAt").toMillis(), { zone: "utc" });
  // No calendar-level time zone: ical-generator would then also write DTSTAMP as local time without "Z".
  const cal = ical({
    prodId: { company: "klyngeflow", product: "klyngeflow", language: "DA" },
    method: method === "REQUEST" ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.CANCEL,
  });
  cal.createEvent({
    id: meetingUid(committee, meeting.meetingId),
    sequence: invite.sequence,
    stamp,
    start,
    end: start.plus({ minutes: meeting.durationMinutes }),
    timezone: TIME_ZONE,
    summary: summary(committee, meeting),
    description: description(input),
    location: location(meeting),
    ...(meeting.virtualUrl ? { url: meeting.virtualUrl } : {}),
    organizer: { name: committee.secretariatName, email: committee.secretariatEmail },
    attendees: [{
      name: recipient.name,
      email: recipient.email,
      rsvp: method === "REQUEST",
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
    }],
    status: method === "CANCEL" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  const ics = cal.toString();
  // The VTIMEZONE the TZID refers to goes before the event (RFC 5545 §3.6.5).
  const at = ics.indexOf("BEGIN:VEVENT");
  if (at < 0) throw new TemplateInputError("invite", "ical-generator produced no VEVENT");
  return `${ics.slice(0, at)}${COPENHAGEN_VTIMEZONE}\r\n${ics.slice(at)}`;
}
