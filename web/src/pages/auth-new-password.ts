import { WEB_PAGES } from '../../pages';
import { callApi, describeError } from '../api';
import { describeAuthError, startSignIn } from '../auth';
import { el, field, form, messageArea, requireValue, show } from '../dom';
import type { PageContext } from '../page';
import { newPasswordFields } from '../password-rules';
import { next } from './sign-in';

/**
 * First sign-in: the temporary password from the invitation becomes the user's own
 * (POST /auth/new-password), then an SRP sign-in on the web client with the new password, which
 * Cognito answers with MFA_SETUP: the QR code, the first code, signed in.
 */
export function authNewPasswordPage(page: PageContext): void {
  const { main, config } = page;
  const email = field({ label: 'Email', name: 'email', type: 'email', autocomplete: 'username' });
  const temporary = field({
    label: 'Temporary password',
    name: 'temporaryPassword',
    type: 'password',
    autocomplete: 'one-time-code',
    hint: 'From your invitation email.',
  });
  const password = newPasswordFields();
  const { chosen, repeated } = password;
  const message = messageArea();

  const submit = form('Choose your password', 'Set password', [email.wrapper, temporary.wrapper, ...password.elements, message.element], async () => {
    message.clear();
    const username = requireValue(email.input, email.setError, 'Enter the email address the invitation was sent to.');
    const temporaryPassword = temporary.input.value;
    const newPassword = chosen.input.value;
    temporary.setError(temporaryPassword ? undefined : 'Enter the temporary password from the invitation email.');
    password.check();
    const invalid = [email, temporary, chosen, repeated].find((item) => item.input.getAttribute('aria-invalid') === 'true');
    if (!username || invalid) return (invalid ?? email).input.focus();

    const result = await callApi(config, 'POST', '/auth/new-password', { username, temporaryPassword, newPassword });
    if (!result.ok) {
      message.error(
        describeError(result, {
          INVALID_USER_STATE: 'This account already has its own password. Sign in with it instead.',
          INVALID_PASSWORD: 'Cognito refused the new password: it does not meet the password rules. Choose another one.',
        }),
      );
      return;
    }
    // The backend's MFA_SETUP session belongs to its own app client; the browser signs in afresh on the
    // web client with the password just set and gets its own MFA_SETUP challenge.
    try {
      next(page, username, await startSignIn(username, newPassword));
    } catch (error) {
      message.error(`Your password is set, but signing in failed: ${describeAuthError(error, 'password')}`);
    }
  });

  show(
    main,
    'First sign-in',
    el('p', {}, 'Use the temporary password from your invitation email to choose your own password. Then you set up an authenticator app.'),
    submit,
    el('p', {}, el('a', { href: WEB_PAGES.signIn }, 'Already set up? Sign in')),
  );
}
