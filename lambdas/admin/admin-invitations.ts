import { type AuditDeps, appendAuditRecord } from '../audit/audit-records';
import type { AuditSource } from '../ports/audit-trail';
import type { IdentityProvider } from '../ports/identity-provider';
import type { UserRepository } from '../ports/user-repository';
import { UserNotFoundError } from '../shared/errors';

/** The ports the invitation flow runs over. */
export interface AdminInvitationsDeps extends AuditDeps {
  readonly identity: IdentityProvider;
  readonly users: UserRepository;
}

/** Who asks for the resend, and from where. */
export interface InvitationRequester extends AuditSource {
  readonly sub: string;
}

/** Builds the admin-invitation flows over the given ports. */
export function adminInvitations(deps: AdminInvitationsDeps) {
  const { identity, users, logger } = deps;

  /**
   * Re-sends a pending invitation: Cognito emails a new temporary password
   * (`AdminCreateUser` with `MessageAction: RESEND`). The old temporary password stops working.
   * Only users of ours are re-invited (the email must belong to a database user); the resend is audited.
   *
   * @param email - The invited admin's normalized email.
   * @param requestedBy - The admin asking, and from where.
   * @throws {UserNotFoundError} No user of ours has this email (404).
   * @throws {InvalidUserStateError} The user already set a password, so there is no invitation to resend (409).
   * @throws {TooManyRequestsError} Cognito or DynamoDB throttled the call.
   * @throws {DependencyUnavailableError} Cognito or DynamoDB failed or timed out.
   */
  async function resendAdminInvite(email: string, requestedBy: InvitationRequester): Promise<void> {
    const userId = await users.findUserIdByEmail(email);
    if (userId === undefined) throw new UserNotFoundError();
    await identity.resendInvitation(email);
    logger.info('admin invitation re-sent', { userId });
    await appendAuditRecord(deps, requestedBy, { event: 'INVITATION_RESENT', actor: requestedBy.sub, userId });
  }

  return { resendAdminInvite };
}
