import type { EmailMessage } from '../ports/mailer';

/** The email telling a user an admin reset their authenticator (the invitation with the temporary password follows separately). */
export function mfaResetNotice(to: string): EmailMessage {
  const subject = 'An administrator reset your sign-in security (MFA)';
  const lines = [
    'An administrator has reset the authenticator app (MFA) of your account and signed you out everywhere.',
    'You will receive a separate email with a temporary password: sign in with it, choose a new password and set up your authenticator app again.',
    'If you did not ask for this, contact your administrator.',
  ];
  return { to, subject, text: ['Hello,', '', ...lines].join('\n'), html: `<p>Hello,</p>${lines.map((line) => `<p>${line}</p>`).join('')}` };
}
