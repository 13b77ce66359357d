import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesMailer } from '../adapters/ses/ses-mailer';
import { requireEmailEnv } from '../shared/config';
import { SDK_CLIENT_OPTIONS } from './sdk-options';

/** The SES v2 mailer sending from SENDER_EMAIL. Call once at module scope. */
export function mailerFromEnv(): SesMailer {
  return new SesMailer(new SESv2Client(SDK_CLIENT_OPTIONS), requireEmailEnv('SENDER_EMAIL'));
}
