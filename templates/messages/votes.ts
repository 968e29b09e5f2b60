/**
 * R-3.6: written votes. The ballot asks for JA, NEJ, UNDLAD or INDSIGELSE (against the written procedure);
 * one objection moves the matter to a meeting; a vote may be changed until the deadline (the latest counts).
 * R-7.1: the result shows how each seat answered and the remarks (dissent) members asked to have recorded.
 */
import { danishDateShort, danishDateTime, danishDateTimeShort, danishTime, deadlinePhrase, fileSize } from "../format.ts";
import type { Block, Button, EmailDoc } from "../html.ts";
import type { Answer, AnswerUrls, BallotMessage, Outcome, Recipient, VoteReceiptMessage, VoteReminderMessage, VoteResultMessage, WrittenVoteView } from "../model.ts";
import { ANSWER_DA, ANSWER_WORD, CHANNEL_DA, fitSubject, greeting, makeDoc, meetingName, paragraph, quoted, replyHint } from "./common.ts";

export const REPLY_INSTRUCTION = "Svar JA, NEJ, UNDLAD eller INDSIGELSE øverst i dit svar";

const BUTTON_LABEL: Record<Answer, string> = {
  for: "JA",
  against: "NEJ",
  abstain: "UNDLAD",
  objection: "INDSIGELSE MOD SKRIFTLIG BEHANDLING",
};

function materialBlocks(vote: WrittenVoteView): Block[] {
  if (vote.material.length === 0) return [];
  return [
    { kind: "h2", text: "Materiale" },
    { kind: "list", items: vote.material.map((mat) => [{ link: { label: mat.bytes !== undefined ? `${mat.name} (${fileSize(mat.bytes)})` : mat.name, url: mat.url } }]) },
  ];
}

function answerBlocks(urls: AnswerUrls | undefined): Block[] {
  if (!urls) return [];
  const votes: Button[] = (["for", "against", "abstain"] as const).map((a) => ({ label: BUTTON_LABEL[a], url: urls[a] }));
  return [
    { kind: "p", content: "Eller brug knapperne. De åbner en side, hvor du bekræfter dit svar." },
    { kind: "buttons", buttons: votes },
    { kind: "p", content: "Mener du, at sagen skal behandles på et møde i stedet:" },
    { kind: "buttons", buttons: [{ label: BUTTON_LABEL.objection, url: urls.objection, secondary: true }] },
  ];
}

function goodToKnow(to: Recipient): Block[] {
  return [
    { kind: "h2", text: "Godt at vide" },
    {
      kind: "list",
      items: [
        "Du kan ændre din stemme indtil fristen. Det seneste svar tæller.",
        "Gør blot ét medlem indsigelse mod skriftlig behandling, skal sagen behandles på et møde, og den skriftlige votering stopper. En indsigelse kan ikke trækkes tilbage.",
        "Vil du have en bemærkning eller dissens ført til protokol, så skriv den under dit svar.",
        ...(to.role === "substitute" ? [`Som suppleant tæller dit svar kun, hvis sekretariatet har registreret, at du repræsenterer ${to.seatTitle ?? "pladsen"}.`] : []),
      ],
    },
  ];
}

function howToAnswer(m: BallotMessage | VoteReminderMessage): Block[] {
  return [
    { kind: "h2", text: "Sådan svarer du" },
    { kind: "p", content: [{ strong: `${REPLY_INSTRUCTION}.` }, " Du kan bare besvare denne e-mail."] },
    ...answerBlocks(m.answerUrls),
    replyHint(m.replyAddress),
  ];
}

/** R-3.6: the ballot of a written vote. */
export function ballot(m: BallotMessage): EmailDoc {
  return makeDoc(m, {
    subject: fitSubject((t) => `Skriftlig votering: ${t} – svar senest ${danishDateShort(m.vote.closesAt)}`, m.vote.title),
    heading: `Skriftlig votering: ${m.vote.title}`,
    preheader: `${REPLY_INSTRUCTION} ${deadlinePhrase(m.vote.closesAt)}.`,
    blocks: [
      ...greeting(m.to),
      { kind: "p", content: [`${m.committee.name} skal afgøre denne sag ved skriftlig votering (${paragraph(3, 6)}). Svar `, { strong: deadlinePhrase(m.vote.closesAt) }, "."] },
      { kind: "quote", label: "Spørgsmålet", text: m.vote.question },
      ...materialBlocks(m.vote),
      ...howToAnswer(m),
      ...goodToKnow(m.to),
    ],
    purpose: `Sager kan undtagelsesvis afgøres ved skriftlig votering blandt medlemmerne (${paragraph(3, 6)}).`,
  });
}

/** R-3.6: the reminder, sent only to seats that have not answered. */
export function voteReminder(m: VoteReminderMessage): EmailDoc {
  return makeDoc(m, {
    subject: fitSubject((t) => `Påmindelse: svar senest ${danishDateShort(m.vote.closesAt)} – skriftlig votering om ${t}`, m.vote.title),
    heading: "Vi mangler dit svar",
    preheader: `${REPLY_INSTRUCTION} ${deadlinePhrase(m.vote.closesAt)}.`,
    blocks: [
      ...greeting(m.to),
      { kind: "p", content: [`Vi har endnu ikke fået dit svar i den skriftlige votering om ${quoted(m.vote.title)}. Fristen er `, { strong: deadlinePhrase(m.vote.closesAt) }, "."] },
      { kind: "quote", label: "Spørgsmålet", text: m.vote.question },
      ...materialBlocks(m.vote),
      ...howToAnswer(m),
      ...goodToKnow(m.to),
    ],
    purpose: "Vi har ikke registreret et svar fra dig. Medlemmer, der har svaret, får ingen påmindelse.",
  });
}

/** R-3.6: the receipt of a vote (or of an objection, which ends the written procedure). */
export function voteReceipt(m: VoteReceiptMessage): EmailDoc {
  const objection = m.answer === "objection";
  return makeDoc(m, {
    subject: objection
      ? fitSubject((t) => `Indsigelse registreret: ${t} skal behandles på et møde`, m.vote.title)
      : fitSubject((t) => `Din stemme er registreret: ${ANSWER_WORD[m.answer]} – ${t}`, m.vote.title),
    heading: objection ? "Din indsigelse er registreret" : "Din stemme er registreret",
    preheader: objection ? "Sagen skal behandles på et møde." : `Du kan ændre den ${deadlinePhrase(m.vote.closesAt)}.`,
    blocks: [
      ...greeting(m.to),
      {
        kind: "facts",
        rows: [
          { label: "Sag", value: m.vote.title },
          { label: "Dit svar", value: ANSWER_DA[m.answer] },
          ...(m.replaces ? [{ label: "Erstatter", value: ANSWER_DA[m.replaces] }] : []),
          { label: "Modtaget", value: danishDateTime(m.receivedAt) },
          { label: "Via", value: CHANNEL_DA[m.channel] },
        ],
      },
      m.remark !== undefined && m.remark.trim() !== "" && { kind: "quote", label: "Din bemærkning til protokollen", text: m.remark },
      objection
        ? { kind: "p", content: `Din indsigelse betyder, at sagen skal behandles på et møde (${paragraph(3, 6)}). Den skriftlige votering er stoppet, og alle medlemmer får besked. En indsigelse kan ikke trækkes tilbage.` }
        : { kind: "p", content: ["Du kan ændre din stemme ved at svare igen ", { strong: deadlinePhrase(m.vote.closesAt) }, ". Det seneste svar tæller."] },
    ],
    purpose: "Du har svaret i en skriftlig votering, og vi bekræfter, hvad vi har registreret.",
  });
}

const OUTCOME_DA: Record<Outcome, string> = {
  carried: "Vedtaget",
  "not-carried": "Ikke vedtaget",
  "moved-to-meeting": "Skal behandles på et møde",
  cancelled: "Annulleret",
};

function outcomeNotice(m: VoteResultMessage): Block {
  switch (m.outcome) {
    case "carried": return { kind: "notice", tone: "info", content: "Forslaget er vedtaget." };
    case "not-carried": return { kind: "notice", tone: "info", content: "Forslaget er ikke vedtaget." };
    case "moved-to-meeting": return { kind: "notice", tone: "warning", content: `Sagen skal behandles på et møde, fordi et medlem har gjort indsigelse mod skriftlig behandling (${paragraph(3, 6)}).` };
    case "cancelled": return { kind: "notice", tone: "warning", content: "Den skriftlige votering er annulleret." };
  }
}

/** R-3.6, R-7.1: the outcome, the counts and how each seat answered. */
export function voteResult(m: VoteResultMessage): EmailDoc {
  const remarks = m.seats.filter((s) => s.remark !== undefined && s.remark.trim() !== "");
  return makeDoc(m, {
    subject: fitSubject((t) => `Resultat: ${OUTCOME_DA[m.outcome]} – ${t}`, m.vote.title),
    heading: `Resultat af skriftlig votering: ${m.vote.title}`,
    preheader: `${OUTCOME_DA[m.outcome]}. For ${m.tally.for}, imod ${m.tally.against}, undlod ${m.tally.abstain}.`,
    blocks: [
      ...greeting(m.to),
      outcomeNotice(m),
      m.explanation !== undefined && m.explanation.trim() !== "" && { kind: "p", content: m.explanation },
      m.outcome === "moved-to-meeting" && {
        kind: "p",
        content: m.movedToMeeting
          ? `Sagen er sat på dagsordenen til ${meetingName(m.movedToMeeting)} kl. ${danishTime(m.movedToMeeting.startsAt)}.`
          : "Sagen kommer på dagsordenen til et kommende møde. Sekretariatet giver besked om tidspunktet.",
      },
      {
        kind: "facts",
        rows: [
          { label: "Sag", value: m.vote.title },
          { label: "Afsluttet", value: danishDateTime(m.closedAt) },
          { label: "For", value: String(m.tally.for) },
          { label: "Imod", value: String(m.tally.against) },
          { label: "Undlod", value: String(m.tally.abstain) },
          { label: "Indsigelser", value: String(m.tally.objection) },
          { label: "Svar i alt", value: `${m.tally.respondents} af ${m.seats.length}` },
        ],
      },
      { kind: "h2", text: "Sådan svarede medlemmerne" },
      {
        kind: "table",
        caption: "Svar pr. plads",
        head: ["Plads", "Svar", "Kanal", "Tidspunkt"],
        rows: m.seats.map((s) => [
          s.seatTitle,
          s.answer ? `${ANSWER_DA[s.answer]}${s.substituteName ? `, afgivet af suppleanten ${s.substituteName}` : ""}` : "ikke svaret",
          s.channel ? CHANNEL_DA[s.channel] : "–",
          s.receivedAt ? danishDateTimeShort(s.receivedAt) : "–",
        ]),
      },
      { kind: "h2", text: "Bemærkninger og dissens til protokol" },
      remarks.length
        ? { kind: "list", items: remarks.map((s) => `${s.seatTitle}: ${s.remark ?? ""}`) }
        : { kind: "p", content: "Ingen bemærkninger." },
    ],
    purpose: `Alle medlemmer får resultatet, og det fremgår, hvordan hver plads har svaret (${paragraph(3, 6)}).`,
  });
}
