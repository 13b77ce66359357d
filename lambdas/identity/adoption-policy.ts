import type { BusinessMetrics } from '../ports/business-metrics';
import type { IdentityProvider, IdentityUser } from '../ports/identity-provider';
import type { UserRecord, UserRepository } from '../ports/user-repository';
import { InvalidUserStateError, type UserAlreadyExistsError } from '../shared/errors';
import type { AppLogger } from '../shared/logger';
import type { Clock } from '../shared/runtime';

/**
 * The one policy deciding whether a flow may take over (adopt, change or delete) a Cognito user it
 * did not create in this very call. Provisioning and seeding ask it when their create meets an
 * existing user; MFA recovery asks it before it replaces an account's Cognito user. A user that
 * belongs to a database user, has chosen a password, is disabled or may be a concurrent request's is
 * never taken over: everything else is a 409 that changes nothing.
 */

/**
 * A leftover is only adopted once it is older than this: longer than a provisioning function may
 * run, so a concurrent request that created it (and may still be rolling it back) has finished.
 */
export const ADOPTION_WINDOW_MS = 60_000;

/** Why a Cognito user may not be taken over; logged as `reason` on the `warn` record. */
export type AdoptionRefusal =
  /** No `custom:userId`: not created by our flows. */
  | 'no-user-id'
  /** Its email is not the one asked for (or the account's). */
  | 'email-mismatch'
  | 'disabled'
  /** No longer FORCE_CHANGE_PASSWORD: somebody chose a password for it. */
  | 'password-set'
  /** The email already belongs to a database user. */
  | 'email-taken'
  /** A database user has its `custom:userId`: it is that account's. */
  | 'belongs-to-database-user'
  /** Younger than the window (or of unknown age): possibly a concurrent request's. */
  | 'too-recent'
  /** Recovery: it carries the `custom:userId` of another account. */
  | 'other-account'
  /** Recovery: the account being recovered has no database user. */
  | 'database-user-missing';

/** Why a Cognito user may be taken over. */
export type AdoptionBasis =
  /** The caller's own create landed, its answer was lost and the SDK's retry saw the user exist. */
  | 'created-by-this-call'
  /** Left by an earlier creation whose compensation failed: nobody owns or has used it. */
  | 'interrupted-creation'
  /** The Cognito user of the very account MFA recovery is recovering. */
  | 'account-being-recovered';

export type AdoptionDecision = { readonly adopt: true; readonly basis: AdoptionBasis } | { readonly adopt: false; readonly refusal: AdoptionRefusal };

/** What a new account's creation knows when Cognito says its email is taken. */
export interface NewAccountFacts {
  /** The normalized email being created. */
  readonly email: string;
  /** The `custom:userId` this call generated and sent with its create. */
  readonly createdUserId: string;
  /** The database user owning the email, if any. */
  readonly emailOwner: string | undefined;
  readonly now: Date;
  /** Whether a database user has this id (asked only when no cheaper rule decided). */
  readonly databaseUserExists: (userId: string) => Promise<boolean>;
}

const refuse = (refusal: AdoptionRefusal): AdoptionDecision => ({ adopt: false, refusal });

/**
 * Case "new account" (provisioning, seeding): may the Cognito user holding the email being created be
 * adopted? Our own landed create always may; any other user only if it carries a `custom:userId`
 * that no database user has, has this email, is enabled, still FORCE_CHANGE_PASSWORD and older than
 * the window.
 */
export async function judgeNewAccountCandidate(candidate: IdentityUser, facts: NewAccountFacts): Promise<AdoptionDecision> {
  if (!candidate.userId) return refuse('no-user-id');
  if (candidate.email !== facts.email) return refuse('email-mismatch');
  const untouched = candidate.enabled && candidate.status === 'FORCE_CHANGE_PASSWORD';
  if (untouched && candidate.userId === facts.createdUserId) return { adopt: true, basis: 'created-by-this-call' };
  // Ownership is asked before the user's own state, so the warn record says whose it is.
  if (facts.emailOwner !== undefined) return refuse('email-taken');
  if (await facts.databaseUserExists(candidate.userId)) return refuse('belongs-to-database-user');
  if (!candidate.enabled) return refuse('disabled');
  if (candidate.status !== 'FORCE_CHANGE_PASSWORD') return refuse('password-set');
  if (!candidate.createdAt || facts.now.getTime() - candidate.createdAt.getTime() < ADOPTION_WINDOW_MS) return refuse('too-recent');
  return { adopt: true, basis: 'interrupted-creation' };
}

/**
 * Case "account being recovered" (MFA recovery): may `candidate` be deleted and replaced, or adopted
 * as the replacement, for the account `userId`? Only if that account's database user exists and the
 * Cognito user carries its `custom:userId` and its email, and is enabled (a disabled account is not
 * re-enabled by recovering it).
 */
export function judgeRecoveryCandidate(candidate: IdentityUser, recovered: { userId: string; account: UserRecord | undefined }): AdoptionDecision {
  if (!recovered.account || recovered.account.userId !== recovered.userId) return refuse('database-user-missing');
  if (candidate.userId !== recovered.userId) return refuse('other-account');
  if (candidate.email !== recovered.account.email) return refuse('email-mismatch');
  if (!candidate.enabled) return refuse('disabled');
  return { adopt: true, basis: 'account-being-recovered' };
}

/** The ports the new-account case looks its facts up with. */
export interface NewAccountAdoptionDeps {
  readonly identity: Pick<IdentityProvider, 'findUser'>;
  readonly users: Pick<UserRepository, 'findUserIdByEmail' | 'findUser'>;
  readonly clock: Clock;
  readonly logger: AppLogger;
  readonly metrics: Pick<BusinessMetrics, 'refused'>;
}

/** A Cognito user the caller may continue with, and why. */
export interface AdoptedUser {
  readonly user: IdentityUser & { readonly userId: string };
  readonly basis: AdoptionBasis;
}

/**
 * After a create answered UsernameExistsException: looks up the Cognito user holding `email` and the
 * database's owner of the email (together), applies the new-account case, and returns the user to
 * continue with. A refusal is logged (`warn`, with its reason) and thrown; nothing is changed.
 *
 * @throws {UserAlreadyExistsError} The user is not ours to take (`conflict`, the create's own error).
 * @throws {InvalidUserStateError} It may be a concurrent request's: retry in a minute.
 * @throws {TooManyRequestsError | DependencyUnavailableError} A look-up failed.
 */
export async function adoptOnCreateConflict(
  deps: NewAccountAdoptionDeps,
  request: { email: string; createdUserId: string },
  conflict: UserAlreadyExistsError,
): Promise<AdoptedUser> {
  const { identity, users, clock, logger, metrics } = deps;
  const [candidate, emailOwner] = await Promise.all([identity.findUser(request.email), users.findUserIdByEmail(request.email)]);
  // Gone again since the create: someone deleted it; the caller's retry creates a new one.
  if (!candidate) throw conflict;
  const decision = await judgeNewAccountCandidate(candidate, {
    ...request,
    emailOwner,
    now: clock(),
    databaseUserExists: async (userId) => (await users.findUser(userId)) !== undefined,
  });
  if (decision.adopt) {
    logger.info('adopting an existing cognito user', { basis: decision.basis, userId: candidate.userId, cognitoUsername: candidate.username });
    return { user: candidate as AdoptedUser['user'], basis: decision.basis };
  }
  logger.warn('existing cognito user not adopted', {
    reason: decision.refusal,
    // A user our flows did not create needs a person to look at it.
    alert: decision.refusal === 'no-user-id' ? 'UnlinkedCognitoUser' : undefined,
    cognitoUsername: candidate.username,
    userId: candidate.userId,
  });
  metrics.refused(`adoption-${decision.refusal}`);
  if (decision.refusal === 'too-recent') throw new InvalidUserStateError('This email is being provisioned right now. Try again in a minute.');
  throw conflict;
}
