/**
 * Initiative status reports (DOMAIN.md "Initiatives and reporting"): each initiative reports key figures,
 * money spent and whether it is on track before each ordinary meeting; a missing report is reminded,
 * escalated to the chairs and the secretariat, and shown as missing on the agenda.
 */
import { danishDateShort, danishDateTime, deadlinePhrase, kroner } from "../format.ts";
import type { Block, EmailDoc } from "../html.ts";
import type { InitiativeReportEscalationMessage, InitiativeReportReminderMessage, InitiativeReportRequestMessage } from "../model.ts";
import { capitalize, fitSubject, greeting, makeDoc, meetingName, meetingShort, quoted, replyHint } from "./common.ts";

function askBlocks(m: InitiativeReportRequestMessage | InitiativeReportReminderMessage): Block[] {
  const i = m.initiative;
  return [
    i.fundsKroner !== undefined || i.owner !== undefined
      ? {
          kind: "facts",
          rows: [
            ...(i.owner ? [{ label: "Ansvarlig", value: i.owner }] : []),
            ...(i.fundsKroner !== undefined ? [{ label: "Midler", value: kroner(i.fundsKroner) }] : []),
            { label: "Frist", value: capitalize(deadlinePhrase(m.reportDeadline)) },
          ],
        }
      : { kind: "facts", rows: [{ label: "Frist", value: capitalize(deadlinePhrase(m.reportDeadline)) }] },
    ...(i.goals.length ? [{ kind: "h2" as const, text: "Politiske mål" }, { kind: "list" as const, items: i.goals }] : []),
    { kind: "h2", text: "Det skal rapporten indeholde" },
    {
      kind: "list",
      items: [
        "Nøgletal, én pr. linje som »Navn: tal«.",
        "Forbrug af midler indtil nu.",
        "Kort status: hvad er gjort, og hvad er næste skridt.",
        "Om indsatsen er på sporet eller i risiko.",
      ],
    },
    { kind: "h2", text: "Sådan sender du rapporten" },
    { kind: "p", content: "Svar på denne e-mail med rapporten i selve teksten." },
    { kind: "small", content: "Rapporterne samles i et statuspunkt på dagsordenen. Mangler en rapport, vises den som manglende." },
    replyHint(m.replyAddress),
  ];
}

function roleSentence(m: { initiative: { name: string }; committee: { name: string } }): string {
  return `Du får denne e-mail, fordi du er kontaktperson for indsatsen ${quoted(m.initiative.name)}, som ${m.committee.name} følger.`;
}

/** The request for an initiative's status report before an ordinary meeting. */
export function initiativeReportRequest(m: InitiativeReportRequestMessage): EmailDoc {
  return makeDoc(m, {
    subject: fitSubject((t) => `Statusrapport for ${t} til ${meetingShort(m.meeting)} – frist ${danishDateShort(m.reportDeadline)}`, m.initiative.name),
    heading: "Statusrapport til næste møde",
    preheader: `Send rapporten ${deadlinePhrase(m.reportDeadline)}.`,
    blocks: [
      ...greeting(m.to),
      { kind: "p", content: [`${m.committee.name} følger indsatsen ${quoted(m.initiative.name)} og gennemgår status på ${meetingName(m.meeting)}. Send en kort statusrapport `, { strong: deadlinePhrase(m.reportDeadline) }, "."] },
      ...askBlocks(m),
    ],
    purpose: "Klyngen følger nøgletal og fremdrift for sine indsatser før hvert ordinært møde.",
    roleSentence: roleSentence(m),
  });
}

/** The reminder before the report deadline. */
export function initiativeReportReminder(m: InitiativeReportReminderMessage): EmailDoc {
  return makeDoc(m, {
    subject: fitSubject((t) => `Påmindelse: statusrapport for ${t} senest ${danishDateShort(m.reportDeadline)}`, m.initiative.name),
    heading: "Vi mangler jeres statusrapport",
    preheader: `Send rapporten ${deadlinePhrase(m.reportDeadline)}.`,
    blocks: [
      ...greeting(m.to),
      { kind: "p", content: [`Vi har endnu ikke fået statusrapporten for ${quoted(m.initiative.name)} til ${meetingName(m.meeting)}. Send den `, { strong: deadlinePhrase(m.reportDeadline) }, "."] },
      ...askBlocks(m),
    ],
    purpose: "Vi har ikke modtaget rapporten endnu. Er den sendt, kan du se bort fra denne påmindelse.",
    roleSentence: roleSentence(m),
  });
}

/** The escalation to the chairs and the secretariat: which report is missing, and since when. */
export function initiativeReportEscalation(m: InitiativeReportEscalationMessage): EmailDoc {
  return makeDoc(m, {
    subject: fitSubject((t) => `Mangler: statusrapport for ${t} til ${meetingShort(m.meeting)}`, m.initiative.name),
    heading: "En statusrapport mangler",
    preheader: `Fristen var ${danishDateTime(m.reportDeadline)}.`,
    blocks: [
      ...greeting(m.to),
      { kind: "notice", tone: "warning", content: `Statusrapporten for ${quoted(m.initiative.name)} til ${meetingName(m.meeting)} er ikke kommet.` },
      {
        kind: "facts",
        rows: [
          { label: "Indsats", value: m.initiative.name },
          ...(m.initiative.owner ? [{ label: "Ansvarlig", value: m.initiative.owner }] : []),
          { label: "Frist", value: danishDateTime(m.reportDeadline) },
          { label: "Mangler siden", value: danishDateTime(m.missingSince) },
          { label: "Påmindelser sendt", value: String(m.remindersSent) },
        ],
      },
      { kind: "h2", text: "Hvad sker der nu?" },
      { kind: "p", content: "Rapporten vises som manglende i statuspunktet på dagsordenen, indtil den kommer. Kontakt gerne den ansvarlige." },
    ],
    purpose: "Manglende statusrapporter fra indsatserne går videre til formandskabet og sekretariatet.",
  });
}
