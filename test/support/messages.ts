/** One message of every kind the rules need, for every recipient: what the template tests and the no-English test render. */
import type { Message, MeetingView, RecipientView } from "#templates/mail";
import { rulebook2026 } from "./rulebooks.ts";

export const committee = { name: "Politisk Sundhedsklynge Syd", secretariatName: "Sekretariatet for Politisk Sundhedsklynge Syd", secretariatEmail: "sekretariat@sundhedsklynge-syd.example.org" };
export const meeting: MeetingView = { meetingId: "2027-04-22", kind: "ordinary", startsAt: "2027-04-22T14:00:00+02:00", durationMinutes: 120, location: "Hvidovre Hospital", presidingChairName: "Regionsrådsformand (fiktiv)", inviteSequence: 0 };
export const winter: MeetingView = { ...meeting, meetingId: "2026-11-05", startsAt: "2026-11-05T14:00:00+01:00" };
export const vote = { title: "Forlængelse af fælles ammeindsats", question: "Godkender I forlængelsen?", closesAt: "2027-04-03T23:59:59+02:00", material: [{ label: "Notat.pdf", url: "https://klyngeflow.example.org/m/x/materiale/0" }] };
export const reply = { replyAddress: "svar+abc@svar.sundhedsklynge-syd.example.org", linkUrl: "https://klyngeflow.example.org/m/abc" };
export const item = (title: string) => ({ number: 1, title, description: "Beskrivelse", material: [{ label: "Bilag", url: "https://klyngeflow.example.org/m/abc/materiale/1/0" }], concernsGeneralPractice: false });

/** One message of every kind the rules need, for a recipient. */
export function everyMessage(to: RecipientView): Message[] {
  const b = { committee, to };
  const init = { name: "Fælles ammeindsats", goals: ["Flere spædbørn fuldt ammet ved 2 uger"] };
  return [
    { kind: "call-for-items", ...b, meeting, itemDeadline: "2027-03-25T23:59:59+01:00", ...reply },
    { kind: "item-request-receipt", ...b, meeting, title: "Akutpladser", receivedAt: "2027-03-20T10:00:00+01:00", onTime: true, itemDeadline: "2027-03-25T23:59:59+01:00" },
    { kind: "item-request-forwarded", ...b, meeting, requester: "Borgmester, Ishøj Kommune", title: "Akutpladser", description: "Drøftelse", receivedAt: "2027-03-26T10:00:00+01:00", onTime: false },
    { kind: "agenda", ...b, meeting, items: [item("Status på indsatser")], ...reply },
    { kind: "agenda", ...b, meeting: { ...meeting, kind: "extraordinary", virtualUrl: "https://meet.example.org/x", location: "" }, items: [item("Vinterberedskab")], ...reply, extraordinary: { noticeDays: 9 } },
    { kind: "apology-receipt", ...b, meeting, substituteAttends: true, receivedAt: "2027-04-09T10:00:00+02:00" },
    { kind: "quorum-forecast", ...b, meeting, expected: 16, seats: 17, required: 9, quorate: true, conditions: [{ ok: true, message: "16 af 17 medlemmer er til stede; mindst 9 skal være det" }], apologies: [{ seatTitle: "Borgmester, Dragør Kommune", substituteAttends: true }], bounced: ["borgmester@ishoj.example.org"] },
    { kind: "minutes", ...b, meeting, version: 2, changeNote: "Punkt 2 rettet", minutesUrl: "https://klyngeflow.example.org/m/abc/protokol", objectionDeadline: "2027-05-05T23:59:59+02:00", ...reply },
    { kind: "objection-receipt", ...b, meeting, version: 1, receivedAt: "2027-05-01T08:00:00+02:00", counted: true },
    { kind: "objection-receipt", ...b, meeting, version: 1, receivedAt: "2027-05-07T08:00:00+02:00", counted: false, reason: "fristen for indsigelser var udløbet" },
    { kind: "minutes-approved", ...b, meeting, version: 2, approvedAt: "2027-05-15T23:59:59+02:00" },
    { kind: "ballot", ...b, vote, ...reply, answerLinks: [{ label: "JA", url: `${reply.linkUrl}?svar=for` }] },
    { kind: "vote-receipt", ...b, vote, answer: "against", receivedAt: "2027-03-27T10:00:00+01:00", remark: "Dissens" },
    { kind: "vote-receipt", ...b, vote, answer: "objection", receivedAt: "2027-03-27T10:00:00+01:00" },
    { kind: "vote-reminder", ...b, vote, ...reply },
    { kind: "vote-result", ...b, vote, outcome: "moved-to-meeting", explanation: "Et medlem har gjort indsigelse.", tally: { for: 5, against: 0, abstain: 0, respondents: 6 }, seats: [{ seatTitle: "Borgmester, Ishøj Kommune", answer: "for", channel: "email", receivedAt: "2027-03-27T10:00:00+01:00" }, { seatTitle: "Borgmester, Dragør Kommune" }], movedToMeeting: meeting },
    { kind: "vote-result", ...b, vote, outcome: "carried", explanation: "Forslaget er vedtaget: 12 for, 5 imod, 0 undlod at stemme.", tally: { for: 12, against: 5, abstain: 0, respondents: 17 }, seats: [{ seatTitle: "Borgmester, Ishøj Kommune", answer: "against", remark: "Dissens til protokol" }] },
    { kind: "objection-notice", ...b, subjectOf: "minutes", about: "protokollen fra mødet torsdag den 22. april 2027 (udgave 1)", seatTitle: "Borgmester, Dragør Kommune", who: "Borgmester i Dragør (fiktiv) (medlem)", text: "Punkt 2 er gengivet forkert.", receivedAt: "2027-05-01T08:15:00+02:00", consoleUrl: "https://klyngeflow.example.org/console/meetings/2027-04-22" },
    { kind: "objection-notice", ...b, subjectOf: "vote", about: "Forlængelse af fælles ammeindsats", seatTitle: "Borgmester, Ishøj Kommune", who: "suppleant Suppleant for borgmesteren i Ishøj (fiktiv)", receivedAt: "2027-03-27T10:00:00+01:00", consoleUrl: "https://klyngeflow.example.org/console/votes/v1" },
    { kind: "minutes", ...b, meeting, version: 1, changeNote: "", minutesUrl: "https://klyngeflow.example.org/m/abc/protokol", objectionDeadline: "2027-05-05T23:59:59+02:00", ...reply, attendance: { present: [{ seatTitle: "Borgmester, Ishøj Kommune", substitute: false }, { seatTitle: "Borgmester, Dragør Kommune", substitute: true }], apologies: ["Borgmester, Tårnby Kommune"], absent: ["Praktiserende læge 2, udpeget af PLO-Hovedstaden"] } },
    { kind: "agenda-release-reminder", ...b, meeting, deadline: "2027-04-12T23:59:59+02:00", consoleUrl: "https://klyngeflow.example.org/console/meetings/2027-04-22" },
    { kind: "minutes-reminder", ...b, meeting, deadline: "2027-05-02T23:59:59+02:00", consoleUrl: "https://klyngeflow.example.org/console/meetings/2027-04-22" },
    { kind: "alert", ...b, title: "Dagsordenen er ikke udsendt", lines: ["Fristen er overskredet."], deadline: "2027-04-12T23:59:59+02:00", consoleUrl: "https://klyngeflow.example.org/console" },
    { kind: "initiative-report-request", ...b, initiative: init, meeting, deadline: "2027-03-25T23:59:59+01:00", ...reply },
    { kind: "initiative-report-reminder", ...b, initiative: init, meeting, deadline: "2027-03-25T23:59:59+01:00", ...reply },
    { kind: "initiative-report-escalation", ...b, initiative: init, meeting, deadline: "2027-03-25T23:59:59+01:00", consoleUrl: "https://klyngeflow.example.org/console" },
    { kind: "meeting-changed", ...b, meeting: { ...meeting, inviteSequence: 1 }, previousStartsAt: "2027-04-15T14:00:00+02:00" },
    { kind: "meeting-cancelled", ...b, meeting: { ...meeting, inviteSequence: 2 } },
    {
      kind: "weekly-digest", ...b, pageUrl: "https://klyngeflow.example.org/m/sager/abc", votes: [{ title: "Forlængelse", closesAt: "2027-04-03T23:59:59+02:00" }],
      minutes: [{ meetingStartsAt: meeting.startsAt, version: 1, windowEndsAt: "2027-05-05T23:59:59+02:00" }], meetings: [{ startsAt: meeting.startsAt, apology: true }], reports: [{ name: "Fælles ammeindsats", deadline: "2027-03-25T23:59:59+01:00" }],
    },
    ...(["recorded", "not-understood", "too-late", "not-accepted", "confirm"] as const).map((variant): Message => ({
      kind: "reply-outcome", ...b, variant, about: "den skriftlige votering om \"Forlængelse\"", detail: "Detalje.", acceptedWords: ["JA", "NEJ"], confirmUrl: reply.linkUrl, outcome: "Forslaget er vedtaget.",
    })),
  ];
}

export const recipients: RecipientView[] = rulebook2026.seats.flatMap((s): RecipientView[] => [
  { name: s.member.name, email: s.member.email, role: "member" as const, seatTitle: s.title },
  ...s.substitutes.map((x) => ({ name: x.name, email: x.email, role: "substitute" as const, seatTitle: s.title })),
]).concat([{ name: rulebook2026.secretariat.name, email: rulebook2026.secretariat.email, role: "secretariat" }]);

