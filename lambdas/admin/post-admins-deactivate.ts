import { type AuditDeps, auditRecord, byAdmin } from '../audit/audit-records';
import type { AdminDirectory } from '../ports/admin-directory';
import type { ActingAdmin } from '../ports/audit-trail';
import type { IdentityProvider } from '../ports/identity-provider';
import { SelfActionError } from '../shared/errors';
import { allOrFirstError } from '../shared/settle';
import { existingAdmin } from './existing-admin';

/** The ports deactivation runs over. */
export interface PostAdminsDeactivateDeps extends Pick<AuditDeps, 'clock' | 'logger'> {
  readonly directory: Pick<AdminDirectory, 'findAdmin' | 'deactivate'>;
  readonly identity: Pick<IdentityProvider, 'disableUser' | 'signOutEverywhere'>;
}

/** Builds the flow of POST /admins/{userId}/deactivate over the given ports. */
export function postAdminsDeactivateFlows(deps: PostAdminsDeactivateDeps) {
  const { directory, identity, clock, logger } = deps;

  /**
   * Deactivates an admin: first the database (status DEACTIVATED, with the audit record, in one
   * transaction that refuses to leave no active admin), which the in-code admin check enforces from
   * the next request on, then Cognito (AdminDisableUser and AdminUserGlobalSignOut together: no new
   * sign-in, refresh tokens revoked). When Cognito fails the database already refuses the admin, and
   * calling again completes the Cognito half (no second audit record).
   *
   * @throws {SelfActionError} CANNOT_DEACTIVATE_SELF (409).
   * @throws {UserNotFoundError} No admin has this id (404).
   * @throws {LastActiveAdminError} Every other admin is deactivated (409).
   * @throws {TooManyRequestsError} / {DependencyUnavailableError} AWS throttled or failed; call again.
   */
  async function postAdminsDeactivate(userId: string, requestedBy: ActingAdmin): Promise<void> {
    if (userId === requestedBy.userId) throw new SelfActionError('CANNOT_DEACTIVATE_SELF', 'You cannot deactivate yourself; ask another admin.');
    const admin = await existingAdmin(directory, userId);
    if (admin.accountStatus !== 'DEACTIVATED') {
      await directory.deactivate(userId, requestedBy.userId, auditRecord(clock, requestedBy, { event: 'ADMIN_DEACTIVATED', ...byAdmin(requestedBy), userId }));
    }
    await allOrFirstError([identity.disableUser(admin.cognitoUsername), identity.signOutEverywhere(admin.cognitoUsername)]);
    logger.info('admin deactivated', { userId });
  }

  return { postAdminsDeactivate };
}
