import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { EmailMessage, Mailer } from '../../ports/mailer';
import { toDependencyError } from '../aws-errors';

/** `Mailer` over Amazon SES v2 `SendEmail`, always from one configured (verified) sender address. */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly senderEmail: string,
  ) {}

  async send(message: EmailMessage): Promise<void> {
    try {
      await this.client.send(
        new SendEmailCommand({
          FromEmailAddress: this.senderEmail,
          Destination: { ToAddresses: [message.to] },
          Content: {
            Simple: {
              Subject: { Data: message.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: message.text, Charset: 'UTF-8' }, Html: { Data: message.html, Charset: 'UTF-8' } },
            },
          },
        }),
      );
    } catch (error) {
      throw toDependencyError('ses', error);
    }
  }
}
