import { WEB_PAGES, type WebAppConfig } from '../../pages';
import { callApi, describeError } from '../api';
import { showFieldErrors } from '../console-context';
import { el, field, form, messageArea, requireValue, show } from '../dom';
import type { PageContext } from '../page';
import { RECOVERY_CODE_ERROR_WORDS, looksLikeRecoveryCode } from '../recovery-words';

/** What every request is told, whether or not the details matched (the API answers the same 202 for all). */
const NEUTRAL = 'If the details match an account, a recovery link has been emailed to it. The link expires in 15 minutes and works once.';

/**
 * Lost authenticator: a saved recovery code resets it at once; without one, the password and one
 * professional license prove who the user is and the link goes to their mailbox.
 */
export function mfaRecoveryPage({ main, config }: PageContext): void {
  show(
    main,
    'Lost your authenticator app?',
    el('p', {}, 'Reset it with your password and one of your recovery codes, or, without a code, one of your professional licenses.'),
    el(
      'section',
      { attrs: { 'aria-labelledby': 'code-heading' } },
      el('h2', { id: 'code-heading' }, 'Use a recovery code'),
      el('p', {}, 'One of the codes you saved when you set up your authenticator app. It resets your sign-in at once; your password stays.'),
      mfaRecoveryCodeForm(main, config),
    ),
    el(
      'section',
      { attrs: { 'aria-labelledby': 'license-heading' } },
      el('h2', { id: 'license-heading' }, 'No recovery code? Use a professional license'),
      el('p', {}, 'We email a link to reset your sign-in; after it, you choose a password again and set up a new authenticator app.'),
      mfaRecoveryRequestForm(main, config),
    ),
    el('p', {}, el('a', { href: WEB_PAGES.signIn }, 'Back to sign in')),
  );
}

/** Email, password and one recovery code: POST /mfa-recovery/code resets the authenticator app; every refusal is one answer. */
function mfaRecoveryCodeForm(main: HTMLElement, config: WebAppConfig): HTMLFormElement {
  const email = field({ label: 'Email', name: 'username', type: 'email', autocomplete: 'username' });
  const password = field({ label: 'Password', name: 'password', type: 'password', autocomplete: 'current-password' });
  const code = field({
    label: 'Recovery code',
    name: 'recoveryCode',
    autocomplete: 'off',
    hint: '12 letters and digits, for example 7KQM-3XRT-PZ9C. Dashes, spaces and small letters do not matter.',
    maxLength: 40,
  });
  code.input.setAttribute('autocapitalize', 'characters');
  code.input.spellcheck = false;
  const message = messageArea();

  return form('Use a recovery code', 'Reset with this code', [email.wrapper, password.wrapper, code.wrapper, message.element], async () => {
    message.clear();
    const username = requireValue(email.input, email.setError, 'Enter the email address of your account.');
    password.setError(password.input.value ? undefined : 'Enter your password.');
    const recoveryCode = code.input.value.trim();
    code.setError(looksLikeRecoveryCode(recoveryCode) ? undefined : 'Enter one of your codes: 12 letters and digits, for example 7KQM-3XRT-PZ9C.');
    const invalid = [email, password, code].find((item) => item.input.getAttribute('aria-invalid') === 'true');
    if (!username || invalid) return (invalid ?? email).input.focus();
    message.info('Checking your details. This takes a few seconds.');
    const result = await callApi(config, 'POST', '/mfa-recovery/code', { username, password: password.input.value, recoveryCode });
    if (result.ok) {
      show(
        main,
        'Your authenticator app is reset',
        el('p', { attrs: { role: 'status' } }, result.body.message),
        el(
          'p',
          {},
          'Next: sign in with your email and password and set up your new authenticator app. Then you get new recovery codes: the codes you have left stop working.',
        ),
        el('p', {}, el('a', { href: WEB_PAGES.signIn }, 'Sign in')),
      );
      return;
    }
    showFieldErrors(result, { username: email.setError, password: password.setError, recoveryCode: code.setError });
    message.error(describeError(result, RECOVERY_CODE_ERROR_WORDS));
    message.element.focus();
  });
}

/** Password and one professional license: POST /mfa-recovery/request emails a recovery link (the same answer whatever happened). */
function mfaRecoveryRequestForm(main: HTMLElement, config: WebAppConfig): HTMLFormElement {
  const email = field({ label: 'Email', name: 'username', type: 'email', autocomplete: 'username' });
  const password = field({ label: 'Password', name: 'password', type: 'password', autocomplete: 'current-password' });
  const jurisdiction = field({ label: 'License state', name: 'jurisdiction', autocomplete: 'off', hint: 'Two letters, for example CA.', maxLength: 2 });
  const licenseType = field({ label: 'License type', name: 'licenseType', autocomplete: 'off', hint: 'For example RN or MD.', maxLength: 32 });
  const licenseNumber = field({ label: 'License number', name: 'licenseNumber', autocomplete: 'off', maxLength: 40 });
  const dateOfBirth = field({ label: 'Date of birth', name: 'dateOfBirth', type: 'date', autocomplete: 'bday' });
  const fields = { username: email, password, jurisdiction, licenseType, licenseNumber, dateOfBirth };
  const message = messageArea();

  return form(
    'Ask for a recovery link',
    'Email me a recovery link',
    [
      email.wrapper,
      password.wrapper,
      el(
        'fieldset',
        {},
        el('legend', {}, 'One of your professional licenses'),
        jurisdiction.wrapper,
        licenseType.wrapper,
        licenseNumber.wrapper,
        dateOfBirth.wrapper,
      ),
      message.element,
    ],
    async () => {
      message.clear();
      const empty = Object.values(fields).filter((item) => {
        item.setError(item.input.value.trim() ? undefined : 'This field is required.');
        return !item.input.value.trim();
      });
      if (empty.length) return empty[0].input.focus();
      message.info('Checking your details. This takes a few seconds.');
      const value = (item: { input: HTMLInputElement }) => item.input.value.trim();
      const result = await callApi(config, 'POST', '/mfa-recovery/request', {
        username: value(email),
        password: password.input.value,
        license: { jurisdiction: value(jurisdiction), licenseType: value(licenseType), licenseNumber: value(licenseNumber), dateOfBirth: value(dateOfBirth) },
      });
      if (result.ok) {
        show(
          main,
          'Check your email',
          el('p', { attrs: { role: 'status' } }, NEUTRAL),
          el('p', {}, 'Open the link on this device or another one, then follow the steps on the page it opens.'),
        );
        return;
      }
      // Only the body's shape (never the account) can make the request fail: say which fields.
      for (const detail of result.details) {
        const name = detail.field.replace(/^license\./, '') as keyof typeof fields;
        fields[name]?.setError(`This ${detail.message}.`);
      }
      message.error(describeError(result));
    },
  );
}
