import { WEB_PAGES } from '../../pages';
import { callApi, describeError } from '../api';
import { el, field, form, messageArea, show } from '../dom';
import type { PageContext } from '../page';

/** What every request is told, whether or not the details matched (the API answers the same 202 for all). */
const NEUTRAL = 'If the details match an account, a recovery link has been emailed to it. The link expires in 15 minutes and works once.';

/** Lost authenticator: password and one professional license prove who the user is; the link goes to their mailbox. */
export function recoveryRequestPage({ main, config }: PageContext): void {
  const email = field({ label: 'Email', name: 'username', type: 'email', autocomplete: 'username' });
  const password = field({ label: 'Password', name: 'password', type: 'password', autocomplete: 'current-password' });
  const jurisdiction = field({ label: 'License state', name: 'jurisdiction', autocomplete: 'off', hint: 'Two letters, for example CA.', maxLength: 2 });
  const licenseType = field({ label: 'License type', name: 'licenseType', autocomplete: 'off', hint: 'For example RN or MD.', maxLength: 32 });
  const licenseNumber = field({ label: 'License number', name: 'licenseNumber', autocomplete: 'off', maxLength: 40 });
  const dateOfBirth = field({ label: 'Date of birth', name: 'dateOfBirth', type: 'date', autocomplete: 'bday' });
  const fields = { username: email, password, jurisdiction, licenseType, licenseNumber, dateOfBirth };
  const message = messageArea();

  const submit = form(
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

  show(
    main,
    'Lost your authenticator app?',
    el(
      'p',
      {},
      'Prove it is you with your password and one of your professional licenses. We email a link to reset your sign-in; after it, you set up a new authenticator app.',
    ),
    submit,
    el('p', {}, el('a', { href: WEB_PAGES.signIn }, 'Back to sign in')),
  );
}
