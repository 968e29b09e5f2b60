/**
 * The local inbound mail server: SMTP on a loopback port, standing in for SES. As SES does, it answers 250
 * once the message is stored (acceptInbound: the bytes and a "received" record), and the message is judged
 * afterwards by the same processInbound the SES Lambda runs — one at a time, in order of arrival, so two
 * replies from one member are judged in the order they came. Keyed by a hash of the bytes, so a client
 * resending the same message after a timeout is processed once. A judging that fails is tried again; one
 * that keeps failing stays "received" for the sweeper (local/stack.ts runs it at start).
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { acceptInbound, processInbound, receiptIdFor, type InboundInput, type InboundResult } from "#functions/services/inbound";
import type { Deps } from "#functions/services/deps";

export interface SmtpSink {
  port: number;
  /** Resolves when every message accepted so far has been judged (or given up on, for the sweeper). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export interface SmtpSinkOptions {
  onResult?: (r: InboundResult) => void;
  /** A judging that failed every attempt; the message stays stored and "received". */
  onGiveUp?: (receiptId: string, error: Error) => void;
  /** Pause before the next attempt, per attempt (default 0.2 s, 1 s, 5 s). */
  retryDelaysMs?: number[];
}

export async function startSmtpSink(deps: Deps, port: number, options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const retryDelays = options.retryDelaysMs ?? [200, 1000, 5000];
  const waiting: (InboundInput & { storedAt: string })[] = [];
  let judging: Promise<void> | undefined;
  let stopped = false;

  const judge = async (input: InboundInput & { storedAt: string }) => {
    for (let attempt = 0; ; attempt++) {
      try {
        // Judged first: `onResult?.(await …)` would skip the judging when nobody listens.
        const result = await processInbound(deps, input);
        options.onResult?.(result);
        return;
      } catch (e) {
        const delay = retryDelays[attempt];
        if (delay === undefined || stopped) {
          options.onGiveUp?.(input.receiptId, e as Error);
          return;
        }
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  };
  const drain = async () => {
    for (let next = waiting.shift(); next; next = waiting.shift()) await judge(next);
    judging = undefined;
  };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    size: 11 * 1024 * 1024,
    logger: false,
    banner: "klyngeflow local inbound",
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
        acceptInbound(deps, { raw, receiptId: `smtp-${receiptIdFor(raw)}`, receivedAt: deps.clock.now(), channel: "smtp", envelopeTo }).then(
          (accepted) => {
            callback();
            waiting.push(accepted);
            judging ??= drain();
          },
          (e: Error) => callback(Object.assign(new Error(`451 could not store the message: ${e.message}`), { responseCode: 451 })),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    async idle() {
      while (judging) await judging;
    },
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // What was accepted is judged before the store goes away; retries are cut short.
      stopped = true;
      while (judging) await judging;
    },
  };
}
