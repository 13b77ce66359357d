import './styles.css';
import { WEB_CONFIG_FILE, WEB_PAGES, type WebAppConfig } from '../pages';
import { configureAuth } from './auth';
import { el, show } from './dom';
import type { PageContext } from './page';
import { consolePage } from './pages/console';
import { authNewPasswordPage } from './pages/auth-new-password';
import { forgotPasswordPage } from './pages/forgot-password';
import { mfaRecoveryConfirmPage } from './pages/mfa-recovery-confirm';
import { mfaRecoveryPage } from './pages/mfa-recovery';
import { signInPage } from './pages/sign-in';

const ROUTES: Record<string, (context: PageContext) => void | Promise<void>> = {
  [WEB_PAGES.signIn]: signInPage,
  [WEB_PAGES.console]: consolePage,
  [WEB_PAGES.authNewPassword]: authNewPasswordPage,
  [WEB_PAGES.forgotPassword]: forgotPasswordPage,
  [WEB_PAGES.mfaRecovery]: mfaRecoveryPage,
  [WEB_PAGES.mfaRecoveryConfirm]: mfaRecoveryConfirmPage,
};

async function start(): Promise<void> {
  const main = document.getElementById('main') as HTMLElement;
  const config = (await fetch(`/${WEB_CONFIG_FILE}`, { cache: 'no-store' }).then((response) => response.json())) as WebAppConfig;
  configureAuth(config);
  const page = ROUTES[window.location.pathname.replace(/(.)\/$/, '$1')];
  if (!page) {
    show(main, 'Page not found', el('p', {}, el('a', { href: WEB_PAGES.signIn }, 'Go to sign in')));
    return;
  }
  await page({ main, config });
}

start().catch(() => {
  const main = document.getElementById('main') as HTMLElement;
  show(
    main,
    'Something went wrong',
    el('p', { attrs: { role: 'alert' } }, 'The app could not start. Reload the page; if it keeps happening, try again later.'),
  );
});
