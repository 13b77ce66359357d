import { WEB_PAGES } from '../../pages';
import { callApi, describeError } from '../api';
import { currentUser, signOutHere } from '../auth';
import { el, field, form, messageArea, requireValue, show } from '../dom';
import type { PageContext } from '../page';

/** The admins console: create a new admin, re-send an invitation. */
export async function consolePage({ main, config }: PageContext): Promise<void> {
  const user = await currentUser();
  if (!user) {
    show(main, 'Admins', el('p', {}, 'You are not signed in.'), el('p', {}, el('a', { href: WEB_PAGES.signIn }, 'Sign in')));
    return;
  }
  const signOut = el('button', { type: 'button', className: 'secondary' }, 'Sign out');
  signOut.addEventListener('click', () => void signOutHere().then(() => window.location.assign(WEB_PAGES.signIn)));
  const account = el('p', { className: 'account' }, `Signed in as ${user.email}. `, signOut);
  if (!user.isAdmin) {
    show(main, 'Signed in', account, el('p', {}, 'Your account is ready. This console is for admins only.'));
    return;
  }

  /** The admin's token, or the sign-in page when the session has ended (ID tokens last an hour). */
  const idToken = async () => (await currentUser())?.idToken ?? user.idToken;

  const createEmail = field({ label: 'Email of the new admin', name: 'email', type: 'email', autocomplete: 'off' });
  const created = messageArea();
  const create = form('Create new admin', 'Create new admin', [createEmail.wrapper, created.element], async () => {
    created.clear();
    const email = requireValue(createEmail.input, createEmail.setError, 'Enter a valid email address.');
    if (!email) return createEmail.input.focus();
    const result = await callApi(config, 'POST', '/admins', { email }, await idToken());
    if (result.ok) {
      created.info(`Invitation sent to ${result.body.email}. They sign in with the temporary password in that email.`);
      createEmail.input.value = '';
    } else {
      created.error(describeError(result, { USER_ALREADY_EXISTS: 'An account with this email already exists.' }));
    }
  });

  const resendEmail = field({ label: 'Email of the invited admin', name: 'email', type: 'email', autocomplete: 'off' });
  const resent = messageArea();
  const resend = form('Resend invite', 'Resend invite', [resendEmail.wrapper, resent.element], async () => {
    resent.clear();
    const email = requireValue(resendEmail.input, resendEmail.setError, 'Enter a valid email address.');
    if (!email) return resendEmail.input.focus();
    const result = await callApi(config, 'POST', '/admins/resend-invite', { email }, await idToken());
    if (result.ok) resent.info(`A new invitation is on its way to ${result.body.email}; the previous temporary password no longer works.`);
    else {
      resent.error(
        describeError(result, {
          USER_NOT_FOUND: 'Nobody has been invited with this email.',
          INVALID_USER_STATE: 'This person has already chosen a password: there is no pending invitation to re-send.',
        }),
      );
    }
  });

  show(
    main,
    'Admins',
    account,
    el('section', { attrs: { 'aria-labelledby': 'create-heading' } }, el('h2', { id: 'create-heading' }, 'Create new admin'),
      el('p', {}, 'They get an email with a temporary password, then choose their own password and set up an authenticator app.'), create),
    el('section', { attrs: { 'aria-labelledby': 'resend-heading' } }, el('h2', { id: 'resend-heading' }, 'Resend invite'),
      el('p', {}, 'For an invitation that never arrived or whose temporary password expired (after 3 days).'), resend),
  );
}
