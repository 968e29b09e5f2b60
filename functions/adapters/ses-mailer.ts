/**
 * Sending raw MIME with SES SendRawEmail (AWS). Its own module so that a Lambda loads the SES client only
 * when it first sends (functions/aws-deps.ts).
 */
import { SendRawEmailCommand, SESClient } from "@aws-sdk/client-ses";
import type { Mailer, OutgoingMail } from "./mailer.ts";

export class SesMailer implements Mailer {
  private readonly client: SESClient;
  constructor(private readonly options: { region?: string; configurationSet?: string }) {
    this.client = new SESClient({ region: options.region ?? process.env.AWS_REGION });
  }
  async send(mail: OutgoingMail): Promise<{ providerMessageId: string }> {
    const out = await this.client.send(new SendRawEmailCommand({
      Source: mail.from,
      Destinations: mail.to,
      RawMessage: { Data: mail.raw },
      ...(this.options.configurationSet ? { ConfigurationSetName: this.options.configurationSet } : {}),
    }));
    return { providerMessageId: out.MessageId ?? "" };
  }
}
