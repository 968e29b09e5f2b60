/** Dates, times, numbers and words the Danish way, for emails and pages. */
import { DateTime } from "luxon";
import { DANISH_MONTHS, DANISH_WEEKDAYS, memo } from "#domain/calendar";

const ZONE = "Europe/Copenhagen";

const local = memo((at: string): DateTime => {
  const dt = /^\d{4}-\d{2}-\d{2}$/.test(at) ? DateTime.fromISO(at, { zone: ZONE }) : DateTime.fromISO(at, { setZone: true }).setZone(ZONE);
  if (!dt.isValid) throw new Error(`not a date: ${at}`);
  return dt;
});

/** "mandag den 12. april 2027" */
// Memoized like `local`: a mailing names the same few dates in every one of its emails.
export const danishDate = memo((at: string): string => {
  const dt = local(at);
  return `${DANISH_WEEKDAYS[dt.weekday - 1]} den ${dt.day}. ${DANISH_MONTHS[dt.month - 1]} ${dt.year}`;
});

/** "torsdag den 22. april 2027 kl. 14.00" */
export const danishDateTime = memo((at: string): string => `${danishDate(at)} kl. ${local(at).toFormat("HH.mm")}`);

/** "senest mandag den 12. april 2027 kl. 23.59" for a deadline ending at 23:59:59. */
export function deadlinePhrase(endsAt: string): string {
  return `senest ${danishDateTime(endsAt)}`;
}

/** "7.803.439 kr." */
export function kroner(amount: number): string {
  return `${Math.round(amount).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ".")} kr.`;
}

export const ANSWER_DA: Record<"for" | "against" | "abstain" | "objection", string> = {
  for: "JA (for)",
  against: "NEJ (imod)",
  abstain: "UNDLAD (hverken for eller imod)",
  objection: "INDSIGELSE mod skriftlig behandling",
};

export const CHANNEL_DA: Record<string, string> = { email: "e-mail", link: "link", api: "sekretariatet", secretariat: "sekretariatet" };
