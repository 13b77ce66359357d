import type { AuthOutcome, CallerContext, IdentityProvider } from '../ports/identity-provider';
import { InvalidUserStateError } from '../shared/errors';

/** The ports the first-sign-in flow runs over. */
export interface FirstSignInDeps {
  readonly identity: IdentityProvider;
}

/** Builds the first-sign-in flow (invited user sets a password) over the given ports. */
export function firstSignIn({ identity }: FirstSignInDeps) {
  /**
   * Completes a first sign-in: signs in with the temporary password from the invitation, answers
   * Cognito's `NEW_PASSWORD_REQUIRED` challenge with the new password, and returns what Cognito
   * answers next. In a pool that requires MFA that is the `MFA_SETUP` challenge with its session
   * (the client then associates and verifies a TOTP app); otherwise it is the tokens.
   *
   * @param username - The user's email (or Cognito username).
   * @param tempPassword - The temporary password from the invitation email.
   * @param newPassword - The password the user chose; Cognito enforces the pool's policy.
   * @param caller - Where the attempt comes from (IP, user agent), passed to Cognito's threat protection.
   * @returns Tokens, or the next challenge's name and session.
   * @throws {InvalidCredentialsError} Wrong or expired temporary password, or unknown user (indistinguishable, 401).
   * @throws {InvalidUserStateError} The account has no pending temporary password (409).
   * @throws {InvalidPasswordError} The new password does not meet the policy (400).
   * @throws {TooManyRequestsError} Cognito throttled the call (429).
   * @throws {DependencyUnavailableError} Cognito failed or timed out (503).
   */
  async function handleNewPasswordChallenge(
    username: string,
    tempPassword: string,
    newPassword: string,
    caller?: CallerContext,
  ): Promise<AuthOutcome> {
    const first = await identity.passwordAuth(username, tempPassword, caller);
    if (first.kind !== 'challenge' || first.challengeName !== 'NEW_PASSWORD_REQUIRED') {
      throw new InvalidUserStateError('This account has no pending temporary password; sign in normally.');
    }
    return identity.respondToNewPasswordChallenge(username, newPassword, first.session);
  }

  return { handleNewPasswordChallenge };
}
