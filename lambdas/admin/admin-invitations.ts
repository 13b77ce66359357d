import type { IdentityProvider } from '../ports/identity-provider';
import type { AppLogger } from '../shared/logger';

/** The ports the invitation flow runs over (Cognito only: it needs no database access). */
export interface AdminInvitationsDeps {
  readonly identity: IdentityProvider;
  readonly logger: AppLogger;
}

/** Builds the admin-invitation flows over the given ports. */
export function adminInvitations({ identity, logger }: AdminInvitationsDeps) {
  /**
   * Re-sends a pending admin invitation: Cognito emails a new temporary password
   * (`AdminCreateUser` with `MessageAction: RESEND`). The old temporary password stops working.
   *
   * @param email - The invited admin's normalized email.
   * @throws {UserNotFoundError} No Cognito user has this email (404).
   * @throws {InvalidUserStateError} The user already set a password, so there is no invitation to resend (409).
   * @throws {TooManyRequestsError} Cognito throttled the call.
   * @throws {DependencyUnavailableError} Cognito failed or timed out.
   */
  async function resendAdminInvite(email: string): Promise<void> {
    await identity.resendInvitation(email);
    logger.info('admin invitation re-sent');
  }

  return { resendAdminInvite };
}
