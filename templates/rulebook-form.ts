/**
 * The words of the rulebook form (a rulebook without JSON, issue 22 item 4): a label and a line of help for
 * every field of the rulebook schema, by its path, with the rule it sets. The console's form is built from
 * this list, so a field without words here has no place in the form (a test keeps them in step).
 */
import { DANISH_WEEKDAYS } from "#domain/calendar";

export interface FieldWords {
  label: string;
  help?: string;
  rule?: string;
}

export const RULEBOOK_SECTIONS: { id: string; heading: string; intro?: string }[] = [
  { id: "forretningsorden", heading: "Forretningsordenen", intro: "Hvilken udgave det er, og hvornår den gælder (R-6.1)." },
  { id: "kalender", heading: "Kalender og udsendelse" },
  { id: "moeder", heading: "Møder og frister" },
  { id: "paamindelser", heading: "Påmindelser" },
  { id: "quorum", heading: "Beslutningsdygtighed (R-4.2)" },
  { id: "votering", heading: "Skriftlig votering (R-3.6)" },
  { id: "indsatser", heading: "Indsatser" },
  { id: "sekretariat", heading: "Sekretariat" },
  { id: "pladser", heading: "Pladser og valgområder (R-1.1)", intro: "Én række pr. plads. Suppleanter: én pr. linje som id; navn; e-mail. Formandskabet mødeleder på skift i rækkefølgen ovenfra (R-4.1)." },
  { id: "kilder", heading: "Henvisninger til paragraffer", intro: "Hvor hver regel står i jeres egen tekst, fx § 3, stk. 2. Tomt felt: reglen citeres ikke i e-mails." },
];

export const FIELD_WORDS: Record<string, FieldWords> = {
  effectiveFrom: { label: "Træder i kraft", rule: "R-6.1" },
  id: { label: "Udgavens id", help: "Små bogstaver, tal og bindestreger, fx nordkysten-2027. Skal være nyt." },
  title: { label: "Titel" },
  status: { label: "Status", help: "Vedtaget af udvalget, eller antaget (reglerne videreført, indtil en ny tekst vedtages)." },
  note: { label: "Note" },
  "committee.id": { label: "Udvalgets id", help: "Små bogstaver, tal og bindestreger, fx nordkysten. Kan ikke ændres senere." },
  "committee.name": { label: "Udvalgets navn" },
  "validity.from": { label: "Gælder fra", rule: "R-6.1" },
  "validity.to": { label: "Gælder til", rule: "R-6.1" },
  "term.from": { label: "Valgperioden begynder", rule: "R-1.4" },
  "term.to": { label: "Valgperioden slutter", rule: "R-1.4" },
  "calendar.timeZone": { label: "Tidszone", help: "Europe/Copenhagen for dansk tid; alle frister regnes i den." },
  "calendar.nonWorkingDays": { label: "Lukkedage ud over weekender", help: "Danske helligdage, eller ingen." },
  "calendar.extraClosedDates": { label: "Andre lukkedage", help: "Datoer adskilt af komma, fx 2027-12-24, 2027-12-31." },
  "calendar.sendTime": { label: "Udsendelsestidspunkt", help: "Hvornår påmindelser og indkaldelser går ud, fx 09:00." },
  "meetings.minimumPerYear": { label: "Mindst antal ordinære møder om året", rule: "R-3.1" },
  "meetings.itemRequestDaysBefore": { label: "Frist for punkter, dage før mødet", rule: "R-3.2" },
  "meetings.callForItemsDaysBeforeItemDeadline": { label: "Indkaldelse af punkter, dage før punktfristen", rule: "R-3.2" },
  "meetings.agendaDaysBefore": { label: "Dagsorden med materiale, dage før mødet", rule: "R-3.3" },
  "meetings.minutesDaysAfter": { label: "Protokol senest, dage efter mødet", rule: "R-3.5" },
  "meetings.objectionWindowDays": { label: "Indsigelsesfrist, dage efter udsendelsen", rule: "R-3.5" },
  "meetings.extraordinaryNoticeBelowDays": { label: "Ekstraordinært møde med kortere varsel end, dage", rule: "R-3.9" },
  "meetings.authoritiesConstituencies": { label: "Myndighederne (punkter kun for dem)", rule: "R-3.4" },
  "meetings.defaultDurationMinutes": { label: "Mødets længde i minutter (kalenderinvitationer)" },
  "reminders.agendaDaysBeforeDeadline": { label: "Påmindelser om dagsordenen, dage før fristen", help: "Tal adskilt af komma, fx 5, 1.", rule: "R-3.3" },
  "reminders.minutesDaysBeforeDeadline": { label: "Påmindelser om protokollen, dage før fristen", help: "Tal adskilt af komma.", rule: "R-3.5" },
  "reminders.quorumForecastDaysBeforeMeeting": { label: "Fremmøde- og quorumprognose, dage før mødet", rule: "R-4.2" },
  "reminders.writtenVoteDaysBeforeClose": { label: "Påmindelser om skriftlig votering, dage før fristen", help: "Tal adskilt af komma.", rule: "R-3.6" },
  "reminders.initiativeReportDaysBeforeDeadline": { label: "Påmindelser om indsatsrapporter, dage før fristen", help: "Tal adskilt af komma." },
  "reminders.initiativeEscalationDaysAfterDeadline": { label: "Manglende rapporter meldes videre, dage efter fristen" },
  "reminders.weeklyDigest.allowed": { label: "Medlemmer må vælge en ugentlig oversigt i stedet for påmindelser" },
  "reminders.weeklyDigest.weekday": { label: "Ugedag for den ugentlige oversigt" },
  "quorum.minimumPresent.numerator": { label: "Mindst til stede: tæller", help: "Halvdelen er 1 / 2, to tredjedele 2 / 3." },
  "quorum.minimumPresent.denominator": { label: "Mindst til stede: nævner" },
  "quorum.constituenciesRepresented": { label: "Skal altid være repræsenteret" },
  "quorum.generalPracticeItemsRequire": { label: "Skal være repræsenteret ved punkter om almen praksis" },
  "quorum.substituteCountsForSeat": { label: "En suppleant tæller for medlemmets plads", rule: "R-1.2" },
  "writtenVote.defaultDurationDays": { label: "Svarfrist, dage" },
  "writtenVote.decisionRule": { label: "Hvornår forslaget er vedtaget" },
  "writtenVote.respondentsMustMakeQuorum": { label: "De svarende skal udgøre et beslutningsdygtigt flertal" },
  "writtenVote.singleObjectionMovesToMeeting": { label: "Én indsigelse sender sagen til et møde" },
  "writtenVote.closeEarlyWhenAllSeatsVoted": { label: "Afsluttes, når alle pladser har svaret" },
  "initiatives.reportDaysBeforeMeeting": { label: "Statusrapporter, dage før hvert ordinære møde" },
  "secretariat.name": { label: "Sekretariatets navn" },
  "secretariat.email": { label: "Sekretariatets e-mail" },
  coChairs: { label: "Formandskab", rule: "R-1.3" },
  "seats.id": { label: "Pladsens id" },
  "seats.constituency": { label: "Valgområde" },
  "seats.title": { label: "Betegnelse" },
  "seats.member.name": { label: "Medlemmets navn" },
  "seats.member.email": { label: "Medlemmets e-mail" },
  "seats.substitutes": { label: "Suppleanter" },
};

export const CHOICE_WORDS = {
  status: { adopted: "Vedtaget", assumed: "Antaget" },
  nonWorkingDays: { dk: "Danske helligdage", none: "Ingen" },
  constituency: { region: "Regionen", municipality: "Kommunerne", "general-practice": "Almen praksis" },
  decisionRule: {
    "more-for-than-against": "Flere stemmer for end imod",
    "majority-of-seats": "Flere stemmer for end halvdelen af alle pladser",
    "unanimous-respondents": "Alle, der svarer, stemmer for",
  },
  weekday: DANISH_WEEKDAYS,
} as const;

/** The rules whose paragraphs a rulebook may give (its `sources`). */
export const SOURCE_RULES = ["R-1.2", "R-1.3", "R-3.1", "R-3.2", "R-3.3", "R-3.4", "R-3.5", "R-3.6", "R-3.7", "R-3.8", "R-3.9", "R-4.1", "R-4.2", "R-6.1", "R-INIT"] as const;

export const formWords = {
  sample: "Prøvemøde",
  sampleHelp: "Frister, som et møde på denne dato ville få med tallene ovenfor.",
  preview: "Vis frister med disse tal",
  addSeats: "Flere tomme pladsrækker",
  chair: "I formandskabet",
  saveVersion: "Gem som ny udgave",
  saveCommittee: "Opret udvalget",
  effectiveFrom: "Hvornår udgaven gælder",
  effectiveHelp: "I dag eller senere. Møder fra den dato og afstemninger, der åbnes fra den, følger udgaven; tidligere beholder deres.",
  problems: (n: number) => (n === 1 ? "Ét felt skal rettes:" : `${n} felter skal rettes:`),
  deadlinesHeading: "Frister for prøvemødet",
  deadlineColumns: ["Hvad", "Dato", "Regel"],
  what: {
    callForItems: "Indkaldelse af punkter",
    items: "Frist for punkter",
    initiativeReports: "Frist for indsatsrapporter",
    agendaReminder: "Påmindelse om dagsordenen",
    agenda: "Frist for dagsorden",
    quorumForecast: "Fremmøde- og quorumprognose",
    meeting: "Mødet",
    minutesReminder: "Påmindelse om protokollen",
    minutes: "Frist for protokol",
  },
};
