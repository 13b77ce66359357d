import { judgeRecoveryCandidate } from '../identity/adoption-policy';
import type { RefusalReason } from '../ports/business-metrics';
import type { CallerContext, IdentityProvider, IdentityUser } from '../ports/identity-provider';
import type { UserRecord } from '../ports/user-repository';
import { InvalidCredentialsError } from '../shared/errors';
import type { AppLogger } from '../shared/logger';
import type { Clock } from '../shared/runtime';
import { coolingOffUntil } from './cooling-off';

/**
 * What both self-serve recovery routes (a link by license data, a saved recovery code) ask before
 * they act on an account: is the password right, and may this account be recovered now.
 */

/** Cognito's answers to a correct password in an MFA pool: the password is proven, the second factor is what is lost. */
const PASSWORD_PROVEN_CHALLENGES = new Set(['SOFTWARE_TOKEN_MFA', 'SMS_MFA', 'EMAIL_OTP', 'SELECT_MFA_TYPE', 'MFA_SETUP']);

/** A user id no real user has: unknown emails still do the same reads (same work shape). */
export const NO_SUCH_USER = '00000000-0000-0000-0000-000000000000';

export type PasswordVerdict = 'proven' | 'wrong-password' | 'not-eligible';

/** Why either route refused before anything changed, for logs and tests only: the caller always gets the same answer. */
export type AccountProofRefusal = 'rate-limited' | 'no-match' | Exclude<PasswordVerdict, 'proven'> | 'blocked' | 'cooling-off';

/** The business-metric refusal each account-proof refusal counts as, for both routes. */
export const ACCOUNT_PROOF_REFUSAL_METRIC: Readonly<Record<AccountProofRefusal, RefusalReason>> = {
  'rate-limited': 'rate-limited',
  'no-match': 'recovery-no-match',
  'wrong-password': 'recovery-wrong-password',
  'not-eligible': 'recovery-not-eligible',
  blocked: 'recovery-blocked',
  'cooling-off': 'recovery-cooling-off',
};

/**
 * First leg of a password sign-in, server to server: any MFA challenge (or tokens) proves the
 * password. `not-eligible`: the password led elsewhere (e.g. NEW_PASSWORD_REQUIRED: an invitation
 * never completed has no MFA to recover).
 * @throws {DependencyUnavailableError | TooManyRequestsError} Cognito failed.
 */
export async function provePassword(
  deps: { readonly identity: Pick<IdentityProvider, 'passwordAuth'>; readonly logger: AppLogger },
  user: Pick<UserRecord, 'userId' | 'cognitoUsername'>,
  password: string,
  caller: CallerContext,
): Promise<PasswordVerdict> {
  try {
    const outcome = await deps.identity.passwordAuth(user.cognitoUsername, password, caller);
    if (outcome.kind === 'tokens' || PASSWORD_PROVEN_CHALLENGES.has(outcome.challengeName)) return 'proven';
    deps.logger.info('mfa recovery refused for the account state', { userId: user.userId, challengeName: outcome.challengeName });
    return 'not-eligible';
  } catch (error) {
    if (error instanceof InvalidCredentialsError) {
      deps.logger.info('mfa recovery with a wrong password', { userId: user.userId });
      return 'wrong-password';
    }
    throw error;
  }
}

/**
 * After the password is proven, before anything changes: whether this account may not be recovered
 * now, and why. `blocked`: the Cognito user is not the account's to recover (an operator alert,
 * raised only for a caller who proved the password, so strangers cannot raise alerts);
 * `cooling-off`: a password reset by email within `coolingOffMs` (whoever reads the mailbox can
 * reset the password, so the mailbox plus a second proof must not also reset the authenticator).
 * Each refusal is logged; `undone` says in the alert's repair what was not done (e.g. "no link was sent").
 */
export function judgeProvenAccount(
  deps: { readonly clock: Clock; readonly logger: AppLogger },
  user: UserRecord,
  cognitoUser: IdentityUser | undefined,
  context: { readonly coolingOffMs: number; readonly sourceIp: string; readonly undone: string },
): 'blocked' | 'cooling-off' | undefined {
  const blocked = recoveryBlockReason(user, cognitoUser);
  if (blocked) {
    deps.logger.error('mfa recovery blocked', {
      alert: 'MfaRecoveryBlocked',
      userId: user.userId,
      reason: blocked,
      repair: `Compare the Cognito user with the database user by hand and reconcile them; ${context.undone}.`,
    });
    return 'blocked';
  }
  const until = coolingOffUntil(user, deps.clock(), context.coolingOffMs);
  if (until) {
    deps.logger.warn('mfa recovery refused: a password reset by email is cooling off', {
      userId: user.userId,
      lastPasswordResetAt: user.lastPasswordResetAt,
      until: until.toISOString(),
      sourceIp: context.sourceIp,
    });
    return 'cooling-off';
  }
  return undefined;
}

/**
 * Why the Cognito user must not be recovered from this database user, if it must not: the
 * adoption policy's refusal (another account's, another email: a notice would go to, and recovery
 * keep, an address the database no longer agrees on; disabled), or no Cognito user at all.
 */
function recoveryBlockReason(user: UserRecord, cognitoUser: IdentityUser | undefined): string | undefined {
  if (!cognitoUser) return 'Cognito user missing';
  const decision = judgeRecoveryCandidate(cognitoUser, { userId: user.userId, account: user });
  return decision.adopt ? undefined : decision.refusal;
}
