/**
 * A local runtime with real mail to reply to: a meeting on 2027-04-22 with its call for items, an
 * initiative's report request, and written votes opened on demand — each reply address taken from a real
 * message in the outbox, each reply delivered through processInbound as SES or the SMTP sink does.
 */
import { meetingPk, votePk } from "#adapters/records";
import { processInbound, type InboundResult } from "#functions/answers/email-replies";
import { releaseAgenda } from "#functions/meetings/agenda";
import { startMeetingCycles } from "#functions/meetings/plan";
import { uploadMinutes } from "#functions/minutes/minutes";
import { openWrittenVote } from "#functions/written-votes/written-votes";
import { factories } from "./factories.ts";
import { rulebook2026 } from "./rulebooks.ts";
import { startTestRuntime, type TestRuntime } from "./runtime.ts";

export const C = "sundhedsklynge-syd";
export const M = "2027-04-22";
export type ReplyAction = "written-vote" | "minutes" | "apology" | "item-request" | "initiative-report";
const PURPOSE = { "written-vote": "ballot", minutes: "minutes", apology: "agenda", "item-request": "call-for-items", "initiative-report": "initiative-report-request" } as const;

export interface ReplyRuntime {
  t: TestRuntime;
  /** Opens a written vote and waits until its ballots are out; returns its id. */
  openVote(title: string): Promise<string>;
  /** The token in the reply address of the latest mail of that kind to the seat's member ("owner:<initiative>" for a report). */
  tokenFor(action: ReplyAction, seat: string, voteTitle?: string): Promise<string>;
  deliver(raw: Buffer | string, receiptId: string): Promise<InboundResult>;
  /** Moves to the agenda phase (released 2027-04-08) and then to the minutes phase (sent 2027-04-27). */
  toAgendaPhase(): Promise<void>;
  toMinutesPhase(): Promise<void>;
  votePk(voteId: string): string;
  meetingPk(): string;
  stop(): Promise<void>;
}

/** The runtime at 2027-03-27 10:14: the call for items and the report request are out, no vote yet. */
export async function startReplyRuntime(): Promise<ReplyRuntime> {
  const t = await startTestRuntime({ start: "2027-02-01T09:00:00+01:00", plan: [{ id: M, startsAt: "2027-04-22T14:00", location: "Hvidovre Hospital" }] });
  await t.deps.store.create("initiative", factories.initiative());
  await startMeetingCycles(t.deps, C);
  await t.runUntil("2027-03-26T10:00:00+01:00");
  const votes = new Map<string, string>();
  const r: ReplyRuntime = {
    t,
    async openVote(title) {
      const { voteId } = await openWrittenVote(t.deps, { committeeId: C, title, question: "Godkender I forslaget?", openedBy: "secretariat" });
      await t.rt.executor.idle();
      votes.set(voteId, title);
      return voteId;
    },
    async tokenFor(action, seat, voteTitle) {
      const address = seat.startsWith("owner:") ? factories.initiative().owner.email : rulebook2026.seats.find((s) => s.id === seat)?.member.email;
      const mail = (await t.outbox()).reverse().find((m) => m.purpose === PURPOSE[action] && m.to === address && m.replyTo && (!voteTitle || m.subject.endsWith(`: ${voteTitle}`)));
      if (!mail?.replyTo) throw new Error(`no ${PURPOSE[action]} with a reply address to ${address}`);
      return /^svar\+([^@]+)@/.exec(mail.replyTo)?.[1] ?? "";
    },
    async deliver(raw, receiptId) {
      const result = await processInbound(t.deps, { raw: typeof raw === "string" ? Buffer.from(raw, "latin1") : raw, receiptId, receivedAt: t.now(), channel: "smtp" });
      await t.rt.executor.idle();
      return result;
    },
    async toAgendaPhase() {
      await t.runUntil("2027-04-08T10:00:00+02:00");
      await releaseAgenda(t.deps, C, M, "region-1");
      await t.runUntil("2027-04-09T12:00:00+02:00");
    },
    async toMinutesPhase() {
      await t.runUntil("2027-04-27T10:00:00+02:00");
      await uploadMinutes(t.deps, { committeeId: C, meetingId: M, content: Buffer.from("%PDF v1"), contentType: "application/pdf", changeNote: "", by: "secretariat" });
      await t.runUntil("2027-04-28T09:00:00+02:00");
    },
    votePk: (voteId) => votePk(C, voteId),
    meetingPk: () => meetingPk(C, M),
    stop: () => t.stop(),
  };
  await t.runUntil("2027-03-27T10:14:03+01:00");
  return r;
}
