import type { IdentityProvider } from '../ports/identity-provider';
import type { RandomBytes } from '../shared/runtime';
import { allOrFirstError } from '../shared/settle';

/** The identity-provider calls an in-place factor reset makes. */
export type FactorResetIdentity = Pick<IdentityProvider, 'setTemporaryPassword' | 'signOutEverywhere' | 'deleteSoftwareToken' | 'resendInvitation'>;

export interface FactorResetDeps {
  readonly identity: FactorResetIdentity;
  readonly randomBytes: RandomBytes;
}

/** The rounds of the reset, as named in alerts and the fault matrix (`factor`: round 2 when the password is kept). */
export type FactorResetStep = 'guard' | 'lock' | 'reinvite' | 'factor';

/**
 * resetFactorInPlace: resets a Cognito user's second factor without touching anything else it has
 * (`sub`, `custom:userId`, groups, attributes, enabled flag). Afterwards its old password, its TOTP
 * factor and its sessions are gone, and Cognito has emailed it an invitation with a temporary
 * password; the next sign-in is temporary password -> new password -> MFA_SETUP.
 *
 * Decide first, then act: the caller's `guard` (e.g. the adoption policy on fresh reads of the user)
 * runs alone, before anything changes, so a refused reset leaves the account exactly as it was
 * (its password, state, sessions and factor), however often it is retried.
 *
 * Then two rounds, ordered so that every point of failure leaves a safe state (nobody but the
 * mailbox owner can get in) from which calling again converges:
 * 1. `lock`: a random temporary password nobody ever learns (the old password stops working) and a
 *    global sign-out (refresh tokens revoked), concurrently: each is safe alone.
 * 2. `reinvite`: delete the TOTP factor and re-send the invitation (Cognito generates and emails a
 *    new temporary password; RESEND requires the FORCE_CHANGE_PASSWORD state round 1 set),
 *    concurrently. The factor goes only once the old password is dead: a user with a known password
 *    and no factor would let whoever knows that password enrol their own authenticator.
 *
 * With `keepPassword` (the caller has just proven the password and a second secret, a saved recovery
 * code) the password stays and nothing is emailed: round 1 only signs out everywhere, round 2 only
 * deletes the factor, and the next sign-in with the same password answers MFA_SETUP. Sign-out comes
 * first, so no failure leaves an account without its factor whose old sessions live on.
 *
 * The calls of a round are all awaited before an error is thrown, so no call is still in flight.
 * Shared by MFA recovery (a link, a recovery code) and by the admin MFA reset.
 *
 * @param username - The Cognito username (never the email: the email alias may have moved).
 * @param options.guard - The caller's decision, run before any change (e.g. the adoption policy on
 *   a fresh read of the user); if it rejects, nothing is changed.
 * @param options.withLock - A write of the caller's that belongs to the change (e.g. the admin list's
 *   invitation time), run concurrently with round 1, after the guard: a refused reset writes nothing.
 * @param options.keepPassword - Keep the password and send no invitation (see above).
 * @param options.onStep - Told each round as it starts (for the caller's alerts).
 * @throws {UserNotFoundError} The Cognito user is gone.
 * @throws {OperationNotEnabledError} AdminDeleteSoftwareToken is not offered here (replica region).
 * @throws {DependencyUnavailableError | TooManyRequestsError} Cognito failed; calling again converges.
 */
export async function resetFactorInPlace(
  deps: FactorResetDeps,
  username: string,
  options: {
    readonly guard?: () => Promise<void>;
    readonly withLock?: () => Promise<void>;
    readonly keepPassword?: boolean;
    readonly onStep?: (step: FactorResetStep) => void;
  } = {},
): Promise<void> {
  const { identity, randomBytes } = deps;
  const { guard = async () => {}, withLock = async () => {}, keepPassword = false, onStep = () => {} } = options;
  onStep('guard');
  await guard();
  onStep('lock');
  const newPassword = keepPassword ? [] : [identity.setTemporaryPassword(username, randomTemporaryPassword(randomBytes))];
  await allOrFirstError([...newPassword, identity.signOutEverywhere(username), withLock()]);
  onStep(keepPassword ? 'factor' : 'reinvite');
  await allOrFirstError([identity.deleteSoftwareToken(username), ...(keepPassword ? [] : [identity.resendInvitation(username)])]);
}

/**
 * A password that satisfies any Cognito policy (lower, upper, digit, symbol, 36 characters) with
 * 192 random bits. Nobody ever sees it: RESEND replaces it with the one Cognito emails.
 */
function randomTemporaryPassword(randomBytes: RandomBytes): string {
  return `${randomBytes(24).toString('base64url')}aA1!`;
}
