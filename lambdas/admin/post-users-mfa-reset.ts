import { type AuditDeps, auditRecord, byAdmin, writeAuditRecord } from '../audit/audit-records';
import { type AdoptionRefusal, judgeRecoveryCandidate } from '../identity/adoption-policy';
import type { MfaRecoveryStrategy } from '../mfa-recovery/post-mfa-recovery-confirm';
import { RecoveryBlockedError } from '../mfa-recovery/recovery-errors';
import { NOTHING_TO_COPY, type RecreateDeps, type RecreateStep, recreateCognitoUser, UNCOPYABLE } from '../mfa-recovery/recreate-cognito-user';
import { type FactorResetIdentity, resetFactorInPlace } from '../mfa-recovery/reset-factor-in-place';
import type { AdminDirectory } from '../ports/admin-directory';
import type { ActingAdmin } from '../ports/audit-trail';
import type { BusinessMetrics } from '../ports/business-metrics';
import type { IdentityProvider } from '../ports/identity-provider';
import type { Mailer } from '../ports/mailer';
import type { AttemptLimit, RateLimiter } from '../ports/rate-limiter';
import type { CognitoUserSnapshot } from '../ports/recovery-token-store';
import type { UserRecord, UserRepository } from '../ports/user-repository';
import { InvalidUserStateError, OperationNotEnabledError, SelfActionError, TooManyRequestsError, UserNotFoundError } from '../shared/errors';
import { sendNotice } from '../shared/notice';
import type { RandomBytes } from '../shared/runtime';
import { allOrFirstError, allValuesOrFirstError } from '../shared/settle';
import { mfaResetNotice } from './mfa-reset-notice';

/** MFA resets of one user (whoever asks): each emails a temporary password, so a few an hour fix any mistake. */
export const MFA_RESET_LIMIT_PER_TARGET: AttemptLimit = { max: 3, windowSeconds: 3600 };
/** MFA resets by one admin: enough for a busy support day, too few for a stolen admin session to reset everyone. */
export const MFA_RESET_LIMIT_PER_ADMIN: AttemptLimit = { max: 10, windowSeconds: 3600 };

/** The ports an admin MFA reset runs over. */
export interface PostUsersMfaResetDeps extends AuditDeps {
  readonly users: Pick<UserRepository, 'findUser' | 'saveRecreateSnapshot' | 'relinkCognitoUser'>;
  readonly directory: Pick<AdminDirectory, 'findAdmin' | 'markInvited'>;
  readonly identity: FactorResetIdentity & RecreateDeps['identity'] & Pick<IdentityProvider, 'findUser'>;
  readonly limiter: RateLimiter;
  readonly mailer: Mailer;
  readonly metrics: Pick<BusinessMetrics, 'refused'>;
  readonly randomBytes: RandomBytes;
  /** As MFA recovery's confirm (MFA_RECOVERY_STRATEGY): `recreate` where AdminDeleteSoftwareToken is not offered. */
  readonly strategy: MfaRecoveryStrategy;
}

/** Why a reset is refused before anything changes: the adoption policy's reasons, a missing Cognito user, or (recreate) one that cannot be copied. */
type ResetRefusal = AdoptionRefusal | 'cognito-user-missing' | 'uncopyable';

/** What the admin is told for each refusal. */
const REFUSALS: Partial<Record<ResetRefusal, string>> = {
  uncopyable: "This user's sign-in account has attributes that cannot be copied (a federated link), so it cannot be replaced. Nothing was changed.",
  'cognito-user-missing': 'This user has no sign-in account in Cognito, so there is no MFA to reset. Nothing was changed.',
  'other-account': "This user's sign-in account belongs to another user in Cognito. Nothing was changed; an operator must resolve it.",
  'email-mismatch': "This user's email in Cognito no longer matches our records. Nothing was changed; an operator must resolve the difference first.",
  disabled: "This user's sign-in account is disabled in Cognito. Nothing was changed; enable it first if the user should sign in again.",
};

/** Builds the admin MFA-reset flow over the given ports. */
export function postUsersMfaResetFlows(deps: PostUsersMfaResetDeps) {
  const { users, directory, identity, limiter, metrics, logger, strategy } = deps;

  /**
   * An admin resets another user's (admin or practitioner) authenticator with MFA recovery's strategy
   * (MFA_RECOVERY_STRATEGY). `reset`: in place (resetFactorInPlace: old password, factor and sessions
   * gone, invitation with a temporary password emailed; `sub`, user id and groups kept). `recreate`,
   * where AdminDeleteSoftwareToken is not offered: the Cognito user is replaced by a faithful copy
   * (recreateCognitoUser: the same user id, attributes and groups, enabled; a new `sub`; Cognito emails
   * the invitation) and the user relinked to it.
   *
   * Decide first, then act: the limits, the user and their Cognito user are read, and the adoption
   * policy asked as MFA recovery asks it (the Cognito user must carry this user's id and email and be
   * enabled), before anything changes; a refusal leaves the account exactly as it was. For an admin,
   * the invitation time is written before the first change to Cognito (with the lock; with the
   * recreate's snapshot), so GET /admins asks Cognito (and shows them re-invited) from then on,
   * whatever becomes of the audit record. Then it is audited (ADMIN_MFA_RESET with the reason and the
   * strategy) and the user is told by email, together: both follow a reset that already happened, so
   * their failures become alerts, not errors. Calling again after a failure converges.
   *
   * @param userId - The user whose MFA to reset (never the caller's own).
   * @param reason - Why (1-500 characters), for the audit trail.
   * @throws {SelfActionError} CANNOT_RESET_OWN_MFA (409).
   * @throws {TooManyRequestsError} Over MFA_RESET_LIMIT_PER_TARGET or MFA_RESET_LIMIT_PER_ADMIN, or AWS throttled (429).
   * @throws {UserNotFoundError} No user has this id (404).
   * @throws {InvalidUserStateError} A deactivated admin, a Cognito user the policy refuses (missing, drifted, disabled,
   *   not copyable), or a recreate blocked half-way (alert AdminMfaResetBlocked) (409).
   * @throws {OperationNotEnabledError} / {DependencyUnavailableError} Cognito or DynamoDB failed; call again.
   */
  async function postUsersMfaReset(userId: string, reason: string, requestedBy: ActingAdmin): Promise<void> {
    if (userId === requestedBy.userId) throw new SelfActionError('CANNOT_RESET_OWN_MFA', 'You cannot reset your own MFA; ask another admin.');
    const [targetAllowed, adminAllowed, user, admin] = await allValuesOrFirstError([
      limiter.tryAttempt('admin-mfa-reset-target', userId, MFA_RESET_LIMIT_PER_TARGET),
      limiter.tryAttempt('admin-mfa-reset-admin', requestedBy.userId, MFA_RESET_LIMIT_PER_ADMIN),
      users.findUser(userId),
      directory.findAdmin(userId),
    ] as const);
    if (!targetAllowed || !adminAllowed) {
      logger.warn('admin MFA reset over the attempt limit', { userId, limit: targetAllowed ? 'admin' : 'target', actor: requestedBy.userId });
      metrics.refused('rate-limited');
      throw new TooManyRequestsError();
    }
    if (!user) throw new UserNotFoundError();
    if (admin?.accountStatus === 'DEACTIVATED') throw new InvalidUserStateError('This admin is deactivated; reactivate them first.');

    const at = deps.clock();
    // The list trusts a sign-in only if it is later than the last invitation: from here it asks Cognito.
    const markInvited = admin ? () => directory.markInvited(userId, at.toISOString()) : async () => {};
    const onStep = (step: string) => logger.info('admin MFA reset step', { userId, strategy, step });
    if (strategy === 'recreate') await recreate(user, markInvited, at, onStep);
    else await resetInPlace(user, markInvited, onStep);
    logger.info('admin MFA reset done', { userId, role: user.role, strategy });

    const record = auditRecord(() => at, requestedBy, { event: 'ADMIN_MFA_RESET', ...byAdmin(requestedBy), userId, details: { reason, strategy } });
    await Promise.all([writeAuditRecord(deps, record, (entry) => deps.audit.append(entry)), noticeReset(user)]);
  }

  /**
   * The `reset` strategy. Where Cognito does not offer AdminDeleteSoftwareToken (a replica region)
   * no retry can help: an operator is alerted to deploy with `recreate`, after which calling again
   * converges (the answer stays the 503 of a dependency that failed).
   */
  async function resetInPlace(user: UserRecord, markInvited: () => Promise<void>, onStep: (step: string) => void): Promise<void> {
    try {
      await resetFactorInPlace(deps, user.cognitoUsername, { guard: () => assertResettable(user), withLock: markInvited, onStep });
    } catch (error) {
      if (error instanceof OperationNotEnabledError) {
        logger.error('admin MFA reset blocked', {
          alert: 'AdminMfaResetBlocked',
          userId: user.userId,
          reason: `${error.operation} is not enabled for this pool (replica region?)`,
          repair: 'Deploy with mfaRecoveryStrategy=recreate (docs/mfa-recovery.md, Strategies), then reset this user again.',
          error,
        });
      }
      throw error;
    }
  }

  /** The adoption policy on a fresh read of the user's Cognito user. @throws {InvalidUserStateError} with what the admin must know. */
  async function assertResettable(user: UserRecord): Promise<void> {
    const current = await identity.findUser(user.cognitoUsername);
    const decision = current ? judgeRecoveryCandidate(current, { userId: user.userId, account: user }) : undefined;
    if (decision?.adopt) return;
    refuse(user, decision ? decision.refusal : 'cognito-user-missing');
  }

  /**
   * The `recreate` strategy. recreateCognitoUser asks the adoption policy in its `read` step, before
   * anything changes (a refusal there is the admin's 409, nothing changed). The snapshot is saved on
   * the User (with the admin's invitation time) before the delete, so calling again after any later
   * failure continues from it; the relink drops it. A refusal after the delete is half-way: the admin
   * is told and an operator alerted (AdminMfaResetBlocked).
   */
  async function recreate(user: UserRecord, markInvited: () => Promise<void>, at: Date, onStep: (step: string) => void): Promise<void> {
    let step: RecreateStep | 'relink' = 'read';
    const enter = (next: RecreateStep | 'relink') => {
      step = next;
      onStep(next);
    };
    const saveSnapshot = (snapshot: CognitoUserSnapshot) =>
      allOrFirstError([users.saveRecreateSnapshot(user.userId, user.cognitoUsername, snapshot), markInvited()]);
    try {
      // The user was read in this request's first round; the relink's condition catches a change since.
      const thisUser = { findUser: async () => user };
      const link = await recreateCognitoUser({ identity, users: thisUser, saveSnapshot }, { ...user, snapshot: user.recreateSnapshot }, enter);
      enter('relink');
      await users.relinkCognitoUser(user.userId, user.cognitoUsername, link, at);
    } catch (error) {
      if (!(error instanceof RecoveryBlockedError)) throw error;
      if (step === 'read') refuse(user, refusalOf(error.reason), error.reason);
      logger.error('admin MFA reset blocked half-way', {
        alert: 'AdminMfaResetBlocked',
        userId: user.userId,
        cognitoUsername: user.cognitoUsername,
        failedStep: step,
        reason: error.reason,
        repair:
          "The old Cognito user is deleted and its copy (recreateSnapshot on the User item) is saved. Inspect the Cognito user holding this user's email, resolve it by hand, then reset again.",
      });
      metrics.refused('admin-mfa-reset-blocked');
      throw new InvalidUserStateError(
        "This user's sign-in account was removed but could not be replaced safely. An operator has been alerted; the user cannot sign in until it is resolved.",
        error,
      );
    }
  }

  /** Refuses a reset before anything changed. @throws {InvalidUserStateError} with what the admin must know. */
  function refuse(user: UserRecord, refusal: ResetRefusal | undefined, detail?: string): never {
    logger.warn('admin MFA reset refused: the Cognito user may not be reset', {
      userId: user.userId,
      reason: refusal ?? detail,
      cognitoUsername: user.cognitoUsername,
    });
    metrics.refused(`admin-mfa-reset-${refusal ?? 'blocked'}`);
    throw new InvalidUserStateError((refusal && REFUSALS[refusal]) ?? 'This user cannot have their MFA reset. Nothing was changed.');
  }

  function noticeReset(user: UserRecord): Promise<void> {
    return sendNotice(deps, mfaResetNotice(user.email), {
      alert: 'MfaResetNoticeNotSent',
      userId: user.userId,
      repair: 'Tell the user their MFA was reset (the Cognito invitation with the temporary password was sent).',
    });
  }

  return { postUsersMfaReset };
}

/** The refusal a recreate's `read` step reported (it changed nothing), in the admin's terms. */
function refusalOf(reason: string): ResetRefusal | undefined {
  if (reason === NOTHING_TO_COPY) return 'cognito-user-missing';
  if (reason.startsWith(UNCOPYABLE)) return 'uncopyable';
  return reason in REFUSALS ? (reason as ResetRefusal) : undefined;
}
