import { type AuditDeps, auditRecord, byAdmin, writeAuditRecord } from '../audit/audit-records';
import type { ActingAdmin } from '../ports/audit-trail';
import { resetFactorInPlace } from '../mfa-recovery/reset-factor-in-place';
import type { AdminDirectory } from '../ports/admin-directory';
import type { IdentityProvider } from '../ports/identity-provider';
import type { Mailer } from '../ports/mailer';
import type { UserRepository } from '../ports/user-repository';
import { InvalidUserStateError, SelfActionError, UserNotFoundError } from '../shared/errors';
import type { RandomBytes } from '../shared/runtime';
import { mfaResetNotice } from './mfa-reset-notice';

/** The ports an admin MFA reset runs over. */
export interface UserMfaResetDeps extends AuditDeps {
  readonly users: Pick<UserRepository, 'findUser'>;
  readonly directory: Pick<AdminDirectory, 'findAdmin' | 'recordInvitation'>;
  readonly identity: Pick<IdentityProvider, 'setTemporaryPassword' | 'signOutEverywhere' | 'deleteSoftwareToken' | 'resendInvitation'>;
  readonly mailer: Mailer;
  readonly randomBytes: RandomBytes;
}

/** Builds the admin MFA-reset flow over the given ports. */
export function userMfaReset(deps: UserMfaResetDeps) {
  const { users, directory, mailer, logger } = deps;

  /**
   * An admin resets another user's (admin or practitioner) authenticator with the same in-place reset
   * as MFA recovery (resetFactorInPlace: old password, factor and sessions gone, invitation with a
   * temporary password emailed; `sub`, user id and groups kept). Then it is audited (ADMIN_MFA_RESET
   * with the reason; for an admin together with the new invitation time) and the user is told by
   * email. Both follow a reset that already happened, so their failures become alerts, not errors.
   * Calling again after a failure converges.
   *
   * @param userId - The user whose MFA to reset (never the caller's own).
   * @param reason - Why (1-500 characters), for the audit trail.
   * @throws {SelfActionError} CANNOT_RESET_OWN_MFA (409).
   * @throws {UserNotFoundError} No user has this id, or their Cognito user is gone (404).
   * @throws {InvalidUserStateError} The user is a deactivated admin (409).
   * @throws {OperationNotEnabledError} / {TooManyRequestsError} / {DependencyUnavailableError} Cognito failed; call again.
   */
  async function resetUserMfa(userId: string, reason: string, requestedBy: ActingAdmin): Promise<void> {
    if (userId === requestedBy.userId) throw new SelfActionError('CANNOT_RESET_OWN_MFA', 'You cannot reset your own MFA; ask another admin.');
    const [user, admin] = await Promise.all([users.findUser(userId), directory.findAdmin(userId)]);
    if (!user) throw new UserNotFoundError();
    if (admin?.accountStatus === 'DEACTIVATED') throw new InvalidUserStateError('This admin is deactivated; reactivate them first.');

    await resetFactorInPlace(deps, user.cognitoUsername, { onStep: (step) => logger.info('admin MFA reset step', { userId, step }) });
    logger.info('admin MFA reset done', { userId, role: user.role });

    const record = auditRecord(deps.clock, requestedBy, { event: 'ADMIN_MFA_RESET', ...byAdmin(requestedBy), userId, details: { reason } });
    await writeAuditRecord(deps, record, (entry) => (admin ? directory.recordInvitation(userId, entry) : deps.audit.append(entry)));
    try {
      await mailer.send(mfaResetNotice(user.email));
    } catch (error) {
      logger.error('MFA reset notice not sent', {
        alert: 'MfaResetNoticeNotSent',
        userId,
        repair: 'Tell the user their MFA was reset (the Cognito invitation with the temporary password was sent).',
        error: error as Error,
      });
    }
  }

  return { resetUserMfa };
}
