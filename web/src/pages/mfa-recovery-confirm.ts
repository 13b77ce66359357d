import { WEB_PAGES } from '../../pages';
import { callApi, describeError } from '../api';
import { el, messageArea, show } from '../dom';
import type { PageContext } from '../page';

/**
 * The token from the link's fragment (`#token=...`; a fragment never reaches a server, a log or a
 * Referer), removed from the address bar at once so it stays out of history and screenshots.
 */
function takeTokenFromAddress(): string | undefined {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? undefined;
  if (window.location.hash) window.history.replaceState(null, '', window.location.pathname);
  return token || undefined;
}

/** The page the recovery email links to: nothing happens until the user clicks "Reset my MFA". */
export function mfaRecoveryConfirmPage({ main, config }: PageContext): void {
  const token = takeTokenFromAddress();
  const askAgain = el('p', {}, el('a', { href: WEB_PAGES.mfaRecovery }, 'Ask for a new recovery link'));
  if (!token) {
    show(main, 'Reset your sign-in', el('p', {}, 'Open this page with the link from your recovery email. This address has no recovery link in it.'), askAgain);
    return;
  }
  const message = messageArea();
  const button = el('button', { type: 'button', className: 'primary' }, 'Reset my MFA');
  button.addEventListener('click', () => {
    if (button.disabled) return;
    button.disabled = true;
    message.info('Resetting your sign-in. This takes a few seconds.');
    void callApi(config, 'POST', '/mfa-recovery/confirm', { token }).then((result) => {
      if (result.ok) {
        show(
          main,
          'Your sign-in has been reset',
          el('p', { attrs: { role: 'status' } }, result.body.message),
          el(
            'p',
            {},
            'Next: an email with a temporary password arrives. Use it on the first sign-in page to choose a password, then scan the new QR code with your authenticator app.',
          ),
          el('p', {}, el('a', { href: WEB_PAGES.authNewPassword }, 'Go to first sign-in')),
        );
        return;
      }
      button.disabled = result.code === 'INVALID_RECOVERY_TOKEN';
      message.error(describeError(result));
      if (result.code === 'INVALID_RECOVERY_TOKEN') main.append(askAgain);
    });
  });
  show(
    main,
    'Reset your sign-in',
    el('p', {}, 'This removes the authenticator app from your account. Afterwards you choose a password again and set up a new authenticator app.'),
    el('p', {}, 'The link works once and expires 15 minutes after it was sent.'),
    button,
    message.element,
  );
}
