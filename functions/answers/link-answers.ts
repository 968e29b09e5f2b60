/**
 * An answer through a member link, in two steps like a reply by email. Accepting checks the link's signature
 * and stores the form as posted (R-7.2) — all the POST does before the member is sent on to the answer's
 * page. Judging — the link's email and whether it was still valid when the answer came, the form, then the
 * same `recordAnswer` a reply by email goes through, the Danish page and receipt — follows once, by
 * whichever comes first: that page, the local server's background judge, or the sweeper. Every step is
 * idempotent, so a page reloaded, a judge racing the page, or a crash in between still records one answer
 * and sends one receipt.
 */
import { randomUUID } from "node:crypto";
import { epochMs, type Instant } from "#domain/calendar";
import { readReply } from "#domain/reply-reading";
import { arrivalSequence } from "#adapters/clock";
import { answerPage, type AnswerPage } from "#templates/answers";
import { committeeRulebook } from "../committee/committee.ts";
import type { Deps } from "../deps.ts";
import { sendOnce } from "../mail/mailing.ts";
import * as messages from "../mail/messages.ts";
import { ownerRecipient, recipientForAddress, type PersonRecipient } from "../mail/recipients.ts";
import { getInitiative } from "../initiatives/initiatives.ts";
import type { EmailRecord } from "../mail/tokens.ts";
import { emailOfToken, type TokenAction } from "../mail/tokens.ts";
import { recordAnswer, type Answer, type AnswerOutcome, type AnswerScope } from "./record-answer.ts";
import { checkMemberPage } from "../members/links.ts";
import { DomainError } from "#domain/errors";
import { isSetAside, judgeOnItsOwn } from "./isolation.ts";
import { linkActionRecords, type LinkAction } from "./repository.ts";

export type { LinkAction };
export type LinkOutcome = NonNullable<LinkAction["outcome"]>;

/** What each field may hold when it is judged (as the pages' forms allow). */
const CAPS: Record<string, number> = { svar: 20, bemaerkning: 5000, indsigelse: 20_000, titel: 300, beskrivelse: 20_000, rapport: 50_000, sag: 200, udgave: 6, indsats: 200 };

export const VOTE_ANSWERS = ["for", "against", "abstain", "objection"] as const;
type VoteAnswer = (typeof VOTE_ANSWERS)[number];

/** The longest field a form may hold (a status report) and the most a stored form keeps in all. */
const FIELD_CAP = 50_000;
const FORM_CAP = 60_000;

/**
 * Stores a posted answer for the link whose (signature-checked) token hashes to `tokenHash`; nothing is
 * looked up or judged yet. The form is kept as posted, within the caps a DynamoDB item allows.
 */
export async function acceptLinkAction(deps: Deps, tokenHash: string, posted: Iterable<[string, string]>, receivedAt: Instant): Promise<LinkAction> {
  const form: [string, string][] = [];
  let room = FORM_CAP;
  for (const [name, value] of posted) {
    if (form.length >= 20) break;
    form.push([name.slice(0, 40), value.slice(0, Math.min(FIELD_CAP, room))]);
    room -= Math.min(value.length, FIELD_CAP, room);
  }
  const action: LinkAction = { actionId: randomUUID(), receivedAt, arrival: arrivalSequence(), tokenHash, form, status: "received", rev: 0 };
  // A fresh random id: the only refusal would be a collision, which a retry of the POST does not repeat.
  if (!(await linkActionRecords.create(deps.store, action))) throw new Error(`link action ${action.actionId} exists`);
  return action;
}

export function getLinkAction(deps: Deps, actionId: string): Promise<LinkAction | undefined> {
  return linkActionRecords.get(deps.store, actionId);
}

/**
 * The person the link's email went to, if they may still answer with it: the seat's member or one of its
 * substitutes now (a former holder's link is dead: the token belongs to the person it was sent to), or the
 * initiative's owner now.
 */
async function answeredBy(deps: Deps, email: EmailRecord): Promise<PersonRecipient | undefined> {
  const to = email.to[0] ?? "";
  if (email.token?.action === "initiative-report") {
    const initiative = email.token.initiativeId ? await getInitiative(deps, email.committeeId, email.token.initiativeId) : undefined;
    return initiative && initiative.owner.email.toLowerCase() === to.toLowerCase() ? ownerRecipient(initiative) : undefined;
  }
  // Who holds the seat now: a former holder's link is dead whichever rulebook governs the matter.
  const rulebook = await committeeRulebook(deps.store, email.committeeId, deps.clock.now());
  return email.seatId ? recipientForAddress(rulebook, email.seatId, to) : undefined;
}

export type LinkCheck =
  | { ok: true; email: EmailRecord; person: PersonRecipient }
  | { ok: false; reason: "unknown" | "expired" | "revoked" | "holder-changed"; email?: EmailRecord | undefined };

/**
 * Whether a link may answer at `at`: its token known, not expired, not revoked, and its addressee still the
 * seat's member or substitute (or the initiative's owner). Checked before a POST is stored and again when
 * the answer is judged.
 */
export async function checkLink(deps: Deps, tokenHash: string, at: Instant): Promise<LinkCheck> {
  const check = await emailOfToken(deps.store, tokenHash, at);
  if (!check.ok || !check.email.token) {
    const reason = !check.ok && (check.reason === "expired" || check.reason === "revoked") ? check.reason : "unknown";
    return { ok: false, reason, email: check.email };
  }
  const person = await answeredBy(deps, check.email);
  return person ? { ok: true, email: check.email, person } : { ok: false, reason: "holder-changed", email: check.email };
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
      await linkActionRecords.put(deps.store, { ...(latest ?? action), ...about, status: "judged", outcome, judgedAt: deps.clock.now() });
      return outcome;
    })().finally(() => judging.delete(action.actionId));
    judging.set(action.actionId, run);
  }
  return run;
}

/** The HTTP status of a link that does not work: gone when it did once, forbidden for a former holder, else not found. */
export function linkStatus(reason: string): number {
  return reason === "expired" || reason === "revoked" ? 410 : reason === "holder-changed" ? 403 : 404;
}

const page = (p: AnswerPage, counted: boolean, httpStatus?: number): LinkOutcome => ({ title: p.title, lines: p.lines, counted, ...(httpStatus ? { httpStatus } : {}) });

async function decide(deps: Deps, a: LinkAction): Promise<{ outcome: LinkOutcome; email?: AnswerScope | undefined }> {
  // Valid when the answer came, however long the judging waited; its addressee still the seat's now.
  const check = await checkLink(deps, a.tokenHash, a.receivedAt);
  // Not an email's link: a member's own page ("Mine sager"), where the form names the matter.
  if (!check.ok && check.reason === "unknown" && !check.email) {
    const viaPage = await decideFromMemberPage(deps, a);
    if (viaPage) return viaPage;
  }
  if (!check.ok) return { outcome: page(answerPage.linkProblem(check.reason), false, linkStatus(check.reason)), email: check.email };
  const { email, person } = check;
  const answer = answerFromForm(email.token?.action ?? "initiative-report", fieldsOf(a));
  if ("missing" in answer) return { outcome: page(answerPage.missing[answer.missing], false, 400), email };
  const outcome = await recordAnswer(deps, { email, person, answer, channel: "link", receivedAt: a.receivedAt, arrival: a.arrival, sourceRef: `link/${a.actionId}` });
  return { outcome: await render(deps, a, email, person, outcome), email };
}

/**
 * An answer posted on a member's own page: the page valid when it came and its person still the seat's, the
 * matter and the kind of answer from the form, then the same recordAnswer as every other answer. A matter
 * that is not open to the person (closed, another seat's, no minutes sent) is kept and not counted.
 * Undefined when the token is no member page either.
 */
async function decideFromMemberPage(deps: Deps, a: LinkAction): Promise<{ outcome: LinkOutcome; email?: AnswerScope | undefined } | undefined> {
  const check = await checkMemberPage(deps, a.tokenHash, a.receivedAt);
  if (!check.ok && check.reason === "unknown") return undefined;
  if (!check.ok) return { outcome: page(answerPage.linkProblem(check.reason), false, linkStatus(check.reason)) };
  const fields = fieldsOf(a);
  const matter = (fields.get("sag") ?? "").trim().slice(0, CAPS.sag);
  const action = pageAction(matter, fields);
  const version = Number(fields.get("udgave") ?? "");
  const initiativeId = (fields.get("indsats") ?? "").trim().slice(0, CAPS.indsats);
  const scope: AnswerScope = {
    committeeId: check.page.committeeId, matter, seatId: check.page.seatId,
    ...(action === "minutes" && Number.isInteger(version) && version > 0 ? { version } : {}),
    ...(action === "initiative-report" ? { token: { initiativeId } } : {}),
  };
  if (!action) return { outcome: page(answerPage.matterNotOpen, false, 400), email: scope };
  let person: PersonRecipient | undefined = check.person;
  if (action === "initiative-report") {
    // A report only from the initiative's owner: the page's own address must be the owner's now.
    const initiative = initiativeId ? await getInitiative(deps, scope.committeeId, initiativeId) : undefined;
    person = initiative && initiative.owner.email.toLowerCase() === check.page.address ? ownerRecipient(initiative) : undefined;
  }
  const answer = answerFromForm(action, fields);
  if ("missing" in answer) return { outcome: page(answerPage.missing[answer.missing], false, 400), email: scope };
  if (!person) return { outcome: page(answerPage.matterNotOpen, false, 403), email: scope };
  try {
    const outcome = await recordAnswer(deps, { email: scope, person, answer, channel: "link", receivedAt: a.receivedAt, sourceRef: `link/${a.actionId}` });
    return { outcome: await render(deps, a, scope, person, outcome, true), email: scope };
  } catch (e) {
    // The matter named by the form is not one this answer can go to (no such meeting or vote, no minutes sent).
    if (e instanceof DomainError) return { outcome: page(answerPage.matterNotOpen, false, 409), email: scope };
    throw e;
  }
}

/** What a form on a member's own page answers: a vote on vote/…, or on meeting/… an objection, an apology, an item or a report. */
function pageAction(matter: string, form: Map<string, string>): TokenAction | undefined {
  if (/^vote\/[A-Za-z0-9._-]+$/.test(matter)) return "written-vote";
  if (!/^meeting\/[A-Za-z0-9._-]+$/.test(matter)) return undefined;
  if (form.has("indsigelse")) return "minutes";
  if (form.has("afbud")) return "apology";
  if (form.has("titel")) return "item-request";
  if (form.has("rapport")) return "initiative-report";
  return undefined;
}

/** A stored form's fields by name (the first of each name counts); a Map, so no name can reach a prototype. */
export function fieldsOf(a: Pick<LinkAction, "form">): Map<string, string> {
  const entries: [string, string][] = Array.isArray(a.form) ? a.form : Object.entries(a.form);
  const fields = new Map<string, string>();
  for (const [name, value] of entries) if (!fields.has(name)) fields.set(name, value);
  return fields;
}

/** What a form answers for the link's action, or which field is missing. */
function answerFromForm(action: TokenAction, form: Map<string, string>): Answer | { missing: TokenAction } {
  const field = (name: string) => (form.get(name) ?? "").trim().slice(0, CAPS[name] ?? FIELD_CAP);
  switch (action) {
    case "written-vote": {
      const answer = field("svar") as VoteAnswer;
      if (!VOTE_ANSWERS.includes(answer)) return { missing: action };
      return { kind: "vote", answer, remark: field("bemaerkning") || undefined };
    }
    case "minutes":
      return field("indsigelse") ? { kind: "objection", text: field("indsigelse") } : { missing: action };
    case "apology":
      return { kind: "apology", substituteAttends: field("suppleant") === "ja" };
    case "item-request":
      return field("titel") ? { kind: "item-request", title: field("titel"), description: (form.get("beskrivelse") ?? "").slice(0, CAPS.beskrivelse) } : { missing: action };
    case "initiative-report": {
      // The report's text is read as a reply's is: key figures ("Navn: tal") and the on-track status.
      const reading = field("rapport") ? readReply({ text: field("rapport"), html: undefined, action }) : undefined;
      return reading?.kind === "report" ? { kind: "report", text: reading.text, figures: reading.figures, status: reading.status } : { missing: action };
    }
  }
}

/** The answer's page for an outcome, and the receipt by email where one is due. */
async function render(deps: Deps, a: LinkAction, email: AnswerScope, person: PersonRecipient, outcome: AnswerOutcome, viaPage = false): Promise<LinkOutcome> {
  const rulebook = await committeeRulebook(deps.store, email.committeeId, a.receivedAt);
  const committeeName = rulebook.committee.name;
  switch (outcome.kind) {
    case "vote": {
      if (!outcome.counted) {
        return outcome.reason === "after-close"
          ? page(answerPage.voteAfterClose(outcome.result.explanation), false)
          : page(answerPage.voteNotCounted(outcome.reason, committeeName), false);
      }
      // One receipt per link and answer: posting the same answer again (30 times) sends no more mail. An
      // email's link is one matter's; a member's own page answers many, so its receipts are per matter.
      const sent = await sendOnce(deps, {
        key: `link-receipt#${a.tokenHash.slice(0, 32)}#${viaPage ? `${email.matter}#` : ""}${outcome.answer}`, committeeId: email.committeeId, matter: email.matter, purpose: "vote-receipt", seatId: email.seatId, to: person,
        message: () => messages.voteReceipt(rulebook, outcome.vote, person, outcome.answer, a.receivedAt, outcome.remark),
      });
      return page(answerPage.voteRecorded(outcome.answer, a.receivedAt, sent !== "already-sent"), true);
    }
    case "objection":
      return outcome.counted ? page(answerPage.objectionRecorded(a.receivedAt), true) : page(answerPage.objectionNotCounted(outcome.reason, committeeName), false);
    case "no-objection":
      return page(answerPage.objectionNotCounted(undefined, committeeName), false);
    case "apology":
      if (outcome.counted) return page(answerPage.apologyRecorded(outcome.substituteAttends), true);
      return page(outcome.reason === "cancelled" ? answerPage.apologyCancelled : answerPage.apologyTooLate, false);
    case "item-request":
      return page(answerPage.itemRequested(outcome.onTime), true);
    case "report":
      return page(answerPage.reportRecorded, true);
  }
}

/**
 * The sweeper's part for links: answers accepted but never judged — the member closed the page before it
 * loaded and the judging was cut off — are judged now, oldest first.
 */
export async function sweepLinkActions(deps: Deps, options: { olderThanMs?: number } = {}): Promise<{ judged: string[]; failed: string[] }> {
  const waiting = await linkActionRecords.toJudge(deps.store);
  // Recent ones are left to their page, which is most likely judging them right now.
  const before = epochMs(deps.clock.now()) - (options.olderThanMs ?? 0);
  const judged: string[] = [];
  const failed: string[] = [];
  for (const a of waiting) {
    if (epochMs(a.receivedAt) > before || (await isSetAside(deps, a.actionId))) continue;
    // Each on its own: one that fails is recorded against it (set aside after a few), the sweep goes on.
    const done = await judgeOnItsOwn(deps, { answerId: a.actionId, kind: "link", committeeId: a.committeeId }, () => judgeLinkAction(deps, a));
    (done.ok ? judged : failed).push(a.actionId);
  }
  return { judged, failed };
}
