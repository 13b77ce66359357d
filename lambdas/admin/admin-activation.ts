import { type AuditDeps, auditRecord } from '../audit/audit-records';
import type { AdminDirectory, AdminEntry } from '../ports/admin-directory';
import type { AuditSource } from '../ports/audit-trail';
import type { IdentityProvider } from '../ports/identity-provider';
import { SelfActionError, UserNotFoundError } from '../shared/errors';
import { allOrFirstError } from '../shared/settle';

/** The ports (de)activation runs over. */
export interface AdminActivationDeps extends Pick<AuditDeps, 'clock' | 'logger'> {
  readonly directory: Pick<AdminDirectory, 'findAdmin' | 'deactivate' | 'reactivate'>;
  readonly identity: Pick<IdentityProvider, 'disableUser' | 'enableUser' | 'signOutEverywhere'>;
}

/** The admin asking, and from where. */
export interface ActingAdmin extends AuditSource {
  readonly sub: string;
  /** Their own user id (from the ID token), to refuse acting on themselves. */
  readonly userId?: string;
}

/** Builds the admin (de)activation flows over the given ports. */
export function adminActivation(deps: AdminActivationDeps) {
  const { directory, identity, clock, logger } = deps;

  async function existingAdmin(userId: string): Promise<AdminEntry & { cognitoUsername: string }> {
    const admin = await directory.findAdmin(userId);
    if (!admin?.cognitoUsername) throw new UserNotFoundError();
    return { ...admin, cognitoUsername: admin.cognitoUsername };
  }

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
  async function deactivateAdmin(userId: string, requestedBy: ActingAdmin): Promise<void> {
    if (userId === requestedBy.userId) throw new SelfActionError('CANNOT_DEACTIVATE_SELF', 'You cannot deactivate yourself; ask another admin.');
    const admin = await existingAdmin(userId);
    if (admin.accountStatus !== 'DEACTIVATED') {
      await directory.deactivate(userId, auditRecord(clock, requestedBy, { event: 'ADMIN_DEACTIVATED', actor: requestedBy.sub, userId }));
    }
    await allOrFirstError([identity.disableUser(admin.cognitoUsername), identity.signOutEverywhere(admin.cognitoUsername)]);
    logger.info('admin deactivated', { userId });
  }

  /**
   * Reactivates a deactivated admin: the database first (status ACTIVE, with the audit record), then
   * AdminEnableUser. Calling again after a failure completes it. Reactivating an active admin
   * re-enables their Cognito user and records nothing.
   *
   * @throws {UserNotFoundError} No admin has this id (404).
   * @throws {TooManyRequestsError} / {DependencyUnavailableError} AWS throttled or failed; call again.
   */
  async function reactivateAdmin(userId: string, requestedBy: ActingAdmin): Promise<void> {
    const admin = await existingAdmin(userId);
    if (admin.accountStatus === 'DEACTIVATED') {
      await directory.reactivate(userId, auditRecord(clock, requestedBy, { event: 'ADMIN_REACTIVATED', actor: requestedBy.sub, userId }));
    }
    await identity.enableUser(admin.cognitoUsername);
    logger.info('admin reactivated', { userId });
  }

  return { deactivateAdmin, reactivateAdmin };
}
