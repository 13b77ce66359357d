import type { SignIns } from '../ports/admin-directory';
import type { AppLogger } from '../shared/logger';
import type { Clock } from '../shared/runtime';

export interface SignInRecordingDeps {
  readonly signIns: SignIns;
  readonly clock: Clock;
  readonly logger: AppLogger;
}

/** What happened to each record, for logs and tests: the User's (every user) and the AdminInfo's (admins). */
export type SignInRecordOutcome = 'recorded' | 'not-recorded' | 'failed';
export interface SignInOutcome {
  readonly user: SignInRecordOutcome;
  readonly admin: SignInRecordOutcome;
}

/** Builds the flow the post-authentication trigger runs. */
export function signInRecording(deps: SignInRecordingDeps) {
  const { signIns, clock, logger } = deps;

  /**
   * recordSignIn: Cognito has authenticated the user (every challenge answered, MFA included; tokens
   * about to be issued). Records the time on their User, the server-side fact routes that need a
   * recent sign-in judge by (never the token's `auth_time`), and, when they are an admin, on their
   * AdminInfo, so GET /admins knows they are ACTIVE without asking Cognito. Two conditional writes
   * at once: neither creates an item nor moves the time back.
   *
   * Fails open: a sign-in is never refused because it could not be recorded. Without the User's
   * record a route needing a recent sign-in refuses until the next sign-in (safe); without the
   * AdminInfo's, the listing asks Cognito about this admin.
   */
  async function recordSignIn(userId: string | undefined): Promise<SignInOutcome> {
    if (!userId) return { user: 'not-recorded', admin: 'not-recorded' };
    const at = clock().toISOString();
    const [user, admin] = await Promise.all([
      outcomeOf(
        () => signIns.recordUserSignIn(userId, at),
        'sign-in not recorded on the User; routes needing a recent sign-in refuse until the next one',
        userId,
      ),
      outcomeOf(() => signIns.recordAdminSignIn(userId, at), 'sign-in not recorded on the AdminInfo; the listing asks Cognito about this admin', userId),
    ]);
    return { user, admin };
  }

  async function outcomeOf(write: () => Promise<boolean>, warning: string, userId: string): Promise<SignInRecordOutcome> {
    try {
      return (await write()) ? 'recorded' : 'not-recorded';
    } catch (error) {
      logger.warn(warning, { userId, error: error as Error });
      return 'failed';
    }
  }

  return { recordSignIn };
}
