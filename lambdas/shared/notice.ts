import type { EmailMessage, Mailer } from '../ports/mailer';
import type { AppLogger } from './logger';

/** What an operator needs when a notice was not sent: the alert name, whose account, and what to do. */
export interface UnsentNoticeAlert {
  readonly alert: string;
  readonly userId: string;
  readonly repair: string;
}

/**
 * Sends a security notice after a factor reset or recovery (NIST SP 800-63B-4 4.2.3). It reports
 * what is already done, so a failure never fails the request: it is logged as an operator alert.
 */
export async function sendNotice(
  deps: { readonly mailer: Mailer; readonly logger: AppLogger },
  message: EmailMessage,
  unsent: UnsentNoticeAlert,
): Promise<void> {
  try {
    await deps.mailer.send(message);
  } catch (error) {
    deps.logger.error('security notice not sent', { ...unsent, error: error as Error });
  }
}
