import { Amplify } from 'aws-amplify';
import {
  type ConfirmSignInOutput,
  confirmResetPassword,
  confirmSignIn,
  fetchAuthSession,
  resetPassword,
  type SignInOutput,
  signIn,
  signOut,
} from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { sessionStorage } from 'aws-amplify/utils';
import { ADMINS_GROUP, USER_ID_ATTRIBUTE_NAME } from '../../lambdas/shared/identity-settings';
import type { WebAppConfig } from '../pages';

/** Shown by authenticator apps above the code. */
const TOTP_ISSUER = 'Account lifecycle';

/**
 * Amplify Auth against the pool's public web client (SRP: the password never leaves the browser).
 * Tokens live in sessionStorage: they go when the tab is closed, and no other site can read them.
 */
export function configureAuth(config: WebAppConfig): void {
  Amplify.configure({
    Auth: {
      Cognito: {
        userPoolId: config.userPoolId,
        userPoolClientId: config.userPoolClientId,
        ...(config.userPoolEndpoint ? { userPoolEndpoint: config.userPoolEndpoint } : {}),
      },
    },
  });
  cognitoUserPoolsTokenProvider.setKeyValueStorage(sessionStorage);
}

/** Where a sign-in stands after a step, in the terms the pages need. */
export type SignInStep =
  | { readonly kind: 'done' }
  | { readonly kind: 'totp-code' }
  | { readonly kind: 'totp-setup'; readonly otpauthUri: string; readonly secret: string }
  | { readonly kind: 'new-password' }
  | { readonly kind: 'unsupported'; readonly step: string };

function toStep(output: SignInOutput | ConfirmSignInOutput, username: string): SignInStep {
  const { nextStep } = output;
  switch (nextStep.signInStep) {
    case 'DONE':
      return { kind: 'done' };
    case 'CONFIRM_SIGN_IN_WITH_TOTP_CODE':
      return { kind: 'totp-code' };
    case 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP':
      return {
        kind: 'totp-setup',
        otpauthUri: nextStep.totpSetupDetails.getSetupUri(TOTP_ISSUER, username).toString(),
        secret: nextStep.totpSetupDetails.sharedSecret,
      };
    case 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED':
      return { kind: 'new-password' };
    default:
      return { kind: 'unsupported', step: nextStep.signInStep };
  }
}

/** Starts an SRP sign-in (any earlier session in this tab is signed out first). */
export async function startSignIn(username: string, password: string): Promise<SignInStep> {
  await signOut().catch(() => undefined);
  return toStep(await signIn({ username, password, options: { authFlowType: 'USER_SRP_AUTH' } }), username);
}

/** Answers the current challenge with a TOTP code (a sign-in code, or the first code of a new authenticator). */
export async function answerWithCode(username: string, code: string): Promise<SignInStep> {
  return toStep(await confirmSignIn({ challengeResponse: code }), username);
}

/** The sign-in failures people can act on, in plain words; anything else is "try again later". */
export function describeAuthError(error: unknown, stage: 'password' | 'code'): string {
  const name = (error as { name?: string }).name ?? '';
  if (name === 'NotAuthorizedException' && stage === 'code') return 'This sign-in took too long and has expired. Start again.';
  if (name === 'NotAuthorizedException' || name === 'UserNotFoundException') return 'The email or password is not right.';
  if (name === 'CodeMismatchException' || name === 'EnableSoftwareTokenMFAException') {
    return 'That code is not right or has expired. Enter the code your authenticator app shows now.';
  }
  if (name === 'ExpiredCodeException') return 'That code has already been used. Wait for the next one.';
  if (name === 'PasswordResetRequiredException')
    return 'This account needs a new password: use the first sign-in page with the temporary password you were emailed.';
  if (name === 'TooManyRequestsException' || name === 'LimitExceededException') return 'Too many attempts. Wait a few minutes and try again.';
  if (name === 'SignInException' || name === 'NotAuthorizedExceptionSession' || name === 'ResourceNotFoundException') {
    return 'This sign-in took too long and has expired. Start again.';
  }
  if (name === 'EmptySignInUsername' || name === 'EmptySignInPassword' || name === 'EmptyChallengeResponse') return 'Fill in every field.';
  if (name === 'NetworkError' || error instanceof TypeError) return 'The service cannot be reached. Check your connection and try again.';
  return 'Signing in is not possible right now. Try again in a minute.';
}

/**
 * Asks Cognito to email a password-reset code (ForgotPassword on the web client). The pool hides
 * whether the account exists, so this succeeds for any well-formed address.
 */
export async function sendPasswordResetCode(username: string): Promise<void> {
  await resetPassword({ username });
}

/** Sets a new password with the emailed code (ConfirmForgotPassword); the pool's post-confirmation trigger records the reset. */
export async function setPasswordWithCode(username: string, code: string, newPassword: string): Promise<void> {
  await confirmResetPassword({ username, confirmationCode: code, newPassword });
}

/** The password-reset failures people can act on, in plain words; anything else is "try again later". */
export function describeResetError(error: unknown): string {
  const name = (error as { name?: string }).name ?? '';
  if (name === 'CodeMismatchException') return 'That code is not right. Check the latest email and type the code again.';
  if (name === 'ExpiredCodeException') return 'That code has expired. Ask for a new one.';
  if (name === 'InvalidPasswordException') return 'Cognito refused the new password: it does not meet the password rules. Choose another one.';
  if (name === 'LimitExceededException' || name === 'TooManyRequestsException' || name === 'TooManyFailedAttemptsException') {
    return 'Too many attempts. Wait a few minutes and try again.';
  }
  if (name === 'NotAuthorizedException' || name === 'InvalidParameterException') {
    return 'The password of this account cannot be reset here. If you have an invitation email, use its temporary password on the first sign-in page; otherwise ask an admin.';
  }
  // The post-confirmation trigger could not record the reset: Cognito refused it; a new code works once it can.
  if (name === 'UserLambdaValidationException' || name === 'UnexpectedLambdaException') {
    return 'Your new password could not be saved right now. Ask for a new code and try again in a few minutes.';
  }
  if (name === 'NetworkError' || error instanceof TypeError) return 'The service cannot be reached. Check your connection and try again.';
  return 'Resetting the password is not possible right now. Try again in a minute.';
}

/** The signed-in user of this tab. */
export interface SignedInUser {
  readonly email: string;
  readonly sub: string;
  /** Our user id (`custom:userId`; the web client may read it). */
  readonly userId: string;
  readonly idToken: string;
  readonly isAdmin: boolean;
}

/** The signed-in user of this tab, from their ID token (Amplify refreshes it when it expires); `undefined` when nobody is. */
export async function currentUser(): Promise<SignedInUser | undefined> {
  const { tokens } = await fetchAuthSession().catch(() => ({ tokens: undefined }));
  if (!tokens?.idToken) return undefined;
  const claims = tokens.idToken.payload;
  const groups = Array.isArray(claims['cognito:groups']) ? claims['cognito:groups'] : [];
  return {
    email: String(claims.email ?? ''),
    sub: String(claims.sub ?? ''),
    userId: String(claims[`custom:${USER_ID_ATTRIBUTE_NAME}`] ?? ''),
    idToken: tokens.idToken.toString(),
    isAdmin: groups.includes(ADMINS_GROUP),
  };
}

export async function signOutHere(): Promise<void> {
  await signOut().catch(() => undefined);
}
