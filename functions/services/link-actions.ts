/**
 * An answer through a member link (issues 5, 8), in two steps like a reply by email. Accepting checks the
 * link's signature and stores the form as posted — all the POST does before the member is sent on to
 * the answer's page. Judging — the link's email and whether it was still valid when the answer came, the
 * form, counted or not, the Danish receipt, the audit entry — follows once, by whichever comes first:
 * that page, the local server's background judge, or the sweeper. Every step is idempotent, so a page
 * reloaded, a judge racing the page, or a crash in between still records one answer and sends one receipt.
 */
import { randomUUID } from "node:crypto";
import { epochMs, type Instant } from "#domain/calendar";
import type { RecordOf } from "#adapters/records";
import { ANSWER_DA, danishDateTime } from "#templates/danish";
import { committeeRulebook } from "./committee.ts";
import type { Deps } from "./deps.ts";
import { sendOnce } from "./mail.ts";
import { recordApology, recordMinutesObjection, requestAgendaItem } from "./meetings.ts";
import * as messages from "./messages.ts";
import { memberRecipient, recipientForAddress, type PersonRecipient } from "./recipients.ts";
import { emailOfToken, type TokenAction } from "./tokens.ts";
import { recordVoteAnswer } from "./written-votes.ts";

export type LinkAction = RecordOf<"linkAction">;
export type LinkOutcome = NonNullable<LinkAction["outcome"]>;
type Email = RecordOf<"email">;

/** What each field may hold when it is judged (as the pages' forms allow). */
const CAPS: Record<string, number> = { svar: 20, bemaerkning: 5000, indsigelse: 20_000, titel: 300, beskrivelse: 20_000, rapport: 50_000 };

export const VOTE_ANSWERS = ["for", "against", "abstain", "objection"] as const;
type Answer = (typeof VOTE_ANSWERS)[number];

/** What a form must hold to be judged; the refusal names what is missing, in Danish. */
function missingInForm(action: TokenAction, form: Record<string, string>): { title: string; line: string } | undefined {
  const text = (name: string) => (form[name] ?? "").trim();
  if (action === "written-vote" && !VOTE_ANSWERS.includes(text("svar") as Answer)) return { title: "Vælg et svar", line: "Vælg JA, NEJ, UNDLAD eller INDSIGELSE. Intet er registreret." };
  if (action === "minutes" && !text("indsigelse")) return { title: "Skriv din indsigelse", line: "Skriv, hvad der skal rettes. Intet er registreret." };
  if (action === "item-request" && !text("titel")) return { title: "Skriv en overskrift", line: "Punktet skal have en overskrift. Intet er registreret." };
  if (action === "initiative-report" && !text("rapport")) return { title: "Skriv rapporten", line: "Rapporten er tom. Intet er registreret." };
  return undefined;
}

/** The longest field a form may hold (a status report) and the most a stored form keeps in all. */
const FIELD_CAP = 50_000;
const FORM_CAP = 60_000;

/**
 * Stores a posted answer for the link whose (signature-checked) token hashes to `tokenHash`; nothing is
 * looked up or judged yet. The form is kept as posted, within the caps a DynamoDB item allows.
 */
export async function acceptLinkAction(deps: Deps, tokenHash: string, posted: Record<string, string>, receivedAt: Instant): Promise<LinkAction> {
  const form: Record<string, string> = {};
  let room = FORM_CAP;
  for (const [name, value] of Object.entries(posted).slice(0, 20)) {
    form[name.slice(0, 40)] = value.slice(0, Math.min(FIELD_CAP, room));
    room -= Math.min(value.length, FIELD_CAP, room);
  }
  const action: LinkAction = { actionId: randomUUID(), receivedAt, tokenHash, form, status: "received", rev: 0 };
  // A fresh random id: the only refusal would be a collision, which a retry of the POST does not repeat.
  if (!(await deps.store.create("linkAction", action))) throw new Error(`link action ${action.actionId} exists`);
  return action;
}

export async function getLinkAction(deps: Deps, actionId: string): Promise<LinkAction | undefined> {
  return deps.store.get("linkAction", { pk: `LINKACTION#${actionId}`, sk: "LINKACTION" });
}

/** The person the link's email went to, as the reply paths see them. */
async function answeredBy(deps: Deps, email: Email): Promise<PersonRecipient> {
  const to = email.to[0] ?? "";
  const rulebook = await committeeRulebook(deps.store, email.committeeId);
  const seat = rulebook.seats.find((s) => s.id === email.seatId);
  // The seat's member when the address is no longer one of the seat's (the rulebook changed since).
  if (seat) return recipientForAddress(rulebook, seat.id, to) ?? memberRecipient(seat);
  return { personId: `address-${to}`, name: to, email: to, role: "secretariat" };
}

const judging = new Map<string, Promise<LinkOutcome>>();

/**
 * Judges an accepted answer once and keeps the outcome on its record. In one process concurrent callers
 * share one judging; across processes the steps below are idempotent by the action's id.
 */
export function judgeLinkAction(deps: Deps, action: LinkAction): Promise<LinkOutcome> {
  if (action.status === "judged" && action.outcome) return Promise.resolve(action.outcome);
  let run = judging.get(action.actionId);
  if (!run) {
    run = (async () => {
      const latest = await getLinkAction(deps, action.actionId);
      if (latest?.status === "judged" && latest.outcome) return latest.outcome;
      const { outcome, email } = await decide(deps, latest ?? action);
      const about = email ? { committeeId: email.committeeId, matter: email.matter, ...(email.seatId ? { seatId: email.seatId } : {}) } : {};
      await deps.store.put("linkAction", { ...(latest ?? action), ...about, status: "judged", outcome, judgedAt: deps.clock.now() });
      return outcome;
    })().finally(() => judging.delete(action.actionId));
    judging.set(action.actionId, run);
  }
  return run;
}

const counted = (title: string, lines: string[]): LinkOutcome => ({ title, lines, counted: true });
const notCounted = (title: string, lines: string[]): LinkOutcome => ({ title, lines, counted: false });

const TOKEN_REASON: Record<string, { line: string; httpStatus: number }> = {
  unknown: { line: "Linket er ikke gyldigt. Brug linket i den e-mail, du fik fra os.", httpStatus: 404 },
  expired: { line: "Linket var udløbet, fordi sagen er afsluttet.", httpStatus: 410 },
  revoked: { line: "Linket var trukket tilbage, fx fordi sagen er annulleret.", httpStatus: 410 },
};

async function decide(deps: Deps, a: LinkAction): Promise<{ outcome: LinkOutcome; email?: Email | undefined }> {
  // Valid when the answer came, however long the judging waited.
  const check = await emailOfToken(deps.store, a.tokenHash, a.receivedAt);
  if (!check.ok || !check.email.token) {
    const why = TOKEN_REASON[check.ok ? "unknown" : check.reason] ?? TOKEN_REASON.unknown;
    return { outcome: { title: "Linket virker ikke", lines: [why?.line ?? "", "Dit svar er gemt, men tæller ikke."], counted: false, httpStatus: why?.httpStatus ?? 404 }, email: check.email };
  }
  const email = check.email;
  const action = check.email.token?.action ?? "initiative-report";
  const missing = missingInForm(action, a.form);
  if (missing) return { outcome: { title: missing.title, lines: [missing.line], counted: false, httpStatus: 400 }, email };
  return { outcome: await record(deps, a, email, action), email };
}

async function record(deps: Deps, a: LinkAction, email: Email, action: TokenAction): Promise<LinkOutcome> {
  const person = await answeredBy(deps, email);
  const respondent = person.role === "substitute" ? { kind: "substitute" as const, substituteId: person.personId } : { kind: "member" as const };
  const seatId = email.seatId ?? "";
  const sourceRef = `link/${a.actionId}`;
  const field = (name: string) => (a.form[name] ?? "").trim().slice(0, CAPS[name] ?? FIELD_CAP);
  const { receivedAt } = a;
  const { committeeId, matter } = email;
  const meetingId = matter.slice("meeting/".length);
  switch (action) {
    case "written-vote": {
      const answer = field("svar") as Answer;
      const remark = field("bemaerkning") || undefined;
      const out = await recordVoteAnswer(deps, { committeeId, voteId: matter.slice("vote/".length), seatId, respondent, answer, channel: "link", receivedAt, sourceRef, remark });
      // "duplicate": this very action was recorded before (a judging cut off): finish it as it was judged.
      const reason = out.status === "not-counted" ? out.reason : out.status === "duplicate" && !out.counted ? (out.reason ?? "unknown") : undefined;
      if (reason === "after-close") return notCounted("Afstemningen er afsluttet", [`Dit svar kom efter afslutningen og er gemt, men tæller ikke. ${out.result.explanation ?? ""}`.trim()]);
      if (reason) return notCounted("Svaret tæller ikke", ["Sekretariatet har ikke registreret, at du repræsenterer medlemmet i denne sag. Dit svar er gemt, men tæller ikke."]);
      const rulebook = await committeeRulebook(deps.store, committeeId);
      await sendOnce(deps, { key: `link-receipt#${a.actionId}`, committeeId, matter, purpose: "vote-receipt", seatId, to: person, message: () => messages.voteReceipt(rulebook, out.vote, person, answer, receivedAt, remark) });
      return counted("Dit svar er registreret", [`Du har svaret ${ANSWER_DA[answer]} (${danishDateTime(receivedAt)}).`, answer === "objection" ? "Sagen skal nu behandles på et møde." : "Du kan ændre dit svar indtil fristen via linket i e-mailen.", "Du får en kvittering pr. e-mail."]);
    }
    case "minutes": {
      const version = Number(/#v(\d+)#/.exec(email.idempotencyKey)?.[1] ?? 0) || undefined;
      const out = await recordMinutesObjection(deps, { committeeId, meetingId, seatId, respondent, text: field("indsigelse"), receivedAt, channel: "link", sourceRef, ...(version ? { version } : {}) });
      return out.status === "recorded"
        ? counted("Indsigelsen er registreret", [`Modtaget ${danishDateTime(receivedAt)}. En revideret protokol sendes til fornyet godkendelse.`])
        : notCounted("Indsigelsen tæller ikke", ["Indsigelsen er gemt, men tæller ikke: fristen er udløbet, eller der er udsendt en nyere udgave."]);
    }
    case "apology": {
      const substituteAttends = field("suppleant") === "ja";
      const out = await recordApology(deps, { committeeId, meetingId, seatId, substituteAttends, receivedAt, channel: "link", sourceRef });
      return out.status === "recorded"
        ? counted("Afbud registreret", [substituteAttends ? "Dit afbud er registreret, og din suppleant deltager." : "Dit afbud er registreret."])
        : notCounted("For sent", ["Mødet er begyndt. Dit afbud er gemt."]);
    }
    case "item-request": {
      const out = await requestAgendaItem(deps, { committeeId, meetingId, seatId, respondent, title: field("titel"), description: (a.form.beskrivelse ?? "").slice(0, CAPS.beskrivelse), receivedAt, sourceRef, channel: "link" });
      return counted("Anmodningen er modtaget", [out.onTime ? "Anmodningen kom rettidigt og er sendt til formandskabet og sekretariatet." : "Anmodningen kom efter fristen; formandskabet beslutter, om punktet optages."]);
    }
    case "initiative-report": {
      await deps.store.create("initiativeReport", { committeeId, meetingId, initiativeId: email.token?.initiativeId ?? "", reportId: a.actionId, receivedAt, text: field("rapport"), channel: "link", sourceRef });
      return counted("Rapporten er modtaget", ["Tak. Rapporten indgår i statuspunktet på dagsordenen."]);
    }
  }
}

/**
 * The sweeper's part for links (issue 7): answers accepted but never judged — the member closed the page
 * before it loaded and the judging was cut off — are judged now, oldest first.
 */
export async function sweepLinkActions(deps: Deps, options: { olderThanMs?: number } = {}): Promise<{ judged: string[] }> {
  const waiting = await deps.store.listByIndex("linkAction", "LINKACTION#received", "", { index: "gsi2" });
  // Recent ones are left to their page, which is most likely judging them right now.
  const before = epochMs(deps.clock.now()) - (options.olderThanMs ?? 0);
  const judged: string[] = [];
  for (const a of waiting) {
    if (epochMs(a.receivedAt) > before) continue;
    await judgeLinkAction(deps, a);
    judged.push(a.actionId);
  }
  return { judged };
}
