import { auditRecord } from '../audit/audit-records';
import type { PasswordResets } from '../ports/password-resets';
import type { AppLogger } from '../shared/logger';
import type { Clock } from '../shared/runtime';
import type { TriggerContext } from '../shared/cognito-trigger';

export interface PasswordResetRecordingDeps {
  readonly resets: PasswordResets;
  readonly clock: Clock;
  readonly logger: AppLogger;
}

/** What happened, for logs and tests. */
export type PasswordResetOutcome = 'recorded' | 'unknown-user';

/** Builds the flow the post-confirmation trigger runs for `PostConfirmation_ConfirmForgotPassword`. */
export function passwordResetRecording(deps: PasswordResetRecordingDeps) {
  const { resets, clock, logger } = deps;

  /**
   * recordEmailPasswordReset: the user (our id: their `custom:userId`) has just set a new password
   * with a code emailed to them. Records the time on their User (self-serve MFA recovery is then
   * refused for the cooling-off period) with a PASSWORD_RESET_BY_EMAIL audit record naming the user
   * as the actor, in one transaction.
   *
   * Fails closed: when the record cannot be written this throws, so Cognito fails the
   * ConfirmForgotPassword call (UnexpectedLambdaException / UserLambdaValidationException) and the
   * user tries again; an `alert` record tells an operator. A reset nobody recorded would leave
   * whoever holds the mailbox one step from the authenticator too.
   *
   * A Cognito user without our id, or one the database does not know, has nothing of ours to
   * protect (MFA recovery needs both): logged, not refused.
   */
  async function recordEmailPasswordReset(userId: string | undefined, source: TriggerContext): Promise<PasswordResetOutcome> {
    if (!userId) {
      logger.warn('password reset of a Cognito user without a user id: nothing to record');
      return 'unknown-user';
    }
    const audit = auditRecord(clock, source, { event: 'PASSWORD_RESET_BY_EMAIL', actor: userId, userId });
    try {
      if (!(await resets.recordEmailReset(userId, audit))) {
        logger.warn('password reset of a user the database does not know: nothing to record', { userId });
        return 'unknown-user';
      }
    } catch (error) {
      logger.error('password reset not recorded', {
        alert: 'PasswordResetNotRecorded',
        userId,
        error: error as Error,
        repair:
          'Cognito refused the reset, but may have kept the new password. Set lastPasswordResetAt on the User (USER#<userId>/PROFILE) to the alert time and append a PASSWORD_RESET_BY_EMAIL record; until then self-serve MFA recovery of this account is not cooled off.',
      });
      throw error;
    }
    logger.info('password reset recorded', { userId });
    return 'recorded';
  }

  return { recordEmailPasswordReset };
}
