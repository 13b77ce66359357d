import { judgeRecoveryCandidate } from '../identity/adoption-policy';
import type { IdentityProvider, IdentityUser } from '../ports/identity-provider';
import type { AttemptLimit, RateLimiter } from '../ports/rate-limiter';
import type { CognitoLink, RecoveryTokenRecord, RecoveryTokenStore } from '../ports/recovery-token-store';
import type { UserRecord, UserRepository } from '../ports/user-repository';
import {
  InvalidRecoveryTokenError,
  InvalidUserStateError,
  TooManyRequestsError,
  UserAlreadyExistsError,
  UserNotFoundError,
} from '../shared/errors';
import type { AppLogger } from '../shared/logger';
import type { Clock, Sleep } from '../shared/runtime';
import { hashRecoveryToken } from './recovery-token';
import { startResponseFloor } from '../shared/response-floor';

/**
 * How long a confirm may work on a consumed token before a retry may take over. Longer than the
 * function timeout (the stack checks it), so a live invocation never loses its lease; short enough
 * for a user to retry a few minutes later.
 */
export const RECOVERY_LEASE_MS = 120_000;

export interface MfaResetConfirmSettings {
  /** Every refusal (invalid token, limit, failure) takes at least this long. */
  readonly minResponseMs: number;
  readonly perIpLimit: AttemptLimit;
}

/** The ports the confirm flow runs over. */
export interface MfaResetConfirmDeps {
  readonly users: Pick<UserRepository, 'findUser'>;
  readonly identity: Pick<IdentityProvider, 'findUser' | 'deleteUser' | 'createUser'>;
  readonly tokens: Omit<RecoveryTokenStore, 'issue' | 'voidToken'>;
  readonly limiter: RateLimiter;
  readonly clock: Clock;
  readonly sleep: Sleep;
  readonly logger: AppLogger;
  readonly settings: MfaResetConfirmSettings;
}

/** The account after recovery: linked to a new Cognito user that has been emailed a temporary password. */
export interface RecoveredAccount extends CognitoLink {
  readonly userId: string;
  /** `true` when this call finished a recovery an earlier, interrupted call had started. */
  readonly resumed: boolean;
}

/** Another confirm holds this token's lease and is working on the recovery right now. */
class RecoveryInProgressError extends InvalidUserStateError {
  constructor() {
    super('This recovery is already in progress. Try again in a few minutes.');
  }
}

/** A recovery that cannot finish without an operator (never retried into deleting someone else's user). */
class RecoveryBlockedError extends InvalidUserStateError {
  constructor(readonly reason: string) {
    super('This account cannot be recovered automatically. Contact support.');
  }
}

/** Builds the MFA-reset confirmation flow over the given ports. */
export function mfaResetConfirmation(deps: MfaResetConfirmDeps) {
  const { users, identity, tokens, limiter, clock, sleep, logger, settings } = deps;

  /**
   * confirmMfaReset: redeems a recovery link. Consumes the token atomically (of concurrent confirms
   * exactly one proceeds), deletes the user's Cognito user (which holds the lost MFA device) and
   * recreates it with the same email and `custom:userId`; Cognito emails the invitation with a
   * temporary password. The database user is then linked to the new Cognito user.
   *
   * Crash safety: the consumed token stays IN_PROGRESS until the link is written. A failure after the
   * consume logs an `alert` record and releases the lease; calling again with the same token (or
   * `finishInterruptedRecovery`) resumes and converges: an already deleted user is not deleted twice,
   * an already recreated one is adopted, not recreated.
   *
   * @param token - The token from the link, as given.
   * @throws {InvalidRecoveryTokenError} Unknown, expired, superseded or used token (one answer for all, 400).
   * @throws {TooManyRequestsError} Too many confirms from this source IP, or a dependency throttled (429).
   * @throws {InvalidUserStateError} Another confirm is working on this token right now, or the account needs an operator (409).
   * @throws {DependencyUnavailableError} Cognito or DynamoDB failed (503); retrying with the same token resumes.
   */
  async function confirmMfaReset(token: string, request: { sourceIp: string }): Promise<RecoveredAccount> {
    // Refusals wait out the floor, so probing tokens is slow and uninformative; success need not.
    const floor = startResponseFloor(clock, sleep, settings.minResponseMs);
    try {
      const [allowed, record] = await Promise.all([
        limiter.tryAttempt('mfa-confirm-ip', request.sourceIp, settings.perIpLimit),
        tokens.findToken(hashRecoveryToken(token)),
      ]);
      if (!allowed) {
        logger.warn('mfa reset confirm over the attempt limit', { sourceIp: request.sourceIp });
        throw new TooManyRequestsError();
      }
      if (!record) throw new InvalidRecoveryTokenError();
      return await recover(record);
    } catch (error) {
      await floor.hold();
      throw error;
    }
  }

  /**
   * Operator repair: finishes the interrupted recovery of `userId` (the `userId` of a
   * `MfaRecoveryIncomplete` alert), exactly as a retry of confirm with the user's token would.
   * @throws {UserNotFoundError} The user has no interrupted recovery.
   */
  async function finishInterruptedRecovery(userId: string): Promise<RecoveredAccount> {
    const tokenHash = await tokens.findInProgressTokenHash(userId);
    const record = tokenHash === undefined ? undefined : await tokens.findToken(tokenHash);
    if (!record || record.status !== 'IN_PROGRESS') throw new UserNotFoundError();
    return recover(record);
  }

  async function recover(record: RecoveryTokenRecord): Promise<RecoveredAccount> {
    const now = clock();
    const resumed = record.status === 'IN_PROGRESS';
    assertAcquirable(record, now);
    // The reads need nothing from the write, so they run alongside it.
    const [acquired, user, current] = await Promise.allSettled([
      acquire(record, now, new Date(now.getTime() + RECOVERY_LEASE_MS)),
      users.findUser(record.userId),
      identity.findUser(record.cognitoUsername),
    ]);
    if (acquired.status === 'rejected') {
      // The write may or may not have landed: an alert, since the token may now be IN_PROGRESS.
      reportIncomplete(record, resumed ? 'take-over' : 'consume', acquired.reason);
      throw acquired.reason;
    }
    // Lost the race: for a consumable token, another confirm used it; for an interrupted one, another
    // retry took it over and is finishing the same recovery right now.
    if (!acquired.value) throw resumed ? new RecoveryInProgressError() : new InvalidRecoveryTokenError();

    // From here the token is ours: every failure must leave a state a retry can finish.
    let step = 'read';
    try {
      const userRecord = settled(user);
      const currentUser = settled(current);
      const link = await replaceCognitoUser(record, userRecord, currentUser, (next) => (step = next));
      step = 'link';
      await tokens.complete(record, link, clock());
      logger.info('mfa recovery completed', { userId: record.userId, cognitoSub: link.cognitoSub, resumed });
      return { userId: record.userId, ...link, resumed };
    } catch (error) {
      reportIncomplete(record, step, error);
      await releaseQuietly(record);
      throw error;
    }
  }

  /**
   * Refuses, before any call, a token that cannot be acquired: used, voided, expired (checked here
   * and again in the consume's condition; TTL deletion is lazy and proves nothing), or in progress
   * under a live lease.
   */
  function assertAcquirable(record: RecoveryTokenRecord, now: Date): void {
    if (record.status === 'ISSUED') {
      if (Date.parse(record.expiresAt) <= now.getTime()) throw new InvalidRecoveryTokenError();
    } else if (record.status === 'IN_PROGRESS') {
      if (record.leaseUntil !== undefined && Date.parse(record.leaseUntil) > now.getTime()) {
        throw new RecoveryInProgressError();
      }
    } else {
      throw new InvalidRecoveryTokenError();
    }
  }

  /** Consumes an ISSUED token, or takes over an interrupted one whose lease ran out. `false`: someone else got it. */
  function acquire(record: RecoveryTokenRecord, now: Date, leaseUntil: Date): Promise<boolean> {
    return record.status === 'ISSUED' ? tokens.consume(record, now, leaseUntil) : tokens.takeOver(record.tokenHash, now, leaseUntil);
  }

  /**
   * Deletes the Cognito user linked when the token was issued (if it still exists) and recreates it.
   * Only a Cognito user the adoption policy judges to be this account's is ever deleted or adopted.
   */
  async function replaceCognitoUser(
    record: RecoveryTokenRecord,
    user: UserRecord | undefined,
    current: IdentityUser | undefined,
    enter: (step: string) => void,
  ): Promise<CognitoLink> {
    if (!user) throw new RecoveryBlockedError('database user missing');
    if (user.cognitoUsername !== record.cognitoUsername) throw new RecoveryBlockedError('database link changed since the token was issued');
    const assertAccountsOwn = (candidate: IdentityUser) => {
      const decision = judgeRecoveryCandidate(candidate, { userId: record.userId, account: user });
      if (!decision.adopt) throw new RecoveryBlockedError(decision.refusal);
    };
    if (current) {
      assertAccountsOwn(current);
      enter('delete');
      await identity.deleteUser(current.username);
    }
    enter('create');
    try {
      const created = await identity.createUser({ email: user.email, userId: user.userId });
      return { cognitoUsername: created.username, cognitoSub: created.sub };
    } catch (error) {
      if (!(error instanceof UserAlreadyExistsError)) throw error;
    }
    // The email is taken: by our own recreated user when an earlier attempt stopped after creating it,
    // or by the old incarnation itself when the first read missed it (then it must still be replaced).
    enter('adopt');
    const existing = await identity.findUser(user.email);
    if (!existing) throw new RecoveryBlockedError('email taken by another Cognito user');
    assertAccountsOwn(existing);
    if (existing.sub !== user.cognitoSub) return { cognitoUsername: existing.username, cognitoSub: existing.sub };
    enter('delete');
    await identity.deleteUser(existing.username);
    enter('create');
    const created = await identity.createUser({ email: user.email, userId: user.userId });
    return { cognitoUsername: created.username, cognitoSub: created.sub };
  }

  function reportIncomplete(record: RecoveryTokenRecord, failedStep: string, error: unknown): void {
    logger.error('mfa recovery interrupted', {
      alert: error instanceof RecoveryBlockedError ? 'MfaRecoveryBlocked' : 'MfaRecoveryIncomplete',
      userId: record.userId,
      previousCognitoUsername: record.cognitoUsername,
      failedStep,
      reason: error instanceof RecoveryBlockedError ? error.reason : undefined,
      error: error as Error,
      repair:
        error instanceof RecoveryBlockedError
          ? 'Inspect the user and its Cognito user by hand; the recovery will not proceed on its own.'
          : `The user may retry the link, or run: npx tsx scripts/finish-mfa-recovery.ts ${record.userId}`,
    });
  }

  async function releaseQuietly(record: RecoveryTokenRecord): Promise<void> {
    try {
      await tokens.release(record.tokenHash, clock());
    } catch (error) {
      // The lease then simply runs out before a retry can take over.
      logger.warn('could not release the recovery lease', { userId: record.userId, error: error as Error });
    }
  }

  return { confirmMfaReset, finishInterruptedRecovery };
}

function settled<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}
