/**
 * Answers to inbound replies (issue 5; R-3.2, R-3.5, R-3.6, R-3.7): what was recorded; a reply we could
 * not read (asked again, in Danish, with the accepted words — never guessed); a reply after the deadline
 * (kept, not counted, answered with the outcome); a reply we could not accept; and a request to confirm
 * by link when we were unsure or could not verify the sender. Every reply is kept (R-7.2).
 */
import { danishDateShort, danishDateTime, deadlinePhrase } from "../format.ts";
import type { Block, EmailDoc } from "../html.ts";
import type { NotAcceptedReason, RecordedReply, ReplyOutcomeMessage, ReplySubject } from "../model.ts";
import { ANSWER_DA, fitSubject, greeting, makeDoc, meetingName, paragraph, quoted, replyHint } from "./common.ts";

/** "den skriftlige votering om »…«", "protokollen fra mødet … (udgave 2)" */
function aboutLong(a: ReplySubject): string {
  switch (a.action) {
    case "written-vote": return `den skriftlige votering om ${quoted(a.vote.title)}`;
    case "minutes": return `protokollen fra ${meetingName(a.meeting)} (udgave ${a.version})`;
    case "apology": return `dit afbud til ${meetingName(a.meeting)}`;
    case "item-request": return `dagsordenen til ${meetingName(a.meeting)}`;
    case "initiative-report": return `statusrapporten for ${quoted(a.initiative.name)}`;
  }
}

/** Short, for the subject. */
function aboutShort(a: ReplySubject): string {
  switch (a.action) {
    case "written-vote": return `skriftlig votering om ${a.vote.title}`;
    case "minutes": return `protokol fra mødet den ${danishDateShort(a.meeting.startsAt)}`;
    case "apology": return `afbud til mødet den ${danishDateShort(a.meeting.startsAt)}`;
    case "item-request": return `punkt til mødet den ${danishDateShort(a.meeting.startsAt)}`;
    case "initiative-report": return `statusrapport for ${a.initiative.name}`;
  }
}

function recordedText(r: RecordedReply): string {
  switch (r.kind) {
    case "vote": return ANSWER_DA[r.answer];
    case "objection": return "Indsigelse mod protokollen";
    case "no-objection": return "Ingen indsigelser mod protokollen";
    case "apology": return r.substituteAttends ? "Afbud – suppleant deltager" : "Afbud – suppleant deltager ikke";
    case "item-request": return `Anmodning om punktet ${quoted(r.title)}${r.onTime ? " (rettidigt)" : " (for sent — formandskabet beslutter, om punktet optages)"}`;
    case "report": return `Statusrapport${r.figures > 0 ? ` med ${r.figures} nøgletal` : ""}`;
  }
}

function recordedDetails(r: RecordedReply): Block[] {
  if (r.kind === "vote" && r.remark && r.remark.trim()) return [{ kind: "quote", label: "Din bemærkning til protokollen", text: r.remark }];
  if (r.kind === "objection" && r.text.trim()) return [{ kind: "quote", label: "Din indsigelse", text: r.text }];
  return [];
}

/** What to write to be understood, per kind of reply (the words domain/reply-reading.ts accepts). */
function acceptedWords(a: ReplySubject, override: string[] | undefined): Block {
  if (override?.length) return { kind: "p", content: `Skriv ét af disse ord øverst i dit svar: ${override.join(", ")}.` };
  switch (a.action) {
    case "written-vote": return { kind: "p", content: ["Skriv ét af disse ord øverst i dit svar: ", { strong: "JA" }, ", ", { strong: "NEJ" }, ", ", { strong: "UNDLAD" }, " eller ", { strong: "INDSIGELSE" }, " (mod skriftlig behandling). Skriv kun ét af ordene."] };
    case "minutes": return { kind: "p", content: ["Skriv ", { strong: "INDSIGELSE" }, " øverst i dit svar og derefter, hvad der skal rettes. Har du ingen indsigelser, behøver du ikke svare."] };
    case "apology": return { kind: "p", content: ["Skriv ", { strong: "AFBUD" }, " øverst i dit svar. Deltager din suppleant, så skriv ", { strong: "AFBUD – SUPPLEANT DELTAGER" }, "."] };
    case "item-request": return { kind: "p", content: "Skriv punktets overskrift i første linje og en kort beskrivelse nedenunder." };
    case "initiative-report": return { kind: "p", content: "Skriv rapporten i selve e-mailen, med nøgletal som »Navn: tal«, én pr. linje." };
  }
}

function notAcceptedText(reason: NotAcceptedReason, m: ReplyOutcomeMessage & { variant: "not-accepted" }): string {
  switch (reason) {
    case "unregistered-sender":
      return `Vi har modtaget et svar om ${aboutLong(m.about)}${m.fromAddress ? ` fra ${m.fromAddress}` : ""}, som ikke er din registrerede adresse. Af sikkerhedshensyn har vi ikke registreret det. Var det dig, så svar igen fra ${m.to.email}, eller bed sekretariatet om at opdatere din adresse.`;
    case "link-expired":
      return `Linket eller svaradressen, du brugte til ${aboutLong(m.about)}, er udløbet. Brug den nyeste e-mail fra os, eller kontakt sekretariatet.`;
    case "link-revoked":
      return `Linket eller svaradressen, du brugte til ${aboutLong(m.about)}, gælder ikke længere, fx fordi vi har sendt en nyere udgave. Brug den nyeste e-mail fra os.`;
    case "wrong-seat":
      return `Dit svar om ${aboutLong(m.about)} kan ikke registreres for din plads. Er du suppleant, tæller dit svar kun, når sekretariatet har registreret, at du repræsenterer pladsen.`;
  }
}

const KEPT: Block = { kind: "small", content: "Dit svar er gemt hos sekretariatet, også når det ikke kan registreres." };

/** The answer to an inbound reply, in one of five variants. */
export function replyOutcome(m: ReplyOutcomeMessage): EmailDoc {
  const about = aboutShort(m.about);
  const purpose = "Du har svaret på en e-mail fra os, og vi fortæller, hvad der er sket med dit svar.";
  switch (m.variant) {
    case "recorded":
      return makeDoc(m, {
        subject: fitSubject((t) => `Dit svar er registreret: ${t}`, about),
        heading: "Dit svar er registreret",
        preheader: recordedText(m.recorded),
        blocks: [
          ...greeting(m.to),
          { kind: "p", content: `Tak for dit svar om ${aboutLong(m.about)}. Vi modtog det ${danishDateTime(m.receivedAt)} og har registreret:` },
          { kind: "facts", rows: [{ label: "Registreret", value: recordedText(m.recorded) }] },
          ...recordedDetails(m.recorded),
          m.recorded.kind === "vote" && m.about.action === "written-vote" && m.recorded.answer !== "objection" && {
            kind: "p",
            content: ["Du kan ændre dit svar ved at svare igen ", { strong: deadlinePhrase(m.about.vote.closesAt) }, ". Det seneste svar tæller."],
          },
          m.recorded.kind === "vote" && m.recorded.answer === "objection" && {
            kind: "p",
            content: `Din indsigelse betyder, at sagen skal behandles på et møde (${paragraph(3, 6)}).`,
          },
        ],
        purpose,
      });
    case "not-understood":
      return makeDoc(m, {
        subject: fitSubject((t) => `Svar venligst igen: ${t}`, about),
        heading: "Vi kunne ikke læse dit svar",
        preheader: "Dit svar er ikke registreret. Svar venligst igen.",
        blocks: [
          ...greeting(m.to),
          { kind: "p", content: `Tak for dit svar om ${aboutLong(m.about)}. Vi kunne desværre ikke se, hvad du mente, så vi har ikke registreret det.` },
          { kind: "quote", label: "Årsag", text: m.reason },
          { kind: "h2", text: "Svar venligst igen" },
          acceptedWords(m.about, m.acceptedWords),
          m.deadline !== undefined && { kind: "p", content: ["Husk fristen: ", { strong: deadlinePhrase(m.deadline) }, "."] },
          replyHint(m.replyAddress),
          KEPT,
        ],
        purpose,
      });
    case "too-late":
      return makeDoc(m, {
        subject: fitSubject((t) => `Dit svar kom efter fristen: ${t}`, about),
        heading: "Dit svar kom efter fristen",
        preheader: "Svaret er gemt, men tæller ikke.",
        blocks: [
          ...greeting(m.to),
          { kind: "p", content: `Vi modtog dit svar om ${aboutLong(m.about)} ${danishDateTime(m.receivedAt)}, men fristen var ${danishDateTime(m.deadline)}. Svaret er gemt, men det tæller ikke.` },
          m.outcomeExplanation !== undefined && m.outcomeExplanation.trim() !== "" && { kind: "h2", text: "Resultatet" },
          m.outcomeExplanation !== undefined && m.outcomeExplanation.trim() !== "" && { kind: "p", content: m.outcomeExplanation },
          (m.outcomeExplanation === undefined || m.outcomeExplanation.trim() === "") && { kind: "p", content: "Du får besked, når resultatet foreligger." },
        ],
        purpose,
      });
    case "not-accepted":
      return makeDoc(m, {
        subject: fitSubject((t) => `Dit svar kunne ikke registreres: ${t}`, about),
        heading: "Vi kunne ikke registrere dit svar",
        preheader: "Læs hvorfor, og hvad du kan gøre.",
        blocks: [
          ...greeting(m.to),
          { kind: "p", content: notAcceptedText(m.reason, m) },
          { kind: "p", content: `Har du spørgsmål, så skriv til sekretariatet på ${m.committee.secretariatEmail}.` },
          KEPT,
        ],
        purpose,
      });
    case "confirm-by-link":
      return makeDoc(m, {
        subject: fitSubject((t) => `Bekræft dit svar: ${t}`, about),
        heading: "Bekræft dit svar",
        preheader: "Dit svar er ikke registreret endnu. Tryk på knappen for at bekræfte.",
        blocks: [
          ...greeting(m.to),
          {
            kind: "p",
            content: m.reason === "unsure-reading"
              ? `Vi er ikke helt sikre på, hvordan vi skal forstå dit svar om ${aboutLong(m.about)}.`
              : `Vi kunne ikke bekræfte, at svaret om ${aboutLong(m.about)} kom fra dig, fordi afsenderen ikke kunne verificeres.`,
          },
          m.understood !== undefined && { kind: "facts", rows: [{ label: "Vi læste svaret som", value: recordedText(m.understood) }] },
          { kind: "p", content: "Svaret er ikke registreret endnu. Tryk på knappen for at bekræfte det." },
          { kind: "buttons", buttons: [{ label: "Bekræft mit svar", url: m.confirmUrl }] },
          m.confirmBy !== undefined && { kind: "small", content: `Linket virker ${deadlinePhrase(m.confirmBy)}.` },
          { kind: "p", content: `Var det ikke dig, eller mente du noget andet, så svar igen på den oprindelige e-mail, eller skriv til ${m.committee.secretariatEmail}.` },
          KEPT,
        ],
        purpose,
      });
  }
}

