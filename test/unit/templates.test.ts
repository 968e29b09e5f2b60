import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { COLORS, contrastRatio } from "#templates/layout";
import { buildInvite } from "#templates/invite";
import { renderMessage, type Message } from "#templates/mail";
import { committee, everyMessage, item, meeting, recipients, reply, vote, winter } from "../support/messages.ts";

describe("Email: the footer's link to the member's own page (Mine sager, issue 22)", () => {
  it("every message carries it in HTML and text when the sender gives one, and none otherwise", () => {
    const url = "https://klyngeflow.example.org/m/sager/abc-k1def";
    for (const m of everyMessage(recipients[0]!)) {
      const withLink = renderMessage(m, { memberPageUrl: url });
      expect(withLink.html).toContain(`<a href="${url}"`);
      expect(withLink.text).toContain(`Mine sager: alt, der venter på dig, på én side:\n${url}`);
      expect(renderMessage(m).text).not.toContain("Mine sager: alt, der venter");
    }
  });
  it("the weekly digest lists what waits, and says so when nothing does", () => {
    const digest = everyMessage(recipients[0]!).find((m) => m.kind === "weekly-digest");
    const r = renderMessage(digest!);
    expect(r.subject).toBe("Ugentlig oversigt fra Politisk Sundhedsklynge Syd: 3 sager venter på dig");
    expect(r.text).toContain("Forlængelse – svar senest lørdag den 3. april 2027 kl. 23.59");
    expect(r.text).toContain("torsdag den 22. april 2027 kl. 14.00 (du har meldt afbud)");
    const empty = renderMessage({ ...(digest as Extract<Message, { kind: "weekly-digest" }>), votes: [], minutes: [], reports: [], meetings: [] });
    expect([empty.subject.endsWith("intet venter på dig"), empty.text.includes("Intet venter på dig lige nu.")]).toEqual([true, true]);
  });
});

describe("Email: every template renders for every seat", () => {
  it(`renders ${everyMessage(recipients[0]!).length} messages for each of ${recipients.length} recipients with no unfilled placeholder`, () => {
    const kinds = new Set<string>();
    for (const to of recipients) {
      for (const m of everyMessage(to)) {
        kinds.add(m.kind);
        const r = renderMessage(m);
        for (const part of [r.subject, r.text, r.html]) expect(part).not.toMatch(/\{\{|\}\}|undefined|null|NaN|\[object Object\]/);
        expect(r.subject.length).toBeLessThanOrEqual(120);
        expect(r.html).toContain('<html lang="da">');
        expect(r.html.match(/<h1\b/g)).toHaveLength(1);
        expect(r.text).toContain(to.name);
        expect(r.text).toContain("Sekretariatet for Politisk Sundhedsklynge Syd");
        expect(r.text).toContain("Du får denne e-mail, fordi");
      }
    }
    expect(kinds.size).toBe(24);
  });
});

describe("Email: Danish dates", () => {
  it("the agenda for the meeting of 2027-04-22 14:00 CEST says 'torsdag den 22. april 2027 kl. 14.00'", () => {
    const r = renderMessage({ kind: "agenda", committee, to: recipients[0]!, meeting, items: [], ...reply });
    expect(r.text).toContain("Tidspunkt: torsdag den 22. april 2027 kl. 14.00");
  });
  it("a winter meeting (CET) says 'torsdag den 5. november 2026 kl. 14.00'", () => {
    expect(renderMessage({ kind: "agenda", committee, to: recipients[0]!, meeting: winter, items: [], ...reply }).text).toContain("torsdag den 5. november 2026 kl. 14.00");
  });
  it("deadlines read 'senest … kl. 23.59'", () => {
    expect(renderMessage({ kind: "ballot", committee, to: recipients[0]!, vote, ...reply }).text).toContain("senest lørdag den 3. april 2027 kl. 23.59");
  });
});

describe("Email: escaping is automatic", () => {
  it("an agenda title with markup shows as text in HTML and verbatim in the plain text", () => {
    const evil = `<script>alert(1)</script> & "x"`;
    const r = renderMessage({ kind: "agenda", committee, to: recipients[0]!, meeting, items: [item(evil)], ...reply });
    expect(r.html).not.toContain("<script>");
    expect(r.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;");
    expect(r.text).toContain(`1. ${evil}`);
  });
  it("a link that is not http(s) or mailto is not put in an href", () => {
    const r = renderMessage({ kind: "agenda", committee, to: recipients[0]!, meeting, items: [{ ...item("x"), material: [{ label: "bilag", url: "javascript:alert(1)" }] }], ...reply });
    expect(r.html).not.toContain("javascript:");
  });
});

describe("Email: readable on a phone, accessible", () => {
  it("text and button colours reach WCAG contrast 4.5:1", () => {
    expect(contrastRatio(COLORS.text, COLORS.bg)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(COLORS.muted, COLORS.bg)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(COLORS.muted, COLORS.page)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio("#ffffff", COLORS.accent)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(COLORS.accent, COLORS.bg)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio("#777777", "#ffffff")).toBeLessThan(4.5);
  });
  it("single column of at most 600px, a viewport meta, no images, buttons are links with text", () => {
    const r = renderMessage({ kind: "ballot", committee, to: recipients[0]!, vote, ...reply, answerLinks: [{ label: "JA", url: `${reply.linkUrl}?svar=for` }] });
    expect(r.html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(r.html).toContain("max-width:600px");
    expect(r.html).not.toMatch(/<img\b/);
    expect(r.html).toMatch(/<a href="[^"]+\?svar=for"[^>]*>JA<\/a>/);
  });
  it("a title with a line break cannot become a second header: subjects are one line of at most 120 characters", () => {
    const r = renderMessage({ kind: "ballot", committee, to: recipients[0]!, vote: { ...vote, title: `Sag\r\nBcc: evil@example.com ${"x".repeat(200)}` }, ...reply });
    expect(r.subject).not.toMatch(/[\r\n]/);
    expect(r.subject.length).toBeLessThanOrEqual(120);
  });
});

describe("Email: calendar invites parse and update as Outlook needs", () => {
  const to = recipients.find((r) => r.email === "borgmester@ishoj.example.org")!;
  const parse = (ics: string) => new ICAL.Component(ICAL.parse(ics));
  const event = (ics: string) => parse(ics).getFirstSubcomponent("vevent")!;

  it("an agenda carries METHOD:REQUEST, a stable UID, SEQUENCE, the member as ATTENDEE and the meeting's Copenhagen time", () => {
    const r = renderMessage({ kind: "agenda", committee, to, meeting, items: [], ...reply });
    expect(r.calendar?.method).toBe("REQUEST");
    const cal = parse(r.calendar?.ics ?? "");
    expect(cal.getFirstPropertyValue("method")).toBe("REQUEST");
    const e = event(r.calendar?.ics ?? "");
    expect(e.getFirstPropertyValue("uid")).toBe("meeting-politisk-sundhedsklynge-syd-2027-04-22@klyngeflow");
    expect(e.getFirstPropertyValue("sequence")).toBe(0);
    expect(String(e.getFirstPropertyValue("attendee")).toLowerCase()).toBe("mailto:borgmester@ishoj.example.org");
    const start = e.getFirstProperty("dtstart")!;
    expect(start.getParameter("tzid")).toBe("Europe/Copenhagen");
    expect(String(start.getFirstValue())).toBe("2027-04-22T14:00:00");
  });
  it("a moved meeting keeps the UID with a higher SEQUENCE; a cancellation is METHOD:CANCEL, STATUS:CANCELLED", () => {
    const moved = renderMessage({ kind: "meeting-changed", committee, to, meeting: { ...meeting, inviteSequence: 1 } });
    const cancelled = renderMessage({ kind: "meeting-cancelled", committee, to, meeting: { ...meeting, inviteSequence: 2 } });
    expect(event(moved.calendar?.ics ?? "").getFirstPropertyValue("sequence")).toBe(1);
    expect(parse(cancelled.calendar?.ics ?? "").getFirstPropertyValue("method")).toBe("CANCEL");
    const e = event(cancelled.calendar?.ics ?? "");
    expect([e.getFirstPropertyValue("uid"), e.getFirstPropertyValue("sequence"), e.getFirstPropertyValue("status")]).toEqual(["meeting-politisk-sundhedsklynge-syd-2027-04-22@klyngeflow", 2, "CANCELLED"]);
  });
  it("long Danish text is folded at 75 octets without splitting a character, escaped, and reads back unchanged; DTSTAMP is UTC", () => {
    const summary = `${"Ø".repeat(60)}, punkt; sti C:\\mappe`;
    const description = "Første linje\nAnden linje æøå, med komma; og semikolon. ".repeat(8);
    const ics = buildInvite({
      method: "REQUEST", uid: "u@klyngeflow", sequence: 0, startsAt: "2027-04-22T14:00:00+02:00", durationMinutes: 90, summary, description, location: "Regionshuset, Alléen 15",
      organizer: { name: "Sekretariatet", email: "sekretariat@sundhedsklynge-syd.example.org" }, attendee: { name: "Borgmester \"Ole\" i Ishøj", email: "borgmester@ishoj.example.org" },
    });
    const lines = ics.split("\r\n");
    expect(Math.max(...lines.map((l) => Buffer.byteLength(l)))).toBeLessThanOrEqual(75);
    expect(lines.join("")).not.toContain("\uFFFD");
    const e = event(ics);
    expect([e.getFirstPropertyValue("summary"), e.getFirstPropertyValue("description"), e.getFirstPropertyValue("location")]).toEqual([summary, description, "Regionshuset, Alléen 15"]);
    expect(e.getFirstProperty("attendee")?.getParameter("cn")).toBe("Borgmester 'Ole' i Ishøj");
    expect(ics).toMatch(/\r\nDTSTAMP:20270422T120000Z\r\n/);
    expect(String(e.getFirstPropertyValue("dtend"))).toBe("2027-04-22T15:30:00");
  });
  it("the VTIMEZONE gives +01:00 in winter and +02:00 in summer", () => {
    const ics = renderMessage({ kind: "agenda", committee, to, meeting: winter, items: [], ...reply }).calendar?.ics ?? "";
    const cal = parse(ics);
    const tz = new ICAL.Timezone(cal.getFirstSubcomponent("vtimezone")!);
    const at = (s: string) => { const t = ICAL.Time.fromDateTimeString(s); return tz.utcOffset(t) / 3600; };
    expect([at("2026-11-05T14:00:00"), at("2027-04-22T14:00:00")]).toEqual([1, 2]);
  });
});
