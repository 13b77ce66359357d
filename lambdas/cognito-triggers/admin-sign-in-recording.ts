import type { AdminSignIns } from '../ports/admin-directory';
import type { AppLogger } from '../shared/logger';
import type { Clock } from '../shared/runtime';

export interface AdminSignInRecordingDeps {
  readonly signIns: AdminSignIns;
  readonly clock: Clock;
  readonly logger: AppLogger;
}

/** What happened, for logs and tests. */
export type AdminSignInOutcome = 'recorded' | 'not-recorded' | 'failed';

/** Builds the flow the post-authentication trigger runs. */
export function adminSignInRecording(deps: AdminSignInRecordingDeps) {
  const { signIns, clock, logger } = deps;

  /**
   * recordSignIn: Cognito has authenticated the user (every challenge answered, tokens about to be
   * issued). When they are an admin, records the time on their AdminInfo, so GET /admins knows they
   * are ACTIVE without asking Cognito. One conditional write: it never creates an item (users without
   * an AdminInfo are not admins) and never moves the time back.
   *
   * Fails open: a sign-in is never refused because it could not be recorded. The listing then asks
   * Cognito about this admin, and their next sign-in records it.
   */
  async function recordSignIn(userId: string | undefined): Promise<AdminSignInOutcome> {
    if (!userId) return 'not-recorded';
    try {
      return (await signIns.recordSignIn(userId, clock().toISOString())) ? 'recorded' : 'not-recorded';
    } catch (error) {
      logger.warn('sign-in not recorded; the listing asks Cognito about this admin', { userId, error: error as Error });
      return 'failed';
    }
  }

  return { recordSignIn };
}
