import type { AdminDirectory } from '../ports/admin-directory';
import type { IdentityProvider } from '../ports/identity-provider';
import type { AppLogger } from '../shared/logger';
import type { Clock } from '../shared/runtime';
import { type AdminStatus, adminStatus } from './admin-status';

/** The ports listing admins runs over. */
export interface AdminListingDeps {
  readonly directory: Pick<AdminDirectory, 'listAdmins'>;
  readonly identity: Pick<IdentityProvider, 'findUser'>;
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
}

/** Builds the admin-listing flow over the given ports. */
export function adminListing({ directory, identity, clock, logger }: AdminListingDeps) {
  /**
   * One page of admins, oldest first, each with their status (see admin-status.ts). The page comes
   * from one Query of the admin index; Cognito is asked only what the database cannot know (password
   * and authenticator set up, disabled), one AdminGetUser per admin not deactivated in the database,
   * all at once: at most `limit` calls in one round.
   *
   * @throws {ValidationError} The cursor is not one this API issued (400).
   * @throws {TooManyRequestsError} / {DependencyUnavailableError} DynamoDB or Cognito throttled or failed.
   */
  async function listAdmins(page: { limit: number; cursor?: string }): Promise<{ admins: ListedAdmin[]; nextCursor?: string }> {
    const { admins, nextCursor } = await directory.listAdmins(page);
    const now = clock();
    const listed = await Promise.all(
      admins.map(async (admin): Promise<ListedAdmin> => {
        const cognitoUser = admin.accountStatus === 'DEACTIVATED' ? undefined : await identity.findUser(admin.email);
        if (admin.accountStatus !== 'DEACTIVATED' && !cognitoUser) {
          logger.warn('admin without a Cognito user', { alert: 'AdminWithoutCognitoUser', userId: admin.userId, repair: 'Re-provision the admin (POST /admins) or remove the records.' });
        }
        const { userId, email, createdAt, createdBy, lastInvitedAt } = admin;
        return { userId, email, status: adminStatus(admin, cognitoUser, now), createdAt, createdBy, lastInvitedAt };
      }),
    );
    return { admins: listed, ...(nextCursor && { nextCursor }) };
  }

  return { listAdmins };
}
