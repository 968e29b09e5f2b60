/**
 * The Danish emails of issue 5 (templates/index.ts): every kind for every seat of Sundhedsklynge Syd,
 * Danish dates, escaping, accessibility of the layout, and calendar invites read back with ical.js.
 */
import { readdirSync, readFileSync } from "node:fs";
import ICAL from "ical.js";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  COLORS, COPENHAGEN_VTIMEZONE, MESSAGE_KINDS, REPLY_INSTRUCTION, TemplateInputError, contrastRatio, danishDate, danishDateTime, danishNumber,
  deadlinePhrase, escapeHtml, fileSize, html, kroner, meetingUid, raw, renderMessage, type Message, type MessageOf, type RenderedMessage,
} from "#templates/index";
import { TEXT_COLOR_PAIRS } from "#templates/html";
import {
  BASE, MEETING_EXTRA, MEETING_SUMMER, MEETING_WINTER, RULEBOOK, SEATS, VOTE, agendaItemsFor, answerUrls, chairs, committee, member,
  messagesForSeat, messagesForSubstitute, replyAddress, seat, secretariat, substitute,
} from "../support/template-fixtures.ts";

const ROOT = new URL("../../", import.meta.url);

function only<K extends Message["kind"]>(messages: Message[], kind: K): MessageOf<K>[] {
  return messages.filter((m): m is MessageOf<K> => m.kind === kind);
}

function first<K extends Message["kind"]>(messages: Message[], kind: K, pick: (m: MessageOf<K>) => boolean = () => true): MessageOf<K> {
  const m = only(messages, kind).find(pick);
  if (!m) throw new Error(`fixture has no ${kind}`);
  return m;
}

const ishoj = seat("ishoj");
const plo = seat("plo-1");

/** Every visible word of the HTML, for comparing it with the text alternative. */
function hrefs(h: string): string[] {
  return [...h.matchAll(/href="([^"]*)"/g)].map((x) => (x[1] ?? "").replace(/&amp;/g, "&"));
}

function checkRendered(r: RenderedMessage, m: Message): void {
  for (const part of [r.subject, r.text, r.html]) {
    expect(part).not.toMatch(/\{\{|\}\}|undefined|\bnull\b|NaN|\[object Object\]|Invalid DateTime/);
  }
  expect(r.subject.length).toBeLessThanOrEqual(120);
  expect(r.subject).not.toMatch(/[\r\n]/);
  expect(r.html).toContain('<html lang="da"');
  expect(r.html.match(/<h1\b/g)).toHaveLength(1);
  expect(r.html).not.toMatch(/<img\b/i);
  expect(r.text.trim().length).toBeGreaterThan(100);
  // Each mail ends with who sent it and why the recipient gets it.
  expect(r.text).toContain(`Med venlig hilsen\n${committee.secretariatName}`);
  expect(r.text).toMatch(m.to.role === "secretariat" ? /I får denne e-mail, fordi I er sekretariat/ : /Du får denne e-mail, fordi du er/);
  expect(r.html).toContain(escapeHtml(committee.secretariatName));
  // The text alternative says the same: every link of the HTML is written out in the text.
  for (const url of hrefs(r.html)) expect(r.text).toContain(url.replace(/^mailto:/, ""));
  // Every <h2> heading of the HTML is in the text.
  for (const h2 of [...r.html.matchAll(/<h2[^>]*>([^<]*)<\/h2>/g)]) {
    expect(r.text.toLowerCase()).toContain((h2[1] ?? "").replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").toLowerCase());
  }
  // Members are addressed as "du", never with the formal "De/Dem/Deres".
  expect(r.text).not.toMatch(/\b(Dem|Deres)\b/);
}

describe("Issue 5: every message renders for every seat (R-1.1, R-1.2)", () => {
  it("the fixtures cover every message kind", () => {
    const kinds = new Set(SEATS.flatMap((s) => messagesForSeat(s).map((m) => m.kind)));
    expect([...kinds].sort()).toEqual([...MESSAGE_KINDS].sort());
    expect(SEATS).toHaveLength(17);
  });

  it.each(SEATS.map((s) => [s.id, s] as const))("seat %s: every kind, to the member, the substitute, the chairs and the secretariat, with no unfilled placeholder", (_id, s) => {
    const messages = [...messagesForSeat(s), ...messagesForSubstitute(s)];
    expect(messages.length).toBeGreaterThan(60);
    for (const m of messages) {
      let r: RenderedMessage;
      try {
        r = renderMessage(m);
      } catch (e) {
        throw new Error(`${m.kind} to ${m.to.email} failed: ${String(e)}`);
      }
      checkRendered(r, m);
      if (m.to.role !== "secretariat") expect(r.text).toContain(`Kære ${m.to.name}`);
    }
  });

  it("rendering is pure: the same message renders to the same bytes", () => {
    for (const m of messagesForSeat(ishoj)) expect(renderMessage(m)).toEqual(renderMessage(structuredClone(m)));
  });

  it("no template reads the clock or the environment", () => {
    const dir = new URL("templates/", ROOT);
    const mine = ["model.ts", "format.ts", "html.ts", "calendar.ts", "render.ts", "index.ts", ...readdirSync(new URL("messages/", dir)).map((f) => `messages/${f}`)];
    const offenders = mine.flatMap((f) => {
      const text = readFileSync(new URL(f, dir), "utf8");
      return [/Date\.now\(/, /new Date\(\)/, /DateTime\.(now|local)\(/, /process\./, /Math\.random\(/].filter((re) => re.test(text)).map((re) => `${f}: ${re}`);
    });
    expect(offenders).toEqual([]);
  });
});

describe("Danish formatting", () => {
  it("the agenda for the meeting 2027-04-22T14:00+02:00 says 'torsdag den 22. april 2027 kl. 14.00'", () => {
    const m = first(messagesForSeat(ishoj), "agenda", (a) => a.meeting === MEETING_SUMMER);
    const r = renderMessage(m);
    for (const part of [r.subject, r.text, r.html]) expect(part).toContain("torsdag den 22. april 2027 kl. 14.00");
    expect(r.text).toContain("Tidspunkt: torsdag den 22. april 2027 kl. 14.00–16.00");
  });

  it("a winter meeting (CET) 2026-11-05T14:00+01:00 says 'torsdag den 5. november 2026 kl. 14.00'", () => {
    const m = first(messagesForSeat(ishoj), "agenda", (a) => a.meeting === MEETING_WINTER);
    const r = renderMessage(m);
    expect(r.subject).toContain("torsdag den 5. november 2026 kl. 14.00");
    expect(r.text).toContain("torsdag den 5. november 2026 kl. 14.00");
  });

  it("an instant given in UTC is shown in Copenhagen time", () => {
    expect(danishDateTime("2027-04-22T12:00:00Z")).toBe("torsdag den 22. april 2027 kl. 14.00");
    expect(danishDateTime("2026-11-05T13:00:00Z")).toBe("torsdag den 5. november 2026 kl. 14.00");
  });

  it("dates, deadlines and numbers", () => {
    expect(danishDate("2027-04-12")).toBe("mandag den 12. april 2027");
    expect(danishDate("2027-04-12T23:59:59+02:00")).toBe("mandag den 12. april 2027");
    expect(deadlinePhrase("2027-04-12T23:59:59+02:00")).toBe("senest mandag den 12. april 2027 kl. 23.59");
    expect(deadlinePhrase("2027-03-25T23:59:59+01:00")).toBe("senest torsdag den 25. marts 2027 kl. 23.59");
    expect(kroner(7_803_439)).toBe("7.803.439 kr.");
    expect(kroner(500_000)).toBe("500.000 kr.");
    expect(danishNumber(-3_936_286)).toBe("-3.936.286");
    expect(danishNumber(12.5, 1)).toBe("12,5");
    expect(fileSize(1_245_000)).toBe("1,2 MB");
    expect(fileSize(48_300)).toBe("48 kB");
  });

  it("refuses an instant without offset or an invalid date, instead of printing 'Invalid DateTime'", () => {
    expect(() => danishDateTime("2027-04-22T14:00")).toThrow(TemplateInputError);
    expect(() => danishDateTime("2027-02-30T14:00:00+01:00")).toThrow(TemplateInputError);
    expect(() => danishNumber(Number.NaN)).toThrow(TemplateInputError);
  });
});

describe("Escaping: member-supplied text is text", () => {
  const evil = `<script>alert(1)</script> & "x"`;

  it("an agenda item title appears escaped in the HTML and verbatim in the text", () => {
    const base = first(messagesForSeat(ishoj), "agenda");
    const items = [{ ...agendaItemsFor(ishoj)[0]!, title: evil, description: `<img src=x onerror=alert(1)>\nlinje 2` }];
    const r = renderMessage({ ...base, items });
    expect(r.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;");
    expect(r.html).not.toContain("<script>");
    expect(r.html).not.toContain("<img");
    expect(r.text).toContain(`1. ${evil}`);
    expect(r.text).toContain("<img src=x onerror=alert(1)>");
  });

  it("a title with line breaks cannot break the subject line (no header injection)", () => {
    const base = first(messagesForSeat(ishoj), "item-request-forwarded");
    const r = renderMessage({ ...base, title: "Akut\r\nBcc: alle@example.org" });
    expect(r.subject).not.toMatch(/[\r\n]/);
    expect(r.subject).toContain("Akut Bcc: alle@example.org");
  });

  it("a long title is shortened so the subject stays within 120 characters", () => {
    const base = first(messagesForSeat(ishoj), "ballot");
    const r = renderMessage({ ...base, vote: { ...VOTE, title: "Meget lang titel ".repeat(20) } });
    expect(r.subject.length).toBeLessThanOrEqual(120);
    expect(r.subject).toContain("…");
    expect(r.subject).toContain("svar senest 1. april 2027");
  });

  it("html`` escapes every value, raw() passes trusted markup, and missing values fail loudly", () => {
    expect(html`<p>${evil}</p>`.value).toBe("<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;</p>");
    expect(html`<p title="${`a"b'c`}">${["<i>", html`<b>${"&"}</b>`]}</p>`.value).toBe('<p title="a&quot;b&#39;c">&lt;i&gt;<b>&amp;</b></p>');
    expect(html`<p>${raw("<br>")}</p>`.value).toBe("<p><br></p>");
    expect(html`${false}`.value).toBe("");
    expect(() => html`${undefined as unknown as string}`).toThrow(TemplateInputError);
    expect(() => html`${null as unknown as string}`).toThrow(TemplateInputError);
    expect(() => html`${Number.NaN}`).toThrow(TemplateInputError);
    expect(() => html`${{} as unknown as string}`).toThrow(TemplateInputError);
  });

  it("refuses links that are not http(s) or mailto (javascript: URLs never reach an href)", () => {
    const base = first(messagesForSeat(ishoj), "minutes");
    expect(() => renderMessage({ ...base, minutesUrl: "javascript:alert(1)" })).toThrow(TemplateInputError);
    const agenda = first(messagesForSeat(ishoj), "agenda");
    const items = [{ ...agendaItemsFor(ishoj)[1]!, material: [{ name: "x", url: "data:text/html,<script>" }] }];
    expect(() => renderMessage({ ...agenda, items })).toThrow(TemplateInputError);
  });
});

describe("Layout: mobile-friendly and accessible", () => {
  const r = renderMessage(first(messagesForSeat(ishoj), "ballot"));

  it("single column of at most 600px, viewport set, lang=da, no images, real headings", () => {
    expect(r.html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(r.html).toContain("max-width:600px");
    expect(r.html).toMatch(/<html lang="da"/);
    expect(r.html).toMatch(/<h1\b[^>]*>Skriftlig votering: Forlængelse af Fælles ammeindsats til 2028<\/h1>/);
    expect(r.html.match(/<h2\b/g)?.length).toBeGreaterThanOrEqual(3);
    expect(r.html).not.toMatch(/<img|background-image|url\(/i);
  });

  it("buttons are real <a> links with their text", () => {
    const anchors = [...r.html.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((x) => [x[1], x[2]]);
    const urls = answerUrls(ishoj);
    expect(anchors).toContainEqual([urls.for, "JA"]);
    expect(anchors).toContainEqual([urls.against, "NEJ"]);
    expect(anchors).toContainEqual([urls.abstain, "UNDLAD"]);
    expect(anchors).toContainEqual([urls.objection, "INDSIGELSE MOD SKRIFTLIG BEHANDLING"]);
    for (const [, text] of anchors) expect((text ?? "").trim()).not.toBe("");
  });

  it("every text colour pair has a contrast of at least 4.5:1 (WCAG AA)", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    for (const [fg, bg] of TEXT_COLOR_PAIRS) expect(contrastRatio(fg, bg), `${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5);
    // The pairs checked are the ones the layout uses.
    for (const color of [COLORS.text, COLORS.muted, COLORS.accent, COLORS.onAccent]) expect(r.html).toContain(color);
  });
});

describe("Calendar invites (R-3.3, R-3.9): REQUEST, update and CANCEL that Outlook applies", () => {
  function parse(ics: string) {
    const comp = new ICAL.Component(ICAL.parse(ics));
    const vtz = comp.getFirstSubcomponent("vtimezone");
    if (!vtz) throw new Error("no VTIMEZONE");
    ICAL.TimezoneService.register(vtz);
    const event = comp.getFirstSubcomponent("vevent");
    if (!event) throw new Error("no VEVENT");
    const start = event.getFirstPropertyValue("dtstart") as ICAL.Time;
    const attendee = event.getFirstProperty("attendee");
    return {
      method: comp.getFirstPropertyValue("method"),
      uid: event.getFirstPropertyValue("uid"),
      sequence: Number(event.getFirstPropertyValue("sequence")),
      status: event.getFirstPropertyValue("status"),
      attendee: String(attendee?.getFirstValue() ?? "").toLowerCase(),
      rsvp: attendee?.getParameter("rsvp"),
      organizer: String(event.getFirstPropertyValue("organizer") ?? "").toLowerCase(),
      tzid: event.getFirstProperty("dtstart")?.getParameter("tzid"),
      startMs: start.toUnixTime() * 1000,
      endMs: (event.getFirstPropertyValue("dtend") as ICAL.Time).toUnixTime() * 1000,
      description: String(event.getFirstPropertyValue("description") ?? ""),
      location: String(event.getFirstPropertyValue("location") ?? ""),
      raw: ics,
    };
  }

  it.each([["summer (CEST)", MEETING_SUMMER], ["winter (CET)", MEETING_WINTER]] as const)("the agenda carries METHOD:REQUEST with UID, SEQUENCE, ATTENDEE and DTSTART in Europe/Copenhagen — %s", (_label, meeting) => {
    const m = first(messagesForSeat(ishoj), "agenda", (a) => a.meeting === meeting);
    const r = renderMessage(m);
    expect(r.calendar?.method).toBe("REQUEST");
    const ev = parse(r.calendar?.ics ?? "");
    expect(ev.method).toBe("REQUEST");
    expect(ev.uid).toBe(meetingUid(committee, meeting.meetingId));
    expect(ev.uid).toBe(`meeting-politisk-sundhedsklynge-syd-${meeting.meetingId}@klyngeflow`);
    expect(ev.sequence).toBe(0);
    expect(ev.attendee).toBe(`mailto:${ishoj.member.email}`);
    expect(ev.rsvp).toBe("TRUE");
    expect(ev.organizer).toBe(`mailto:${committee.secretariatEmail}`);
    expect(ev.tzid).toBe("Europe/Copenhagen");
    expect(ev.startMs).toBe(Date.parse(meeting.startsAt));
    expect(ev.endMs - ev.startMs).toBe(meeting.durationMinutes * 60_000);
    expect(ev.raw).toMatch(/^DTSTART;TZID=Europe\/Copenhagen:\d{8}T140000\r$/m);
    expect(ev.raw).toMatch(/^DTSTAMP:\d{8}T\d{6}Z\r$/m);
    expect(ev.raw).not.toContain("PUBLISH");
    expect(ev.location).toBe(meeting.location);
  });

  it("the VTIMEZONE places every wall-clock time 2026–2035 at the right instant, every hour around both daylight-saving changes", () => {
    const tz = new ICAL.Timezone(new ICAL.Component(ICAL.parse(`BEGIN:VCALENDAR\r\n${COPENHAGEN_VTIMEZONE}\r\nEND:VCALENDAR`)).getFirstSubcomponent("vtimezone")!);
    let checked = 0;
    for (let d = DateTime.fromObject({ year: 2026, month: 1, day: 1, hour: 14 }, { zone: "Europe/Copenhagen" }); d.year < 2036; d = d.plus({ days: 1 })) {
      const isSwitchDay = d.weekday === 7 && (d.month === 3 || d.month === 10) && d.plus({ days: 7 }).month !== d.month;
      // On a switch day 02:xx local does not exist (March) or occurs twice (October): no meeting is set then.
      const hours = isSwitchDay ? Array.from({ length: 24 }, (_, h) => h).filter((h) => h !== 2) : [14];
      for (const hour of hours) {
        const local = d.set({ hour });
        const t = ICAL.Time.fromData({ year: local.year, month: local.month, day: local.day, hour, minute: 0, second: 0 }, tz);
        expect(t.toUnixTime() * 1000, local.toISO() ?? "").toBe(local.toMillis());
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(3650 + 20 * 22);
  });

  it("a virtual extraordinary meeting (R-3.9) carries a REQUEST with the link in LOCATION, URL and DESCRIPTION", () => {
    const m = first(messagesForSeat(ishoj), "extraordinary-meeting-notice");
    const r = renderMessage(m);
    const ev = parse(r.calendar?.ics ?? "");
    expect(ev.method).toBe("REQUEST");
    expect(ev.startMs).toBe(Date.parse(MEETING_EXTRA.startsAt));
    expect(ev.description).toContain(MEETING_EXTRA.virtualUrl);
    expect(ev.location).toContain(MEETING_EXTRA.virtualUrl);
    expect(ev.raw).toContain(`URL;VALUE=URI:${MEETING_EXTRA.virtualUrl}`);
  });

  it("a moved meeting keeps the UID and raises the SEQUENCE; the new DTSTART is the new time", () => {
    const seatMessages = messagesForSeat(ishoj);
    const before = parse(renderMessage(first(seatMessages, "agenda", (a) => a.meeting === MEETING_SUMMER)).calendar?.ics ?? "");
    const moved = first(seatMessages, "meeting-changed");
    const after = parse(renderMessage(moved).calendar?.ics ?? "");
    expect(after.method).toBe("REQUEST");
    expect(after.uid).toBe(before.uid);
    expect(after.sequence).toBeGreaterThan(before.sequence);
    expect(after.startMs).toBe(Date.parse("2027-04-29T15:00:00+02:00"));
    expect(after.attendee).toBe(`mailto:${ishoj.member.email}`);
  });

  it("a cancellation is METHOD:CANCEL, STATUS:CANCELLED, same UID, higher SEQUENCE", () => {
    const seatMessages = messagesForSeat(ishoj);
    const moved = parse(renderMessage(first(seatMessages, "meeting-changed")).calendar?.ics ?? "");
    const r = renderMessage(first(seatMessages, "meeting-cancelled"));
    expect(r.calendar?.method).toBe("CANCEL");
    const ev = parse(r.calendar?.ics ?? "");
    expect(ev.method).toBe("CANCEL");
    expect(ev.status).toBe("CANCELLED");
    expect(ev.uid).toBe(moved.uid);
    expect(ev.sequence).toBeGreaterThan(moved.sequence);
    expect(ev.attendee).toBe(`mailto:${ishoj.member.email}`);
  });

  it("refuses an update or cancellation whose SEQUENCE is not higher (Outlook would ignore it)", () => {
    const moved = first(messagesForSeat(ishoj), "meeting-changed");
    expect(() => renderMessage({ ...moved, invite: { ...moved.invite, sequence: moved.previousSequence } })).toThrow(TemplateInputError);
    const cancelled = first(messagesForSeat(ishoj), "meeting-cancelled");
    expect(() => renderMessage({ ...cancelled, invite: { ...cancelled.invite, sequence: 0 } })).toThrow(/higher/);
  });

  it("only meeting mail carries an invite, and the invite is addressed to the recipient (the substitute too)", () => {
    const withInvite = new Set(["agenda", "extraordinary-meeting-notice", "meeting-changed", "meeting-cancelled"]);
    for (const m of messagesForSeat(plo)) expect(Boolean(renderMessage(m).calendar), m.kind).toBe(withInvite.has(m.kind));
    const sub = first(messagesForSubstitute(plo), "agenda");
    expect(parse(renderMessage(sub).calendar?.ics ?? "").attendee).toBe(`mailto:${substitute(plo).email}`);
  });
});

describe("R-3.2: agenda items", () => {
  const messages = messagesForSeat(ishoj);

  it("the call for items gives the deadline, how to ask (title on the first line) and where the request goes", () => {
    const r = renderMessage(first(messages, "call-for-items"));
    expect(r.text).toContain("senest torsdag den 25. marts 2027 kl. 23.59");
    expect(r.text).toContain("Skriv punktets overskrift i første linje.");
    expect(r.text).toContain("formandskabet og sekretariatet");
    expect(r.text).toContain("senest 28 dage før mødet");
    expect(r.text).toContain(replyAddress(ishoj, "punkt"));
  });

  it("the receipt says when the request came and whether it was on time or late", () => {
    const [onTime, late] = only(messages, "item-request-receipt").map(renderMessage);
    expect(onTime?.text).toContain("Modtaget: torsdag den 25. marts 2027 kl. 23.59");
    expect(onTime?.text).toContain("Status: Rettidigt");
    expect(late?.text).toContain("Modtaget: fredag den 26. marts 2027 kl. 00.00");
    expect(late?.text).toContain("for sent — formandskabet beslutter, om punktet optages");
    expect(late?.subject).toContain("efter fristen");
  });

  it("the forwarded request tells the chairs and the secretariat who asked, when, late or not, and the text", () => {
    const forwarded = only(messages, "item-request-forwarded");
    expect(forwarded.map((m) => m.to.email).sort()).toEqual([secretariat.email, ...chairs.map((c) => c.email), secretariat.email].sort());
    const r = renderMessage(forwarded[0]!);
    expect(r.text).toContain(`Fra: ${ishoj.member.name} (${ishoj.title})`);
    expect(r.text).toContain("Modtaget: fredag den 26. marts 2027 kl. 00.00");
    expect(r.text).toContain("For sent — formandskabet beslutter, om punktet optages");
    expect(r.text).toContain("> Drøftelse af kapaciteten.\n> Se bilag.");
    const bySubstitute = renderMessage(forwarded.find((m) => m.requester.role === "substitute")!);
    expect(bySubstitute.text).toContain(`suppleant for ${ishoj.title}`);
  });
});

describe("R-3.3, R-3.4, R-3.7: the agenda", () => {
  it("time, place, presiding chair, numbered items with descriptions and material links, and how to send an apology", () => {
    const m = first(messagesForSeat(ishoj), "agenda", (a) => a.meeting === MEETING_SUMMER);
    const r = renderMessage(m);
    expect(r.text).toContain(`Sted: ${MEETING_SUMMER.location}`);
    expect(r.text).toContain(`Mødeleder: ${MEETING_SUMMER.presidingChairName}`);
    expect(r.text).toContain("2. Status på indsatserne 2027");
    expect(r.text).toContain("   Sekretariatet indstiller, at status tages til efterretning.");
    expect(r.text).toContain(`- Statusnotat.pdf (1,2 MB): ${BASE}/m/ishoj-tok/materiale/status/0`);
    expect(r.html).toContain(`<a href="${BASE}/m/ishoj-tok/materiale/status/0"`);
    expect(r.html).toMatch(/<h3[^>]*>3\. Flere borgere i dosisdispensering<\/h3>/);
    expect(r.text).toContain("almen praksis er repræsenteret");
    expect(r.text).toContain("AFBUD");
    expect(r.text).toContain("AFBUD – SUPPLEANT DELTAGER");
    expect(r.text).toContain(replyAddress(ishoj, "afbud"));
  });

  it("shows only the items passed in: the authorities-only item reaches region and municipality seats, not general practice (R-3.4)", () => {
    const title = "Fordeling af statslige opstartsmidler";
    expect(renderMessage(first(messagesForSeat(ishoj), "agenda")).text).toContain(title);
    expect(renderMessage(first(messagesForSeat(seat("region-2")), "agenda")).text).toContain(title);
    expect(renderMessage(first(messagesForSeat(plo), "agenda")).text).not.toContain(title);
  });

  it("a substitute's agenda says when the substitute attends and asks for no apology", () => {
    const r = renderMessage(first(messagesForSubstitute(ishoj), "agenda"));
    expect(r.text).toContain(`Du får dagsordenen som suppleant for ${ishoj.title}`);
    expect(r.text).not.toContain("AFBUD");
    expect(r.text).toContain(`Du får denne e-mail, fordi du er suppleant for ${ishoj.title} i ${committee.name}.`);
  });

  it("the apology receipt (R-3.7) says what was registered, with or without the substitute", () => {
    const [withSub, without] = only(messagesForSeat(ishoj), "apology-receipt").map(renderMessage);
    expect(withSub?.text).toContain(`${substitute(ishoj).name}, deltager i stedet for dig`);
    expect(withSub?.text).toContain("onsdag den 14. april 2027 kl. 08.12");
    expect(without?.text).toContain("din suppleant ikke deltager");
  });
});

describe("R-3.7, R-4.2: the quorum forecast", () => {
  it("expected n of N (min M), conditions met or not, apologies, substitutes and bounced addresses", () => {
    const m = first(messagesForSeat(plo), "quorum-forecast", (q) => q.quorate);
    const r = renderMessage(m);
    expect(r.subject).toContain("beslutningsdygtigt (15 af 17)");
    expect(r.text).toContain("Forventet fremmøde: 15 af 17 pladser (mindst 9)");
    expect(r.text).toContain("- Opfyldt: Regionen er repræsenteret (3)");
    expect(r.text).toContain("- IKKE opfyldt: PLO-Hovedstaden (almen praksis) er repræsenteret");
    expect(r.text).toContain(`- ${plo.title}: ${plo.member.name}, modtaget onsdag den 14. april 2027 kl. 08.12 – suppleant deltager`);
    expect(r.text).toContain(`- ${substitute(plo).name} for ${plo.title}`);
    expect(r.text).toContain(`- ${plo.member.email} (${plo.member.name}, ${plo.title})`);
  });

  it("warns when the meeting is not expected to be quorate, and says so when nothing bounced", () => {
    const r = renderMessage(first(messagesForSeat(plo), "quorum-forecast", (q) => !q.quorate));
    expect(r.subject).toContain("IKKE beslutningsdygtigt (8 af 17)");
    expect(r.text).toContain(">> Advarsel: Mødet forventes IKKE at være beslutningsdygtigt.");
    expect(r.text).toContain("Ingen adresser har afvist e-mails.");
    expect(r.text).toContain("Ingen afbud.");
  });
});

describe("R-3.5: minutes", () => {
  const [v1, v2] = only(messagesForSeat(ishoj), "minutes").map(renderMessage);

  it("the first version: link, objection deadline, how to object, silence means approval", () => {
    expect(v1?.subject).toBe("Protokol fra mødet den 22. april 2027 – indsigelser senest 8. maj 2027");
    expect(v1?.text).toContain(`Læs protokollen (udgave 1): ${BASE}/m/ishoj-tok/protokol`);
    expect(v1?.text).toContain("senest lørdag den 8. maj 2027 kl. 23.59");
    expect(v1?.text).toContain("INDSIGELSE i første linje");
    expect(v1?.text).toContain("Har du ingen indsigelser, skal du ikke gøre noget.");
    expect(v1?.text).toContain("er protokollen godkendt");
    expect(v1?.text).toContain(`Gør indsigelse: ${BASE}/m/ishoj-tok/protokol/indsigelse`);
    expect(v1?.text).toContain("inden for 8 dage");
  });

  it("a revision says 'revideret udgave N' and shows the change note", () => {
    expect(v2?.subject).toContain("Revideret udgave 2");
    expect(v2?.text).toContain("revideret udgave 2");
    expect(v2?.text).toContain("Det er ændret:\n> Punkt 3: beslutningen om dosisdispensering er præciseret.");
    expect(v2?.text).not.toContain("Gør indsigelse:");
  });

  it("the objection receipt and the approval", () => {
    const receipt = renderMessage(first(messagesForSeat(ishoj), "objection-receipt"));
    expect(receipt.text).toContain("> Punkt 3 gengiver ikke beslutningen korrekt.");
    expect(receipt.text).toContain("revideret udgave");
    const approved = renderMessage(first(messagesForSeat(ishoj), "minutes-approved"));
    expect(approved.subject).toBe("Protokol godkendt: mødet den 22. april 2027");
    expect(approved.text).toContain("Udgave: Revideret udgave 2");
    expect(approved.text).toContain("Godkendt: tirsdag den 18. maj 2027 kl. 23.59");
  });
});

describe("R-3.6, R-7.1: written votes", () => {
  it("the ballot: title, question, material, deadline, answer links, the reply instruction, one objection moves the matter, votes may change", () => {
    const r = renderMessage(first(messagesForSeat(ishoj), "ballot"));
    expect(r.subject).toBe("Skriftlig votering: Forlængelse af Fælles ammeindsats til 2028 – svar senest 1. april 2027");
    expect(REPLY_INSTRUCTION).toBe("Svar JA, NEJ, UNDLAD eller INDSIGELSE øverst i dit svar");
    expect(r.text).toContain(REPLY_INSTRUCTION);
    expect(r.html).toContain(REPLY_INSTRUCTION);
    expect(r.text).toContain(VOTE.question);
    expect(r.text).toContain("senest torsdag den 1. april 2027 kl. 23.59");
    expect(r.text).toContain(`Indstilling.pdf (210 kB) <${VOTE.material[0]?.url}>`);
    expect(r.text).toContain(`INDSIGELSE MOD SKRIFTLIG BEHANDLING: ${answerUrls(ishoj).objection}`);
    expect(r.text).toContain("Gør blot ét medlem indsigelse mod skriftlig behandling, skal sagen behandles på et møde");
    expect(r.text).toContain("Du kan ændre din stemme indtil fristen. Det seneste svar tæller.");
  });

  it("a substitute's ballot says the answer counts only while the substitute represents the seat", () => {
    const r = renderMessage(first(messagesForSubstitute(ishoj), "ballot"));
    expect(r.text).toContain(`tæller dit svar kun, hvis sekretariatet har registreret, at du repræsenterer ${ishoj.title}`);
  });

  it("the reminder goes to those who have not answered and repeats how to answer", () => {
    const r = renderMessage(first(messagesForSeat(ishoj), "vote-reminder"));
    expect(r.text).toContain("Vi har endnu ikke fået dit svar");
    expect(r.text).toContain(REPLY_INSTRUCTION);
    expect(r.text).toContain("Medlemmer, der har svaret, får ingen påmindelse.");
  });

  it("the receipt says what was recorded and when; a vote can change, an objection moves the matter", () => {
    const [vote, objection] = only(messagesForSeat(ishoj), "vote-receipt").map(renderMessage);
    expect(vote?.text).toContain("Dit svar: NEJ (imod)");
    expect(vote?.text).toContain("Erstatter: JA (for)");
    expect(vote?.text).toContain("Modtaget: lørdag den 27. marts 2027 kl. 10.05");
    expect(vote?.text).toContain("Du kan ændre din stemme ved at svare igen senest torsdag den 1. april 2027 kl. 23.59");
    expect(objection?.text).toContain("sagen skal behandles på et møde");
    expect(objection?.text).not.toContain("Du kan ændre din stemme");
  });

  it("the result: outcome, counts, each seat's answer in Danish with channel and time, 'ikke svaret', and recorded dissent", () => {
    const results = only(messagesForSeat(ishoj), "vote-result");
    const carried = renderMessage(results.find((m) => m.outcome === "carried")!);
    expect(carried.subject).toBe("Resultat: Vedtaget – Forlængelse af Fælles ammeindsats til 2028");
    expect(carried.text).toContain("For: 9");
    expect(carried.text).toContain("Svar i alt: 13 af 17");
    for (const s of SEATS) expect(carried.text).toContain(`- ${s.title}: `);
    expect(carried.text).toContain(`- ${SEATS[4]?.title}: ikke svaret`);
    expect(carried.text).toMatch(/- Regionsrådsformand, Region Hovedstaden: JA \(for\), e-mail, 25\. marts 2027 kl\. 10\.00/);
    expect(carried.text).toContain(`JA (for), afgivet af suppleanten ${SEATS[6]?.substitutes[0]?.name}, e-mail`);
    expect(carried.text).toContain(`${SEATS[3]?.title}: Dissens fra ${SEATS[3]?.title}: indsatsen bør først evalueres.`);
    expect(carried.html).toContain("<caption");
    expect(carried.html).toContain('<th scope="col"');
    const moved = results.filter((m) => m.outcome === "moved-to-meeting").map(renderMessage);
    expect(moved[0]?.text).toContain("Sagen er sat på dagsordenen til mødet torsdag den 22. april 2027 kl. 14.00.");
    expect(moved[1]?.text).toContain("Sagen kommer på dagsordenen til et kommende møde.");
    expect(moved[1]?.text).toContain("Ingen bemærkninger.");
    expect(renderMessage(results.find((m) => m.outcome === "not-carried")!).subject).toContain("Ikke vedtaget");
    expect(renderMessage(results.find((m) => m.outcome === "cancelled")!).subject).toContain("Annulleret");
  });
});

describe("R-3.9, meeting changes", () => {
  it("the extraordinary notice gives the short notice in days, the items and the virtual link", () => {
    const r = renderMessage(first(messagesForSeat(ishoj), "extraordinary-meeting-notice"));
    expect(r.subject).toBe("Indkaldelse til ekstraordinært møde onsdag den 10. februar 2027 kl. 16.00 (virtuelt)");
    expect(r.text).toContain("med 6 dages varsel");
    expect(r.text).toContain(`Deltag i det virtuelle møde: ${MEETING_EXTRA.virtualUrl}`);
    expect(r.text).toContain("1. Godkendelse af dagsorden");
    expect(r.text).toContain("Mødetype: Ekstraordinært møde");
  });

  it("a moved meeting gives the old and new time; a cancelled one says so", () => {
    const moved = renderMessage(first(messagesForSeat(ishoj), "meeting-changed"));
    expect(moved.subject).toBe("Mødet er flyttet til torsdag den 29. april 2027 kl. 15.00");
    expect(moved.text).toContain("der var planlagt torsdag den 22. april 2027 kl. 14.00, er flyttet");
    const cancelled = renderMessage(first(messagesForSeat(ishoj), "meeting-cancelled"));
    expect(cancelled.subject).toBe("Aflyst: mødet den 29. april 2027 kl. 15.00");
    expect(cancelled.text).toContain("er aflyst");
  });
});

describe("Reminders and alerts to the secretariat and the chairs (R-3.3, R-3.5)", () => {
  const messages = messagesForSeat(ishoj);

  it("the agenda and minutes reminders give the deadline and what to do", () => {
    const agenda = renderMessage(first(messages, "agenda-release-reminder"));
    expect(agenda.text).toContain("senest mandag den 12. april 2027 kl. 23.59 (forretningsordenens § 3, stk. 3)");
    expect(agenda.text).toContain(`Åbn mødet i konsollen: ${BASE}/console/meetings/2027-04-22`);
    const minutes = renderMessage(first(messages, "minutes-reminder"));
    expect(minutes.text).toContain("senest søndag den 2. maj 2027 kl. 23.59 (forretningsordenens § 3, stk. 5)");
  });

  it("alerts name what is late or wrong, the deadline and what happens next", () => {
    const alerts = only(messages, "alert").filter((m) => m.to.role === "secretariat").map(renderMessage);
    const [agendaLate, minutesLate, bounce] = alerts;
    expect(agendaLate?.subject).toBe("Advarsel: Dagsordenen til mødet den 22. april 2027 er ikke sendt");
    expect(agendaLate?.text).toContain("Frist: mandag den 12. april 2027 kl. 23.59");
    expect(agendaLate?.text).toContain("Hvad sker der nu?\n-----------------");
    expect(minutesLate?.text).toContain("Frist: søndag den 2. maj 2027 kl. 23.59");
    expect(bounce?.subject).toBe(`Advarsel: E-mail til ${ishoj.member.name} kunne ikke leveres`);
    expect(bounce?.text).toContain(ishoj.member.email);
    expect(bounce?.text).toContain("> 550 5.1.1 <recipient>: user unknown");
    expect(renderMessage(only(messages, "alert").find((m) => m.to.role === "chair")!).text).toContain(`Du får denne e-mail, fordi du er med i formandskabet for ${committee.name}`);
  });

  it("the initiative report request, reminder and escalation", () => {
    const request = renderMessage(first(messages, "initiative-report-request"));
    expect(request.text).toContain("Midler: 500.000 kr.");
    expect(request.text).toContain("Flere spædbørn er fuldt ammet ved 2 uger.");
    expect(request.text).toContain("Du får denne e-mail, fordi du er kontaktperson for indsatsen »Fælles ammeindsats«");
    expect(renderMessage(first(messages, "initiative-report-reminder")).subject).toBe("Påmindelse: statusrapport for Fælles ammeindsats senest 25. marts 2027");
    const escalation = renderMessage(first(messages, "initiative-report-escalation"));
    expect(escalation.text).toContain("Mangler siden: fredag den 26. marts 2027 kl. 00.00");
    expect(escalation.text).toContain("Påmindelser sendt: 2");
  });
});

describe("Answers to replies (issue 5)", () => {
  const replies = only(messagesForSeat(ishoj), "reply-outcome");

  it("recorded: what was recorded", () => {
    const vote = renderMessage(replies.find((m) => m.variant === "recorded" && m.recorded.kind === "vote" && m.recorded.answer === "for")!);
    expect(vote.text).toContain("Registreret: JA (for)");
    expect(vote.text).toContain("> Godt initiativ.");
    expect(vote.text).toContain("Du kan ændre dit svar ved at svare igen senest torsdag den 1. april 2027 kl. 23.59");
    const apology = renderMessage(replies.find((m) => m.variant === "recorded" && m.recorded.kind === "apology")!);
    expect(apology.text).toContain("Registreret: Afbud – suppleant deltager");
  });

  it("not-understood: the reader's Danish reason and the accepted words, per kind of reply", () => {
    const notUnderstood = replies.filter((m) => m.variant === "not-understood").map(renderMessage);
    expect(notUnderstood[0]?.text).toContain("Dit svar indeholdt flere svar (JA og NEJ)");
    expect(notUnderstood[0]?.text).toContain("Skriv ét af disse ord øverst i dit svar: JA, NEJ, UNDLAD eller INDSIGELSE");
    expect(notUnderstood[0]?.text).toContain("Husk fristen: senest torsdag den 1. april 2027 kl. 23.59.");
    expect(notUnderstood.map((r) => r.text).join("\n")).toContain("Skriv AFBUD øverst i dit svar.");
  });

  it("too-late: kept, not counted, with the outcome when known", () => {
    const [withOutcome, without] = replies.filter((m) => m.variant === "too-late").map(renderMessage);
    expect(withOutcome?.text).toContain("Svaret er gemt, men det tæller ikke.");
    expect(withOutcome?.text).toContain("Forslaget er vedtaget: 9 for, 2 imod, 2 undlod at stemme.");
    expect(without?.text).toContain("Du får besked, når resultatet foreligger.");
  });

  it("not-accepted: why, for each reason; the notice goes to the registered address", () => {
    const notAccepted = replies.filter((m) => m.variant === "not-accepted");
    expect(notAccepted.map((m) => m.to.email)).toEqual(Array(4).fill(ishoj.member.email));
    const [sender, expired, revoked, wrongSeat] = notAccepted.map(renderMessage);
    expect(sender?.text).toContain("fra privat@mail.example.net, som ikke er din registrerede adresse");
    expect(expired?.text).toContain("er udløbet");
    expect(revoked?.text).toContain("gælder ikke længere");
    expect(wrongSeat?.text).toContain("kan ikke registreres for din plads");
  });

  it("confirm-by-link: unsure or unverified, press the link to confirm", () => {
    const [unsure, unverified] = replies.filter((m) => m.variant === "confirm-by-link").map(renderMessage);
    expect(unsure?.text).toContain("Vi læste svaret som: UNDLAD (hverken for eller imod)");
    expect(unsure?.text).toContain(`Bekræft mit svar: ${BASE}/m/ishoj-tok/bekraeft`);
    expect(unverified?.text).toContain("afsenderen ikke kunne verificeres");
  });
});

describe("Fixture sanity", () => {
  it("recipients come from the rulebook: 17 members, 17 substitutes, 2 co-chairs, the secretariat", () => {
    expect(SEATS.map((s) => member(s).email)).toHaveLength(17);
    expect(new Set(SEATS.map((s) => substitute(s).email)).size).toBe(17);
    expect(chairs.map((c) => c.email)).toEqual(RULEBOOK.coChairs.map((id) => seat(id).member.email));
    expect(secretariat.email).toBe(committee.secretariatEmail);
  });
});
