/**
 * Mail to the secretariat and the chairs: reminders before the agenda (R-3.3) and minutes (R-3.5)
 * deadlines, and alerts when a deadline is missed or an address bounces.
 */
import { danishDateShort, danishDateTime, deadlinePhrase } from "../format.ts";
import type { Block, EmailDoc } from "../html.ts";
import type { AgendaReleaseReminderMessage, AlertMessage, AlertTopic, MinutesReminderMessage } from "../model.ts";
import { capitalize, fitSubject, greeting, makeDoc, meetingFacts, meetingName, meetingShort, paragraph } from "./common.ts";

/** R-3.3: the agenda must be released in time to go out by its deadline. */
export function agendaReleaseReminder(m: AgendaReleaseReminderMessage): EmailDoc {
  return makeDoc(m, {
    subject: `Påmindelse: dagsordenen til ${meetingShort(m.meeting)} skal ud senest ${danishDateShort(m.agendaDeadline)}`,
    heading: "Dagsordenen skal frigives",
    preheader: `Frist: ${danishDateTime(m.agendaDeadline)}.`,
    blocks: [
      ...greeting(m.to),
      { kind: "p", content: [`Dagsordenen med materiale til ${meetingName(m.meeting)} skal sendes til medlemmerne `, { strong: deadlinePhrase(m.agendaDeadline) }, ` (${paragraph(3, 3)}).`] },
      meetingFacts(m.meeting),
      { kind: "facts", rows: [{ label: "Punkter indtil nu", value: String(m.itemsSoFar) }] },
      { kind: "p", content: "Dagsordenen sendes automatisk, når mødelederen – eller sekretariatet på mødelederens vegne – frigiver den i konsollen." },
      { kind: "small", content: "Er den ikke frigivet ved fristen, får formandskabet og sekretariatet en advarsel, og dagsordenen sendes, så snart den frigives." },
    ],
    purpose: "Sekretariatet sender dagsordenen på mødelederens vegne, og vi minder om fristen i god tid.",
  });
}

/** R-3.5: the minutes must go out by their deadline after the meeting. */
export function minutesReminder(m: MinutesReminderMessage): EmailDoc {
  return makeDoc(m, {
    subject: `Påmindelse: protokollen fra ${meetingShort(m.meeting)} skal ud senest ${danishDateShort(m.minutesDeadline)}`,
    heading: "Protokollen skal sendes ud",
    preheader: `Frist: ${danishDateTime(m.minutesDeadline)}.`,
    blocks: [
      ...greeting(m.to),
      { kind: "p", content: [`Protokollen fra ${meetingName(m.meeting)} skal sendes til medlemmerne `, { strong: deadlinePhrase(m.minutesDeadline) }, ` (${paragraph(3, 5)}).`] },
      { kind: "p", content: "Læg protokollen op i konsollen. Den sendes så automatisk til medlemmerne med en frist for indsigelser." },
      { kind: "small", content: "Er den ikke sendt ved fristen, får formandskabet og sekretariatet en advarsel." },
    ],
    purpose: "Sekretariatet sender protokollen, og vi minder om fristen i god tid.",
  });
}

interface AlertText {
  title: string;
  problem: Block[];
  deadline?: string;
  nextStep: string;
  purpose: string;
}

function alertText(a: AlertTopic): AlertText {
  switch (a.topic) {
    case "agenda-not-released":
      return {
        title: `Dagsordenen til ${meetingShort(a.meeting)} er ikke sendt`,
        problem: [{ kind: "p", content: `Dagsordenen med materiale til ${meetingName(a.meeting)} skulle være sendt til medlemmerne ${deadlinePhrase(a.deadline)} (${paragraph(3, 3)}), men den er ikke frigivet.` }],
        deadline: a.deadline,
        nextStep: "Dagsordenen sendes automatisk, så snart mødelederen eller sekretariatet frigiver den. Overvej at orientere medlemmerne om forsinkelsen.",
        purpose: `Formandskabet og sekretariatet får besked, når en frist i forretningsordenen ikke er overholdt (${paragraph(3, 3)}).`,
      };
    case "minutes-not-sent":
      return {
        title: `Protokollen fra ${meetingShort(a.meeting)} er ikke sendt`,
        problem: [{ kind: "p", content: `Protokollen fra ${meetingName(a.meeting)} skulle være sendt til medlemmerne ${deadlinePhrase(a.deadline)} (${paragraph(3, 5)}), men den er ikke lagt op.` }],
        deadline: a.deadline,
        nextStep: "Protokollen sendes automatisk med en frist for indsigelser, så snart den er lagt op i konsollen.",
        purpose: `Formandskabet og sekretariatet får besked, når en frist i forretningsordenen ikke er overholdt (${paragraph(3, 5)}).`,
      };
    case "hard-bounce":
      return {
        title: `E-mail til ${a.name} kunne ikke leveres`,
        problem: [
          { kind: "p", content: `En e-mail til ${a.name}${a.seatTitle ? ` (${a.seatTitle})` : ""} på ${a.address} blev afvist af modtagerens mailserver ${danishDateTime(a.bouncedAt)}.` },
          ...(a.mailSubject ? [{ kind: "facts" as const, rows: [{ label: "E-mailens emne", value: a.mailSubject }] }] : []),
          ...(a.diagnostic ? [{ kind: "quote" as const, label: "Mailserverens besked", text: a.diagnostic }] : []),
        ],
        nextStep: `Indtil adressen er rettet, får ${a.name} ikke e-mails fra klyngen – heller ikke dagsordener og afstemninger. Ret adressen i konsollen, og kontakt personen på anden vis.`,
        purpose: "Formandskabet og sekretariatet får besked, når et medlem ikke kan nås på e-mail.",
      };
    case "other":
      return {
        title: a.title,
        problem: [{ kind: "p", content: a.problem }],
        ...(a.deadline ? { deadline: a.deadline } : {}),
        nextStep: a.nextStep,
        purpose: "Formandskabet og sekretariatet får besked om forhold, der kræver handling.",
      };
  }
}

/** Alerts: a missed agenda (R-3.3) or minutes (R-3.5) deadline, or a hard bounce. */
export function alert(m: AlertMessage): EmailDoc {
  const a = alertText(m.alert);
  return makeDoc(m, {
    subject: fitSubject((t) => `Advarsel: ${t}`, a.title),
    heading: capitalize(a.title),
    preheader: a.nextStep,
    blocks: [
      ...greeting(m.to),
      { kind: "notice", tone: "warning", content: `Advarsel: ${a.title}.` },
      ...a.problem,
      a.deadline !== undefined && { kind: "facts", rows: [{ label: "Frist", value: danishDateTime(a.deadline) }] },
      { kind: "h2", text: "Hvad sker der nu?" },
      { kind: "p", content: a.nextStep },
    ],
    purpose: a.purpose,
  });
}
