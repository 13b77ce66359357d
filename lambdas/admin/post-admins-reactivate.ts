import { type AuditDeps, auditRecord, byAdmin } from '../audit/audit-records';
import type { AdminDirectory } from '../ports/admin-directory';
import type { ActingAdmin } from '../ports/audit-trail';
import type { IdentityProvider } from '../ports/identity-provider';
import { InvalidUserStateError, SelfActionError } from '../shared/errors';
import { existingAdmin } from './existing-admin';

/** The ports reactivation runs over. */
export interface PostAdminsReactivateDeps extends Pick<AuditDeps, 'clock' | 'logger'> {
  readonly directory: Pick<AdminDirectory, 'findAdmin' | 'reactivate'>;
  readonly identity: Pick<IdentityProvider, 'enableUser'>;
}

/** Builds the flow of POST /admins/{userId}/reactivate over the given ports. */
export function postAdminsReactivateFlows(deps: PostAdminsReactivateDeps) {
  const { directory, identity, clock, logger } = deps;

  /**
   * Reactivates an admin the database says is DEACTIVATED, and only such an admin: a Cognito user
   * disabled by other means (the console) is not ours to re-enable here, and nobody reactivates
   * themselves. Decided on the database's word, then AdminEnableUser, then the database (status
   * ACTIVE, one more active admin, the audit record: one transaction). Until that transaction lands
   * the admin check still refuses the admin, whatever Cognito says; calling again (the database
   * still says DEACTIVATED) enables again, which is idempotent, and writes it with its one record.
   *
   * @throws {SelfActionError} CANNOT_REACTIVATE_SELF (409).
   * @throws {UserNotFoundError} No admin has this id (404).
   * @throws {InvalidUserStateError} The database does not say the admin is deactivated (409): nothing changed.
   * @throws {TooManyRequestsError} / {DependencyUnavailableError} AWS throttled or failed; call again.
   */
  async function postAdminsReactivate(userId: string, requestedBy: ActingAdmin): Promise<void> {
    if (userId === requestedBy.userId) throw new SelfActionError('CANNOT_REACTIVATE_SELF', 'You cannot reactivate yourself; ask another admin.');
    const admin = await existingAdmin(directory, userId);
    if (admin.accountStatus !== 'DEACTIVATED') throw new InvalidUserStateError('This admin is not deactivated; there is nothing to reactivate.');
    await identity.enableUser(admin.cognitoUsername);
    try {
      // `false`: a concurrent reactivation wrote it (with its own record) since our read.
      await directory.reactivate(userId, auditRecord(clock, requestedBy, { event: 'ADMIN_REACTIVATED', ...byAdmin(requestedBy), userId }));
    } catch (error) {
      logger.error('admin enabled in Cognito but not reactivated in the database', {
        alert: 'AdminReactivationIncomplete',
        userId,
        error: error as Error,
        repair: `Admin routes still refuse this admin and no record says who enabled them. Call POST /admins/${userId}/reactivate again (it completes and audits), or disable the Cognito user.`,
      });
      throw error;
    }
    logger.info('admin reactivated', { userId });
  }

  return { postAdminsReactivate };
}
