import { toCanvas } from 'qrcode';
import { type SignInStep, answerWithCode, describeAuthError } from './auth';
import { el, form, messageArea, requireValue, totpField } from './dom';

/**
 * The authenticator set-up step of a sign-in (Cognito's MFA_SETUP): a QR code of the otpauth:// URI,
 * the secret as text for typing in by hand, and the first code, which Amplify verifies with Cognito
 * (VerifySoftwareToken, then RespondToAuthChallenge MFA_SETUP) on the web client.
 */
export function totpSetup(username: string, step: Extract<SignInStep, { kind: 'totp-setup' }>, onNext: (next: SignInStep) => void): HTMLElement {
  const canvas = el('canvas', { className: 'qr', attrs: { role: 'img', 'aria-label': 'QR code to scan with your authenticator app' } });
  void toCanvas(canvas, step.otpauthUri, { errorCorrectionLevel: 'M', margin: 2, width: 224 });
  // Groups of four, as authenticator apps display keys; spaces are ignored when typed in.
  const secret = el('code', { className: 'secret', attrs: { 'data-secret': step.secret } }, step.secret.replace(/(.{4})(?=.)/g, '$1 '));
  const code = totpField('Code shown by the app');
  const message = messageArea();
  const submit = form('Confirm the authenticator app', 'Confirm', [code.wrapper, message.element], async () => {
    message.clear();
    const value = requireValue(code.input, code.setError, 'Enter the 6-digit code shown by your authenticator app.');
    if (!value) return code.input.focus();
    try {
      onNext(await answerWithCode(username, value));
    } catch (error) {
      message.error(describeAuthError(error, 'code'));
      code.input.select();
      code.input.focus();
    }
  });
  return el(
    'div',
    { className: 'totp-setup' },
    el(
      'ol',
      { className: 'steps' },
      el('li', {}, 'Open an authenticator app on your phone (for example Google Authenticator, Microsoft Authenticator or 1Password).'),
      el('li', {}, 'Add an account and scan this QR code:'),
    ),
    canvas,
    el('p', {}, "Can't scan it? Enter this key in the app instead: ", secret),
    el('ol', { className: 'steps', start: 3 }, el('li', {}, 'Enter the 6-digit code the app now shows.')),
    submit,
  );
}
