import { type AuditDeps, appendAuditRecord } from '../audit/audit-records';
import { SELF_ACTOR, type AuditSource } from '../ports/audit-trail';
import type { AuthOutcome, CallerContext, IdentityProvider } from '../ports/identity-provider';
import type { UserRepository } from '../ports/user-repository';
import { InvalidUserStateError } from '../shared/errors';

/** The ports the first-sign-in flow runs over. */
export interface FirstSignInDeps extends AuditDeps {
  readonly identity: IdentityProvider;
  /** To find whose account it is, for the audit record. */
  readonly users: Pick<UserRepository, 'findUserIdByEmail'>;
}

/** Builds the first-sign-in flow (invited user sets a password) over the given ports. */
export function firstSignIn(deps: FirstSignInDeps) {
  const { identity, users } = deps;

  /**
   * Completes a first sign-in: signs in with the temporary password from the invitation, answers
   * Cognito's `NEW_PASSWORD_REQUIRED` challenge with the new password, and returns what Cognito
   * answers next. In a pool that requires MFA that is the `MFA_SETUP` challenge with its session
   * (the client then associates and verifies a TOTP app); otherwise it is the tokens. A completed
   * first sign-in is audited (`FIRST_SIGN_IN_COMPLETED`, actor `self`).
   *
   * @param username - The user's email.
   * @param tempPassword - The temporary password from the invitation email.
   * @param newPassword - The password the user chose; Cognito enforces the pool's policy.
   * @param caller - Where the attempt comes from (IP, user agent), passed to Cognito's threat protection and audited.
   * @returns Tokens, or the next challenge's name and session.
   * @throws {InvalidCredentialsError} Wrong or expired temporary password, or unknown user (indistinguishable, 401).
   * @throws {InvalidUserStateError} The account has no pending temporary password (409).
   * @throws {InvalidPasswordError} The new password does not meet the policy (400).
   * @throws {TooManyRequestsError} Cognito or DynamoDB throttled the call (429).
   * @throws {DependencyUnavailableError} Cognito or DynamoDB failed or timed out (503).
   */
  async function handleNewPasswordChallenge(
    username: string,
    tempPassword: string,
    newPassword: string,
    caller: CallerContext & AuditSource,
  ): Promise<AuthOutcome> {
    // The owner is looked up alongside the sign-in (one round), whatever the credentials: same work for every caller.
    const [first, userId] = await Promise.all([identity.passwordAuth(username, tempPassword, caller), users.findUserIdByEmail(username)]);
    if (first.kind !== 'challenge' || first.challengeName !== 'NEW_PASSWORD_REQUIRED') {
      throw new InvalidUserStateError('This account has no pending temporary password; sign in normally.');
    }
    const outcome = await identity.respondToNewPasswordChallenge(username, newPassword, first.session);
    if (userId !== undefined) await appendAuditRecord(deps, caller, { event: 'FIRST_SIGN_IN_COMPLETED', actor: SELF_ACTOR, userId });
    return outcome;
  }

  return { handleNewPasswordChallenge };
}
