import { type AuditDeps, appendAuditRecord, auditRecord, byAdmin, writeAuditRecord } from '../audit/audit-records';
import type { AdminDirectory } from '../ports/admin-directory';
import type { ActingAdmin } from '../ports/audit-trail';
import type { BusinessMetrics } from '../ports/business-metrics';
import type { IdentityProvider } from '../ports/identity-provider';
import type { AttemptLimit, RateLimiter } from '../ports/rate-limiter';
import type { UserRepository } from '../ports/user-repository';
import { InvalidUserStateError, outcomeUncertain, TooManyRequestsError, UserNotFoundError } from '../shared/errors';
import { invitationExpired } from './admin-status';

/** Re-sends per invited admin (whoever asks): enough to fix a lost email, too few to flood a mailbox. */
export const RESEND_LIMIT_PER_TARGET: AttemptLimit = { max: 3, windowSeconds: 3600 };

/** The ports the invitation flow runs over. */
export interface PostAdminsResendInviteDeps extends AuditDeps {
  readonly identity: Pick<IdentityProvider, 'resendInvitation'>;
  readonly users: Pick<UserRepository, 'findUserIdByEmail'>;
  readonly directory: Pick<AdminDirectory, 'findAdmin' | 'recordInvitation'>;
  readonly limiter: RateLimiter;
  readonly metrics: Pick<BusinessMetrics, 'count' | 'refused'>;
}

/** What a resend did: `previousInvitation` says whether the one it replaced had already expired. */
export interface ResentInvitation {
  readonly userId: string;
  readonly previousInvitation: 'PENDING' | 'EXPIRED';
}

/** Builds the admin-invitation flows over the given ports. */
export function postAdminsResendInviteFlows(deps: PostAdminsResendInviteDeps) {
  const { identity, users, directory, limiter, clock, logger, metrics } = deps;

  /**
   * Re-sends a pending or expired invitation: Cognito emails a new temporary password
   * (`AdminCreateUser` with `MessageAction: RESEND`, which also renews an expired one). The old
   * temporary password stops working. Only our admins are re-invited, at most
   * RESEND_LIMIT_PER_TARGET times per hour each; the resend is audited and its time recorded. A resend
   * whose answer was lost (no definite answer) may have sent the email all the same, so it is audited
   * with outcome `UNKNOWN` before the error is answered; its time is not recorded.
   *
   * @param email - The invited admin's normalized email.
   * @param requestedBy - The admin asking, and from where.
   * @returns The admin's id and whether the replaced invitation had expired.
   * @throws {UserNotFoundError} No admin of ours has this email (404).
   * @throws {InvalidUserStateError} The admin already set a password, or is deactivated (409).
   * @throws {TooManyRequestsError} Too many resends to this admin, or AWS throttled a call (429).
   * @throws {DependencyUnavailableError} Cognito or DynamoDB failed or timed out.
   */
  async function resendAdminInvite(email: string, requestedBy: ActingAdmin): Promise<ResentInvitation> {
    const [allowed, userId] = await Promise.all([limiter.tryAttempt('admin-resend', email, RESEND_LIMIT_PER_TARGET), users.findUserIdByEmail(email)]);
    if (!allowed) {
      metrics.refused('rate-limited');
      throw new TooManyRequestsError();
    }
    const admin = userId === undefined ? undefined : await directory.findAdmin(userId);
    if (!admin?.cognitoUsername) throw new UserNotFoundError();
    if (admin.accountStatus === 'DEACTIVATED') throw new InvalidUserStateError('This admin is deactivated; reactivate them first.');

    const previousInvitation = invitationExpired(admin.lastInvitedAt, clock()) ? 'EXPIRED' : 'PENDING';
    try {
      await identity.resendInvitation(admin.cognitoUsername);
    } catch (error) {
      if (outcomeUncertain(error)) {
        await appendAuditRecord(deps, requestedBy, { event: 'INVITATION_RESENT', ...byAdmin(requestedBy), userId: admin.userId, outcome: 'UNKNOWN' });
      }
      throw error;
    }
    logger.info('admin invitation re-sent', { userId: admin.userId, previousInvitation });
    metrics.count('InvitationsResent');
    const record = auditRecord(clock, requestedBy, {
      event: 'INVITATION_RESENT',
      ...byAdmin(requestedBy),
      userId: admin.userId,
      details: { previousInvitation },
    });
    await writeAuditRecord(deps, record, (entry) => directory.recordInvitation(admin.userId, entry));
    return { userId: admin.userId, previousInvitation };
  }

  return { resendAdminInvite };
}
