/**
 * Calendar invites. Outlook replaces an event only for METHOD:REQUEST with the same UID, a higher SEQUENCE
 * and the member as ATTENDEE; a cancellation needs METHOD:CANCEL. PUBLISH does not update in Exchange, so
 * it is never used.
 */
import { DateTime } from "luxon";

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

/** RFC 5545 TEXT: backslash, semicolon, comma and line breaks escaped. */
function text(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n|\r/g, "\\n");
}

/** A parameter value (CN) is quoted and cannot hold a double quote or a line break (RFC 5545 3.2). */
function quoted(value: string): string {
  return `"${value.replace(/"/g, "'").replace(/[\r\n]+/g, " ")}"`;
}

/**
 * Content lines longer than 75 octets are folded: CRLF and a space, never inside a UTF-8 character
 * (RFC 5545 3.1), so "Ø" survives clients that unfold bytewise.
 */
function fold(line: string): string {
  const bytes = Buffer.from(line, "utf8");
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  for (let start = 0, room = 75; start < bytes.length; room = 74) {
    let end = Math.min(start + room, bytes.length);
    while (end < bytes.length && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
    parts.push(bytes.toString("utf8", start, end));
    start = end;
  }
  return parts.join("\r\n ");
}

const wallClock = (dt: DateTime) => dt.toFormat("yyyyMMdd'T'HHmmss");

/**
 * The invite as text/calendar. Written out rather than through a library: it is one event with a fixed
 * set of properties, and a generator encoded every character separately when folding (≈ 4 % of the term
 * benchmark's allocations) and wrote DTSTAMP as a local time without the required "Z".
 */
export function buildInvite(input: InviteInput): string {
  const zone = "Europe/Copenhagen";
  // DTSTART/DTEND are the Copenhagen wall-clock time under its TZID; DTSTAMP is UTC.
  const start = DateTime.fromISO(input.startsAt, { setZone: true }).setZone(zone);
  const stamp = DateTime.fromISO(input.stamp ?? input.startsAt, { setZone: true }).toUTC();
  const request = input.method === "REQUEST";
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//klyngeflow//klyngeflow//DA",
    `METHOD:${input.method}`,
    ...copenhagenVtimezone().split("\r\n"),
    "BEGIN:VEVENT",
    `UID:${input.uid}`,
    `SEQUENCE:${input.sequence}`,
    `DTSTAMP:${wallClock(stamp)}Z`,
    `DTSTART;TZID=${zone}:${wallClock(start)}`,
    `DTEND;TZID=${zone}:${wallClock(start.plus({ minutes: input.durationMinutes }))}`,
    `SUMMARY:${text(input.summary)}`,
    ...(input.location ? [`LOCATION:${text(input.location)}`] : []),
    `DESCRIPTION:${text(input.description)}`,
    `ORGANIZER;CN=${quoted(input.organizer.name)}:mailto:${input.organizer.email}`,
    `ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=${request ? "TRUE" : "FALSE"};CN=${quoted(input.attendee.name)}:mailto:${input.attendee.email}`,
    ...(input.url ? [`URL;VALUE=URI:${input.url}`] : []),
    `STATUS:${request ? "CONFIRMED" : "CANCELLED"}`,
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return `${lines.map(fold).join("\r\n")}\r\n`;
}
