import { WEB_PAGES } from '../../pages';
import { describeResetError, sendPasswordResetCode, setPasswordWithCode } from '../auth';
import { el, field, form, messageArea, requireValue, show } from '../dom';
import type { PageContext } from '../page';
import { newPasswordFields } from '../password-rules';
import { COOLING_OFF_NOTICE } from '../recovery-words';

/** Forgot password: Cognito emails a code; the code and a new password set it. The authenticator app stays as it is. */
export function forgotPasswordPage({ main }: PageContext): void {
  const email = field({ label: 'Email', name: 'email', type: 'email', autocomplete: 'username' });
  const message = messageArea();
  const submit = form('Ask for a reset code', 'Email me a code', [email.wrapper, message.element], async () => {
    message.clear();
    const username = requireValue(email.input, email.setError, 'Enter the email address of your account.');
    if (!username) return email.input.focus();
    try {
      await sendPasswordResetCode(username);
      codeStep(main, username);
    } catch (error) {
      message.error(describeResetError(error));
      email.input.focus();
    }
  });
  show(
    main,
    'Forgot your password?',
    el('p', {}, 'We email you a code. With it you choose a new password; your authenticator app stays as it is.'),
    el('p', { className: 'notice' }, COOLING_OFF_NOTICE),
    submit,
    el('p', {}, el('a', { href: WEB_PAGES.signIn }, 'Back to sign in')),
  );
}

function codeStep(main: HTMLElement, username: string): void {
  const code = field({
    label: 'Code from the email',
    name: 'code',
    autocomplete: 'one-time-code',
    inputMode: 'numeric',
    pattern: '[0-9]{6}',
    maxLength: 6,
    hint: '6 digits.',
  });
  const password = newPasswordFields();
  const message = messageArea();
  const submit = form('Choose a new password', 'Set new password', [code.wrapper, ...password.elements, message.element], async () => {
    message.clear();
    const value = requireValue(code.input, code.setError, 'Enter the 6-digit code from the email.');
    const passwordOk = password.check();
    if (!value) return code.input.focus();
    if (!passwordOk) return (password.chosen.input.getAttribute('aria-invalid') === 'true' ? password.chosen : password.repeated).input.focus();
    try {
      await setPasswordWithCode(username, value, password.chosen.input.value);
      show(
        main,
        'Password changed',
        el('p', { attrs: { role: 'status' } }, 'Your new password is set. Sign in with it and the code from your authenticator app.'),
        el('p', { className: 'notice' }, COOLING_OFF_NOTICE),
        el('p', {}, el('a', { href: WEB_PAGES.signIn }, 'Sign in')),
      );
    } catch (error) {
      message.error(describeResetError(error));
      message.element.focus();
    }
  });
  const resend = el('button', { type: 'button', className: 'secondary' }, 'Email me a new code');
  resend.addEventListener('click', () => {
    message.clear();
    sendPasswordResetCode(username).then(
      () => message.info('A new code is on its way. Use the code from the latest email.'),
      (error: unknown) => message.error(describeResetError(error)),
    );
  });
  show(
    main,
    'Enter the code and a new password',
    el('p', { attrs: { role: 'status' } }, `If ${username} belongs to an account, a code has been emailed to it. It works once and for a short time.`),
    submit,
    el('p', {}, resend),
    el('p', {}, el('a', { href: WEB_PAGES.signIn }, 'Back to sign in')),
  );
}
