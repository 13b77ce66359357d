import type { AdminStatus } from '../../lambdas/admin/admin-status';
import { ADMIN_STATUS_WORDS } from './admin-words';
import { type ConsoleContext, describeAdminError } from './console-context';
import { actionButton, el, messageArea, when } from './dom';
import { recoveryCodesSummary } from './recovery-codes';
import type { RecoveryCodeStatus } from './recovery-words';
import { auditTrail, resetMfaForm } from './user-actions';

/** One admin as GET /admins lists them (lambdas/admin/get-admins.ts). */
interface ListedAdmin {
  readonly userId: string;
  readonly email: string;
  readonly status: AdminStatus;
  readonly createdAt: string;
  readonly lastInvitedAt: string;
  /** Their recovery codes: how many are left and since when; null when they never saved any. Never the codes. */
  readonly recoveryCodes: RecoveryCodeStatus | null;
}

/** Admins per page (the API allows up to 25); "More" loads the next page with the API's cursor. */
const PAGE_SIZE = 10;
/** A reload fetches at most this many pages, however many were shown. */
const MAX_RELOAD_PAGES = 20;

/**
 * The admins, oldest first, a page at a time, each with their status and what can be done about it:
 * resend a pending invitation, deactivate or reactivate (after a confirmation), reset their MFA (with
 * a reason), their audit trail. Results go to one live region, which takes the focus after an action.
 */
export function adminsList(context: ConsoleContext): {
  element: HTMLElement;
  reload: (showUserId?: string) => Promise<boolean>;
  announce: (text: string) => void;
} {
  const results = messageArea();
  const list = el('ul', { className: 'admin-list' });
  const more = actionButton('More', { label: 'More admins' }, () => showMore());
  const refresh = actionButton('Refresh list', {}, async () => {
    if (await reload()) announce('The list of admins is up to date.');
  });
  let cursor: string | undefined;
  let pages = 0;

  const announce = (text: string) => {
    results.info(text);
    results.element.focus();
  };
  const fail = (text: string) => {
    results.error(text);
    results.element.focus();
  };
  const page = (after?: string) => context.call('GET', `/admins?${new URLSearchParams({ limit: String(PAGE_SIZE), ...(after && { cursor: after }) })}`);

  async function showMore(): Promise<void> {
    const result = await page(cursor);
    if (!result.ok) return fail(describeAdminError(result));
    const rows = (result.body.admins as ListedAdmin[]).map(row);
    list.append(...rows);
    cursor = result.body.nextCursor;
    pages += 1;
    more.hidden = !cursor;
    // Keyboard users continue at the first admin just added.
    rows[0]?.querySelector('h3')?.focus();
  }

  /** The list again from the start: as many pages as were shown, and more until `showUserId` is on it. */
  async function reload(showUserId?: string): Promise<boolean> {
    const admins: ListedAdmin[] = [];
    let next: string | undefined;
    let loaded = 0;
    do {
      const result = await page(next);
      if (!result.ok) {
        fail(describeAdminError(result));
        return false;
      }
      admins.push(...result.body.admins);
      next = result.body.nextCursor;
      loaded += 1;
    } while (next && loaded < MAX_RELOAD_PAGES && (loaded < pages || (showUserId && !admins.some((admin) => admin.userId === showUserId))));
    list.replaceChildren(...admins.map(row));
    cursor = next;
    pages = loaded;
    more.hidden = !cursor;
    return true;
  }

  function row(admin: ListedAdmin): HTMLLIElement {
    const isMe = admin.userId === context.me.userId;
    const { email, userId } = admin;
    const target = { userId, name: email };
    const panel = el('div', { className: 'panel', hidden: true });
    const actions = el('div', { className: 'actions' });

    /** Shows one step below the row's buttons, focused on its heading; Cancel (or Close) goes back to the button that opened it. */
    const open = (trigger: HTMLButtonElement, title: string, content: HTMLElement[], closeText = 'Cancel') => {
      const heading = el('h4', { tabIndex: -1 }, title);
      const cancel = actionButton(closeText, {}, () => {
        panel.hidden = true;
        panel.replaceChildren();
        trigger.focus();
      });
      panel.replaceChildren(heading, ...content, cancel);
      panel.hidden = false;
      heading.focus();
    };

    /** Deactivate or reactivate, once confirmed. */
    const activation = (verb: 'deactivate' | 'reactivate', title: string, explanation: string, done: string) => {
      const label = verb === 'deactivate' ? 'Deactivate' : 'Reactivate';
      const trigger = actionButton(label, { label: `${label} ${email}` }, () => {
        const message = messageArea();
        const confirm = actionButton(`Yes, ${verb}`, { primary: true }, async () => {
          const result = await context.call('POST', `/admins/${encodeURIComponent(userId)}/${verb}`);
          if (!result.ok) return message.error(describeAdminError(result));
          if (await reload()) announce(done);
        });
        open(trigger, title, [el('p', {}, explanation), message.element, confirm]);
      });
      return trigger;
    };

    if (admin.status === 'INVITED' || admin.status === 'INVITATION_EXPIRED') {
      actions.append(
        actionButton('Resend invite', { label: `Resend invite to ${email}` }, async () => {
          const result = await context.call('POST', '/admins/resend-invite', { email });
          if (!result.ok) return fail(describeAdminError(result, RESEND_WORDS));
          if (await reload()) announce(resentMessage(email));
        }),
      );
    }
    if (!isMe && admin.status === 'DEACTIVATED') {
      actions.append(
        activation('reactivate', `Reactivate ${email}?`, 'They can sign in again with their password and authenticator app.', `${email} is active again.`),
      );
    }
    if (!isMe && admin.status !== 'DEACTIVATED') {
      actions.append(
        activation(
          'deactivate',
          `Deactivate ${email}?`,
          'They are signed out everywhere at once, cannot sign in any more, and every admin request they still send is refused, until an admin reactivates them.',
          `${email} is deactivated: signed out everywhere and refused from now on.`,
        ),
      );
      const reset = actionButton('Reset MFA', { label: `Reset MFA of ${email}` }, () => {
        const explanation = el('p', {}, 'This removes their authenticator app, signs them out everywhere and emails them a temporary password.');
        const resetForm = resetMfaForm(context, { label: `Reset the MFA of ${email}`, submitText: 'Reset MFA', target: () => target }, async (text) => {
          if (await reload()) announce(text);
        });
        open(reset, `Reset the MFA of ${email}?`, [explanation, resetForm]);
      });
      actions.append(reset);
    }
    const audit = actionButton('Audit trail', { label: `Audit trail of ${email}` }, async () => {
      const trail = auditTrail(context, target);
      open(audit, `Audit trail of ${email}`, [trail.element], 'Close');
      await trail.load();
    });
    actions.append(audit);

    return el(
      'li',
      { className: 'admin' },
      el('h3', { tabIndex: -1 }, email, isMe ? ' (you)' : ''),
      el(
        'dl',
        { className: 'facts' },
        el('dt', {}, 'Status'),
        el('dd', { className: `status status-${admin.status.toLowerCase().replace(/_/g, '-')}` }, ADMIN_STATUS_WORDS[admin.status] ?? admin.status),
        el('dt', {}, 'Created'),
        el('dd', {}, when(admin.createdAt)),
        el('dt', {}, 'Last invitation'),
        el('dd', {}, when(admin.lastInvitedAt)),
        el('dt', {}, 'Recovery codes'),
        el('dd', {}, ...recoveryCodesSummary(admin.recoveryCodes)),
        el('dt', {}, 'User ID'),
        el('dd', {}, el('code', {}, userId)),
      ),
      isMe && el('p', { className: 'hint' }, 'This is you: another admin can deactivate you or reset your MFA.'),
      actions,
      panel,
    );
  }

  more.hidden = true;
  return {
    element: el('div', { className: 'admins' }, el('div', { className: 'actions' }, refresh), results.element, list, more),
    reload,
    announce,
  };
}

/** Resend's own failures in plain words (also used by the console's resend form). */
export const RESEND_WORDS = {
  USER_NOT_FOUND: 'Nobody has been invited with this email.',
  INVALID_USER_STATE: 'This person has already chosen a password: there is no pending invitation to re-send.',
};

export const resentMessage = (email: string) => `A new invitation is on its way to ${email}; the previous temporary password no longer works.`;
