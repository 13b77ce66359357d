import { WEB_PAGES } from '../pages';
import { type ApiResult, describeError } from './api';
import { currentUser, signOutHere } from './auth';
import { type ConsoleContext, consoleContext } from './console-context';
import { actionButton, checkboxField, el, form, messageArea, show, when } from './dom';
import type { PageContext } from './page';
import {
  RECOVERY_CODE_ERROR_WORDS,
  RECOVERY_CODES_FILE_NAME,
  type RecoveryCodeStatus,
  lowCodesWarning,
  recoveryCodesText,
  remainingWords,
  replacedWords,
} from './recovery-words';

/** "None saved", or how many codes are left and when they were created (the console and the admins' list). */
export function recoveryCodesSummary(status: RecoveryCodeStatus | null): (string | Node)[] {
  if (!status?.createdAt) return ['None saved'];
  return [`${remainingWords(status.remaining)}, created `, when(status.createdAt)];
}

/** A failure of the /me/recovery-codes routes in plain words. */
const describeCodesError = (result: Extract<ApiResult, { ok: false }>) => describeError(result, RECOVERY_CODE_ERROR_WORDS);

/** Signs this tab out and opens the sign-in page (after it, the console). */
const signInAgain = () => actionButton('Sign in again', {}, () => signOutHere().then(() => window.location.assign(WEB_PAGES.signIn)));

/**
 * A new set of codes (POST /me/recovery-codes; any earlier set stops working), shown once. A refusal
 * goes to `message`, with a way to sign in again when the last sign-in is too old.
 */
async function createCodes(main: HTMLElement, context: ConsoleContext, message: ReturnType<typeof messageArea>): Promise<void> {
  const result = await context.call('POST', '/me/recovery-codes');
  if (result.ok) return showRecoveryCodes(main, result.body.codes, context.me.email);
  message.error(describeCodesError(result));
  if (result.code === 'RECENT_SIGN_IN_REQUIRED') message.element.append(' ', signInAgain());
  message.element.focus();
}

/**
 * The codes, shown once: to copy, download (.txt) or print, and "I have saved these codes" ticked
 * before continuing to the console. Only the codes and what they are for are printed.
 */
export function showRecoveryCodes(main: HTMLElement, codes: readonly string[], email: string): void {
  const text = recoveryCodesText(codes, { email, site: window.location.origin });
  const message = messageArea();
  const copy = actionButton('Copy codes', {}, async () => {
    try {
      await navigator.clipboard.writeText(text);
      message.info('Copied. Paste them into your password manager or a file you keep safe.');
    } catch {
      message.error('This browser did not let the page copy them. Download or print them instead.');
    }
  });
  // A link, not a script: the browser saves the file itself (keyboard, context menu "Save link as").
  const download = el(
    'a',
    { className: 'button secondary', href: URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' })), download: RECOVERY_CODES_FILE_NAME },
    'Download (.txt)',
  );
  const print = actionButton('Print', {}, () => window.print());
  const saved = checkboxField({ label: 'I have saved these codes', name: 'saved' });
  const confirm = form('Confirm you saved the codes', 'Continue', [saved.wrapper], async () => {
    if (!saved.input.checked) {
      saved.setError('Save the codes first (copy, download or print them), then tick this box.');
      saved.input.focus();
      return;
    }
    window.location.assign(WEB_PAGES.console);
  });
  show(
    main,
    'Save your recovery codes',
    el('p', {}, 'If you lose your authenticator app, one of these codes, with your email and password, resets it in a minute. Each code works once.'),
    el('p', { className: 'notice' }, 'They are shown only now. Keep them somewhere safe and apart from your phone: a password manager, a file, or on paper.'),
    el('p', { className: 'print-only' }, `Recovery codes for ${email} (${window.location.origin})`),
    el('ol', { className: 'recovery-codes', attrs: { 'aria-label': 'Your recovery codes' } }, ...codes.map((code) => el('li', {}, el('code', {}, code)))),
    el('div', { className: 'actions no-print' }, copy, download, print),
    el('div', { className: 'no-print' }, message.element, confirm),
  );
}

/**
 * After an authenticator set-up (first sign-in, after a recovery or an admin's reset): the user's
 * first codes. Should that fail, they can try again, or continue and create them from the console.
 */
export async function codesAfterSetup({ main, config }: PageContext): Promise<void> {
  const me = await currentUser();
  if (!me) return window.location.assign(WEB_PAGES.console);
  const context = consoleContext(config, me);
  const message = messageArea();
  const retry = actionButton('Try again', { primary: true }, () => createCodes(main, context, message));
  retry.hidden = true;
  show(
    main,
    'Your authenticator app is set up',
    el('p', {}, 'Next: your recovery codes, for when you lose the authenticator app.'),
    message.element,
    retry,
    el('p', {}, el('a', { href: WEB_PAGES.console }, 'Continue without recovery codes (create them later on your account page)')),
  );
  message.info('Creating your recovery codes.');
  await createCodes(main, context, message);
  retry.hidden = false;
}

/**
 * "Your recovery codes" on the console: how many are left and since when (GET /me/recovery-codes),
 * a warning when 3 or fewer are, and new codes (after a confirmation when the old ones still work).
 */
export function recoveryCodesSection(main: HTMLElement, context: ConsoleContext): { element: HTMLElement; load: () => Promise<void> } {
  const summary = el('p', { className: 'codes-summary', hidden: true });
  const warning = el('p', { className: 'notice', hidden: true });
  const message = messageArea();
  const confirmation = el('div', { className: 'panel', hidden: true });
  // What GET said is left: new codes replace those, so they are confirmed first.
  let remaining = 0;
  const create = actionButton('Create new codes', {}, async () => {
    if (remaining === 0) {
      await createCodes(main, context, message);
      return;
    }
    const heading = el('h3', { tabIndex: -1 }, 'Replace your recovery codes?');
    const cancel = actionButton('Cancel', {}, () => {
      confirmation.hidden = true;
      create.focus();
    });
    confirmation.replaceChildren(
      heading,
      el('p', {}, replacedWords(remaining)),
      actionButton('Yes, create new codes', { primary: true }, () => createCodes(main, context, message)),
      cancel,
    );
    confirmation.hidden = false;
    heading.focus();
  });

  async function load(): Promise<void> {
    const result = await context.call('GET', '/me/recovery-codes');
    if (!result.ok) return message.error(describeCodesError(result));
    const status = result.body as RecoveryCodeStatus;
    remaining = status.remaining;
    create.textContent = status.createdAt === null ? 'Create recovery codes' : 'Create new codes';
    // Never saved: the warning says so.
    summary.replaceChildren(...recoveryCodesSummary(status));
    summary.hidden = status.createdAt === null;
    const low = lowCodesWarning(status);
    warning.textContent = low ?? '';
    warning.hidden = !low;
  }

  return {
    element: el(
      'section',
      { attrs: { 'aria-labelledby': 'codes-heading' } },
      el('h2', { id: 'codes-heading' }, 'Your recovery codes'),
      el('p', {}, 'If you lose your authenticator app, a recovery code with your email and password resets it. Each code works once.'),
      summary,
      warning,
      message.element,
      el('div', { className: 'actions' }, create),
      confirmation,
    ),
    load,
  };
}
