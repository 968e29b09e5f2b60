/**
 * Every email the rules need, in Danish: plain data in, a document (rendered to HTML and text by layout.ts)
 * out. Short, polite, "du"; each mail says what to do, by when, and why the recipient gets it.
 */
import { ANSWER_DA, CHANNEL_DA, danishDate, danishDateTime, deadlinePhrase } from "./danish.ts";
import type { Block, EmailDoc, Link } from "./layout.ts";
import { digestWords } from "./mine-sager.ts";

export interface CommitteeView {
  name: string;
  secretariatName: string;
  secretariatEmail: string;
  /**
   * Where each rule stands in the committee's own rules of procedure ("R-3.2" → "§ 3, stk. 2"), from its
   * rulebook: emails cite the paragraph only where the rulebook gives it, so another committee's
   * forretningsorden is cited correctly.
   */
  sources?: Readonly<Record<string, string>> | undefined;
}

/** "forretningsordenens § 3, stk. 2" for a rule the committee's rulebook places. */
function source(committee: CommitteeView, rule: string): string | undefined {
  const paragraph = committee.sources?.[rule];
  return paragraph ? `forretningsordenens ${paragraph}` : undefined;
}

/** " (forretningsordenens § 3, stk. 2)" for a rule the committee's rulebook places, otherwise nothing. */
function cite(committee: CommitteeView, rule: string): string {
  const s = source(committee, rule);
  return s ? ` (${s})` : "";
}

/** ", forretningsordenens § 3, stk. 2" inside a parenthesis that says more, otherwise nothing. */
function alsoCite(committee: CommitteeView, rule: string): string {
  const s = source(committee, rule);
  return s ? `, ${s}` : "";
}

export interface RecipientView {
  name: string;
  email: string;
  /** "owner": the person responsible for an initiative, asked for its reports (not a seat, not the secretariat). */
  role: "member" | "substitute" | "secretariat" | "chair" | "owner";
  seatTitle?: string | undefined;
}

export interface MeetingView {
  meetingId: string;
  kind: "ordinary" | "extraordinary";
  startsAt: string;
  durationMinutes: number;
  location: string;
  virtualUrl?: string | undefined;
  presidingChairName: string;
  inviteSequence: number;
}

export interface ItemView {
  number: number;
  title: string;
  description: string;
  material: Link[];
  concernsGeneralPractice: boolean;
}

export interface VoteView {
  title: string;
  question: string;
  closesAt: string;
  material: Link[];
}

export interface ReplyWays {
  replyAddress?: string | undefined;
  linkUrl?: string | undefined;
}

interface Base {
  committee: CommitteeView;
  to: RecipientView;
}

function meetingFacts(m: MeetingView): Block {
  const rows: [string, string][] = [
    ["Tidspunkt", danishDateTime(m.startsAt)],
    ["Sted", m.virtualUrl ? (m.location ? `${m.location} eller virtuelt` : "Virtuelt møde") : m.location || "Oplyses senere"],
    ["Mødeleder", m.presidingChairName],
  ];
  if (m.virtualUrl) rows.push(["Link til virtuelt møde", m.virtualUrl]);
  return { kind: "facts", rows };
}

function meetingName(m: MeetingView): string {
  return `${m.kind === "extraordinary" ? "ekstraordinært møde" : "mødet"} ${danishDate(m.startsAt)}`;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function why(to: RecipientView, committee: CommitteeView, what: string): string {
  const as =
    to.role === "member" ? `medlem af ${committee.name}${to.seatTitle ? ` (${to.seatTitle})` : ""}`
    : to.role === "substitute" ? `suppleant${to.seatTitle ? ` for ${to.seatTitle}` : ""} i ${committee.name}`
    : to.role === "chair" ? `en del af formandskabet for ${committee.name}`
    : to.role === "owner" ? `ansvarlig for en indsats, som ${committee.name} følger`
    : `sekretariat for ${committee.name}`;
  return `Du får denne e-mail, fordi du er ${as}, og ${what}. Spørgsmål: skriv til ${committee.secretariatEmail}.`;
}

function doc(b: Base, subject: string, heading: string, blocks: Block[], what: string, preheader?: string): EmailDoc {
  return { subject, heading, blocks, reason: why(b.to, b.committee, what), sender: b.committee.secretariatName, ...(preheader ? { preheader } : {}) };
}

function replyBlock(ways: ReplyWays, instruction: string): Block[] {
  const out: Block[] = [{ kind: "p", text: instruction }];
  if (ways.linkUrl) out.push({ kind: "actions", links: [{ label: "Åbn din side", url: ways.linkUrl }] });
  return out;
}

const greeting = (to: RecipientView): Block => ({ kind: "p", text: `Kære ${to.name}` });

// ─── R-3.2: agenda items ──────────────────────────────────────────────────────────────────────────────

export interface CallForItems extends Base, ReplyWays { kind: "call-for-items"; meeting: MeetingView; itemDeadline: string }
function callForItems(m: CallForItems): EmailDoc {
  return doc(m, `Punkter til dagsordenen for ${meetingName(m.meeting)}`, `Har du et punkt til ${meetingName(m.meeting)}?`, [
    greeting(m.to),
    { kind: "p", text: `${m.committee.name} holder ${meetingName(m.meeting)}. Ønsker du et punkt til drøftelse på dagsordenen, skal formandskabet og sekretariatet have det skriftligt ${deadlinePhrase(m.itemDeadline)}${cite(m.committee, "R-3.2")}.` },
    meetingFacts(m.meeting),
    { kind: "h2", text: "Sådan gør du" },
    { kind: "p", text: "Svar på denne e-mail. Skriv punktets overskrift i første linje og en kort beskrivelse nedenunder. Vi sender din anmodning videre til formandskabet og bekræfter, at vi har modtaget den." },
    ...(m.linkUrl ? [{ kind: "actions" as const, links: [{ label: "Anmod om et punkt", url: m.linkUrl }] }] : []),
    { kind: "note", text: "Anmodninger efter fristen registreres som for sene; formandskabet beslutter, om de optages." },
  ], "dagsordenen for mødet skal fastlægges", `Frist ${deadlinePhrase(m.itemDeadline)}`);
}

export interface ItemRequestReceipt extends Base { kind: "item-request-receipt"; meeting: MeetingView; title: string; receivedAt: string; onTime: boolean; itemDeadline: string }
function itemRequestReceipt(m: ItemRequestReceipt): EmailDoc {
  return doc(m, `Modtaget: ${m.title}`, "Vi har modtaget din anmodning om et punkt", [
    greeting(m.to),
    { kind: "facts", rows: [["Punkt", m.title], ["Møde", capital(meetingName(m.meeting))], ["Modtaget", danishDateTime(m.receivedAt)], ["Frist", deadlinePhrase(m.itemDeadline)]] },
    { kind: "p", text: m.onTime ? "Anmodningen kom rettidigt og er sendt til formandskabet og sekretariatet." : "Anmodningen kom efter fristen. Den er sendt til formandskabet, som beslutter, om punktet optages på dagsordenen." },
  ], "du har anmodet om et punkt på dagsordenen");
}

export interface ItemRequestForwarded extends Base { kind: "item-request-forwarded"; meeting: MeetingView; requester: string; title: string; description: string; receivedAt: string; onTime: boolean }
function itemRequestForwarded(m: ItemRequestForwarded): EmailDoc {
  return doc(m, `${m.onTime ? "Ny" : "For sen"} anmodning om punkt: ${m.title}`, "Anmodning om et punkt på dagsordenen", [
    greeting(m.to),
    { kind: "facts", rows: [["Fra", m.requester], ["Møde", capital(meetingName(m.meeting))], ["Modtaget", danishDateTime(m.receivedAt)], ["Rettidig", m.onTime ? "Ja" : `Nej, efter fristen${cite(m.committee, "R-3.2")}`]] },
    { kind: "h2", text: m.title },
    { kind: "quote", text: m.description || "(ingen beskrivelse)" },
    { kind: "p", text: m.onTime ? "Punktet er registreret til dagsordenen." : "Formandskabet beslutter, om punktet optages. Beslutningen registreres i konsollen." },
  ], "medlemmernes anmodninger om punkter går til formandskabet og sekretariatet");
}

// ─── R-3.3/R-3.4/R-3.9: agenda ───────────────────────────────────────────────────────────────────────

export interface Agenda extends Base, ReplyWays { kind: "agenda"; meeting: MeetingView; items: ItemView[]; extraordinary?: { noticeDays: number } | undefined }
function agenda(m: Agenda): EmailDoc {
  const extra = m.meeting.kind === "extraordinary";
  const subject = extra ? `Indkaldelse til ekstraordinært møde ${danishDate(m.meeting.startsAt)}` : `Dagsorden: ${capital(meetingName(m.meeting))}`;
  return doc(m, subject, extra ? "Indkaldelse til ekstraordinært møde" : `Dagsorden for ${meetingName(m.meeting)}`, [
    greeting(m.to),
    { kind: "p", text: extra
      ? `Formandskabet indkalder ${m.committee.name} til et ekstraordinært møde${m.extraordinary ? ` med ${m.extraordinary.noticeDays} dages varsel` : ""}${cite(m.committee, "R-3.9")}.${m.meeting.virtualUrl ? " Mødet holdes virtuelt." : ""} Materialet følger i videst muligt omfang.`
      : `Her er dagsordenen med materiale til ${meetingName(m.meeting)}. Mødeindkaldelsen ligger vedhæftet, så du kan lægge mødet i din kalender.` },
    meetingFacts(m.meeting),
    { kind: "h2", text: "Dagsorden" },
    m.items.length
      ? { kind: "items", items: m.items.map((i) => ({ number: i.number, title: i.title, description: i.description, links: i.material, ...(i.concernsGeneralPractice ? { note: "Punktet vedrører almen praksis (PLO-Hovedstaden skal være repræsenteret)." } : {}) })) }
      : { kind: "p", text: "Dagsordenen har endnu ingen punkter." },
    { kind: "h2", text: "Kan du ikke deltage?" },
    ...replyBlock(m, "Svar AFBUD på denne e-mail inden mødet. Kommer din suppleant i stedet, så skriv AFBUD – SUPPLEANT DELTAGER."),
    { kind: "note", text: `Møderne er ikke offentlige, og materialet må ikke videregives${cite(m.committee, "R-3.8")}. Linkene virker kun for dig og udløber efter mødet.` },
  ], "du indkaldes til mødet", `${danishDateTime(m.meeting.startsAt)}, ${m.items.length} punkter`);
}

export interface ApologyReceipt extends Base { kind: "apology-receipt"; meeting: MeetingView; substituteAttends: boolean; receivedAt: string }
function apologyReceipt(m: ApologyReceipt): EmailDoc {
  return doc(m, `Afbud modtaget: ${meetingName(m.meeting)}`, "Vi har modtaget dit afbud", [
    greeting(m.to),
    { kind: "p", text: `Dit afbud til ${meetingName(m.meeting)} er registreret ${danishDateTime(m.receivedAt)}.${m.substituteAttends ? " Vi har noteret, at din suppleant deltager i stedet." : ""}` },
    { kind: "note", text: `Det fremgår af referatet, hvem der deltog${cite(m.committee, "R-3.7")}.` },
  ], "du har meldt afbud");
}

export interface QuorumForecast extends Base {
  kind: "quorum-forecast";
  meeting: MeetingView;
  expected: number;
  seats: number;
  required: number;
  quorate: boolean;
  conditions: { ok: boolean; message: string }[];
  gp?: { quorate: boolean; conditions: { ok: boolean; message: string }[] } | undefined;
  apologies: { seatTitle: string; substituteAttends: boolean }[];
  bounced: string[];
}
function quorumForecast(m: QuorumForecast): EmailDoc {
  return doc(m, `${m.quorate ? "Beslutningsdygtigt" : "IKKE beslutningsdygtigt"}: ${meetingName(m.meeting)}`, "Afbud og forventet beslutningsdygtighed", [
    greeting(m.to),
    { kind: "p", text: `Forventet fremmøde: ${m.expected} af ${m.seats} (mindst ${m.required} skal være til stede${alsoCite(m.committee, "R-4.2")}).` },
    meetingFacts(m.meeting),
    { kind: "list", items: m.conditions.map((c) => `${c.ok ? "Opfyldt" : "IKKE opfyldt"}: ${c.message}`) },
    ...(m.gp ? [{ kind: "h2" as const, text: "Punkter om almen praksis" }, { kind: "list" as const, items: m.gp.conditions.map((c) => `${c.ok ? "Opfyldt" : "IKKE opfyldt"}: ${c.message}`) }] : []),
    { kind: "h2", text: `Afbud (${m.apologies.length})` },
    m.apologies.length ? { kind: "list", items: m.apologies.map((a) => `${a.seatTitle}${a.substituteAttends ? " – suppleant deltager" : ""}`) } : { kind: "p", text: "Ingen afbud." },
    ...(m.bounced.length ? [{ kind: "h2" as const, text: "Adresser, der ikke kunne modtage post" }, { kind: "list" as const, items: m.bounced }] : []),
  ], "I følger mødets beslutningsdygtighed");
}

// ─── R-3.5: minutes ──────────────────────────────────────────────────────────────────────────────────

/** R-3.7: who attended, as the secretariat recorded it (absent until it is recorded). */
export interface AttendanceView { present: { seatTitle: string; substitute: boolean }[]; apologies: string[]; absent: string[] }
export interface Minutes extends Base, ReplyWays { kind: "minutes"; meeting: MeetingView; version: number; changeNote: string; minutesUrl: string; objectionDeadline: string; attendance?: AttendanceView | undefined }

function attendanceBlocks(committee: CommitteeView, a: AttendanceView | undefined): Block[] {
  if (!a) return [];
  return [
    { kind: "h2", text: `Fremmøde${cite(committee, "R-3.7")}` },
    { kind: "p", text: `Til stede (${a.present.length}):` },
    { kind: "list", items: a.present.map((p) => `${p.seatTitle}${p.substitute ? " (suppleant)" : ""}`) },
    ...(a.apologies.length ? [{ kind: "p" as const, text: `Afbud (${a.apologies.length}):` }, { kind: "list" as const, items: a.apologies }] : []),
    ...(a.absent.length ? [{ kind: "p" as const, text: `Fraværende (${a.absent.length}):` }, { kind: "list" as const, items: a.absent }] : []),
  ];
}
function minutes(m: Minutes): EmailDoc {
  const revised = m.version > 1;
  return doc(m, `${revised ? `Revideret protokol (udgave ${m.version})` : "Protokol"}: ${meetingName(m.meeting)}`, revised ? `Revideret protokol, udgave ${m.version}` : `Protokol fra ${meetingName(m.meeting)}`, [
    greeting(m.to),
    { kind: "p", text: revised
      ? `Der kom indsigelser til den forrige udgave. Her er den reviderede protokol til fornyet godkendelse efter samme procedure${cite(m.committee, "R-3.5")}.`
      : `Her er protokollen fra ${meetingName(m.meeting)}.` },
    ...(revised && m.changeNote ? [{ kind: "quote" as const, text: m.changeNote }] : []),
    { kind: "actions", links: [{ label: `Læs protokollen (udgave ${m.version})`, url: m.minutesUrl }] },
    ...attendanceBlocks(m.committee, m.attendance),
    { kind: "h2", text: "Indsigelser" },
    { kind: "p", text: `Har du indsigelser, skal vi have dem ${deadlinePhrase(m.objectionDeadline)}. Svar INDSIGELSE på denne e-mail og skriv, hvad der skal rettes${m.linkUrl ? ", eller brug knappen herunder" : ""}. Hører vi ikke fra nogen, er protokollen godkendt.` },
    ...(m.linkUrl ? [{ kind: "actions" as const, links: [{ label: "Gør indsigelse", url: m.linkUrl }] }] : []),
  ], "protokollen skal godkendes af medlemmerne", `Indsigelser ${deadlinePhrase(m.objectionDeadline)}`);
}

export interface ObjectionReceipt extends Base { kind: "objection-receipt"; meeting: MeetingView; version: number; receivedAt: string; counted: boolean; reason?: string | undefined }
function objectionReceipt(m: ObjectionReceipt): EmailDoc {
  return doc(m, `Indsigelse ${m.counted ? "modtaget" : "ikke registreret"}: protokol ${meetingName(m.meeting)}`, m.counted ? "Vi har modtaget din indsigelse" : "Din indsigelse kunne ikke registreres", [
    greeting(m.to),
    { kind: "p", text: m.counted
      ? `Din indsigelse til protokollen (udgave ${m.version}) er registreret ${danishDateTime(m.receivedAt)}. Sekretariatet udsender en revideret udgave til fornyet godkendelse.`
      : `Din indsigelse til protokollen (udgave ${m.version}) er gemt, men tæller ikke: ${m.reason ?? "den kom ikke inden for fristen"}.` },
  ], "du har svaret på en protokol");
}

export interface MinutesApproved extends Base { kind: "minutes-approved"; meeting: MeetingView; version: number; approvedAt: string }
function minutesApproved(m: MinutesApproved): EmailDoc {
  return doc(m, `Protokol godkendt: ${meetingName(m.meeting)}`, "Protokollen er godkendt", [
    greeting(m.to),
    { kind: "p", text: `Der kom ingen indsigelser inden fristen, så protokollen fra ${meetingName(m.meeting)} (udgave ${m.version}) er godkendt ${danishDateTime(m.approvedAt)}${cite(m.committee, "R-3.5")}.` },
  ], "protokollen er nu godkendt");
}

// ─── R-3.6: written votes ────────────────────────────────────────────────────────────────────────────

export interface Ballot extends Base, ReplyWays { kind: "ballot"; vote: VoteView; answerLinks?: Link[] | undefined }
function ballot(m: Ballot): EmailDoc {
  return doc(m, `Skriftlig votering: ${m.vote.title}`, `Skriftlig votering: ${m.vote.title}`, [
    greeting(m.to),
    { kind: "p", text: `${m.committee.name} bedes afgøre denne sag ved skriftlig votering${cite(m.committee, "R-3.6")}. Svarfrist: ${deadlinePhrase(m.vote.closesAt)}.` },
    { kind: "h2", text: "Spørgsmål" },
    { kind: "quote", text: m.vote.question },
    ...(m.vote.material.length ? [{ kind: "h2" as const, text: "Materiale" }, { kind: "files" as const, links: m.vote.material }] : []),
    { kind: "h2", text: "Sådan stemmer du" },
    { kind: "p", text: "Svar JA, NEJ, UNDLAD eller INDSIGELSE øverst i dit svar på denne e-mail. Vil du have en bemærkning eller dissens ført til protokol, så skriv den under dit svar." },
    ...answerButtons(m),
    { kind: "note", text: "Du kan ændre din stemme indtil fristen; det seneste svar tæller." },
  ], "sagen afgøres ved skriftlig votering", `Svar ${deadlinePhrase(m.vote.closesAt)}`);
}

/**
 * JA, NEJ and UNDLAD side by side; INDSIGELSE set apart below, with what it does: it cannot be withdrawn,
 * and one is enough to send the matter to a meeting (R-3.6).
 */
function answerButtons(m: { committee: CommitteeView; answerLinks?: Link[] | undefined; linkUrl?: string | undefined }): Block[] {
  const links = m.answerLinks ?? [];
  const objection = links.filter((l) => l.label === "INDSIGELSE");
  const answers = links.filter((l) => l.label !== "INDSIGELSE");
  if (!links.length) return m.linkUrl ? [{ kind: "actions", links: [{ label: "Stem", url: m.linkUrl }] }] : [];
  return [
    { kind: "actions", links: answers },
    ...(objection.length ? [
      { kind: "h2" as const, text: "Indsigelse mod skriftlig behandling" },
      { kind: "p" as const, text: `Gør blot ét medlem indsigelse, afsluttes afstemningen, og sagen skal behandles på et møde${cite(m.committee, "R-3.6")}. En indsigelse kan ikke trækkes tilbage.` },
      { kind: "actions" as const, links: objection.map((l) => ({ ...l, label: "Gør indsigelse mod skriftlig behandling" })), tone: "danger" as const },
    ] : []),
  ];
}

export interface VoteReceipt extends Base { kind: "vote-receipt"; vote: VoteView; answer: "for" | "against" | "abstain" | "objection"; receivedAt: string; remark?: string | undefined }
function voteReceipt(m: VoteReceipt): EmailDoc {
  return doc(m, `Stemme registreret: ${m.vote.title}`, "Din stemme er registreret", [
    greeting(m.to),
    { kind: "facts", rows: [["Sag", m.vote.title], ["Dit svar", ANSWER_DA[m.answer]], ["Modtaget", danishDateTime(m.receivedAt)]] },
    ...(m.remark ? [{ kind: "quote" as const, text: m.remark }] : []),
    { kind: "p", text: m.answer === "objection"
      ? "Din indsigelse betyder, at sagen skal behandles på et møde. Den skriftlige votering er afsluttet."
      : `Du kan ændre din stemme ${deadlinePhrase(m.vote.closesAt)} ved at svare igen; det seneste svar tæller.` },
  ], "du har stemt ved skriftlig votering");
}

export interface VoteReminder extends Base, ReplyWays { kind: "vote-reminder"; vote: VoteView; answerLinks?: Link[] | undefined }
function voteReminder(m: VoteReminder): EmailDoc {
  return doc(m, `Påmindelse: skriftlig votering om ${m.vote.title}`, "Vi mangler dit svar", [
    greeting(m.to),
    { kind: "p", text: `Vi har ikke modtaget dit svar i den skriftlige votering om "${m.vote.title}". Svarfristen er ${deadlinePhrase(m.vote.closesAt)}.` },
    { kind: "quote", text: m.vote.question },
    { kind: "p", text: "Svar JA, NEJ, UNDLAD eller INDSIGELSE øverst i dit svar på denne e-mail." },
    ...answerButtons(m),
  ], "du endnu ikke har svaret i en skriftlig votering");
}

export interface VoteResult extends Base {
  kind: "vote-result";
  vote: VoteView;
  outcome: "carried" | "not-carried" | "moved-to-meeting" | "cancelled";
  explanation: string;
  tally: { for: number; against: number; abstain: number; respondents: number };
  /** R-7.1: how each seat voted, and who answered for it (the member, or a substitute by name). */
  seats: { seatTitle: string; answer?: "for" | "against" | "abstain" | "objection" | undefined; by?: string | undefined; channel?: string | undefined; receivedAt?: string | undefined; remark?: string | undefined }[];
  movedToMeeting?: MeetingView | undefined;
}
const OUTCOME_DA = { carried: "Vedtaget", "not-carried": "Ikke vedtaget", "moved-to-meeting": "Skal behandles på møde", cancelled: "Annulleret" } as const;
function voteResult(m: VoteResult): EmailDoc {
  const remarks = m.seats.filter((s) => s.remark);
  return doc(m, `${OUTCOME_DA[m.outcome]}: ${m.vote.title}`, `Resultat: ${m.vote.title}`, [
    greeting(m.to),
    { kind: "p", text: m.explanation },
    ...(m.outcome === "moved-to-meeting"
      ? [{ kind: "p" as const, text: m.movedToMeeting ? `Sagen er sat på dagsordenen til ${meetingName(m.movedToMeeting)}.` : "Sagen sættes på dagsordenen til næste møde; sekretariatet giver besked om tidspunktet." }]
      : []),
    { kind: "facts", rows: [["For", String(m.tally.for)], ["Imod", String(m.tally.against)], ["Undlod", String(m.tally.abstain)], ["Svar i alt", String(m.tally.respondents)]] },
    { kind: "h2", text: "Sådan svarede medlemmerne" },
    { kind: "list", items: m.seats.map((s) => s.answer
      ? `${s.seatTitle}: ${ANSWER_DA[s.answer]} – ${s.by ? `svaret af ${s.by}` : "svaret"}${s.channel ? ` via ${CHANNEL_DA[s.channel] ?? s.channel}` : ""}${s.receivedAt ? `, ${danishDateTime(s.receivedAt)}` : ""}`
      : `${s.seatTitle}: ikke svaret`) },
    ...(remarks.length ? [{ kind: "h2" as const, text: "Bemærkninger og dissens til protokol" }, { kind: "list" as const, items: remarks.map((s) => `${s.seatTitle}: ${s.remark}`) }] : []),
  ], "sagen blev afgjort ved skriftlig votering");
}

/** R-3.5/R-3.6: a member objected (to the minutes, or to deciding a matter by written vote): the secretariat hears at once. */
export interface ObjectionNotice extends Base { kind: "objection-notice"; subjectOf: "minutes" | "vote"; about: string; seatTitle: string; who: string; text?: string | undefined; receivedAt: string; consoleUrl: string }
function objectionNotice(m: ObjectionNotice): EmailDoc {
  const minutesObjection = m.subjectOf === "minutes";
  return doc(m, `Indsigelse: ${m.about}`, minutesObjection ? "Indsigelse til protokollen" : "Indsigelse mod skriftlig votering", [
    greeting(m.to),
    { kind: "facts", rows: [["Plads", m.seatTitle], ["Fra", m.who], ["Modtaget", danishDateTime(m.receivedAt)], ["Sag", m.about]] },
    ...(m.text ? [{ kind: "quote" as const, text: m.text }] : []),
    { kind: "p", text: minutesObjection
      ? `Læg en revideret udgave op i konsollen; den sendes til fornyet godkendelse efter samme procedure${cite(m.committee, "R-3.5")}.`
      : `Sagen skal derfor behandles på et møde${cite(m.committee, "R-3.6")}. Afstemningen er afsluttet, og sagen sættes på dagsordenen.` },
    { kind: "actions", links: [{ label: "Åbn i konsollen", url: m.consoleUrl }] },
  ], "sekretariatet får besked om hver indsigelse");
}

// ─── reminders and alerts to the secretariat and chairs ─────────────────────────────────────────────

export interface SecretariatReminder extends Base { kind: "agenda-release-reminder" | "minutes-reminder"; meeting: MeetingView; deadline: string; consoleUrl: string }
function secretariatReminder(m: SecretariatReminder): EmailDoc {
  const agendaDue = m.kind === "agenda-release-reminder";
  return doc(m, `Påmindelse: ${agendaDue ? "dagsorden" : "protokol"} til ${meetingName(m.meeting)}`, agendaDue ? "Dagsordenen skal frigives" : "Protokollen skal udsendes", [
    greeting(m.to),
    { kind: "p", text: agendaDue
      ? `Dagsordenen med materiale skal udsendes ${deadlinePhrase(m.deadline)}${cite(m.committee, "R-3.3")}. Den sendes automatisk til medlemmerne, når mødelederen (eller sekretariatet på mødelederens vegne) frigiver den.`
      : `Protokollen skal udsendes ${deadlinePhrase(m.deadline)}${cite(m.committee, "R-3.5")}. Den sendes automatisk til medlemmerne, når den er lagt op i konsollen.` },
    meetingFacts(m.meeting),
    { kind: "actions", links: [{ label: "Åbn mødet i konsollen", url: m.consoleUrl }] },
  ], `I betjener ${m.committee.name}`);
}

export interface Alert extends Base { kind: "alert"; title: string; lines: string[]; deadline?: string | undefined; consoleUrl: string }
function alert(m: Alert): EmailDoc {
  return doc(m, `Advarsel: ${m.title}`, m.title, [
    greeting(m.to),
    ...m.lines.map((text): Block => ({ kind: "p", text })),
    ...(m.deadline ? [{ kind: "facts" as const, rows: [["Frist", danishDateTime(m.deadline)] as [string, string]] }] : []),
    { kind: "actions", links: [{ label: "Åbn i konsollen", url: m.consoleUrl }] },
  ], "formandskabet og sekretariatet skal kende til fristoverskridelser og fejl");
}

/** R-3.3: the agenda's deadline passed without a release. */
export interface AgendaLateAlert extends Base { kind: "agenda-late"; meeting: MeetingView; deadline: string; agendaDaysBefore: number; consoleUrl: string }
function agendaLate(m: AgendaLateAlert): EmailDoc {
  return alert({
    ...m, kind: "alert", title: `Dagsordenen til ${meetingName(m.meeting)} er ikke udsendt`,
    lines: [
      `Fristen for at udsende dagsorden med materiale (mindst ${m.agendaDaysBefore} dage før mødet${alsoCite(m.committee, "R-3.3")}) er overskredet, fordi dagsordenen ikke er frigivet.`,
      "Dagsordenen sendes automatisk til medlemmerne, så snart den frigives. Overskridelsen er registreret.",
    ],
  });
}

/** R-3.5: the minutes' deadline passed before they were uploaded. */
export interface MinutesLateAlert extends Base { kind: "minutes-late"; meeting: MeetingView; deadline: string; minutesDaysAfter: number; consoleUrl: string }
function minutesLate(m: MinutesLateAlert): EmailDoc {
  return alert({
    ...m, kind: "alert", title: `Protokollen fra ${meetingName(m.meeting)} er ikke udsendt`,
    lines: [
      `Protokollen skulle være udsendt senest ${m.minutesDaysAfter} dage efter mødet${cite(m.committee, "R-3.5")}.`,
      "Den sendes automatisk til medlemmerne, så snart sekretariatet lægger den op. Overskridelsen er registreret.",
    ],
  });
}

/** R-3.5: a round ended with objections; a revised version is needed. */
export interface RevisionNeededAlert extends Base { kind: "revision-needed"; meeting: MeetingView; version: number; objections: { seatTitle: string; text: string }[]; consoleUrl: string }
function revisionNeeded(m: RevisionNeededAlert): EmailDoc {
  const n = m.objections.length;
  return alert({
    ...m, kind: "alert", title: `Indsigelser til protokollen (udgave ${m.version})`,
    lines: [
      `Der kom ${n} indsigelse${n === 1 ? "" : "r"} inden fristen. En revideret udgave skal sendes til fornyet godkendelse efter samme procedure${cite(m.committee, "R-3.5")}.`,
      ...m.objections.map((o) => `${o.seatTitle}: ${o.text}`),
      "Læg den reviderede udgave op i konsollen; den sendes automatisk til medlemmerne.",
    ],
  });
}

/** A hard bounce or a complaint for a seat's address. */
export interface AddressAlert extends Base { kind: "address-alert"; seatTitle: string; address: string; event: "bounce" | "complaint"; detail: string; consoleUrl: string }
function addressAlert(m: AddressAlert): EmailDoc {
  return alert({
    ...m, kind: "alert", title: `E-mail kan ikke leveres til ${m.seatTitle}`,
    lines: [
      m.event === "bounce"
        ? `Mail til ${m.address} (${m.seatTitle}) kan ikke leveres. Serverens svar: ${m.detail || "ukendt"}.`
        : `Modtageren har markeret mail som uønsket: ${m.address} (${m.seatTitle}). Serverens svar: ${m.detail || "ukendt"}.`,
      "Ret adressen i konsollen; indtil da når stemmesedler, dagsordener og protokoller ikke frem til denne plads.",
    ],
  });
}

// ─── initiatives ────────────────────────────────────────────────────────────────────────────────────

export interface InitiativeView { name: string; goals: string[] }
export interface InitiativeReportRequest extends Base, ReplyWays { kind: "initiative-report-request" | "initiative-report-reminder"; initiative: InitiativeView; meeting: MeetingView; deadline: string }
function initiativeReportRequest(m: InitiativeReportRequest): EmailDoc {
  const reminder = m.kind === "initiative-report-reminder";
  return doc(m, `${reminder ? "Påmindelse: " : ""}Statusrapport for ${m.initiative.name} til ${meetingName(m.meeting)}`, reminder ? "Vi mangler jeres statusrapport" : "Statusrapport til næste møde", [
    greeting(m.to),
    { kind: "p", text: `${m.committee.name} følger indsatsen "${m.initiative.name}" på ${meetingName(m.meeting)}. Send en kort status ${deadlinePhrase(m.deadline)}: nøgletal, forbrug af midler, hvordan det går, og om indsatsen er på sporet eller i risiko.` },
    ...(m.initiative.goals.length ? [{ kind: "h2" as const, text: "Politiske mål" }, { kind: "list" as const, items: m.initiative.goals }] : []),
    ...replyBlock(m, "Svar på denne e-mail med jeres status (nøgletal kan skrives som 'Navn: tal', én pr. linje). Rapporterne samles i et statuspunkt på dagsordenen; manglende rapporter vises som manglende."),
  ], `I er ansvarlige for en indsats, som ${m.committee.name} følger`);
}

/** A missing report: to the chairs and the secretariat with a console link; to the owner (who was asked) with the way to report. */
export interface InitiativeReportEscalation extends Base, ReplyWays { kind: "initiative-report-escalation"; initiative: InitiativeView; meeting: MeetingView; deadline: string; consoleUrl?: string | undefined }
function initiativeReportEscalation(m: InitiativeReportEscalation): EmailDoc {
  const owner = m.to.role === "owner";
  return doc(m, `Manglende statusrapport: ${m.initiative.name}`, "Statusrapport mangler", [
    greeting(m.to),
    { kind: "p", text: `Der er ikke modtaget en statusrapport for "${m.initiative.name}" til ${meetingName(m.meeting)}. Fristen var ${danishDateTime(m.deadline)}. Rapporten vises som manglende i statuspunktet på dagsordenen.` },
    ...(owner
      ? replyBlock(m, "Send rapporten, så snart I kan: svar på denne e-mail med jeres status (nøgletal som 'Navn: tal', én pr. linje).")
      : m.consoleUrl ? [{ kind: "actions" as const, links: [{ label: "Se indsatsrapporterne", url: m.consoleUrl }] }] : []),
  ], owner ? "I blev bedt om en statusrapport til mødet" : "manglende rapporter eskaleres til formandskabet og sekretariatet");
}

// ─── meeting changes ────────────────────────────────────────────────────────────────────────────────

export interface MeetingChanged extends Base { kind: "meeting-changed" | "meeting-cancelled"; meeting: MeetingView; previousStartsAt?: string | undefined }
function meetingChanged(m: MeetingChanged): EmailDoc {
  const cancelled = m.kind === "meeting-cancelled";
  return doc(m, cancelled ? `Aflyst: ${meetingName(m.meeting)}` : `Flyttet: møde i ${m.committee.name}`, cancelled ? "Mødet er aflyst" : "Mødet er flyttet", [
    greeting(m.to),
    { kind: "p", text: cancelled
      ? `${capital(meetingName(m.meeting))} er aflyst. Mødet er fjernet fra din kalender.`
      : `Mødet${m.previousStartsAt ? `, der var planlagt ${danishDateTime(m.previousStartsAt)},` : ""} er flyttet. Den nye mødeindkaldelse er vedhæftet og opdaterer din kalender.` },
    ...(cancelled ? [] : [meetingFacts(m.meeting)]),
  ], "du er indkaldt til mødet");
}

// ─── answers to replies ─────────────────────────────────────────────────────────────────────────────

export interface ReplyOutcome extends Base {
  kind: "reply-outcome";
  variant: "recorded" | "not-understood" | "too-late" | "not-accepted" | "confirm";
  /** What the reply was about: "den skriftlige votering om …", "protokollen fra …". */
  about: string;
  /** recorded: what was recorded; not-understood/not-accepted: why (from the reader or the checks). */
  detail: string;
  acceptedWords?: string[] | undefined;
  confirmUrl?: string | undefined;
  outcome?: string | undefined;
}
function replyOutcome(m: ReplyOutcome): EmailDoc {
  const heads = {
    recorded: ["Dit svar er registreret", `Registreret: ${m.about}`],
    "not-understood": ["Vi kunne ikke læse dit svar", `Svar venligst igen: ${m.about}`],
    "too-late": ["Dit svar kom for sent", `For sent: ${m.about}`],
    "not-accepted": ["Dit svar kunne ikke godkendes", `Ikke godkendt: ${m.about}`],
    confirm: ["Bekræft dit svar", `Bekræft venligst: ${m.about}`],
  } as const;
  const [heading, subject] = heads[m.variant];
  const blocks: Block[] = [greeting(m.to), { kind: "p", text: m.detail }];
  if (m.variant === "not-understood" && m.acceptedWords?.length) blocks.push({ kind: "p", text: `Skriv ét af disse ord øverst i dit svar: ${m.acceptedWords.join(", ")}.` });
  if (m.variant === "too-late" && m.outcome) blocks.push({ kind: "p", text: m.outcome });
  if (m.confirmUrl) blocks.push({ kind: "actions", links: [{ label: m.variant === "confirm" ? "Bekræft" : "Svar via link", url: m.confirmUrl }] });
  blocks.push({ kind: "note", text: "Dit svar er gemt, uanset om det kunne registreres." });
  return doc(m, subject, heading, blocks, `du har svaret på en e-mail fra ${m.committee.name}`);
}

// ─── a member's own page: the weekly digest in place of reminders ────────────────────────────────────

export interface WeeklyDigest extends Base {
  kind: "weekly-digest";
  pageUrl: string;
  votes: { title: string; closesAt: string }[];
  minutes: { meetingStartsAt: string; version: number; windowEndsAt: string }[];
  meetings: { startsAt: string; apology: boolean }[];
  reports: { name: string; deadline: string }[];
}
function weeklyDigest(m: WeeklyDigest): EmailDoc {
  const W = digestWords;
  const open = m.votes.length + m.minutes.length + m.reports.length;
  const list = (heading: string, items: string[]): Block[] => (items.length ? [{ kind: "h2", text: heading }, { kind: "list", items }] : []);
  return doc(m, W.subject(m.committee.name, open), W.heading, [
    greeting(m.to),
    { kind: "p", text: W.intro },
    ...(open === 0 ? [{ kind: "p" as const, text: W.nothing }] : []),
    ...list(W.votes, m.votes.map((v) => W.vote(v.title, v.closesAt))),
    ...list(W.minutes, m.minutes.map((r) => W.round(r.meetingStartsAt, r.version, r.windowEndsAt))),
    ...list(W.reports, m.reports.map((r) => W.report(r.name, r.deadline))),
    ...list(W.meetings, m.meetings.map((x) => W.meeting(x.startsAt, x.apology))),
    { kind: "actions", links: [{ label: W.open, url: m.pageUrl }] },
  ], W.why);
}

export type Message =
  | WeeklyDigest
  | CallForItems | ItemRequestReceipt | ItemRequestForwarded | Agenda | ApologyReceipt | QuorumForecast
  | Minutes | ObjectionReceipt | MinutesApproved | Ballot | VoteReceipt | VoteReminder | VoteResult
  | ObjectionNotice | SecretariatReminder | Alert | AgendaLateAlert | MinutesLateAlert | RevisionNeededAlert | AddressAlert | InitiativeReportRequest | InitiativeReportEscalation | MeetingChanged | ReplyOutcome;

export type MessageKind = Message["kind"];

export function toDoc(m: Message): EmailDoc {
  switch (m.kind) {
    case "call-for-items": return callForItems(m);
    case "item-request-receipt": return itemRequestReceipt(m);
    case "item-request-forwarded": return itemRequestForwarded(m);
    case "agenda": return agenda(m);
    case "apology-receipt": return apologyReceipt(m);
    case "quorum-forecast": return quorumForecast(m);
    case "minutes": return minutes(m);
    case "objection-receipt": return objectionReceipt(m);
    case "minutes-approved": return minutesApproved(m);
    case "ballot": return ballot(m);
    case "vote-receipt": return voteReceipt(m);
    case "vote-reminder": return voteReminder(m);
    case "vote-result": return voteResult(m);
    case "objection-notice": return objectionNotice(m);
    case "agenda-release-reminder":
    case "minutes-reminder": return secretariatReminder(m);
    case "alert": return alert(m);
    case "agenda-late": return agendaLate(m);
    case "minutes-late": return minutesLate(m);
    case "revision-needed": return revisionNeeded(m);
    case "address-alert": return addressAlert(m);
    case "initiative-report-request":
    case "initiative-report-reminder": return initiativeReportRequest(m);
    case "initiative-report-escalation": return initiativeReportEscalation(m);
    case "meeting-changed":
    case "meeting-cancelled": return meetingChanged(m);
    case "reply-outcome": return replyOutcome(m);
    case "weekly-digest": return weeklyDigest(m);
  }
}
