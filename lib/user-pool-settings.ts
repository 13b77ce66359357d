import { USER_ID_ATTRIBUTE_NAME } from '../lambdas/shared/identity-settings';

/**
 * User-pool settings in one place, used by the CDK stack and by the local emulator bootstrap so a
 * pool on a laptop behaves like the deployed one.
 */
export const PASSWORD_POLICY = {
  minLength: 12,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: true,
  /** How long an invitation's temporary password works. */
  tempPasswordValidityDays: 3,
} as const;

/**
 * Invitation email; Cognito substitutes {username} and {####} (the temporary password). Worded for
 * both of its uses: a first invitation, and the re-invitation after an MFA recovery (RESEND).
 */
export const INVITATION_MESSAGE = {
  subject: 'Your temporary password',
  body:
    'Hello,<br/><br/>Sign in with the username {username} and the temporary password {####} within 3 days. ' +
    'You will be asked to choose a new password and to set up an authenticator app.<br/><br/>' +
    'We send this email when your account is created, and again after its sign-in security (MFA) was reset. ' +
    'If you did not expect it, contact support.',
} as const;

/** The app client's token lifetimes. */
export const TOKEN_VALIDITY = { accessTokenMinutes: 60, idTokenMinutes: 60, refreshTokenDays: 30 } as const;

/**
 * The only attributes signed-in users may change on themselves (Cognito's wire names). Not the
 * email: the database's email claim is the source of truth and only the backend changes it.
 */
export const USER_WRITABLE_ATTRIBUTES = ['family_name', 'given_name', 'locale'] as const;

/**
 * What the web app's client may read from a user, and so what its ID tokens carry (Cognito puts only
 * the client's readable attributes into them): who is signed in, and our user id, which the admin
 * routes' in-code check reads from the `custom:userId` claim (without it every console call is 403).
 */
export const WEB_READABLE_ATTRIBUTES = [`custom:${USER_ID_ATTRIBUTE_NAME}`, 'email', 'email_verified'] as const; // sorted, as CDK writes them
