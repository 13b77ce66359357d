import type { AdminDirectory, AdminEntry } from '../ports/admin-directory';
import type { IdentityProvider } from '../ports/identity-provider';
import type { RecoveryCodeStatus, RecoveryCodeStore } from '../ports/recovery-code-store';
import type { AppLogger } from '../shared/logger';
import type { Clock } from '../shared/runtime';
import { type AdminStatus, adminStatusFromCognito, adminStatusFromDatabase } from './admin-status';

/** The ports listing admins runs over. */
export interface GetAdminsDeps {
  readonly directory: Pick<AdminDirectory, 'listAdmins'>;
  readonly identity: Pick<IdentityProvider, 'findUser'>;
  readonly codes: Pick<RecoveryCodeStore, 'statuses'>;
  readonly clock: Clock;
  readonly logger: AppLogger;
}

/** One admin as GET /admins shows them. */
export interface ListedAdmin {
  readonly userId: string;
  readonly email: string;
  readonly status: AdminStatus;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly lastInvitedAt: string;
  /** Their saved recovery codes' status (never the codes); null when they never made any. */
  readonly recoveryCodes: RecoveryCodeStatus | null;
}

/** Builds the admin-listing flow over the given ports. */
export function getAdminsFlows({ directory, identity, codes, clock, logger }: GetAdminsDeps) {
  /**
   * One page of admins, oldest first, each with their status (see admin-status.ts). The page comes
   * from one Query of the admin index; Cognito is asked only about the admins whose status the
   * database cannot know (neither deactivated nor signed in since their last invitation: a pending
   * invitation, or an authenticator not set up yet), one AdminGetUser each, all at once: at most
   * `limit` calls in one round, none for a page of admins who have signed in. Each admin's
   * recovery-code status is one BatchGetItem for the whole page, in the same round.
   *
   * @throws {ValidationError} The cursor is not one this API issued (400).
   * @throws {TooManyRequestsError} / {DependencyUnavailableError} DynamoDB or Cognito throttled or failed.
   */
  async function getAdmins(page: { limit: number; cursor?: string }): Promise<{ admins: ListedAdmin[]; nextCursor?: string }> {
    const { admins, nextCursor } = await directory.listAdmins(page);
    const now = clock();
    const [statuses, recoveryCodes] = await Promise.all([
      Promise.all(admins.map((admin) => adminStatusFromDatabase(admin) ?? statusFromCognito(admin, now))),
      admins.length > 0 ? codes.statuses(admins.map((admin) => admin.userId)) : new Map<string, RecoveryCodeStatus>(),
    ]);
    const listed = admins.map(({ userId, email, createdAt, createdBy, lastInvitedAt }, index): ListedAdmin => {
      return { userId, email, status: statuses[index], createdAt, createdBy, lastInvitedAt, recoveryCodes: recoveryCodes.get(userId) ?? null };
    });
    return { admins: listed, ...(nextCursor && { nextCursor }) };
  }

  async function statusFromCognito(admin: AdminEntry, now: Date): Promise<AdminStatus> {
    const cognitoUser = await identity.findUser(admin.email);
    if (!cognitoUser) {
      logger.warn('admin without a Cognito user', {
        alert: 'AdminWithoutCognitoUser',
        userId: admin.userId,
        repair: 'Re-provision the admin (POST /admins) or remove the records.',
      });
    }
    return adminStatusFromCognito(admin, cognitoUser, now);
  }

  return { getAdmins };
}
