/**
 * Initiatives (indsatser): funded cross-sector efforts that report key figures before each ordinary
 * meeting (DOMAIN.md, initiatives). Saving them, listing them, and recording a report as received.
 */
import type { Instant } from "#domain/calendar";
import type { Deps } from "../deps.ts";
import { listMeetings } from "../meetings/meetings.ts";
import { meetingMatter } from "../meetings/names.ts";
import { initiativeRecords, reportRecords, type Initiative, type InitiativeReport } from "./repository.ts";

export type { Initiative, InitiativeReport };

export async function upsertInitiative(deps: Deps, committeeId: string, input: Omit<Initiative, "committeeId" | "rev">, by: string) {
  if (!(await initiativeRecords.create(deps.store, { ...input, committeeId, rev: 0 }))) {
    await initiativeRecords.modify(deps.store, committeeId, input.initiativeId, (cur) => ({ ...cur, ...input }));
  }
  await deps.store.appendAudit({ committeeId, matter: "initiatives", actor: by, action: "initiative.saved", channel: "api", data: { initiativeId: input.initiativeId, name: input.name } });
  return initiativeRecords.get(deps.store, committeeId, input.initiativeId);
}

/** The committee's active initiatives: the ones asked for reports. */
export async function listInitiatives(deps: Pick<Deps, "store">, committeeId: string): Promise<Initiative[]> {
  return (await initiativeRecords.list(deps.store, committeeId)).filter((i) => i.active);
}

export function getInitiative(deps: Pick<Deps, "store">, committeeId: string, initiativeId: string): Promise<Initiative | undefined> {
  return initiativeRecords.get(deps.store, committeeId, initiativeId);
}

/** Every report received for a meeting. */
export function reportsOfMeeting(deps: Pick<Deps, "store">, committeeId: string, meetingId: string): Promise<InitiativeReport[]> {
  return reportRecords.ofMeeting(deps.store, committeeId, meetingId);
}

/** The initiatives that have reported for a meeting. */
export async function reportedInitiatives(deps: Pick<Deps, "store">, committeeId: string, meetingId: string): Promise<Set<string>> {
  return new Set((await reportsOfMeeting(deps, committeeId, meetingId)).map((r) => r.initiativeId));
}

export interface ReportInput {
  committeeId: string;
  meetingId: string;
  initiativeId: string;
  /** Unique per source (the message or the link answer): a redelivery is the same report. */
  reportId: string;
  receivedAt: Instant;
  text: string;
  status?: InitiativeReport["status"] | undefined;
  spentDkk?: number | undefined;
  figures?: Record<string, number> | undefined;
  channel: InitiativeReport["channel"];
  sourceRef: string;
  /** Who sent it (the owner's address), for the audit trail. */
  actor: string;
}

/** Records a status report as received (the latest one counts), and audits it; idempotent by report id. */
export async function recordInitiativeReport(deps: Deps, input: ReportInput): Promise<{ figures: number }> {
  const figures = input.figures ?? {};
  await reportRecords.create(deps.store, {
    committeeId: input.committeeId, meetingId: input.meetingId, initiativeId: input.initiativeId, reportId: input.reportId.slice(0, 120),
    receivedAt: input.receivedAt, text: input.text.slice(0, 50_000),
    ...(input.status ? { status: input.status } : {}), ...(input.spentDkk !== undefined ? { spentDkk: input.spentDkk } : {}),
    ...(Object.keys(figures).length ? { figures: { ...figures } } : {}), channel: input.channel, sourceRef: input.sourceRef,
  });
  await deps.store.appendAudit({
    committeeId: input.committeeId, matter: meetingMatter(input.meetingId), actor: input.actor, action: "initiative.report", channel: input.channel,
    ref: input.sourceRef, data: { initiativeId: input.initiativeId, figures: Object.keys(figures).length },
  });
  return { figures: Object.keys(figures).length };
}

/** Every report an initiative has sent, to any meeting of the committee. */
export async function reportsOf(deps: Pick<Deps, "store">, committeeId: string, initiativeId: string): Promise<InitiativeReport[]> {
  const all: InitiativeReport[] = [];
  for (const m of await listMeetings(deps, committeeId)) all.push(...(await reportRecords.ofMeeting(deps.store, committeeId, m.meetingId)).filter((r) => r.initiativeId === initiativeId));
  return all;
}
