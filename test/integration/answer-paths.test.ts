/**
 * One path for a member's answer: a reply by email and an answer by link are read by their channel
 * and then recorded by the same use case. These are the drifts the two pipelines had, each shown through
 * the real entry points: processInbound with a raw reply, and the member page's POST and answer page.
 */
import type { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { processInbound } from "#functions/answers/email-replies";
import { auditTrail } from "#functions/audit/audit";
import { recordRepresentation } from "#functions/committee/seats";
import { makeApp } from "#functions/http/app";
import { reportsOfMeeting } from "#functions/initiatives/initiatives";
import { startMeetingCycles } from "#functions/meetings/plan";
import { uploadMinutes } from "#functions/minutes/minutes";
import { answerPage, notCountedReason } from "#templates/answers";
import { factories } from "../support/factories.ts";
import { rulebook2026 } from "../support/rulebooks.ts";
import { startTestRuntime, type TestRuntime } from "../support/runtime.ts";

const C = "sundhedsklynge-syd";
const M = "2027-04-22";
const OWNER = "ammeindsats@region.example.org";
const SUBSTITUTE = rulebook2026.seats.find((s) => s.id === "ishoj")?.substitutes[0]?.email ?? "";
let t: TestRuntime;
afterEach(async () => { await t?.stop(); });

const post = (app: Hono, path: string, body: string) => app.request(path, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
const linkOf = (text: string) => new URL(/(http:\/\/[^\s?]+\/m\/[a-z0-9-]+)/.exec(text)?.[1] ?? "http://x/").pathname;

async function answerByLink(app: Hono, path: string, form: string): Promise<string> {
  const res = await post(app, path, form);
  expect(res.status).toBe(303);
  return (await app.request(res.headers.get("location") ?? "")).text();
}

function reply(to: string, from: string, body: string, id: string): Buffer {
  return Buffer.from([
    `From: ${from}`, `To: ${to}`, `Subject: Re: Statusrapport`, `Message-ID: <${id}@example.org>`, "Date: Fri, 26 Mar 2027 10:00:00 +0100",
    "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "", body, "",
  ].join("\r\n"));
}

describe("one path for a member's answer, whichever way it comes", () => {
  it("an initiative report by link is audited and keeps its status and figures, exactly as one by email", async () => {
    t = await startTestRuntime({ start: "2027-02-01T09:00:00+01:00", plan: [{ id: M, startsAt: "2027-04-22T14:00", location: "Hvidovre Hospital" }] });
    await t.deps.store.create("initiative", factories.initiative());
    await t.deps.store.create("initiative", factories.initiative({ initiativeId: "overvaegt", name: "Overvægt", owner: { name: "Projektleder (fiktiv)", email: "overvaegt@region.example.org" } }));
    await startMeetingCycles(t.deps, C);
    await t.runUntil("2027-03-12T10:00:00+01:00");
    const requests = (await t.outbox()).filter((m) => m.purpose === "initiative-report-request");
    const byLink = requests.find((m) => m.to === OWNER);
    const byEmail = requests.find((m) => m.to === "overvaegt@region.example.org");
    const report = "Indsatsen er på sporet.\nAndel fuldt ammet ved 2 uger: 61 %\nForbrug: 210.000";

    const page = await answerByLink(makeApp(t.deps), linkOf(byLink?.text ?? ""), `rapport=${encodeURIComponent(report)}`);
    expect(page).toContain("Rapporten er modtaget");
    await processInbound(t.deps, { raw: reply(byEmail?.replyTo ?? "", "overvaegt@region.example.org", report, "report-by-email"), receiptId: "r-email", receivedAt: t.now(), channel: "smtp" });

    const reports = await reportsOfMeeting(t.deps, C, M);
    const link = reports.find((r) => r.initiativeId === "faelles-ammeindsats");
    const email = reports.find((r) => r.initiativeId === "overvaegt");
    expect(link).toMatchObject({ channel: "link", status: "on-track", figures: { "Andel fuldt ammet ved 2 uger": 61, Forbrug: 210000 } });
    expect({ status: link?.status, figures: link?.figures, text: link?.text }).toEqual({ status: email?.status, figures: email?.figures, text: email?.text });
    const trail = await auditTrail(t.deps, C, `meeting/${M}`);
    const audited = trail.filter((e) => e.action === "initiative.report").map((e) => [e.channel, e.actor, e.data]);
    expect(audited).toEqual([
      ["link", OWNER, { initiativeId: "faelles-ammeindsats", figures: 2 }],
      ["email", "overvaegt@region.example.org", { initiativeId: "overvaegt", figures: 2 }],
    ]);
  });

  it("R-3.5: a refused objection by link says why it was refused (not 'the window closed or a newer version was sent'), as the email path does", async () => {
    t = await startTestRuntime({ start: "2027-04-20T09:00:00+02:00", plan: [{ id: M, startsAt: "2027-04-22T14:00", location: "Hvidovre Hospital" }] });
    // Ishøj's substitute represents the seat until 2027-04-28, gets the minutes, and objects after that.
    await recordRepresentation(t.deps, C, { seatId: "ishoj", substituteId: "ishoj-suppleant", from: "2027-04-20T00:00:00+02:00", to: "2027-04-28T00:00:00+02:00" }, "secretariat");
    await startMeetingCycles(t.deps, C);
    await t.runUntil("2027-04-27T10:00:00+02:00");
    await uploadMinutes(t.deps, { committeeId: C, meetingId: M, content: Buffer.from("%PDF v1"), contentType: "application/pdf", changeNote: "", by: "secretariat" });
    await t.runUntil("2027-04-27T12:00:00+02:00");
    const minutes = (await t.outbox()).filter((m) => m.purpose === "minutes");
    const toSubstitute = minutes.find((m) => m.to === SUBSTITUTE);
    expect(toSubstitute).toBeDefined();
    await t.runUntil("2027-04-29T10:00:00+02:00");
    const page = await answerByLink(makeApp(t.deps), linkOf(toSubstitute?.text ?? ""), "indsigelse=Punkt%202%20er%20forkert");
    expect(page).toContain("Indsigelsen tæller ikke");
    expect(page).toContain(notCountedReason("substitute-not-representing", "Politisk Sundhedsklynge Syd"));
    expect(page).not.toContain("fristen er udløbet");
  });

  it("each reason a vote answer can be refused for has its own sentence on the answer's page", () => {
    const reasons = ["not-a-seat", "not-a-substitute-of-this-seat", "substitute-not-representing", "before-open"];
    const lines = reasons.map((r) => answerPage.voteNotCounted(r, "Politisk Sundhedsklynge Syd").lines.join(" "));
    expect(new Set(lines).size).toBe(reasons.length);
    lines.forEach((line, i) => expect(line).toContain(notCountedReason(reasons[i] ?? "", "Politisk Sundhedsklynge Syd")));
  });
});
