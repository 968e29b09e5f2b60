/**
 * The words of a member's own page ("Mine sager") and of the weekly digest that can replace reminders:
 * plain facts in, Danish out. The page and the digest say the same things in the same words.
 */
import { DANISH_WEEKDAYS } from "#domain/calendar";
import { ANSWER_DA, danishDate, danishDateTime, deadlinePhrase } from "./danish.ts";

type Answer = keyof typeof ANSWER_DA;

export const mineSager = {
  title: "Mine sager",
  who: (name: string, seatTitle: string | undefined, role: string, committee: string) =>
    `${name}${seatTitle ? `, ${role === "substitute" ? `suppleant for ${seatTitle}` : seatTitle}` : ""} · ${committee}`,
  intro: "Her er alt, der venter på dig, samlet ét sted. Linket er dit eget: del det ikke. Svar, du giver her, tæller som svar på e-mailene.",
  nav: { votes: "Afstemninger", minutes: "Protokoller", meetings: "Møder", reports: "Statusrapporter", history: "Dine svar", digest: "Ugentlig oversigt" },

  votes: {
    heading: "Skriftlige voteringer, du skal svare på",
    none: "Der er ingen åbne afstemninger til dig lige nu.",
    deadline: (closesAt: string) => `Svarfrist: ${deadlinePhrase(closesAt)}.`,
    current: (answer: Answer, receivedAt: string, byYou: boolean) =>
      `${byYou ? "Dit" : "Pladsens"} nuværende svar: ${ANSWER_DA[answer]} (${danishDateTime(receivedAt)}). Du kan ændre det indtil fristen.`,
    choose: "Dit svar",
    objectionApart: "Indsigelse mod skriftlig behandling: sagen skal så behandles på et møde, og indsigelsen kan ikke trækkes tilbage.",
    remark: "Bemærkning eller dissens til protokol (valgfri)",
    submit: "Registrér mit svar",
  },
  minutes: {
    heading: "Protokoller, du kan gøre indsigelse mod",
    none: "Ingen protokol afventer godkendelse lige nu.",
    round: (meetingStartsAt: string, version: number) => `Protokol fra mødet ${danishDate(meetingStartsAt)}, udgave ${version}`,
    window: (endsAt: string) => `Indsigelser ${deadlinePhrase(endsAt)}. Hører vi ikke fra nogen, er protokollen godkendt.`,
    read: (version: number) => `Læs protokollen (udgave ${version})`,
    objected: "Du har gjort indsigelse mod denne udgave.",
    label: "Hvad skal rettes?",
    submit: "Send indsigelse",
  },
  meetings: {
    heading: "De næste møder",
    none: "Der er ingen planlagte møder.",
    name: (kind: "ordinary" | "extraordinary", startsAt: string) => `${kind === "extraordinary" ? "Ekstraordinært møde" : "Møde"} ${danishDateTime(startsAt)}`,
    place: (location: string, virtual: boolean) => (virtual ? (location ? `${location} eller virtuelt` : "Virtuelt møde") : location || "Stedet oplyses senere"),
    virtualLink: "Link til det virtuelle møde",
    agenda: "Dagsorden",
    agendaLater: (deadline: string) => `Dagsordenen med materiale udsendes ${deadlinePhrase(deadline)}.`,
    noItems: "Dagsordenen har ingen punkter til dig.",
    apologyGiven: (substituteAttends: boolean, receivedAt: string) =>
      `Du har meldt afbud (${danishDateTime(receivedAt)})${substituteAttends ? "; din suppleant deltager" : ""}.`,
    substitute: "Min suppleant deltager i stedet",
    apologize: "Meld afbud",
    changeApology: "Ret afbud",
  },
  reports: {
    heading: "Statusrapporter, du skal aflevere som ansvarlig for en indsats",
    for: (name: string, meetingStartsAt: string) => `${name} – til mødet ${danishDate(meetingStartsAt)}`,
    deadline: (deadline: string) => `Frist: ${deadlinePhrase(deadline)}.`,
    received: (at: string) => `Modtaget ${danishDateTime(at)}. Du kan sende en ny; den seneste tæller.`,
    label: "Status, nøgletal (ét pr. linje, fx \"Andel: 61 %\") og forbrug",
    submit: "Send rapport",
  },
  history: {
    heading: "Det har du svaret i denne valgperiode",
    none: "Du har ikke svaret på noget endnu.",
    vote: (title: string, answer: Answer, counted: boolean) => `Skriftlig votering »${title}«: ${ANSWER_DA[answer]}${counted ? "" : " (tæller ikke)"}`,
    objection: (meetingStartsAt: string, version: number) => `Indsigelse mod protokollen fra mødet ${danishDate(meetingStartsAt)} (udgave ${version})`,
    apology: (meetingStartsAt: string, substituteAttends: boolean) => `Afbud til mødet ${danishDate(meetingStartsAt)}${substituteAttends ? ", suppleant deltager" : ""}`,
    itemRequest: (title: string, meetingStartsAt: string, status: "requested" | "accepted" | "declined") =>
      `Punkt »${title}« til mødet ${danishDate(meetingStartsAt)}: ${{ requested: "afventer formandskabet", accepted: "optaget", declined: "ikke optaget" }[status]}`,
    report: (name: string, meetingStartsAt: string) => `Statusrapport for ${name} til mødet ${danishDate(meetingStartsAt)}`,
    at: (at: string) => danishDateTime(at),
  },
  digest: {
    heading: "Ugentlig oversigt i stedet for påmindelser",
    explain: (weekday: number) =>
      `Du kan få én samlet oversigt hver ${DANISH_WEEKDAYS[weekday - 1]} i stedet for påmindelser om skriftlige voteringer. Stemmesedler, dagsordener og protokoller får du stadig, når de udsendes.`,
    on: "Du får en ugentlig oversigt i stedet for påmindelser.",
    off: "Du får påmindelser, når et svar mangler.",
    turnOn: "Ja tak, send mig en ugentlig oversigt",
    turnOff: "Send mig påmindelser igen",
    saved: (on: boolean) => (on ? "Gemt: du får en ugentlig oversigt i stedet for påmindelser." : "Gemt: du får påmindelser igen."),
    notAllowed: "Forretningsordenen giver ikke mulighed for en ugentlig oversigt i stedet for påmindelser.",
  },
  back: "Tilbage til Mine sager",
  notFound: "Ikke fundet",
  fileMissing: "Filen findes ikke, eller den er ikke til dig.",
  linkBroken: "Linket virker ikke",
  notStored: "Dit svar er ikke gemt.",
};

/** The weekly digest's mail: the same lists as the page, shortened, with the way to the page. */
export const digestWords = {
  subject: (committee: string, open: number) => `Ugentlig oversigt fra ${committee}: ${open === 0 ? "intet venter på dig" : `${open} ${open === 1 ? "sag venter" : "sager venter"} på dig`}`,
  heading: "Din ugentlige oversigt",
  intro: "Du har bedt om én samlet oversigt om ugen i stedet for påmindelser. Her er, hvad der venter på dig nu.",
  nothing: "Intet venter på dig lige nu.",
  votes: "Skriftlige voteringer uden dit svar",
  vote: (title: string, closesAt: string) => `${title} – svar ${deadlinePhrase(closesAt)}`,
  minutes: "Protokoller til godkendelse",
  round: (meetingStartsAt: string, version: number, endsAt: string) => `Mødet ${danishDate(meetingStartsAt)}, udgave ${version} – indsigelser ${deadlinePhrase(endsAt)}`,
  meetings: "De næste møder",
  meeting: (startsAt: string, apology: boolean) => `${danishDateTime(startsAt)}${apology ? " (du har meldt afbud)" : ""}`,
  reports: "Statusrapporter, du skal aflevere",
  report: (name: string, deadline: string) => `${name} – ${deadlinePhrase(deadline)}`,
  open: "Åbn Mine sager",
  why: "du har bedt om en ugentlig oversigt i stedet for påmindelser",
};
