/**
 * The Danish of answering: what a member is told about an answer, by email (the reply-outcome mail) and on
 * the answer's page after a link. Plain data in, sentences out; the answers module decides which applies.
 */
import { ANSWER_DA, danishDateTime } from "./danish.ts";

type VoteAnswer = keyof typeof ANSWER_DA;

/** Why an answer was kept but not counted, as the end of a sentence ("…, fordi …"). */
export function notCountedReason(reason: string, committeeName: string): string {
  const reasons: Record<string, string> = {
    "not-a-seat": `du er ikke medlem af ${committeeName}`,
    "not-a-substitute-of-this-seat": "du er ikke suppleant for dette medlem",
    "substitute-not-representing": "sekretariatet har ikke registreret, at du repræsenterer medlemmet i denne sag",
    "member-answered": "medlemmet selv har stemt, og medlemmets eget svar gælder",
    "before-open": "afstemningen var ikke åbnet endnu",
    "after-close": "afstemningen var afsluttet",
    late: "fristen for indsigelser var udløbet",
    "superseded-version": "der er udsendt en nyere udgave af protokollen",
    "not-sent-yet": "protokollen var ikke udsendt endnu",
  };
  return reasons[reason] ?? "svaret kunne ikke godkendes";
}

/** Why a reply address did not work (the reply-outcome mail). */
export function replyAddressProblem(reason: string): string {
  const reasons: Record<string, string> = {
    malformed: "Adressen, du svarede til, er ikke en gyldig svaradresse. Brug \"Svar\" på den e-mail, du fik fra os.",
    forged: "Adressen, du svarede til, er ikke en gyldig svaradresse. Brug \"Svar\" på den e-mail, du fik fra os.",
    unknown: "Vi kender ikke den svaradresse, du brugte. Brug \"Svar\" på den e-mail, du fik fra os.",
    expired: "Svaradressen er udløbet, fordi sagen er afsluttet.",
    revoked: "Svaradressen er trukket tilbage, fx fordi sagen er annulleret.",
  };
  return reasons[reason] ?? reasons.unknown ?? "";
}

/** Why a member link does not work, now (the link's page) or when the answer came (the answer's page). */
export function linkProblem(reason: string, when: "now" | "then"): string {
  const now = when === "now";
  const reasons: Record<string, string> = {
    malformed: "Linket er ikke gyldigt. Brug linket i den e-mail, du fik fra os.",
    forged: "Linket er ikke gyldigt. Brug linket i den e-mail, du fik fra os.",
    unknown: "Linket er ikke gyldigt. Brug linket i den e-mail, du fik fra os.",
    expired: now ? "Linket er udløbet, fordi sagen er afsluttet." : "Linket var udløbet, fordi sagen er afsluttet.",
    revoked: now ? "Linket er trukket tilbage, fx fordi sagen er annulleret." : "Linket var trukket tilbage, fx fordi sagen er annulleret.",
    "holder-changed": "Linket blev sendt til en tidligere indehaver af pladsen eller en tidligere suppleant. Kun pladsens nuværende medlem og suppleanter kan svare.",
  };
  return reasons[reason] ?? reasons.unknown ?? "";
}

/** What a reply may say for each kind of email, for "answer again" mails. */
export const ACCEPTED_WORDS: Record<string, string[]> = {
  "written-vote": ["JA", "NEJ", "UNDLAD", "INDSIGELSE"],
  minutes: ["INDSIGELSE (efterfulgt af, hvad der skal rettes)"],
  apology: ["AFBUD", "AFBUD – SUPPLEANT DELTAGER"],
  "item-request": ["punktets overskrift i første linje"],
  "initiative-report": ["jeres status i brødteksten"],
};

/** What a matter is called in a sentence ("Registreret: den skriftlige votering om …"). */
export const matterPhrase = {
  vote: (title: string) => `den skriftlige votering om "${title}"`,
  meeting: (date: string) => `mødet ${date}`,
  unknown: "din e-mail",
  answer: "dit svar",
};

/** The sentences of the reply-outcome mails, by what happened. */
export const replyDetail = {
  notCounted: (reason: string, committeeName: string) => `Dit svar er gemt, men tæller ikke: ${notCountedReason(reason, committeeName)}.`,
  voteAfterClose: "Dit svar kom efter afstemningens afslutning og er gemt, men tæller ikke.",
  noObjection: "Tak. Vi har noteret, at du ikke har indsigelser til protokollen. Protokollen godkendes, når fristen er udløbet uden indsigelser.",
  apologyTooLate: "Mødet var begyndt, da dit afbud kom. Det er gemt, og sekretariatet registrerer fremmødet i referatet.",
  apologyCancelled: "Mødet er aflyst, så der skal ikke meldes afbud. Dit svar er gemt.",
  report: (figures: number) => `Tak. Jeres statusrapport er modtaget${figures ? ` med ${figures} nøgletal` : ""} og indgår i statuspunktet på dagsordenen.`,
  wrongSender: "Svaret kom ikke fra den adresse, vi har registreret for modtageren af e-mailen, så det er ikke registreret. Svar fra din egen registrerede adresse, eller kontakt sekretariatet.",
  unverified: "Vi kunne ikke bekræfte, at svaret kom fra dig, så det er ikke registreret endnu. Bekræft dit svar via linket.",
  unclear: (reason: string) => `${reason} Dit svar er ikke registreret.`,
  unreadable: (reason: "too-large" | "malformed" | string) =>
    `Vi kunne ikke læse din e-mail (${reason === "too-large" ? "den var for stor" : reason === "malformed" ? "den var beskadiget" : "den havde for mange dele"}). Svar venligst igen med en almindelig tekst-e-mail.`,
};

/** What an answer given by link is recorded as, for the summary line of the local SMTP log and the console. */
export const recordedAs = {
  vote: (answer: VoteAnswer) => ({ for: "JA", against: "NEJ", abstain: "UNDLAD", objection: "INDSIGELSE" })[answer],
  noObjection: "ingen indsigelse",
  objection: "indsigelse",
  apology: (substituteAttends: boolean) => (substituteAttends ? "afbud, suppleant deltager" : "afbud"),
  itemRequest: (title: string, onTime: boolean) => `anmodning om punkt: ${title}${onTime ? "" : " (for sent)"}`,
  report: "statusrapport",
};

export interface AnswerPage {
  title: string;
  lines: string[];
}

/** The answer's page after a link: a title and a few lines, counted or not. */
export const answerPage = {
  linkProblem: (reason: string): AnswerPage => ({ title: "Linket virker ikke", lines: [linkProblem(reason, "then"), "Dit svar er gemt, men tæller ikke."] }),
  missing: {
    "written-vote": { title: "Vælg et svar", lines: ["Vælg JA, NEJ, UNDLAD eller INDSIGELSE. Intet er registreret."] },
    minutes: { title: "Skriv din indsigelse", lines: ["Skriv, hvad der skal rettes. Intet er registreret."] },
    "item-request": { title: "Skriv en overskrift", lines: ["Punktet skal have en overskrift. Intet er registreret."] },
    "initiative-report": { title: "Skriv rapporten", lines: ["Rapporten er tom. Intet er registreret."] },
    apology: { title: "Meld afbud", lines: ["Intet er registreret."] },
  } satisfies Record<string, AnswerPage>,
  voteRecorded: (answer: VoteAnswer, receivedAt: string, receiptSent: boolean): AnswerPage => ({
    title: "Dit svar er registreret",
    lines: [
      `Du har svaret ${ANSWER_DA[answer]} (${danishDateTime(receivedAt)}).`,
      answer === "objection" ? "Sagen skal nu behandles på et møde." : "Du kan ændre dit svar indtil fristen via linket i e-mailen.",
      receiptSent ? "Du får en kvittering pr. e-mail." : "Du har allerede fået en kvittering pr. e-mail for dette svar; der sendes ikke en ny.",
    ],
  }),
  voteAfterClose: (explanation: string | undefined): AnswerPage => ({ title: "Afstemningen er afsluttet", lines: [`Dit svar kom efter afslutningen og er gemt, men tæller ikke. ${explanation ?? ""}`.trim()] }),
  voteNotCounted: (reason: string, committeeName: string): AnswerPage => ({ title: "Svaret tæller ikke", lines: [`Dit svar er gemt, men tæller ikke, fordi ${notCountedReason(reason, committeeName)}.`] }),
  objectionRecorded: (receivedAt: string): AnswerPage => ({ title: "Indsigelsen er registreret", lines: [`Modtaget ${danishDateTime(receivedAt)}. En revideret protokol sendes til fornyet godkendelse.`] }),
  objectionNotCounted: (reason: string | undefined, committeeName: string): AnswerPage => ({
    title: "Indsigelsen tæller ikke",
    lines: [reason ? `Indsigelsen er gemt, men tæller ikke, fordi ${notCountedReason(reason, committeeName)}.` : "Indsigelsen er gemt, men tæller ikke: fristen er udløbet, eller der er udsendt en nyere udgave."],
  }),
  apologyRecorded: (substituteAttends: boolean): AnswerPage => ({ title: "Afbud registreret", lines: [substituteAttends ? "Dit afbud er registreret, og din suppleant deltager." : "Dit afbud er registreret."] }),
  apologyTooLate: { title: "For sent", lines: ["Mødet er begyndt. Dit afbud er gemt."] } satisfies AnswerPage,
  apologyCancelled: { title: "Mødet er aflyst", lines: ["Mødet er aflyst, så der skal ikke meldes afbud. Dit svar er gemt."] } satisfies AnswerPage,
  itemRequested: (onTime: boolean): AnswerPage => ({ title: "Anmodningen er modtaget", lines: [onTime ? "Anmodningen kom rettidigt og er sendt til formandskabet og sekretariatet." : "Anmodningen kom efter fristen; formandskabet beslutter, om punktet optages."] }),
  reportRecorded: { title: "Rapporten er modtaget", lines: ["Tak. Rapporten indgår i statuspunktet på dagsordenen."] } satisfies AnswerPage,
  /** An answer from "Mine sager" to a matter that is not open to the member (closed, not theirs, not sent yet). */
  matterNotOpen: { title: "Sagen er ikke åben", lines: ["Dit svar er gemt, men tæller ikke: sagen er ikke åben for svar fra dig lige nu."] } satisfies AnswerPage,
};
