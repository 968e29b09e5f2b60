/**
 * the raw answers of a matter, for the archive export: every reply by email the matter received
 * (where its raw bytes are kept, and what became of it) and the form of every answer given by link.
 */
import type { Deps } from "../deps.ts";
import { inboundRecords, linkActionRecords } from "./repository.ts";

export interface RawAnswer {
  channel: "email" | "link";
  receivedAt: string;
  from: string | null;
  outcome: string | null;
  reason: string | null;
  /** Email: where the raw message is kept; link: the form exactly as posted. */
  raw: string | Record<string, string> | [string, string][];
  ref: string;
}

/** The replies by email to a matter, and the link answers that `linkRefs` ("link/<id>", from the recorded facts) point at. */
export async function rawAnswersOf(deps: Pick<Deps, "store">, committeeId: string, matter: string, linkRefs: readonly string[]): Promise<RawAnswer[]> {
  const mails = (await inboundRecords.ofCommittee(deps.store, committeeId)).filter((r) => r.matter === matter).map((r): RawAnswer => ({
    channel: "email", receivedAt: r.receivedAt, from: r.from ?? null, outcome: r.outcome ?? null, reason: r.reason ?? null, raw: r.blobKey, ref: `inbound/${r.receiptId}`,
  }));
  const links: RawAnswer[] = [];
  for (const ref of new Set(linkRefs.filter((r) => r.startsWith("link/")))) {
    const a = await linkActionRecords.get(deps.store, ref.slice("link/".length));
    if (a && (!a.committeeId || a.committeeId === committeeId)) {
      links.push({ channel: "link", receivedAt: a.receivedAt, from: a.seatId ?? null, outcome: a.outcome ? (a.outcome.counted ? "recorded" : "not-counted") : null, reason: null, raw: a.form, ref });
    }
  }
  return [...mails, ...links].sort((x, y) => x.receivedAt.localeCompare(y.receivedAt));
}
