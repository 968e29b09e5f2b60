/**
 * Calendar invites. Outlook replaces an event only for METHOD:REQUEST with the same UID, a higher SEQUENCE
 * and the member as ATTENDEE; a cancellation needs METHOD:CANCEL. PUBLISH does not update in Exchange, so
 * it is never used.
 */
import { DateTime } from "luxon";
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from "ical-generator";

export interface InviteInput {
  method: "REQUEST" | "CANCEL";
  uid: string;
  sequence: number;
  startsAt: string;
  durationMinutes: number;
  summary: string;
  description: string;
  location: string;
  url?: string | undefined;
  organizer: { name: string; email: string };
  attendee: { name: string; email: string };
  /** When the invite was made (DTSTAMP). */
  stamp?: string | undefined;
}

/** Europe/Copenhagen with the EU rules (last Sunday of March and October at 01:00 UTC). */
export function copenhagenVtimezone(): string {
  return [
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
}

export function buildInvite(input: InviteInput): string {
  const cal = ical({
    prodId: { company: "klyngeflow", product: "klyngeflow", language: "DA" },
    method: input.method === "REQUEST" ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.CANCEL,
    timezone: { name: "Europe/Copenhagen", generator: () => copenhagenVtimezone() },
  });
  // luxon DateTimes in the zone, so DTSTART is the Copenhagen wall-clock time under its TZID.
  const start = DateTime.fromISO(input.startsAt, { setZone: true }).setZone("Europe/Copenhagen");
  cal.createEvent({
    id: input.uid,
    sequence: input.sequence,
    start,
    end: start.plus({ minutes: input.durationMinutes }),
    timezone: "Europe/Copenhagen",
    stamp: DateTime.fromISO(input.stamp ?? input.startsAt, { setZone: true }).toUTC(),
    summary: input.summary,
    description: input.description,
    location: input.location,
    ...(input.url ? { url: input.url } : {}),
    organizer: { name: input.organizer.name, email: input.organizer.email },
    attendees: [{
      name: input.attendee.name,
      email: input.attendee.email,
      rsvp: input.method === "REQUEST",
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
    }],
    status: input.method === "CANCEL" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return cal.toString();
}
