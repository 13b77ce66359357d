import type { AuditPage, AuditTrailReader } from '../ports/audit-trail';
import type { UserRepository } from '../ports/user-repository';
import { UserNotFoundError } from '../shared/errors';

/** The ports reading a user's audit trail runs over. */
export interface GetUsersAuditDeps {
  readonly users: Pick<UserRepository, 'findUser'>;
  readonly audit: AuditTrailReader;
}

/** Builds the audit-reading flow over the given ports. */
export function getUsersAuditFlows({ users, audit }: GetUsersAuditDeps) {
  /**
   * One page of a user's audit trail, newest first.
   *
   * @param userId - Our id of the user (admin or practitioner).
   * @param page - Page size and the cursor a previous page returned.
   * @throws {UserNotFoundError} No user has this id (404).
   * @throws {ValidationError} The cursor is not one this API issued for this user (400).
   * @throws {TooManyRequestsError} / {DependencyUnavailableError} DynamoDB throttled or failed.
   */
  async function getUsersAudit(userId: string, page: { limit: number; cursor?: string }): Promise<AuditPage> {
    // Together: the trail of an unknown user is empty anyway, and one round is faster than two.
    const [user, records] = await Promise.all([users.findUser(userId), audit.listForUser(userId, page)]);
    if (!user) throw new UserNotFoundError();
    return records;
  }

  return { getUsersAudit };
}
