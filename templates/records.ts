/**
 * Danish text that goes into a record rather than a mail (an agenda item the system writes itself): plain data
 * in, text out, like the emails.
 */

/** R-3.6: the agenda item a written vote's matter becomes when a member objected to the written procedure. */
export function movedFromWrittenVote(question: string, citation: string): string {
  return `${question}\n\nSagen blev forsøgt afgjort ved skriftlig votering, men et medlem gjorde indsigelse${citation}.`;
}

/** How an initiative's own status is said ("on-track" …). */
export const REPORT_STATUS_DA: Record<string, string> = { "on-track": "på sporet", "at-risk": "i risiko", "off-track": "ikke på sporet" };

/**
 * The status item the initiatives' reports are compiled into, one paragraph per initiative: its latest
 * report, or that it is missing (asked for and not received) or was not asked for.
 */
export function initiativeStatusItem(entries: readonly { name: string; report?: { text: string; status?: string | undefined; receivedAt: string } | undefined; asked: boolean }[], receivedOn: (at: string) => string): { title: string; description: string } {
  return {
    title: "Status for indsatserne",
    description: entries.map((e) => e.report
      ? `${e.name}${e.report.status ? ` (${REPORT_STATUS_DA[e.report.status] ?? e.report.status})` : ""}, rapport modtaget ${receivedOn(e.report.receivedAt)}:\n${e.report.text.trim().slice(0, 2000)}`
      : `${e.name}: rapporten ${e.asked ? "mangler" : "er ikke anmodet til dette møde"}.`).join("\n\n"),
  };
}
