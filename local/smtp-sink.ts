/**
 * The local inbound mail server: SMTP on a loopback port, feeding each message to the same processInbound
 * the SES Lambda uses. Keyed by a hash of the bytes, so a client resending the same message after a
 * timeout is processed once.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { processInbound, receiptIdFor, type InboundResult } from "#functions/services/inbound";
import type { Deps } from "#functions/services/deps";

export interface SmtpSink {
  port: number;
  stop(): Promise<void>;
}

export async function startSmtpSink(deps: Deps, port: number, onResult?: (r: InboundResult) => void): Promise<SmtpSink> {
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
        processInbound(deps, { raw, receiptId: `smtp-${receiptIdFor(raw)}`, receivedAt: deps.clock.now(), channel: "smtp", envelopeTo }).then(
          (r) => { onResult?.(r); callback(); },
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
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
