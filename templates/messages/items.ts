/**
 * R-3.2: a member who wants an item on the agenda tells the chairs and the secretariat in writing before
 * the item deadline. The system calls for items, acknowledges each request with the time received, and
 * forwards it to the chairs and the secretariat; a late request is recorded and the chairs decide.
 */
import { calendarDaysBetween, danishDateShort, danishDateTime, days, deadlinePhrase } from "../format.ts";
import type { EmailDoc } from "../html.ts";
import type { CallForItemsMessage, ItemRequestForwardedMessage, ItemRequestReceiptMessage } from "../model.ts";
import { capitalize, fitSubject, greeting, makeDoc, meetingFacts, meetingName, meetingShort, paragraph, quoted, replyHint } from "./common.ts";

const LATE = "for sent — formandskabet beslutter, om punktet optages";

/** R-3.2: the call for agenda items, sent before the item deadline. */
export function callForItems(m: CallForItemsMessage): EmailDoc {
  const before = calendarDaysBetween(m.itemDeadline, m.meeting.startsAt);
  return makeDoc(m, {
    subject: `Punkter til ${meetingShort(m.meeting)} – frist ${danishDateShort(m.itemDeadline)}`,
    heading: "Har du et punkt til dagsordenen?",
    preheader: `Send dit punkt ${deadlinePhrase(m.itemDeadline)}.`,
    blocks: [
      ...greeting(m.to),
      { kind: "p", content: [`${m.committee.name} holder ${meetingName(m.meeting)}. Vil du have et punkt på dagsordenen, skal formandskabet og sekretariatet have det skriftligt `, { strong: deadlinePhrase(m.itemDeadline) }, "."] },
      meetingFacts(m.meeting),
      { kind: "h2", text: "Sådan beder du om et punkt" },
      {
        kind: "list",
        ordered: true,
        items: [
          "Svar på denne e-mail.",
          "Skriv punktets overskrift i første linje.",
          "Skriv nedenunder en kort beskrivelse: hvad skal drøftes eller besluttes, og hvorfor.",
        ],
      },
      { kind: "p", content: "Din anmodning går til formandskabet og sekretariatet. Du får en kvittering med tidspunktet, vi modtog den." },
      { kind: "small", content: "Kommer anmodningen efter fristen, registreres den som for sen, og formandskabet beslutter, om punktet optages." },
      replyHint(m.replyAddress),
    ],
    purpose: `Medlemmerne kan få et punkt på dagsordenen ved at bede om det skriftligt senest ${days(before)} før mødet (${paragraph(3, 2)}).`,
  });
}

/** R-3.2: the receipt to the member who asked, with the time received and whether it was on time. */
export function itemRequestReceipt(m: ItemRequestReceiptMessage): EmailDoc {
  return makeDoc(m, {
    subject: fitSubject((t) => `Modtaget${m.onTime ? "" : " efter fristen"}: dit punkt ${quoted(t)}`, m.title),
    heading: "Vi har modtaget din anmodning om et punkt",
    preheader: m.onTime ? `Modtaget rettidigt ${danishDateTime(m.receivedAt)}.` : `Modtaget ${danishDateTime(m.receivedAt)}, efter fristen.`,
    blocks: [
      ...greeting(m.to),
      { kind: "p", content: `Tak for din anmodning om et punkt til ${meetingName(m.meeting)}.` },
      {
        kind: "facts",
        rows: [
          { label: "Punkt", value: m.title },
          { label: "Modtaget", value: danishDateTime(m.receivedAt) },
          { label: "Frist", value: capitalize(deadlinePhrase(m.itemDeadline)) },
          { label: "Status", value: m.onTime ? "Rettidigt" : capitalize(LATE) },
        ],
      },
      m.description.trim() !== "" && { kind: "quote", label: "Din beskrivelse", text: m.description },
      {
        kind: "p",
        content: m.onTime
          ? "Din anmodning kom rettidigt og er sendt videre til formandskabet og sekretariatet."
          : `Din anmodning kom ${LATE}. Den er sendt videre til formandskabet og sekretariatet, og du hører fra os.`,
      },
    ],
    purpose: `Du har bedt om et punkt på dagsordenen (${paragraph(3, 2)}), og vi bekræfter, at vi har modtaget det.`,
  });
}

/** R-3.2: the request forwarded to the co-chairs and the secretariat. */
export function itemRequestForwarded(m: ItemRequestForwardedMessage): EmailDoc {
  const who = m.requester.seatTitle ? `${m.requester.name} (${m.requester.role === "substitute" ? `suppleant for ${m.requester.seatTitle}` : m.requester.seatTitle})` : m.requester.name;
  return makeDoc(m, {
    subject: fitSubject((t) => `${m.onTime ? "Anmodning om punkt" : "For sen anmodning om punkt"}: ${quoted(t)} til ${meetingShort(m.meeting)}`, m.title),
    heading: m.onTime ? "Ny anmodning om et punkt på dagsordenen" : "For sen anmodning om et punkt på dagsordenen",
    preheader: `Fra ${m.requester.name}, modtaget ${danishDateTime(m.receivedAt)}.`,
    blocks: [
      ...greeting(m.to),
      {
        kind: "facts",
        rows: [
          { label: "Fra", value: who },
          { label: "E-mail", value: [{ link: { label: m.requester.email, url: `mailto:${m.requester.email}` } }] },
          { label: "Møde", value: capitalize(meetingName(m.meeting)) },
          { label: "Modtaget", value: danishDateTime(m.receivedAt) },
          { label: "Frist", value: capitalize(deadlinePhrase(m.itemDeadline)) },
          { label: "Status", value: m.onTime ? "Rettidigt" : capitalize(LATE) },
        ],
      },
      { kind: "quote", label: "Punktets overskrift", text: m.title },
      { kind: "quote", label: "Beskrivelse", text: m.description.trim() || "(ingen beskrivelse)" },
      {
        kind: "p",
        content: m.onTime
          ? "Anmodningen kom rettidigt og er registreret til dagsordenen for mødet."
          : "Anmodningen kom efter fristen. Formandskabet beslutter, om punktet optages. Registrér beslutningen i konsollen, så medlemmet får svar.",
      },
    ],
    purpose: `Medlemmernes anmodninger om punkter på dagsordenen går til formandskabet og sekretariatet (${paragraph(3, 2)}).`,
  });
}
