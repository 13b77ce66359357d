import type { EmailMessage } from '../ports/mailer';
import { RECOVERY_TOKEN_LIFETIME_MS } from './recovery-token';

const LIFETIME_MINUTES = RECOVERY_TOKEN_LIFETIME_MS / 60_000;

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string);

/** The email carrying a recovery link. */
export function recoveryEmail(to: string, link: string): EmailMessage {
  const subject = 'Reset your sign-in security (MFA)';
  const text = [
    'Hello,',
    '',
    'We received a request to reset the multi-factor authentication (MFA) of your account.',
    `Open this link to continue. It expires in ${LIFETIME_MINUTES} minutes and works once:`,
    '',
    link,
    '',
    'After you confirm, you will receive an email with a temporary password. Sign in with it, choose a',
    'new password and set up your authenticator app again.',
    '',
    'If you did not ask for this, ignore this email: nothing changes unless the link is opened.',
  ].join('\n');
  const href = escapeHtml(link);
  const html =
    '<p>Hello,</p>' +
    '<p>We received a request to reset the multi-factor authentication (MFA) of your account.</p>' +
    `<p><a href="${href}">Reset my MFA</a></p>` +
    `<p>This link expires in ${LIFETIME_MINUTES} minutes and works once. After you confirm, you will receive an email ` +
    'with a temporary password: sign in with it, choose a new password and set up your authenticator app again.</p>' +
    '<p>If you did not ask for this, ignore this email: nothing changes unless the link is opened.</p>';
  return { to, subject, text, html };
}
