/**
 * The words of the secretariat's console: every status, event and refusal the modules name by a code,
 * said in Danish. Internal codes never reach a screen; what is not in these tables is said generally.
 */

export const MEETING_STATUS_DA: Record<string, string> = { planned: "planlagt", held: "afholdt", cancelled: "aflyst" };
export const MEETING_KIND_DA: Record<string, string> = { ordinary: "ordinært møde", extraordinary: "ekstraordinært møde" };
export const VOTE_STATUS_DA: Record<string, string> = { open: "åben for svar", closed: "afsluttet" };
export const OUTCOME_DA: Record<string, string> = { carried: "vedtaget", "not-carried": "ikke vedtaget", "moved-to-meeting": "skal behandles på et møde", cancelled: "annulleret" };
export const CLOSE_REASON_DA: Record<string, string> = { deadline: "ved svarfristen", "all-seats-voted": "da alle pladser havde svaret", objection: "ved en indsigelse", cancelled: "af sekretariatet" };
export const MINUTES_STATUS_DA: Record<string, string> = {
  approved: "godkendt", "awaiting-revision": "indsigelser – en revideret udgave afventes", "objection-window-open": "sendt – indsigelsesfristen løber",
  uploaded: "lagt op – sendes til pladserne", awaited: "afventer sekretariatet",
};
export const ROUND_STATE_DA: Record<string, string> = { open: "indsigelsesfristen løber", approved: "godkendt", objected: "indsigelse(r) – revision nødvendig", "not-sent": "ikke sendt endnu" };
export const ITEM_STATUS_DA: Record<string, string> = { requested: "afventer formandskabets beslutning", accepted: "optaget", declined: "afvist af formandskabet" };
export const ITEM_SOURCE_DA: Record<string, string> = { "member-request": "anmodet af et medlem", secretariat: "sekretariatet", "written-vote": "fra skriftlig votering", "initiative-reports": "samles af systemet" };
export const ATTENDANCE_DA: Record<string, string> = { apology: "afbud", present: "til stede", absent: "fraværende" };
export const REPORT_STATE_DA: Record<string, string> = { received: "modtaget", missing: "mangler", awaited: "afventes", "not-asked": "ikke anmodet" };
export const ROLE_DA: Record<string, string> = { secretariat: "sekretariatet", chair: "formandskabet" };
export const CONSTITUENCY_DA: Record<string, string> = { region: "Regionen", municipality: "kommune", "general-practice": "almen praksis (PLO)" };

/** What each line of a meeting's timeline is: sends say when something goes out, deadlines when it is due. */
export const TIMELINE_DA: Record<string, string> = {
  "call-for-items": "Indkaldelse af punkter sendes",
  items: "Frist for anmodning om punkter",
  "initiative-reports": "Frist for indsatsrapporter",
  "agenda-reminder": "Påmindelse om dagsordenen til sekretariatet",
  agenda: "Frist for udsendelse af dagsorden",
  "quorum-forecast": "Afbud og quorumprognose sendes",
  meeting: "Mødet",
  minutes: "Frist for udsendelse af protokol",
};

/** The kinds of mail, as the outbox and a meeting's "sent" table name them. */
export const PURPOSE_DA: Record<string, string> = {
  "call-for-items": "Indkaldelse af punkter", "initiative-report-request": "Anmodning om statusrapport", "initiative-report-reminder": "Påmindelse om statusrapport",
  "initiative-report-escalation": "Manglende statusrapport", "agenda-release-reminder": "Påmindelse: frigiv dagsorden", agenda: "Dagsorden",
  "extraordinary-meeting-notice": "Indkaldelse til ekstraordinært møde", "quorum-forecast": "Quorumprognose", minutes: "Protokol", "minutes-reminder": "Påmindelse: protokol",
  "minutes-approved": "Protokol godkendt", alert: "Advarsel", ballot: "Stemmeseddel", "vote-reminder": "Påmindelse om afstemning", "vote-result": "Resultat",
  "vote-receipt": "Kvittering for stemme", "reply-outcome": "Svar på svar", "item-request-forwarded": "Anmodning om punkt", "meeting-changed": "Møde flyttet", "meeting-cancelled": "Møde aflyst",
  "objection-notice": "Indsigelse til sekretariatet", "address-alert": "Adresse kan ikke modtage post",
  "weekly-digest": "Ugentlig oversigt",
};

/** Every event of the audit trail, in words. */
export const AUDIT_ACTION_DA: Record<string, string> = {
  "seat.updated": "Plads opdateret", "seat.represented": "Suppleant registreret som stedfortræder",
  "meeting.added": "Møde tilføjet", "meeting.moved": "Møde flyttet", "meeting.cancelled": "Møde aflyst", "meeting.extraordinary-called": "Ekstraordinært møde indkaldt",
  "meeting.call-for-items-sent": "Indkaldelse af punkter sendt", "meeting.apology": "Afbud", "meeting.apology-withdrawn": "Afbud trukket tilbage", "meeting.attendance": "Fremmøde registreret", "meeting.held": "Møde afholdt",
  "agenda.item-added": "Punkt tilføjet", "agenda.item-requested": "Anmodning om punkt", "agenda.item-accepted": "Punkt optaget af formandskabet", "agenda.item-declined": "Punkt afvist af formandskabet",
  "agenda.item-changed": "Punkt ændret", "agenda.item-moved": "Punkt flyttet i rækkefølgen", "agenda.material-added": "Materiale tilføjet", "agenda.released": "Dagsorden frigivet", "agenda.sent": "Dagsorden sendt",
  "minutes.uploaded": "Protokol lagt op", "minutes.sent": "Protokol sendt", "minutes.objection": "Indsigelse til protokol", "minutes.objection-not-counted": "Indsigelse til protokol, tæller ikke",
  "minutes.objected": "Protokolrunde endt med indsigelser", "minutes.approved": "Protokol godkendt",
  "vote.opened": "Skriftlig votering åbnet", "vote.ballots-sent": "Stemmesedler sendt", "vote.response": "Svar i skriftlig votering", "vote.response-not-counted": "Svar i skriftlig votering, tæller ikke",
  "vote.cancelled": "Skriftlig votering annulleret", "vote.closed": "Skriftlig votering afsluttet",
  "initiative.saved": "Indsats gemt", "initiative.report": "Statusrapport modtaget",
  "committee.created": "Udvalget oprettet", "rulebook.adopted": "Ny udgave af forretningsordenen vedtaget", "meeting.rulebook-changed": "Mødet følger en ny udgave af forretningsordenen",
  "member-page.revoked": "Link til medlemmets egen side trukket tilbage", "member-page.digest-on": "Medlem valgte ugentlig oversigt", "member-page.digest-off": "Medlem valgte påmindelser igen",
  "reply.duplicate": "Svar modtaget igen (talt én gang)", "reply.not-understood": "Svar kunne ikke læses", "reply.not-accepted": "Svar ikke godkendt", "reply.too-late": "Svar for sent",
  "reply.unverified": "Svar ikke bekræftet", "reply.unreadable": "E-mail kunne ikke læses", "reply.ignored-auto-reply": "Automatisk svar ignoreret",
};
export const AUDIT_CHANNEL_DA: Record<string, string> = { email: "e-mail", link: "link", api: "konsol/API", secretariat: "sekretariatet", workflow: "systemet", console: "konsol" };

/** How an inbound reply ended, for the pasted reply's receipt and the local SMTP log. */
export const INBOUND_OUTCOME_DA: Record<string, string> = {
  recorded: "registreret", duplicate: "modtaget før (talt én gang)", "ignored-auto-reply": "automatisk svar, ignoreret", unreadable: "kunne ikke læses",
  "not-understood": "kunne ikke forstås – afsenderen er bedt om at svare igen", "not-accepted": "ikke godkendt", "too-late": "for sent – gemt, men tæller ikke", unverified: "afsenderen er ikke bekræftet",
};

export const word = (table: Record<string, string>, code: string | null | undefined, otherwise = "ukendt"): string => (code ? (table[code] ?? otherwise) : otherwise);

/** A refusal of a use case, as the console shows it: the error's class and its fields, in Danish. */
export function consoleError(e: { name?: string; message?: string; field?: string | undefined; detail?: { reason?: string; version?: number; until?: string; problem?: string } | undefined; what?: string; id?: string }, dateTime: (at: string) => string): string {
  const d = e.detail;
  switch (e.name) {
    case "MinutesForCancelledMeetingError": return "Mødet er aflyst; der er ingen protokol.";
    case "MinutesRoundOpenError":
      if (d?.reason === "not-sent") return `Udgave ${d.version ?? ""} af protokollen er ikke sendt endnu; vent, til den er sendt, før du lægger en ny op.`;
      if (d?.reason === "window-open") return `Indsigelsesfristen for udgave ${d.version ?? ""} løber til ${d.until ? dateTime(d.until) : "fristen"}, og ingen har gjort indsigelse. En revideret udgave kan lægges op, når der er kommet en indsigelse, eller når fristen er udløbet.`;
      return "En anden udgave blev lagt op samtidig. Indlæs siden og prøv igen.";
    case "MinutesAlreadyApprovedError": return "Protokollen er allerede godkendt.";
    case "NoMinutesSentError": return "Der er ikke sendt nogen protokol for mødet endnu.";
    case "MeetingNotPlannedError": return "Mødet er afholdt eller aflyst; det kan ikke længere ændres.";
    case "AgendaAlreadySentError": return "Dagsordenen er allerede sendt; punkterne kan ikke længere ændres.";
    case "MeetingInPastError": return "Tidspunktet er passeret. Vælg et tidspunkt i fremtiden.";
    case "MeetingExistsError": return "Der er allerede et møde på det tidspunkt.";
    case "VoteClosedError": return "Afstemningen er allerede afsluttet.";
    case "UnknownSeatError": return "Pladsen findes ikke i forretningsordenen.";
    case "UnknownMeetingError": return "Mødet findes ikke.";
    case "UnknownAgendaItemError": return "Punktet findes ikke.";
    case "UnknownVoteError": return "Afstemningen findes ikke.";
    case "ConflictError": return "En anden har ændret det samme i mellemtiden. Indlæs siden og prøv igen.";
    case "ConsoleInputError": return e.message ?? "Udfyld felterne.";
    case "SeatImportError": return d?.problem ? seatImportProblemDa(d as { problem: string }) : "Filen kunne ikke læses.";
    case "InvalidInputError": return `Feltet ${e.field ?? ""} er ikke udfyldt rigtigt.`;
    default: return "Handlingen kunne ikke gennemføres. Fejlen er logget; kontakt driften, hvis den gentager sig.";
  }
}

/** The seat file's first row, as the console describes it (the importer reads these Danish names and the API's). */
export const SEAT_FILE_COLUMNS = "plads;valgomraade;betegnelse;medlem_navn;medlem_email (og evt. suppleant_id;suppleant_navn;suppleant_email)";

/** A seat file refused, in Danish, naming row and column. */
export function seatImportProblemDa(d: { problem: string; row?: number | undefined; column?: string | undefined; value?: string | undefined; columns?: string[] | undefined; message?: string | undefined }): string {
  const where = d.row ? `Række ${d.row}${d.column ? `, kolonne ${d.column}` : ""}: ` : "";
  switch (d.problem) {
    case "unreadable": return `${where}Filen kan ikke læses som CSV. Gem den fra Excel som "CSV (semikolonsepareret)" eller "CSV UTF-8".`;
    case "missing-columns": return `Filen mangler kolonner. Første række skal være: ${SEAT_FILE_COLUMNS}.`;
    case "unknown-seat": return `${where}"${d.value ?? ""}" er ikke en plads i forretningsordenen.`;
    case "constituency-changed": return `${where}en plads kan ikke skifte valgområde ("${d.value ?? ""}").`;
    default: return `${where}${d.message ? d.message.replace(/^./, (c) => c.toUpperCase()) : "værdien er ikke gyldig"}.`;
  }
}
