/**
 * Why a reply could not be read, in Danish: the answer mail says what really happened — "we could
 * not find your answer" and why — and never that a reply was empty when the member wrote something.
 */
import type { ReplyReading, UnclearReason, VoteAnswer } from "#domain/reply-reading";

const ANSWER_WORD: Record<VoteAnswer, string> = { for: "JA", against: "NEJ", abstain: "UNDLAD", objection: "INDSIGELSE" };

export const UNCLEAR_REPLY_DA: Record<UnclearReason, string> = {
  "no-text": "Vi kunne ikke finde dit svar: din e-mail indeholdt ingen tekst.",
  "only-quoted": "Vi kunne ikke finde dit svar: din e-mail indeholdt kun tekst, der var citeret fra vores e-mail, eller en hilsen. Skriv dit svar øverst i din e-mail.",
  undecodable: "Dit svar kunne ikke læses, fordi tegnene ikke kunne afkodes. Svar venligst igen med almindelig tekst.",
  "no-keyword": "Vi kunne ikke finde JA, NEJ, UNDLAD eller INDSIGELSE i første linje af dit svar.",
  negated: "Dit svar indeholdt en nægtelse (fx \"ikke ja\"), så vi kunne ikke se, hvad du stemmer.",
  "several-answers": "Dit svar indeholdt flere svar, så vi kunne ikke se, hvad du stemmer.",
  "disagreeing-answers": "Dit svar indeholdt forskellige svar over og under den citerede tekst, så vi kunne ikke se, hvad du stemmer.",
  "minutes-unclear": "Vi kunne ikke se, om du gør indsigelse. Skriv INDSIGELSE øverst i dit svar efterfulgt af, hvad der skal rettes. Har du ingen indsigelser, behøver du ikke svare.",
  "apology-unclear": "Vi kunne ikke se, om du melder afbud. Skriv AFBUD øverst i dit svar.",
};

/** The Danish sentence for an unclear reply, naming the answers found when there were several. */
export function unclearReplyDa(reading: Extract<ReplyReading, { kind: "unclear" }>): string {
  const sentence = UNCLEAR_REPLY_DA[reading.reason];
  if (!reading.answers?.length) return sentence;
  return sentence.replace(/flere svar|forskellige svar/, (m) => `${m} (${reading.answers?.map((a) => ANSWER_WORD[a]).join(" og ")})`);
}
