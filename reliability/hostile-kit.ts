/** What a hostile case gets to work with, and how an email's outcome is written (hostile.ts, hostile-hardening.ts). */
import type { LocalStack } from "#local/stack";

export interface Ctx {
  stack: LocalStack;
  url: string;
  api(method: string, path: string, body?: unknown, token?: string, headers?: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }>;
  mail(purpose: string, to: string, subjectIncludes?: string): Promise<{ replyTo: string; link: string; subject: string }>;
  reply(id: string, raw: string | Buffer, verdicts?: { dmarc?: string }): Promise<{ outcome: string; reason?: string; rawKept: boolean; answered: boolean }>;
  rawReply(from: string, to: string, text: string, id: string, extra?: string): string;
  at(time: string): Promise<void>;
}

export type Case = { id: string; category: string; description: string; expected: string; run(ctx: Ctx): Promise<string | { outcome: string; rawKept?: boolean }> };

export const emailOutcome = (r: { outcome: string; reason?: string }) => (r.reason && ["not-accepted", "unreadable", "unverified"].includes(r.outcome) ? `${r.outcome} (${r.reason})` : r.outcome);
