import { WEB_PAGES } from '../../pages';
import { type SignInStep, answerWithCode, describeAuthError, startSignIn } from '../auth';
import { el, field, form, messageArea, requireValue, show, totpField } from '../dom';
import type { PageContext } from '../page';
import { codesAfterSetup } from '../recovery-codes';
import { totpSetup } from '../totp-setup';

/** Sign in: email and password (SRP), then the authenticator code, or the authenticator set-up when the account has none. */
export function signInPage(page: PageContext): void {
  const { main } = page;
  const email = field({ label: 'Email', name: 'email', type: 'email', autocomplete: 'username' });
  const password = field({ label: 'Password', name: 'password', type: 'password', autocomplete: 'current-password' });
  const message = messageArea();
  const submit = form('Sign in', 'Sign in', [email.wrapper, password.wrapper, message.element], async () => {
    message.clear();
    const username = requireValue(email.input, email.setError, 'Enter the email address of your account.');
    const secret = password.input.value;
    password.setError(secret ? undefined : 'Enter your password.');
    if (!username) return email.input.focus();
    if (!secret) return password.input.focus();
    try {
      next(page, username, await startSignIn(username, secret));
    } catch (error) {
      message.error(describeAuthError(error, 'password'));
      password.input.focus();
    }
  });
  show(
    main,
    'Sign in',
    submit,
    el(
      'ul',
      { className: 'links' },
      el('li', {}, el('a', { href: WEB_PAGES.authNewPassword }, 'First time here, with a temporary password from an email? Set your password')),
      el('li', {}, el('a', { href: WEB_PAGES.forgotPassword }, 'Forgot your password?')),
      el('li', {}, el('a', { href: WEB_PAGES.mfaRecovery }, 'Lost your authenticator app?')),
    ),
  );
}

/** Shows what the sign-in needs next; a new authenticator app is followed by new recovery codes. */
export function next(page: PageContext, username: string, step: SignInStep): void {
  const { main } = page;
  switch (step.kind) {
    case 'done':
      window.location.assign(WEB_PAGES.console);
      return;
    case 'totp-code':
      codeStep(page, username);
      return;
    case 'totp-setup':
      show(
        main,
        'Set up your authenticator app',
        el('p', {}, 'Your account needs an authenticator app for signing in.'),
        totpSetup(username, step, (after) => (after.kind === 'done' ? void codesAfterSetup(page) : next(page, username, after))),
      );
      return;
    case 'new-password':
      show(
        main,
        'Choose your password',
        el('p', {}, 'This account still has the temporary password from its invitation email. Choose your own password first.'),
        el('p', {}, el('a', { href: WEB_PAGES.authNewPassword }, 'Set your password')),
      );
      return;
    case 'unsupported':
      show(
        main,
        'Sign-in not possible here',
        el('p', { attrs: { role: 'alert' } }, 'This account needs a sign-in step this app does not offer. Contact an admin.'),
      );
  }
}

function codeStep(page: PageContext, username: string): void {
  const { main } = page;
  const code = totpField();
  const message = messageArea();
  const submit = form('Enter your code', 'Verify', [code.wrapper, message.element], async () => {
    message.clear();
    const value = requireValue(code.input, code.setError, 'Enter the 6-digit code shown by your authenticator app.');
    if (!value) return code.input.focus();
    try {
      next(page, username, await answerWithCode(username, value));
    } catch (error) {
      message.error(describeAuthError(error, 'code'));
      code.input.select();
      code.input.focus();
    }
  });
  show(
    main,
    'Enter your code',
    el('p', {}, 'Open your authenticator app and enter the code it shows for this account.'),
    submit,
    el('p', {}, el('a', { href: WEB_PAGES.mfaRecovery }, 'Lost your authenticator app?')),
  );
}
