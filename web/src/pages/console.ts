import { WEB_PAGES } from '../../pages';
import { RESEND_WORDS, adminsList, resentMessage } from '../admins-list';
import { currentUser, signOutHere } from '../auth';
import { type ConsoleContext, consoleContext, describeAdminError } from '../console-context';
import { el, field, form, messageArea, requireValue, show } from '../dom';
import type { PageContext } from '../page';
import { recoveryCodesSection } from '../recovery-codes';
import { auditTrail, resetMfaForm } from '../user-actions';

/** Our user ids are UUIDs (lambdas/shared/schemas.ts); the API checks again. */
const USER_ID_PATTERN = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** The admins console: the admins and what can be done about them, new admins, and any user by their user ID. */
export async function consolePage({ main, config }: PageContext): Promise<void> {
  const user = await currentUser();
  if (!user) {
    show(main, 'Admins', el('p', {}, 'You are not signed in.'), el('p', {}, el('a', { href: WEB_PAGES.signIn }, 'Sign in')));
    return;
  }
  const signOut = el('button', { type: 'button', className: 'secondary' }, 'Sign out');
  signOut.addEventListener('click', () => void signOutHere().then(() => window.location.assign(WEB_PAGES.signIn)));
  const account = el('p', { className: 'account' }, `Signed in as ${user.email}. `, signOut);
  const context = consoleContext(config, user);
  const codes = recoveryCodesSection(main, context);
  // Before the page is shown: the section (at the top) then has its height, so nothing below it jumps.
  await codes.load();
  if (!user.isAdmin) {
    show(main, 'Signed in', account, el('p', {}, 'Your account is ready. The rest of this console is for admins only.'), codes.element);
    return;
  }

  const admins = adminsList(context);
  const section = (id: string, title: string, ...children: (HTMLElement | false)[]) =>
    el('section', { attrs: { 'aria-labelledby': id } }, el('h2', { id }, title), ...children);

  show(
    main,
    'Admins',
    account,
    codes.element,
    section(
      'admins-heading',
      'All admins',
      el('p', {}, 'Oldest first. Deactivating, reactivating and resetting MFA each ask you to confirm first.'),
      admins.element,
    ),
    section(
      'create-heading',
      'Create new admin',
      el('p', {}, 'They get an email with a temporary password, then choose their own password and set up an authenticator app.'),
      createForm(context, admins),
    ),
    section(
      'resend-heading',
      'Resend invite',
      el('p', {}, 'For an invitation that never arrived or whose temporary password expired (after 3 days).'),
      resendForm(context, admins),
    ),
    section(
      'user-heading',
      'Any user by user ID',
      el('p', {}, "For practitioners too: their user ID is on their record (admins' IDs are in the list above)."),
      ...byUserId(context, admins),
    ),
  );
  await admins.reload();
}

/** What an admin-email form shows its answer in. */
interface AdminEmailFormParts {
  readonly email: ReturnType<typeof field>;
  readonly message: ReturnType<typeof messageArea>;
}

/** A form that names an admin by email and posts it to an admin route; `done` shows a success. */
function adminEmailForm(
  context: ConsoleContext,
  spec: {
    readonly title: string;
    readonly label: string;
    readonly path: string;
    readonly errorWords: Record<string, string>;
    readonly done: (body: { email: string; userId: string }, parts: AdminEmailFormParts) => Promise<void>;
  },
): HTMLFormElement {
  const email = field({ label: spec.label, name: 'email', type: 'email', autocomplete: 'off' });
  const message = messageArea();
  return form(spec.title, spec.title, [email.wrapper, message.element], async () => {
    message.clear();
    const value = requireValue(email.input, email.setError, 'Enter a valid email address.');
    if (!value) return email.input.focus();
    const result = await context.call('POST', spec.path, { email: value });
    if (!result.ok) return message.error(describeAdminError(result, spec.errorWords));
    await spec.done(result.body, { email, message });
  });
}

function createForm(context: ConsoleContext, admins: ReturnType<typeof adminsList>): HTMLFormElement {
  return adminEmailForm(context, {
    title: 'Create new admin',
    label: 'Email of the new admin',
    path: '/admins',
    errorWords: { USER_ALREADY_EXISTS: 'An account with this email already exists.' },
    done: async (created, { email, message }) => {
      message.info(`Invitation sent to ${created.email}. They sign in with the temporary password in that email.`);
      email.input.value = '';
      await admins.reload(created.userId);
    },
  });
}

function resendForm(context: ConsoleContext, admins: ReturnType<typeof adminsList>): HTMLFormElement {
  return adminEmailForm(context, {
    title: 'Resend invite',
    label: 'Email of the invited admin',
    path: '/admins/resend-invite',
    errorWords: RESEND_WORDS,
    done: async (resent, { message }) => {
      message.info(resentMessage(resent.email));
      await admins.reload();
    },
  });
}

/** Reset MFA and the audit trail of any user, admin or practitioner, named by their user ID. */
function byUserId(context: ConsoleContext, admins: ReturnType<typeof adminsList>): HTMLElement[] {
  const userIdField = (label: string) =>
    field({ label, name: 'userId', autocomplete: 'off', pattern: USER_ID_PATTERN, hint: 'A UUID, for example 0b6c3f9e-1d2a-4c5b-8e7f-9a0b1c2d3e4f.' });
  const target = (item: ReturnType<typeof userIdField>) => () => {
    const userId = requireValue(item.input, item.setError, 'Enter a user ID: 36 characters, digits, a to f and dashes.');
    if (!userId) item.input.focus();
    return userId ? { userId, name: `user ${userId}` } : undefined;
  };

  const resetId = userIdField('User ID of the user whose MFA to reset');
  const resetDone = messageArea();
  const reset = resetMfaForm(
    context,
    { label: "Reset a user's MFA", submitText: 'Reset MFA of this user', fields: [resetId.wrapper], target: target(resetId), onUserIdError: resetId.setError },
    async (text) => {
      // An admin's status changes with it (invited again).
      await admins.reload();
      resetDone.info(text);
      resetDone.element.focus();
    },
  );

  const auditId = userIdField('User ID of the user whose audit trail to show');
  const trailSlot = el('div', {});
  const audit = form("Show a user's audit trail", 'Show audit trail', [auditId.wrapper], async () => {
    const chosen = target(auditId)();
    if (!chosen) return;
    const trail = auditTrail(context, chosen);
    const heading = el('h3', { tabIndex: -1 }, `Audit trail of ${chosen.name}`);
    trailSlot.replaceChildren(heading, trail.element);
    await trail.load();
    heading.focus();
  });
  return [el('h3', {}, 'Reset MFA'), reset, resetDone.element, el('h3', {}, 'Audit trail'), audit, trailSlot];
}
