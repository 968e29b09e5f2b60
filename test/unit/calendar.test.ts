import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  addCalendarDays, danishWeekday, endOfLocalDate, instantAt, isOnOrBeforeDate, toInstant, isWorkingDay, parseLocalDateTime, workingDayOnOrBefore,
} from "#domain/calendar";
import {
  extraordinaryMeetingDeadlines, isWithinDeadline, meetingDeadlines, objectionDeadline, remindersBefore, scheduledSend, writtenVoteDeadline,
} from "#domain/deadlines";
import { danishNonWorkingDays } from "#domain/holidays";
import { rulebook2026 as rb } from "../support/rulebooks.ts";

const ZONE = "Europe/Copenhagen";

describe("How deadlines are counted: the DOMAIN.md table", () => {
  const april = meetingDeadlines("2027-04-22T14:00", rb);
  const november = meetingDeadlines("2026-11-05T14:00", rb);

  it("R-3.2: items for the meeting of Thu 2027-04-22 are due Thu 2027-03-25 23:59:59 +01:00, before DST starts", () => {
    expect(april.items).toMatchObject({ rule: "R-3.2", date: "2027-03-25", weekday: "torsdag", endsAt: "2027-03-25T23:59:59+01:00" });
  });
  it("R-3.3: the agenda for that meeting is due Mon 2027-04-12 23:59:59 +02:00", () => {
    expect(april.agenda).toMatchObject({ rule: "R-3.3", date: "2027-04-12", weekday: "mandag", endsAt: "2027-04-12T23:59:59+02:00" });
  });
  it("R-3.5: the minutes of that meeting are due Sun 2027-05-02 23:59:59 +02:00", () => {
    expect(april.minutes).toMatchObject({ rule: "R-3.5", date: "2027-05-02", weekday: "søndag", endsAt: "2027-05-02T23:59:59+02:00" });
  });
  it("R-3.2: items for the meeting of Thu 2026-11-05 (CET) are due Thu 2026-10-08 23:59:59 +02:00, before DST ends", () => {
    expect(november.items).toMatchObject({ date: "2026-10-08", weekday: "torsdag", endsAt: "2026-10-08T23:59:59+02:00" });
  });
  it("R-3.5: objections to minutes sent Wed 2027-03-24 15:30 are due Thu 2027-04-01 23:59:59 +02:00", () => {
    expect(objectionDeadline("2027-03-24T15:30:00+01:00", rb)).toMatchObject({
      rule: "R-3.5", date: "2027-04-01", weekday: "torsdag", endsAt: "2027-04-01T23:59:59+02:00",
    });
  });
  it("R-3.2: a request at 23:59:59 on the deadline date is on time; one at 00:00:00 the next day is late", () => {
    expect(isWithinDeadline("2027-03-25T23:59:59+01:00", april.items)).toBe(true);
    expect(isOnOrBeforeDate("2027-03-25T23:59:59+01:00", april.items.date, ZONE)).toBe(true);
    expect(isWithinDeadline("2027-03-26T00:00:00+01:00", april.items)).toBe(false);
    expect(isOnOrBeforeDate("2027-03-26T00:00:00+01:00", april.items.date, ZONE)).toBe(false);
  });
  it("R-3.3: an agenda sent at any time on its deadline date is on time", () => {
    expect(isWithinDeadline("2027-04-12T23:59:59+02:00", april.agenda)).toBe(true);
    expect(isWithinDeadline("2027-04-13T00:00:00+02:00", april.agenda)).toBe(false);
  });
  it("R-3.2: the meeting itself is reported with its weekday and offset", () => {
    expect(april.meeting).toEqual({ startsAt: "2027-04-22T14:00:00+02:00", date: "2027-04-22", weekday: "torsdag" });
  });
});

describe("R-3.2/R-3.3: deadlines fall on weekends and holidays as counted; reminders move earlier", () => {
  it("R-3.2: the 2027-03-25 item deadline is Skærtorsdag and stays there", () => {
    expect(danishNonWorkingDays(2027).find((h) => h.date === "2027-03-25")?.name).toBe("Skærtorsdag");
    expect(meetingDeadlines("2027-04-22T14:00", rb).items.date).toBe("2027-03-25");
  });
  it("R-3.3: an agenda reminder that would fall on a Saturday goes out on the Friday before at the send time", () => {
    // Meeting Tue 2027-06-22 → agenda due Sat 2027-06-12; reminder 5 days before = Mon 06-07, 1 day before = Fri 06-11.
    const d = meetingDeadlines("2027-06-22T14:00", rb);
    const reminders = remindersBefore(d.agenda, [5, 1, 0], "agenda reminder", rb);
    expect(reminders.map((r) => r.at)).toEqual(["2027-06-07T09:00:00+02:00", "2027-06-11T09:00:00+02:00"]);
  });
  it("R-3.3: a reminder on Easter Monday moves back past the whole Easter weekend to Wednesday", () => {
    expect(workingDayOnOrBefore("2027-03-29", rb.calendar)).toBe("2027-03-24");
  });
  it("R-3.2: a send that follows a deadline moves to the next working day, never before the deadline (Easter 2027)", () => {
    // Initiative reports due Thu 2027-03-25 (Skærtorsdag); escalation 2 days later is Sat 03-27, Easter weekend:
    // the first working day after is Tue 03-30 (2. påskedag is Mon 03-29).
    const d = meetingDeadlines("2027-04-22T14:00", rb);
    expect(scheduledSend("R-INIT", "escalation", addCalendarDays(d.initiativeReports.date, 2), rb, "later")).toMatchObject({ date: "2027-03-30", at: "2027-03-30T09:00:00+02:00" });
    expect(scheduledSend("R-INIT", "reminder", addCalendarDays(d.initiativeReports.date, 2), rb, "earlier").date).toBe("2027-03-24");
  });
  it("R-3.2: Store bededag is a closed day until 2023 and a working day from 2024", () => {
    expect(isWorkingDay("2023-05-05", rb.calendar)).toBe(false);
    expect(isWorkingDay("2024-04-26", rb.calendar)).toBe(true);
  });
  it("R-3.2: the call for items goes out the rulebook's 14 days before the item deadline, on a working day", () => {
    const d = meetingDeadlines("2027-04-22T14:00", rb);
    expect(d.callForItems).toMatchObject({ date: "2027-03-11", weekday: "torsdag", at: "2027-03-11T09:00:00+01:00" });
  });
});

describe("R-3.6: the written vote closes at 23:59:59 on its last day", () => {
  it("R-3.6: a vote opened Fri 2027-03-26 10:00 with the default 8 days closes Sat 2027-04-03 23:59:59 +02:00", () => {
    expect(writtenVoteDeadline("2027-03-26T10:00:00+01:00", rb)).toMatchObject({ date: "2027-04-03", endsAt: "2027-04-03T23:59:59+02:00" });
  });
});

describe("R-3.9: an extraordinary meeting may be called at shorter notice than 21 days", () => {
  it("R-3.9: called 2027-09-01 for 2027-09-10: 9 days' notice, agenda due with the notice, minutes 10 days after", () => {
    const d = extraordinaryMeetingDeadlines("2027-09-01T11:00:00+02:00", "2027-09-10T15:00", rb);
    expect(d.noticeDays).toBe(9);
    expect(d.shortNotice).toBe(true);
    expect(d.agenda).toMatchObject({ rule: "R-3.9", date: "2027-09-01" });
    expect(d.minutes.endsAt).toBe("2027-09-20T23:59:59+02:00");
  });
  it("R-3.9: 21 days or more is not short notice", () => {
    expect(extraordinaryMeetingDeadlines("2027-09-01T11:00:00+02:00", "2027-09-22T15:00", rb).shortNotice).toBe(false);
  });
});

describe("Wall-clock input in Europe/Copenhagen", () => {
  it("the clock's fast instant equals luxon's for any second 2022–2035, across every DST change", () => {
    fc.assert(fc.property(fc.integer({ min: Date.parse("2022-01-01T00:00:00Z"), max: Date.parse("2035-12-31T23:59:59Z") }), (ms) => {
      expect(instantAt(ms, ZONE)).toBe(toInstant(DateTime.fromMillis(ms, { zone: ZONE }), ZONE));
    }), { numRuns: 5000 });
    // The seconds around the 2027 changes, where a cached offset would be wrong by an hour.
    for (const edge of ["2027-03-28T01:00:00Z", "2027-10-31T01:00:00Z"]) {
      for (const d of [-1000, 0, 999, 1000]) expect(instantAt(Date.parse(edge) + d, ZONE)).toBe(toInstant(DateTime.fromMillis(Date.parse(edge) + d, { zone: ZONE }), ZONE));
    }
  });
  it("refuses a local time that does not exist when summer time starts, naming the field", () => {
    expect(() => parseLocalDateTime("2027-03-28T02:30", ZONE, "meeting")).toThrow(/meeting: .*does not exist/);
  });
  it("refuses a malformed date, naming the field", () => {
    expect(() => meetingDeadlines("22-04-2027", rb)).toThrow(/startsAt: expected a local date and time/);
  });
  it("reads an instant with an offset as the same moment", () => {
    expect(meetingDeadlines("2027-04-22T12:00:00Z", rb).meeting.startsAt).toBe("2027-04-22T14:00:00+02:00");
  });
});

// Every calendar day from 2022 to 2035 as a meeting day, at a time of day fast-check picks.
const FIRST = DateTime.fromISO("2022-01-01", { zone: "utc" });
const DAYS = Math.round(DateTime.fromISO("2035-12-31", { zone: "utc" }).diff(FIRST, "days").days) + 1;
const allDays = Array.from({ length: DAYS }, (_, i) => FIRST.plus({ days: i }).toISODate() ?? "");

const WEEKDAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"];

function localParts(instant: string) {
  const dt = DateTime.fromISO(instant, { setZone: true });
  const local = dt.setZone(ZONE);
  return { dt, local };
}

describe("R-3.2/R-3.3/R-3.5: no deadline moves by an hour across DST, every day 2022–2035", () => {
  /** Checks one meeting's deadlines; returns what is wrong, empty when all hold. */
  function problemsOf(day: string, time: string): string[] {
    const d = meetingDeadlines(`${day}T${time}`, rb);
    const problems: string[] = [];
    for (const [deadline, offset] of [[d.items, -28], [d.agenda, -10], [d.minutes, 10]] as const) {
      const { dt, local } = localParts(deadline.endsAt);
      // Day 0 is the meeting's own date: the deadline's date is exactly `offset` calendar days away.
      if (deadline.date !== addCalendarDays(day, offset)) problems.push(`${day} ${deadline.rule}: date ${deadline.date}`);
      if (local.toFormat("yyyy-MM-dd HH:mm:ss") !== `${deadline.date} 23:59:59`) problems.push(`${day} ${deadline.rule}: ends ${deadline.endsAt}`);
      // The written offset is the zone's real offset at that instant (+01:00 in winter, +02:00 in summer).
      if (dt.offset !== local.offset) problems.push(`${day} ${deadline.rule}: offset ${dt.offset} != ${local.offset}`);
      // One second later is the first second of the next date: the deadline is the whole last day.
      if (local.plus({ seconds: 1 }).toFormat("HH:mm:ss") !== "00:00:00") problems.push(`${day} ${deadline.rule}: not the day's last second`);
      if (danishWeekday(deadline.date) !== WEEKDAYS[local.weekday - 1]) problems.push(`${day} ${deadline.rule}: weekday ${deadline.weekday}`);
    }
    return problems;
  }

  it(`R-3.2/R-3.3/R-3.5: for all ${allDays.length} meeting days at 14:00, each deadline is 23:59:59 local on the counted date`, () => {
    expect(allDays.flatMap((day) => problemsOf(day, "14:00"))).toEqual([]);
  });

  it("R-3.2/R-3.3/R-3.5: the same holds for any day 2022–2035 at any time of day (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: allDays.length - 1 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (i, hour, minute) => {
          const day = allDays[i] ?? "2027-01-01";
          // 02:00–02:59 does not exist on the day summer time starts; such input is refused (tested above).
          fc.pre(!(hour === 2 && DateTime.fromISO(`${day}T02:30`, { zone: ZONE }).hour !== 2));
          expect(problemsOf(day, `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`)).toEqual([]);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("R-3.5: objection windows of 8 days end at 23:59:59 local whatever the send time, across DST", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: allDays.length - 1 }),
        fc.integer({ min: 0, max: 23 * 60 + 59 }),
        (i, minuteOfDay) => {
          const day = allDays[i] ?? "2027-01-01";
          const local = DateTime.fromISO(day, { zone: ZONE }).set({ hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60 });
          const sentAt = local.toISO({ suppressMilliseconds: true }) ?? "";
          const w = objectionDeadline(sentAt, rb);
          const end = localParts(w.endsAt).local;
          expect(w.date).toBe(addCalendarDays(local.toISODate() ?? "", 8));
          expect(end.toFormat("HH:mm:ss")).toBe("23:59:59");
          expect(w.endsAt).toBe(endOfLocalDate(w.date, ZONE));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("R-3.2: the last second of the deadline date is on time and the first second of the next date is late, every day", () => {
    for (const day of allDays) {
      const end = endOfLocalDate(day, ZONE);
      const next = DateTime.fromISO(end, { setZone: true }).plus({ seconds: 1 }).toISO({ suppressMilliseconds: true }) ?? "";
      expect(isOnOrBeforeDate(end, day, ZONE)).toBe(true);
      expect(isOnOrBeforeDate(next, day, ZONE)).toBe(false);
    }
  });
});
