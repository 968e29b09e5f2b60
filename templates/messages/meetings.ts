/**
 * Meeting mail: the agenda with material (R-3.3, R-3.4), the notice of an extraordinary meeting (R-3.9),
 * apologies (R-3.7), the quorum forecast (R-3.7, R-4.2), and a moved or cancelled meeting.
 */
import { danishDateTime, danishTime, danishTimeRange } from "../format.ts";
import type { Block, EmailDoc } from "../html.ts";
import type {
  AgendaItemView, AgendaMessage, ApologyReceiptMessage, ConditionView, ExtraordinaryMeetingNoticeMessage, MeetingCancelledMessage,
  MeetingChangedMessage, QuorumForecastMessage, Recipient,
} from "../model.ts";
import { capitalize, greeting, makeDoc, meetingFacts, meetingName, meetingShort, paragraph, replyHint } from "./common.ts";

function agendaBlock(items: readonly AgendaItemView[]): Block {
  if (items.length === 0) return { kind: "p", content: "Der er endnu ingen punkter på dagsordenen." };
  return {
    kind: "agenda",
    items: items.map((i) => ({
      number: i.number,
      title: i.title,
      description: i.description,
      material: i.material,
      // R-4.2: on these items the committee can decide only with general practice represented.
      ...(i.concernsGeneralPractice ? { note: `Punktet vedrører almen praksis. Klyngen kan kun træffe beslutning om det, hvis almen praksis er repræsenteret (${paragraph(4, 2)}).` } : {}),
    })),
  };
}

/** R-3.7: how a seat holder sends an apology; a substitute is told when to attend instead. */
function apologyHowTo(to: Recipient, replyAddress: string): Block[] {
  if (to.role === "substitute") {
    return [
      { kind: "h2", text: "Du er suppleant" },
      { kind: "p", content: `Du får dagsordenen som suppleant${to.seatTitle ? ` for ${to.seatTitle}` : ""}. Du deltager kun, hvis medlemmet melder afbud og beder dig deltage i stedet.` },
    ];
  }
  if (to.role === "secretariat") return [];
  return [
    { kind: "h2", text: "Kan du ikke komme?" },
    { kind: "p", content: ["Svar på denne e-mail med ", { strong: "AFBUD" }, " i første linje. Deltager din suppleant i stedet, så skriv ", { strong: "AFBUD – SUPPLEANT DELTAGER" }, "."] },
    { kind: "p", content: "Meld gerne afbud så tidligt som muligt, så vi kan se, om mødet bliver beslutningsdygtigt. Et afbud i kalenderen bliver ikke registreret." },
    replyHint(replyAddress),
  ];
}

const NOT_PUBLIC: Block = { kind: "small", content: `Møderne er ikke offentlige (${paragraph(3, 8)}). Videresend derfor ikke materialet eller linkene.` };

/** R-3.3, R-3.4: the agenda with the material, to each recipient only the items meant for them. */
export function agenda(m: AgendaMessage): EmailDoc {
  const n = m.items.length;
  return makeDoc(m, {
    subject: `Dagsorden: ${m.committee.name} ${danishDateTime(m.meeting.startsAt)}`,
    heading: `Dagsorden til ${meetingName(m.meeting)}`,
    preheader: `${n === 1 ? "1 punkt" : `${n} punkter`}. ${capitalize(danishTimeRange(m.meeting.startsAt, m.meeting.durationMinutes))}.`,
    blocks: [
      ...greeting(m.to),
      { kind: "p", content: `Her er dagsordenen og materialet til ${meetingName(m.meeting)} i ${m.committee.name}. Mødeindkaldelsen er vedhæftet, så du kan lægge mødet i din kalender.` },
      meetingFacts(m.meeting),
      { kind: "h2", text: "Dagsorden" },
      agendaBlock(m.items),
      ...apologyHowTo(m.to, m.replyAddress),
      NOT_PUBLIC,
    ],
    purpose: `Formandskabet sender dagsordenen med det nødvendige materiale til medlemmerne før hvert møde (${paragraph(3, 3)}).`,
  });
}

/** R-3.9: an extraordinary meeting called at shorter notice, possibly virtual, with its agenda. */
export function extraordinaryMeetingNotice(m: ExtraordinaryMeetingNoticeMessage): EmailDoc {
  const notice = m.noticeDays <= 0 ? "med varsel samme dag" : `med ${m.noticeDays === 1 ? "1 dags" : `${m.noticeDays} dages`} varsel`;
  const virtualOnly = Boolean(m.meeting.virtualUrl) && !m.meeting.location.trim();
  return makeDoc(m, {
    subject: `Indkaldelse til ekstraordinært møde ${danishDateTime(m.meeting.startsAt)}${virtualOnly ? " (virtuelt)" : ""}`,
    heading: "Indkaldelse til ekstraordinært møde",
    preheader: `${capitalize(danishDateTime(m.meeting.startsAt))}, ${notice}.`,
    blocks: [
      ...greeting(m.to),
      { kind: "notice", tone: "info", content: `Formandskabet indkalder ${m.committee.name} til et ekstraordinært møde ${notice} (${paragraph(3, 9)}).` },
      m.reason !== undefined && m.reason.trim() !== "" && { kind: "quote", label: "Baggrund", text: m.reason },
      meetingFacts(m.meeting),
      m.meeting.virtualUrl !== undefined && { kind: "p", content: virtualOnly ? "Mødet holdes virtuelt. Brug knappen for at deltage." : "Du kan også deltage virtuelt. Brug knappen for at deltage." },
      m.meeting.virtualUrl !== undefined && { kind: "buttons", buttons: [{ label: "Deltag i det virtuelle møde", url: m.meeting.virtualUrl }] },
      { kind: "h2", text: "Dagsorden" },
      agendaBlock(m.items),
      { kind: "small", content: "Materialet følger så vidt muligt med. Eftersendt materiale får du på e-mail." },
      ...apologyHowTo(m.to, m.replyAddress),
      NOT_PUBLIC,
    ],
    purpose: `Formandskabet kan indkalde til ekstraordinært møde med kortere varsel end til de ordinære møder, og mødet kan holdes virtuelt (${paragraph(3, 9)}).`,
  });
}

/** R-3.7: the receipt of an apology. */
export function apologyReceipt(m: ApologyReceiptMessage): EmailDoc {
  const substitute = m.substituteName ? `din suppleant, ${m.substituteName},` : "din suppleant";
  return makeDoc(m, {
    subject: `Afbud registreret: ${meetingShort(m.meeting)}`,
    heading: "Dit afbud er registreret",
    preheader: m.substituteAttends ? "Din suppleant deltager i stedet." : "Tak for din besked.",
    blocks: [
      ...greeting(m.to),
      { kind: "p", content: `Tak for din besked. Vi har registreret dit afbud til ${meetingName(m.meeting)}. Vi modtog det ${danishDateTime(m.receivedAt)}.` },
      {
        kind: "p",
        content: m.substituteAttends
          ? `Vi har noteret, at ${substitute} deltager i stedet for dig.`
          : ["Vi har noteret, at din suppleant ikke deltager. Skal din suppleant alligevel deltage, så svar ", { strong: "AFBUD – SUPPLEANT DELTAGER" }, " på denne e-mail."],
      },
      { kind: "p", content: `Kan du alligevel komme, så skriv til sekretariatet på ${m.committee.secretariatEmail}.` },
      { kind: "small", content: `Protokollen viser, hvem der deltog i mødet (${paragraph(3, 7)}).` },
    ],
    purpose: "Du har meldt afbud til et møde, og vi bekræfter, at vi har registreret det.",
  });
}

function conditionItems(conditions: readonly ConditionView[]): string[] {
  return conditions.map((c) => `${c.ok ? "Opfyldt" : "IKKE opfyldt"}: ${c.message}`);
}

/** R-3.7, R-4.2: apologies and the expected quorum, to the secretariat and the chairs before the meeting. */
export function quorumForecast(m: QuorumForecastMessage): EmailDoc {
  const verdict = m.quorate ? "beslutningsdygtigt" : "IKKE beslutningsdygtigt";
  return makeDoc(m, {
    subject: `Prognose for ${meetingShort(m.meeting)}: ${verdict} (${m.expectedPresent} af ${m.seats})`,
    heading: "Forventet fremmøde og beslutningsdygtighed",
    preheader: `${m.expectedPresent} af ${m.seats} forventes; mindst ${m.minimumPresent} skal være til stede.`,
    blocks: [
      ...greeting(m.to),
      m.quorate
        ? { kind: "notice", tone: "info", content: `Mødet forventes at være beslutningsdygtigt.` }
        : { kind: "notice", tone: "warning", content: `Advarsel: Mødet forventes IKKE at være beslutningsdygtigt.` },
      {
        kind: "facts",
        rows: [
          { label: "Møde", value: capitalize(meetingName(m.meeting)) },
          { label: "Forventet fremmøde", value: `${m.expectedPresent} af ${m.seats} pladser (mindst ${m.minimumPresent})` },
          { label: "Afbud", value: String(m.apologies.length) },
          { label: "Suppleanter deltager", value: String(m.substitutesAttending.length) },
        ],
      },
      { kind: "h2", text: `Betingelser (${paragraph(4, 2)})` },
      { kind: "list", items: conditionItems(m.conditions) },
      m.generalPracticeConditions !== undefined && { kind: "h2", text: "Punkter om almen praksis" },
      m.generalPracticeConditions !== undefined && { kind: "list", items: conditionItems(m.generalPracticeConditions) },
      { kind: "h2", text: `Afbud (${m.apologies.length})` },
      m.apologies.length
        ? { kind: "list", items: m.apologies.map((a) => `${a.seatTitle}: ${a.name}, modtaget ${danishDateTime(a.receivedAt)}${a.substituteAttends ? " – suppleant deltager" : ""}`) }
        : { kind: "p", content: "Ingen afbud." },
      { kind: "h2", text: `Suppleanter, der deltager (${m.substitutesAttending.length})` },
      m.substitutesAttending.length
        ? { kind: "list", items: m.substitutesAttending.map((s) => `${s.name} for ${s.seatTitle}`) }
        : { kind: "p", content: "Ingen suppleanter er meldt." },
      { kind: "h2", text: `Adresser, der afviser e-mails (${m.bouncedAddresses.length})` },
      m.bouncedAddresses.length
        ? { kind: "list", items: m.bouncedAddresses.map((b) => `${b.email} (${b.name}${b.seatTitle ? `, ${b.seatTitle}` : ""})`) }
        : { kind: "p", content: "Ingen adresser har afvist e-mails." },
      m.bouncedAddresses.length > 0 && { kind: "p", content: "Disse personer har måske ikke fået dagsordenen. Ret adressen i konsollen, eller kontakt dem på anden vis." },
    ],
    purpose: `Sekretariatet og formandskabet skal vide i god tid, om mødet bliver beslutningsdygtigt (${paragraph(3, 7)}, og § 4, stk. 2).`,
  });
}

/** A meeting moved: the new time and place, and a REQUEST with a higher SEQUENCE that updates the calendar. */
export function meetingChanged(m: MeetingChangedMessage): EmailDoc {
  const moved = m.previous.startsAt !== m.meeting.startsAt;
  const holdsSeat = m.to.role === "member" || m.to.role === "chair";
  return makeDoc(m, {
    subject: moved ? `Mødet er flyttet til ${danishDateTime(m.meeting.startsAt)}` : `Ændret mødested: ${meetingShort(m.meeting)}`,
    heading: moved ? "Mødet er flyttet" : "Mødestedet er ændret",
    preheader: `Nyt tidspunkt: ${danishDateTime(m.meeting.startsAt)}.`,
    blocks: [
      ...greeting(m.to),
      {
        kind: "p",
        content: moved
          ? `Mødet i ${m.committee.name}, der var planlagt ${danishDateTime(m.previous.startsAt)}, er flyttet. Her er det nye tidspunkt:`
          : `Mødet i ${m.committee.name} ${danishDateTime(m.meeting.startsAt)} holdes et andet sted end planlagt. Her er de nye oplysninger:`,
      },
      meetingFacts(m.meeting),
      m.reason !== undefined && m.reason.trim() !== "" && { kind: "quote", label: "Baggrund", text: m.reason },
      { kind: "p", content: "Den vedhæftede mødeindkaldelse opdaterer mødet i din kalender." },
      holdsSeat && { kind: "p", content: ["Kan du ikke komme på det nye tidspunkt, så svar på denne e-mail med ", { strong: "AFBUD" }, " i første linje (eller ", { strong: "AFBUD – SUPPLEANT DELTAGER" }, ")."] },
      holdsSeat && replyHint(m.replyAddress),
    ],
    purpose: "Mødet er ændret, og vi sender en ny mødeindkaldelse til alle, der er indkaldt.",
  });
}

/** A meeting cancelled: METHOD:CANCEL with the same UID removes it from the calendar. */
export function meetingCancelled(m: MeetingCancelledMessage): EmailDoc {
  return makeDoc(m, {
    subject: `Aflyst: ${meetingShort(m.meeting)} kl. ${danishTime(m.meeting.startsAt)}`,
    heading: "Mødet er aflyst",
    preheader: `${capitalize(meetingName(m.meeting))} er aflyst.`,
    blocks: [
      ...greeting(m.to),
      { kind: "p", content: `${capitalize(meetingName(m.meeting))} kl. ${danishTime(m.meeting.startsAt)} i ${m.committee.name} er aflyst.` },
      m.reason !== undefined && m.reason.trim() !== "" && { kind: "quote", label: "Baggrund", text: m.reason },
      { kind: "p", content: "Den vedhæftede aflysning fjerner mødet fra din kalender. Du skal ikke melde afbud." },
    ],
    purpose: "Du var indkaldt til mødet, og sekretariatet sender aflysningen på formandskabets vegne.",
  });
}
