import { PASSWORD_POLICY } from '../../../lib/user-pool-settings';
import { WEB_PAGES } from '../../pages';
import { callApi, describeError } from '../api';
import { describeAuthError, startSignIn } from '../auth';
import { el, field, form, messageArea, requireValue, show } from '../dom';
import type { PageContext } from '../page';
import { next } from './sign-in';

/** The pool's password rules, each with a check the page runs as the user types (Cognito checks them again). */
const PASSWORD_RULES: readonly { text: string; test: (password: string) => boolean }[] = [
  { text: `at least ${PASSWORD_POLICY.minLength} characters`, test: (p) => p.length >= PASSWORD_POLICY.minLength },
  ...(PASSWORD_POLICY.requireLowercase ? [{ text: 'a lower-case letter', test: (p: string) => /[a-z]/.test(p) }] : []),
  ...(PASSWORD_POLICY.requireUppercase ? [{ text: 'an upper-case letter', test: (p: string) => /[A-Z]/.test(p) }] : []),
  ...(PASSWORD_POLICY.requireDigits ? [{ text: 'a digit', test: (p: string) => /\d/.test(p) }] : []),
  ...(PASSWORD_POLICY.requireSymbols ? [{ text: 'a symbol such as ! ? # or -', test: (p: string) => /[^A-Za-z0-9\s]/.test(p) }] : []),
];

/**
 * First sign-in: the temporary password from the invitation becomes the user's own
 * (POST /auth/new-password), then an SRP sign-in on the web client with the new password, which
 * Cognito answers with MFA_SETUP: the QR code, the first code, signed in.
 */
export function firstSignInPage({ main, config }: PageContext): void {
  const email = field({ label: 'Email', name: 'email', type: 'email', autocomplete: 'username' });
  const temporary = field({ label: 'Temporary password', name: 'temporaryPassword', type: 'password', autocomplete: 'one-time-code', hint: 'From your invitation email.' });
  const rules = PASSWORD_RULES.map((rule) => ({ rule, item: el('li', {}, rule.text) }));
  const rulesList = el('ul', { className: 'rules', id: 'password-rules' }, ...rules.map(({ item }) => item));
  const chosen = field({ label: 'New password', name: 'newPassword', type: 'password', autocomplete: 'new-password' });
  chosen.input.setAttribute('aria-describedby', `password-rules ${chosen.input.getAttribute('aria-describedby') ?? ''}`.trim());
  const repeated = field({ label: 'New password again', name: 'repeatPassword', type: 'password', autocomplete: 'new-password' });
  chosen.input.addEventListener('input', () => {
    for (const { rule, item } of rules) item.classList.toggle('met', rule.test(chosen.input.value));
  });
  const message = messageArea();

  const submit = form('Choose your password', 'Set password', [email.wrapper, temporary.wrapper, el('p', { className: 'hint' }, 'Your new password needs:'), rulesList, chosen.wrapper, repeated.wrapper, message.element], async () => {
    message.clear();
    const username = requireValue(email.input, email.setError, 'Enter the email address the invitation was sent to.');
    const temporaryPassword = temporary.input.value;
    const newPassword = chosen.input.value;
    temporary.setError(temporaryPassword ? undefined : 'Enter the temporary password from the invitation email.');
    const unmet = PASSWORD_RULES.filter((rule) => !rule.test(newPassword)).map((rule) => rule.text);
    chosen.setError(unmet.length ? `The new password still needs ${unmet.join(', ')}.` : undefined);
    repeated.setError(repeated.input.value === newPassword ? undefined : 'The two new passwords are not the same.');
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
      next(main, username, await startSignIn(username, newPassword));
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
