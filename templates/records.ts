/**
 * Danish text that goes into a record rather than a mail (an agenda item the system writes itself): plain data
 * in, text out, like the emails.
 */

/** the agenda item a written vote's matter becomes when a member objected to the written procedure. */
export function movedFromWrittenVote(question: string, citation: string): string {
  return `${question}\n\nSagen blev forsøgt afgjort ved skriftlig votering, men et medlem gjorde indsigelse${citation}.`;
}
