/**
 * Phrases and blocks every message shares: the greeting, the meeting facts, why the recipient gets the
 * mail, and subjects that fit. Short, polite, plain Danish that says "du".
 */
import { danishDate, danishDateShort, danishTimeRange } from "../format.ts";
import type { Block, EmailDoc, Inline } from "../html.ts";
import type { Answer, Channel, CommitteeInfo, Link, MeetingInfo, Recipient } from "../model.ts";

export const SUBJECT_MAX = 120;

/** The rule in the words of the rules of procedure: "forretningsordenens § 3, stk. 2". */
export function paragraph(section: number, subsection: number): string {
  return `forretningsordenens § ${section}, stk. ${subsection}`;
}

export const ANSWER_DA: Record<Answer, string> = {
  for: "JA (for)",
  against: "NEJ (imod)",
  abstain: "UNDLAD (hverken for eller imod)",
  objection: "INDSIGELSE mod skriftlig behandling",
};

export const ANSWER_WORD: Record<Answer, string> = { for: "JA", against: "NEJ", abstain: "UNDLAD", objection: "INDSIGELSE" };

export const CHANNEL_DA: Record<Channel, string> = { email: "e-mail", link: "link", api: "sekretariatet", secretariat: "sekretariatet" };

/** "»titel«" */
export function quoted(text: string): string {
  return `»${text}«`;
}

/** One line of text (for subjects and headings): no line breaks, no runs of spaces. */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ").replace(/\s+/g, " ").trim();
}

/** Shortens text to `max` characters at a word boundary, ending with "…". */
export function clip(text: string, max: number): string {
  const t = oneLine(text);
  if (t.length <= max) return t;
  if (max <= 1) return "…";
  const cut = t.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:–-]+$/, "")}…`;
}

/** A subject with a variable part (a title) shortened so the whole stays within 120 characters. */
export function fitSubject(make: (part: string) => string, part: string): string {
  const full = oneLine(make(oneLine(part)));
  if (full.length <= SUBJECT_MAX) return full;
  const room = SUBJECT_MAX - (full.length - oneLine(part).length);
  return oneLine(make(clip(part, Math.max(room, 12))));
}

/** "mødet torsdag den 22. april 2027" / "det ekstraordinære møde torsdag den 22. april 2027" */
export function meetingName(m: MeetingInfo): string {
  return `${m.kind === "extraordinary" ? "det ekstraordinære møde" : "mødet"} ${danishDate(m.startsAt)}`;
}

/** "mødet den 22. april 2027", for subjects. */
export function meetingShort(m: MeetingInfo): string {
  return `${m.kind === "extraordinary" ? "det ekstraordinære møde" : "mødet"} den ${danishDateShort(m.startsAt)}`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Time, place (and the virtual link), the presiding chair. */
export function meetingFacts(m: MeetingInfo): Block {
  const rows: { label: string; value: string | Inline[] }[] = [{ label: "Tidspunkt", value: danishTimeRange(m.startsAt, m.durationMinutes) }];
  if (m.location.trim()) rows.push({ label: "Sted", value: m.location });
  if (m.virtualUrl) rows.push({ label: m.location.trim() ? "Deltag virtuelt" : "Virtuelt møde", value: [{ link: { label: "Åbn mødelinket", url: m.virtualUrl } }] });
  if (!m.location.trim() && !m.virtualUrl) rows.push({ label: "Sted", value: "Oplyses senere" });
  rows.push({ label: "Mødeleder", value: m.presidingChairName });
  if (m.kind === "extraordinary") rows.push({ label: "Mødetype", value: "Ekstraordinært møde" });
  return { kind: "facts", rows };
}

export function greeting(to: Recipient): Block[] {
  return to.role === "secretariat" ? [] : [{ kind: "p", content: `Kære ${to.name}` }];
}

/** Why the recipient gets the email, from the recipient's role. */
export function roleReason(to: Recipient, committee: CommitteeInfo): string {
  const seat = to.seatTitle ? to.seatTitle : "";
  switch (to.role) {
    case "member": return `Du får denne e-mail, fordi du er medlem af ${committee.name}${seat ? ` (${seat})` : ""}.`;
    case "substitute": return `Du får denne e-mail, fordi du er suppleant${seat ? ` for ${seat}` : ""} i ${committee.name}.`;
    case "chair": return `Du får denne e-mail, fordi du er med i formandskabet for ${committee.name}${seat ? ` (${seat})` : ""}.`;
    case "secretariat": return `I får denne e-mail, fordi I er sekretariat for ${committee.name}.`;
  }
}

/** How to answer by email: write above the quoted mail, which we do not read. */
export function replyHint(replyAddress: string): Block {
  return { kind: "small", content: `Skriv dit svar øverst, over den citerede e-mail. Svaret går til ${replyAddress}.` };
}

export interface DocParts {
  subject: string;
  heading: string;
  preheader: string;
  blocks: (Block | false)[];
  /** Why this mail is sent, in one or two sentences, naming the rule. */
  purpose: string;
  /** Replaces the role sentence (e.g. for an initiative's contact person). */
  roleSentence?: string;
}

/** The finished document: blocks, the message's extra links as buttons, the sender and the reason. */
export function makeDoc(m: { to: Recipient; committee: CommitteeInfo; links?: Link[] }, parts: DocParts): EmailDoc {
  const blocks = parts.blocks.filter((b): b is Block => b !== false);
  if (m.links?.length) blocks.push({ kind: "buttons", buttons: m.links });
  return {
    subject: parts.subject,
    heading: oneLine(parts.heading),
    preheader: oneLine(parts.preheader),
    blocks,
    sender: { name: m.committee.secretariatName, email: m.committee.secretariatEmail },
    reason: `${parts.roleSentence ?? roleReason(m.to, m.committee)} ${parts.purpose}`,
  };
}
