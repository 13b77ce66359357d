/**
 * The web app's pages, by path. A page that serves one API route is named after it (its module is
 * `web/src/pages/<kebab-case name>.ts`); the paths are what people see and what emails link to, so
 * they stay. The app routes on them, the local API serves the app at each of them, and the stack's
 * recovery link points at `mfaRecoveryConfirm`. None may equal an API route's path: locally the app
 * and the API share one origin (test/unit/web/pages.test.ts checks it).
 */
export const WEB_PAGES = {
  signIn: '/',
  console: '/console',
  /** First sign-in with the emailed temporary password: POST /auth/new-password. */
  authNewPassword: '/first-sign-in',
  /** Password reset with a code emailed by Cognito (ForgotPassword / ConfirmForgotPassword). */
  forgotPassword: '/forgot-password',
  /** "Lost authenticator": POST /mfa-recovery/code (a saved recovery code) and POST /mfa-recovery/request (license data). */
  mfaRecovery: '/lost-authenticator',
  /** Where MFA-recovery emails link to (`<origin>/mfa-recovery#token=...`): POST /mfa-recovery/confirm. */
  mfaRecoveryConfirm: '/mfa-recovery',
} as const;

export type WebPage = keyof typeof WEB_PAGES;

/** The runtime configuration the app reads from `/config.json` beside it (local API or the stack's deployment). */
export interface WebAppConfig {
  /** The API's base URL, without a trailing slash. */
  readonly apiUrl: string;
  readonly userPoolId: string;
  /** The public web client (SRP, no secret): never the backend's client. */
  readonly userPoolClientId: string;
  /** Cognito's endpoint when it is not the region's default (locally: a same-origin proxy to the emulator). */
  readonly userPoolEndpoint?: string;
}

export const WEB_CONFIG_FILE = 'config.json';
