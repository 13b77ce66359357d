import type { AuditRecord } from './audit-trail';

/** Email-based password resets, as the post-confirmation trigger records them on the user's records. */
export interface PasswordResets {
  /**
   * Sets the user's `lastPasswordResetAt` to `audit.time` and appends `audit` (its
   * PASSWORD_RESET_BY_EMAIL record), in one transaction: both are written or neither.
   * @returns `false` when the database has no such user (nothing written).
   * @throws DependencyUnavailableError / TooManyRequestsError when DynamoDB failed; calling again converges.
   */
  recordEmailReset(userId: string, audit: AuditRecord): Promise<boolean>;
}
