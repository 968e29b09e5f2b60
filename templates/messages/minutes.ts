/**
 * the minutes go to the members after the meeting; members may object within the window; an
 * objection leads to a revised version under the same procedure; a window without objections approves.
 */
import { calendarDaysBetween, danishDateShort, danishDateTime, days, deadlinePhrase } from "../format.ts";
import type { EmailDoc } from "../html.ts";
import type { MinutesApprovedMessage, MinutesMessage, ObjectionReceiptMessage } from "../model.ts";
import { capitalize, greeting, makeDoc, meetingName, meetingShort, paragraph, replyHint } from "./common.ts";

function versionName(version: number): string {
  return version > 1 ? `revideret udgave ${version}` : "udgave 1";
}

/** a minutes version with its objection deadline; silence means approval. */
export function minutes(m: MinutesMessage): EmailDoc {
  const revised = m.version > 1;
  const window = calendarDaysBetween(m.sentAt, m.objectionDeadline);
  return makeDoc(m, {
    subject: revised
      ? `Revideret udgave ${m.version} af protokollen fra ${meetingShort(m.meeting)} – indsigelser senest ${danishDateShort(m.objectionDeadline)}`
      : `Protokol fra ${meetingShort(m.meeting)} – indsigelser senest ${danishDateShort(m.objectionDeadline)}`,
    heading: revised ? `Protokol fra ${meetingShort(m.meeting)}, revideret udgave ${m.version}` : `Protokol fra ${meetingShort(m.meeting)}`,
    preheader: `Har du indsigelser, så svar ${deadlinePhrase(m.objectionDeadline)}. Ellers er protokollen godkendt.`,
    blocks: [
      ...greeting(m.to),
      {
        kind: "p",
        content: revised
          ? `Der kom indsigelser til den forrige udgave. Her er revideret udgave ${m.version} af protokollen fra ${meetingName(m.meeting)} til fornyet godkendelse efter samme procedure (${paragraph(3, 5)}).`
          : `Her er protokollen fra ${meetingName(m.meeting)}.`,
      },
      revised && m.changeNote !== undefined && m.changeNote.trim() !== "" && { kind: "quote", label: "Det er ændret", text: m.changeNote },
      { kind: "buttons", buttons: [{ label: `Læs protokollen (${versionName(m.version)})`, url: m.minutesUrl }] },
      { kind: "h2", text: "Godkendelse" },
      { kind: "p", content: ["Har du ingen indsigelser, skal du ikke gøre noget. Kommer der ingen indsigelser ", { strong: deadlinePhrase(m.objectionDeadline) }, ", er protokollen godkendt."] },
      { kind: "h2", text: "Sådan gør du indsigelse" },
      { kind: "p", content: ["Svar på denne e-mail med ", { strong: "INDSIGELSE" }, " i første linje, og skriv nedenunder, hvad der skal rettes, og hvorfor."] },
      m.objectionUrl !== undefined && { kind: "p", content: "Du kan også bruge knappen:" },
      m.objectionUrl !== undefined && { kind: "buttons", buttons: [{ label: "Gør indsigelse", url: m.objectionUrl, secondary: true }] },
      { kind: "small", content: "Kommer der en indsigelse, sender vi en revideret udgave til fornyet godkendelse med en ny frist." },
      replyHint(m.replyAddress),
    ],
    purpose: `Protokollen sendes til medlemmerne efter mødet, og medlemmerne kan gøre indsigelse inden for ${days(window)} (${paragraph(3, 5)}).`,
  });
}

/** the receipt of an objection to a minutes version. */
export function objectionReceipt(m: ObjectionReceiptMessage): EmailDoc {
  return makeDoc(m, {
    subject: `Indsigelse modtaget: protokol fra ${meetingShort(m.meeting)}`,
    heading: "Vi har modtaget din indsigelse",
    preheader: `Modtaget ${danishDateTime(m.receivedAt)}. En revideret udgave følger.`,
    blocks: [
      ...greeting(m.to),
      {
        kind: "facts",
        rows: [
          { label: "Protokol", value: `${capitalize(meetingName(m.meeting))}, ${versionName(m.version)}` },
          { label: "Modtaget", value: danishDateTime(m.receivedAt) },
        ],
      },
      { kind: "quote", label: "Din indsigelse", text: m.text.trim() || "(ingen begrundelse)" },
      { kind: "p", content: "Sekretariatet retter protokollen og sender en revideret udgave til fornyet godkendelse. Du får den på e-mail med en ny frist." },
    ],
    purpose: `Du har gjort indsigelse mod protokollen (${paragraph(3, 5)}), og vi bekræfter, at vi har registreret den.`,
  });
}

/** the minutes are approved (a window passed without objections). */
export function minutesApproved(m: MinutesApprovedMessage): EmailDoc {
  return makeDoc(m, {
    subject: `Protokol godkendt: ${meetingShort(m.meeting)}`,
    heading: "Protokollen er godkendt",
    preheader: `Godkendt ${danishDateTime(m.approvedAt)}.`,
    blocks: [
      ...greeting(m.to),
      { kind: "p", content: `Der kom ingen indsigelser inden fristen. Protokollen fra ${meetingName(m.meeting)} (${versionName(m.version)}) er derfor godkendt.` },
      {
        kind: "facts",
        rows: [
          { label: "Udgave", value: capitalize(versionName(m.version)) },
          { label: "Godkendt", value: danishDateTime(m.approvedAt) },
        ],
      },
      m.minutesUrl !== undefined && { kind: "buttons", buttons: [{ label: "Læs den godkendte protokol", url: m.minutesUrl }] },
    ],
    purpose: `Protokollen er godkendt, når en indsigelsesfrist går uden indsigelser (${paragraph(3, 5)}).`,
  });
}
