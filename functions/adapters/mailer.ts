/**
 * Sending raw MIME: to an outbox folder of .eml files (local), to an SMTP server (a local sink, or a
 * relay), or with SES SendRawEmail (AWS, ses-mailer.ts). The message is built once (mail/mailing.ts); a mailer only
 * delivers the bytes it is given.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createHash } from "node:crypto";
import nodemailer, { type Transporter } from "nodemailer";
import type { Clock } from "./clock.ts";

export interface OutgoingMail {
  from: string;
  to: string[];
  messageId: string;
  raw: Buffer;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ providerMessageId: string }>;
  /**
   * Whether the provider already holds this message: asked only for an email claimed but never confirmed
   * (a crash between the provider accepting it and our record), so that it is not sent a second time.
   * Providers that cannot be asked (SES, an SMTP relay) leave it out; such an email is resent with the same
   * Message-ID and the resend is reported.
   */
  accepted?(messageId: string): Promise<boolean>;
}

/** Writes each message as an .eml file: what a member would receive, byte for byte. */
export class OutboxMailer implements Mailer {
  constructor(readonly dir: string, private readonly clock: Clock) {
    mkdirSync(dir, { recursive: true });
  }
  async send(mail: OutgoingMail): Promise<{ providerMessageId: string }> {
    const stamp = this.clock.now().replace(/[-:]/g, "").replace(/\+.*|Z$/, "");
    const id = createHash("sha256").update(mail.messageId).digest("hex").slice(0, 12);
    let n = 0;
    let file = join(this.dir, `${stamp}-${id}.eml`);
    // A resend of the same message is kept as a second file, so duplicates are visible, never hidden.
    while (existsSync(file)) file = join(this.dir, `${stamp}-${id}-${++n}.eml`);
    writeFileSync(file, mail.raw);
    return { providerMessageId: file };
  }
  async accepted(messageId: string): Promise<boolean> {
    const id = createHash("sha256").update(messageId).digest("hex").slice(0, 12);
    return readdirSync(this.dir).some((f) => f.endsWith(`-${id}.eml`));
  }
}

export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;
  constructor(options: { host: string; port: number; secure?: boolean }) {
    this.transport = nodemailer.createTransport({ host: options.host, port: options.port, secure: options.secure ?? false, ignoreTLS: !options.secure });
  }
  async send(mail: OutgoingMail): Promise<{ providerMessageId: string }> {
    const info = await this.transport.sendMail({ envelope: { from: mail.from, to: mail.to }, raw: mail.raw });
    return { providerMessageId: String(info.messageId ?? mail.messageId) };
  }
}

/** Delivers to several mailers (the outbox and, when configured, an SMTP sink). */
export function fanOut(...mailers: Mailer[]): Mailer {
  const first = mailers[0];
  return {
    ...(first?.accepted ? { accepted: (messageId: string) => first.accepted?.(messageId) ?? Promise.resolve(false) } : {}),
    async send(mail) {
      const results = [];
      for (const m of mailers) results.push(await m.send(mail));
      return results[0] ?? { providerMessageId: "" };
    },
  };
}
