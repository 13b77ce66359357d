import { AUDIT_DETAIL_WORDS, AUDIT_EVENT_WORDS, MFA_RESET_REASON_MAX_CHARS, actorWords } from './admin-words';
import { type ConsoleContext, describeAdminError, showFieldErrors } from './console-context';
import { actionButton, el, form, messageArea, textAreaField, when } from './dom';

/** Who an action is about: their user id, and how the page names them. */
export interface UserTarget {
  readonly userId: string;
  readonly name: string;
}

/**
 * The MFA reset of another user (POST /users/{userId}/mfa-reset) with its required reason. `target`
 * gives the user when the form is sent (undefined: not valid yet, the caller showed why);
 * `onDone` gets what to tell the admin.
 */
export function resetMfaForm(
  context: ConsoleContext,
  options: { label: string; submitText: string; fields?: HTMLElement[]; target: () => UserTarget | undefined; onUserIdError?: (message: string) => void },
  onDone: (message: string) => Promise<void>,
): HTMLFormElement {
  const reason = textAreaField({
    label: 'Reason',
    name: 'reason',
    hint: `For the audit trail: for example how you confirmed who asked. Up to ${MFA_RESET_REASON_MAX_CHARS} characters.`,
    maxLength: MFA_RESET_REASON_MAX_CHARS,
  });
  const message = messageArea();
  return form(options.label, options.submitText, [...(options.fields ?? []), reason.wrapper, message.element], async () => {
    message.clear();
    const why = reason.input.value.trim();
    reason.setError(why ? undefined : 'Enter the reason for the reset.');
    const target = options.target();
    if (!target) return;
    if (!why) return reason.input.focus();
    const result = await context.call('POST', `/users/${encodeURIComponent(target.userId)}/mfa-reset`, { reason: why });
    if (result.ok) {
      reason.input.value = '';
      await onDone(
        `The MFA of ${target.name} is reset: they are signed out everywhere and get an email with a temporary password. ` +
          'At their next sign-in they choose a new password and set up an authenticator app again.',
      );
      return;
    }
    showFieldErrors(result, { reason: reason.setError, ...(options.onUserIdError && { userId: options.onUserIdError }) });
    message.error(describeAdminError(result));
  });
}

/** Events per page of the audit trail. */
const AUDIT_PAGE_SIZE = 10;

/** A user's audit trail (GET /users/{userId}/audit), newest first, a page at a time ("More events"). */
export function auditTrail(context: ConsoleContext, target: UserTarget): { element: HTMLElement; load: () => Promise<void> } {
  const list = el('ol', { className: 'audit' });
  const message = messageArea();
  const empty = el('p', { hidden: true }, 'Nothing recorded for this user yet.');
  let cursor: string | undefined;
  const more = actionButton('More events', { label: `More events of ${target.name}` }, () => load());
  more.hidden = true;

  async function load(): Promise<void> {
    message.clear();
    const query = new URLSearchParams({ limit: String(AUDIT_PAGE_SIZE), ...(cursor && { cursor }) });
    const result = await context.call('GET', `/users/${encodeURIComponent(target.userId)}/audit?${query}`);
    if (!result.ok) {
      message.error(describeAdminError(result));
      return;
    }
    const items = (result.body.events as AuditEntry[]).map((record) => auditItem(record, context.me.userId));
    list.append(...items);
    cursor = result.body.nextCursor;
    more.hidden = !cursor;
    empty.hidden = list.childElementCount > 0;
    // After "More", keyboard users continue at the first new event.
    if (items.length && list.childElementCount > items.length) items[0].focus();
  }

  return { element: el('div', { className: 'audit-trail' }, message.element, empty, list, more), load };
}

/** One audit record as GET /users/{userId}/audit returns it (lambdas/ports/audit-trail.ts). */
interface AuditEntry {
  readonly event: keyof typeof AUDIT_EVENT_WORDS;
  readonly time: string;
  readonly actor: string;
  readonly userId: string;
  readonly outcome: 'SUCCESS' | 'FAILURE' | 'UNKNOWN';
  readonly sourceIp: string;
  readonly details?: Record<string, string>;
}

function auditItem(record: AuditEntry, myUserId: string): HTMLLIElement {
  const details = Object.entries(record.details ?? {}).map(([name, value]) => `${AUDIT_DETAIL_WORDS[name] ?? name}: ${value}`);
  return el(
    'li',
    { tabIndex: -1 },
    el(
      'p',
      { className: 'audit-event' },
      AUDIT_EVENT_WORDS[record.event] ?? record.event,
      { SUCCESS: '', FAILURE: ' (did not take effect)', UNKNOWN: ' (may not have taken effect: its answer was lost)' }[record.outcome],
    ),
    el('p', { className: 'meta' }, when(record.time), ` by ${actorWords(record, myUserId)}, from ${record.sourceIp}`),
    ...details.map((line) => el('p', { className: 'meta' }, line)),
  );
}
