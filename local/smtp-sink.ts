/**
 * The local inbound mail server: SMTP on a loopback port, standing in for SES. As SES does, it answers 250
 * once the message is stored (acceptInbound: the bytes and a "received" record); the message is judged
 * afterwards, on the local judging queue, by the same processInbound the SES Lambda runs. Keyed by a hash of
 * the bytes, so a client resending the same message after a timeout is processed once.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { arrivalOf } from "#adapters/clock";
import { acceptInbound, processInbound, receiptIdFor, type InboundResult } from "#functions/answers/email-replies";
import type { Deps } from "#functions/deps";
import { JudgingQueue, type JudgingQueueOptions } from "./judging-queue.ts";

/** The largest message accepted (advertised as SIZE): a reply with a big attachment, not a flood. */
export const MAX_MESSAGE_BYTES = 11 * 1024 * 1024;

export interface SmtpSink {
  port: number;
  /** Resolves when every message accepted so far has been judged (or given up on, for the sweeper). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export interface SmtpSinkOptions extends JudgingQueueOptions {
  onResult?: (r: InboundResult) => void;
  /** Judge on this queue (the local stack shares one with the member pages); by default the sink's own. */
  queue?: JudgingQueue;
}

export async function startSmtpSink(deps: Deps, port: number, options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const queue = options.queue ?? new JudgingQueue(options);
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    banner: "klyngeflow lokal indbakke",
    onData(stream, session, callback) {
      // SES takes messages up to 40 MB but its receipt rule's S3 action and our reading stop well before;
      // past the advertised SIZE nothing more is kept in memory, and the message is refused with 552.
      const chunks: Buffer[] = [];
      let bytes = 0;
      stream.on("data", (c: Buffer) => {
        bytes += c.length;
        if (bytes <= MAX_MESSAGE_BYTES) chunks.push(c);
      });
      stream.on("end", () => {
        if (bytes > MAX_MESSAGE_BYTES || (stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          chunks.length = 0;
          callback(Object.assign(new Error(`e-mailen er større end de ${MAX_MESSAGE_BYTES} bytes, der modtages; send svaret uden store vedhæftninger`), { responseCode: 552 }));
          return;
        }
        const raw = Buffer.concat(chunks);
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
        acceptInbound(deps, { raw, receiptId: `smtp-${receiptIdFor(raw)}`, receivedAt: arrivalOf(deps.clock), channel: "smtp", envelopeTo }).then(
          (accepted) => {
            callback();
            queue.push(accepted.receiptId, async () => {
              const result = await processInbound(deps, accepted);
              options.onResult?.(result);
            });
          },
          (e: Error) => callback(Object.assign(new Error(`e-mailen kunne ikke gemmes; prøv igen senere (${e.name})`), { responseCode: 451 })),
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
    idle: () => queue.idle(),
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // What was accepted is judged before the store goes away; retries are cut short.
      await queue.stop();
    },
  };
}
