import { auditRecord } from '../audit/audit-records';
import type { AuditSource } from '../ports/audit-trail';
import type { BusinessMetrics } from '../ports/business-metrics';
import type { Mailer } from '../ports/mailer';
import type { AttemptLimit, RateLimiter } from '../ports/rate-limiter';
import type { CognitoLink, CognitoUserSnapshot, RecoveryTokenRecord, RecoveryTokenStore } from '../ports/recovery-token-store';
import type { UserRecord } from '../ports/user-repository';
import { OperationNotEnabledError, InvalidRecoveryTokenError, TooManyRequestsError, UserNotFoundError } from '../shared/errors';
import type { AppLogger } from '../shared/logger';
import { sendNotice } from '../shared/notice';
import type { Clock, RandomBytes, Sleep } from '../shared/runtime';
import { recoveryNoticeEmail } from './recovery-email';
import { assertNotCoolingOff } from './cooling-off';
import { RecoveryBlockedError, RecoveryCoolingOffError, RecoveryInProgressError } from './recovery-errors';
import { hashRecoveryToken, recoveryIdOf } from './recovery-token';
import { startResponseFloor } from '../shared/response-floor';
import { assertRecoverable, type RecreateDeps, recreateCognitoUser } from './recreate-cognito-user';
import { type FactorResetIdentity, resetFactorInPlace } from './reset-factor-in-place';

/**
 * How long a confirm may work on an acquired token before a retry may take over. Longer than the
 * function timeout (the stack checks it), so a live invocation never loses its lease; short enough
 * for a user to retry a few minutes later.
 */
export const RECOVERY_LEASE_MS = 120_000;

/**
 * How a confirm recovers the account: `reset` keeps the Cognito user and resets its factor in
 * place (the default); `recreate` replaces it by a faithful copy, for pools where the in-place reset
 * is not offered (Cognito replica regions). See docs/mfa-recovery.md, Strategies.
 */
export const MFA_RECOVERY_STRATEGIES = ['reset', 'recreate'] as const;
export type MfaRecoveryStrategy = (typeof MFA_RECOVERY_STRATEGIES)[number];

export interface PostMfaRecoveryConfirmSettings {
  readonly strategy: MfaRecoveryStrategy;
  /** Every refusal (invalid token, limit, failure) takes at least this long. */
  readonly minResponseMs: number;
  readonly perIpLimit: AttemptLimit;
  /** How long after an email-based password reset a link may not reset the authenticator (ms; 0: never refused for it). */
  readonly coolingOffMs: number;
}

/** The ports the confirm flow runs over. */
export interface PostMfaRecoveryConfirmDeps {
  readonly identity: FactorResetIdentity & RecreateDeps['identity'];
  readonly users: RecreateDeps['users'];
  readonly tokens: Pick<RecoveryTokenStore, 'acquire' | 'giveBack' | 'saveSnapshot' | 'release' | 'complete' | 'findActiveToken'>;
  readonly limiter: RateLimiter;
  readonly mailer: Mailer;
  readonly metrics: Pick<BusinessMetrics, 'count' | 'refused'>;
  readonly clock: Clock;
  readonly sleep: Sleep;
  readonly randomBytes: RandomBytes;
  readonly logger: AppLogger;
  readonly settings: PostMfaRecoveryConfirmSettings;
}

/** Who asked for the confirm: reported in the notice email and the audit record. */
export type ConfirmRequest = AuditSource;

/** The recovered account. */
export interface RecoveredAccount {
  readonly userId: string;
  readonly strategy: MfaRecoveryStrategy;
  /** `recreate` only: the new Cognito user the database user is now linked to. */
  readonly link?: CognitoLink;
  /** `true` when this call finished a recovery an earlier, interrupted call had started. */
  readonly resumed: boolean;
}

/** Builds the MFA-reset confirmation flow over the given ports. */
export function postMfaRecoveryConfirmFlows(deps: PostMfaRecoveryConfirmDeps) {
  const { identity, users, tokens, limiter, metrics, clock, sleep, randomBytes, logger, settings } = deps;

  /**
   * postMfaRecoveryConfirm: redeems a recovery link. Acquires the token atomically (of concurrent confirms
   * exactly one proceeds), recovers the account with the configured strategy (`reset`: the factor
   * is reset in place; `recreate`: the Cognito user is replaced by a faithful copy), completes the
   * token (with its RECOVERY_COMPLETED audit record, in one transaction) and emails the account a
   * notice of the recovery. Cognito emails the temporary password.
   *
   * Crash safety: the acquired token stays IN_PROGRESS until the recovery completes. A failure
   * logs an `alert` record and releases the lease; calling again with the same token (or
   * `finishInterruptedRecovery`) resumes and converges, until the deadline 24 h after the link was
   * issued, after which the token is refused and an operator is alerted.
   *
   * @param token - The token from the link, as given.
   * @throws {InvalidRecoveryTokenError} Unknown, expired, superseded or used token (one answer for all, 400).
   * @throws {TooManyRequestsError} Too many confirms from this source IP, or a dependency throttled (429).
   * @throws {InvalidUserStateError} Another confirm is working on this token right now, or the account needs an operator (409).
   * @throws {DependencyUnavailableError} Cognito or DynamoDB failed (503); retrying with the same token resumes.
   */
  async function postMfaRecoveryConfirm(token: string, request: ConfirmRequest): Promise<RecoveredAccount> {
    // Refusals wait out the floor, so probing tokens is slow and uninformative; success need not.
    const floor = startResponseFloor(clock, sleep, settings.minResponseMs);
    try {
      const now = clock();
      const leaseUntil = new Date(now.getTime() + RECOVERY_LEASE_MS);
      const tokenHash = hashRecoveryToken(token);
      // One round: the limit and the acquire need nothing from each other; an acquire over the limit is given back.
      const [allowed, acquisition] = await Promise.allSettled([
        limiter.tryAttempt('mfa-confirm-ip', request.sourceIp, settings.perIpLimit),
        tokens.acquire(tokenHash, now, leaseUntil),
      ]);
      if (acquisition.status === 'rejected') {
        // The write may or may not have landed: an alert, since the token may now be IN_PROGRESS.
        reportIncomplete(tokenHash, undefined, 'acquire', acquisition.reason);
        throw acquisition.reason;
      }
      const held = acquisition.value;
      if (allowed.status === 'rejected' || !allowed.value) {
        if (held.acquired) await giveBackQuietly(held.record, held.resumed, leaseUntil);
        if (allowed.status === 'rejected') throw allowed.reason;
        logger.warn('mfa reset confirm over the attempt limit', { sourceIp: request.sourceIp });
        metrics.refused('rate-limited');
        throw new TooManyRequestsError();
      }
      if (!held.acquired) {
        const refused = refusal(held.record, now);
        metrics.refused(refused instanceof RecoveryInProgressError ? 'recovery-in-progress' : 'recovery-link-refused');
        throw refused;
      }
      return await recover(held.record, held.resumed, request, leaseUntil);
    } catch (error) {
      await floor.hold();
      throw error;
    }
  }

  /**
   * Operator repair: finishes the interrupted recovery of `userId` (the `userId` of a
   * `MfaRecoveryIncomplete` or `MfaRecoveryExpired` alert), as a retry of the user's link would,
   * past the deadline too (the operator decides). Waits for no lease: it refuses while one is held.
   * The audit record names the operator's run as its source.
   * @throws {UserNotFoundError} The user has no interrupted recovery.
   */
  async function finishInterruptedRecovery(
    userId: string,
    request: ConfirmRequest = { sourceIp: 'operator', userAgent: 'scripts/finish-mfa-recovery.ts', correlationId: `operator-repair-${clock().toISOString()}` },
  ): Promise<RecoveredAccount> {
    const active = await tokens.findActiveToken(userId);
    if (active?.status !== 'IN_PROGRESS') throw new UserNotFoundError();
    const now = clock();
    const held = await tokens.acquire(active.tokenHash, now, new Date(now.getTime() + RECOVERY_LEASE_MS), { pastDeadline: true });
    if (!held.acquired) throw refusal(held.record, now);
    return recover(held.record, held.resumed, request);
  }

  /** Why a token could not be acquired, as the caller hears it; a recovery past its deadline alerts. */
  function refusal(record: RecoveryTokenRecord | undefined, now: Date): Error {
    if (record?.status !== 'IN_PROGRESS') return new InvalidRecoveryTokenError();
    if (Date.parse(record.deadlineAt) > now.getTime()) return new RecoveryInProgressError();
    logger.error('mfa recovery past its deadline', {
      alert: 'MfaRecoveryExpired',
      userId: record.userId,
      repair: `The account may be locked half-way. Inspect its Cognito user, then run: npx tsx scripts/finish-mfa-recovery.ts ${record.userId}`,
    });
    return new InvalidRecoveryTokenError();
  }

  /**
   * Recovers the account of an acquired token. With `leaseUntil` (a user's link, not the operator's
   * repair) the recovery is refused while a password reset by email is cooling off: a link issued just
   * before such a reset must not work after it. That refusal is decided before anything is done, is
   * no operator matter, and gives the token back.
   */
  async function recover(record: RecoveryTokenRecord, resumed: boolean, request: ConfirmRequest, leaseUntil?: Date): Promise<RecoveredAccount> {
    // From here the token is ours: every failure must leave a state a retry can finish.
    let step = 'recover';
    const enter = (next: string) => (step = next);
    const assertAccount = leaseUntil ? (account: UserRecord | undefined) => assertNotCoolingOff(account, clock(), settings.coolingOffMs) : undefined;
    try {
      const link = await recoverAccount(record, enter, assertAccount);
      step = 'complete';
      const at = clock();
      const audit = auditRecord(() => at, request, {
        event: 'RECOVERY_COMPLETED',
        actor: record.userId,
        userId: record.userId,
        details: { strategy: settings.strategy, resumed: String(resumed) },
      });
      // The notice reports what is already done in Cognito, so it need not wait for the token write.
      const [completed] = await Promise.allSettled([
        tokens.complete(record, at, audit, link),
        sendNotice(deps, recoveryNoticeEmail(record.email, { at, sourceIp: request.sourceIp, userAgent: request.userAgent, strategy: settings.strategy }), {
          alert: 'MfaRecoveryNoticeNotSent',
          userId: record.userId,
          repair: 'Tell the account holder by other means that their MFA was reset (time and source IP are in this log group).',
        }),
      ]);
      if (completed.status === 'rejected') throw completed.reason;
      logger.info('mfa recovery completed', { userId: record.userId, strategy: settings.strategy, resumed });
      metrics.count('RecoveriesCompleted');
      return { userId: record.userId, strategy: settings.strategy, resumed, ...(link ? { link } : {}) };
    } catch (error) {
      if (error instanceof RecoveryCoolingOffError && leaseUntil) {
        logger.warn('mfa recovery refused: a password reset by email is cooling off', {
          userId: record.userId,
          until: error.until.toISOString(),
          sourceIp: request.sourceIp,
        });
        metrics.refused('recovery-cooling-off');
        await giveBackQuietly(record, resumed, leaseUntil);
        throw error;
      }
      if (error instanceof RecoveryBlockedError) metrics.refused('recovery-blocked');
      reportIncomplete(record.tokenHash, record.userId, step, error);
      await releaseQuietly(record);
      throw error;
    }
  }

  /** The strategy's work on Cognito; `recreate` returns the new user to link. */
  async function recoverAccount(
    record: RecoveryTokenRecord,
    enter: (step: string) => void,
    assertAccount?: (account: UserRecord | undefined) => void,
  ): Promise<CognitoLink | undefined> {
    if (settings.strategy === 'recreate') {
      const saveSnapshot = (snapshot: CognitoUserSnapshot) => tokens.saveSnapshot(record.tokenHash, snapshot);
      return recreateCognitoUser({ identity, users, assertAccount, saveSnapshot }, record, enter);
    }
    // Decide first: the policy is asked on fresh reads before the lock, so a refused link leaves the
    // account as it was (a round of its own: the lock must not run on an account it may not touch).
    const guard = async () => {
      const [account, current] = await Promise.all([users.findUser(record.userId), identity.findUser(record.cognitoUsername)]);
      if (!current) throw new RecoveryBlockedError('Cognito user gone');
      assertRecoverable(current, record.userId, account);
      assertAccount?.(account);
    };
    try {
      await resetFactorInPlace({ identity, randomBytes }, record.cognitoUsername, { guard, onStep: enter });
      return undefined;
    } catch (error) {
      if (error instanceof UserNotFoundError) throw new RecoveryBlockedError('Cognito user gone', error);
      if (error instanceof OperationNotEnabledError) {
        throw new RecoveryBlockedError(`${error.operation} is not enabled for this pool (replica region?): deploy with mfaRecoveryStrategy=recreate`, error);
      }
      throw error;
    }
  }

  function reportIncomplete(tokenHash: string, userId: string | undefined, failedStep: string, error: unknown): void {
    const blocked = error instanceof RecoveryBlockedError;
    logger.error('mfa recovery interrupted', {
      alert: blocked ? 'MfaRecoveryBlocked' : 'MfaRecoveryIncomplete',
      userId,
      // Before the token is read the user is unknown: the request flow logged this id with the user's when it issued the link.
      recoveryId: recoveryIdOf(tokenHash),
      strategy: settings.strategy,
      failedStep,
      reason: blocked ? error.reason : undefined,
      error: error as Error,
      repair: blocked
        ? 'Inspect the user and its Cognito user by hand; the recovery will not proceed on its own.'
        : `The user may retry the link, or run: npx tsx scripts/finish-mfa-recovery.ts ${userId ?? '<userId of the token>'}`,
    });
  }

  /** Over the limit with a token in hand: an unused consume becomes ISSUED again, a take-over just releases. */
  async function giveBackQuietly(record: RecoveryTokenRecord, resumed: boolean, leaseUntil: Date): Promise<void> {
    try {
      if (resumed) await tokens.release(record.tokenHash, clock());
      else await tokens.giveBack(record, leaseUntil);
    } catch (error) {
      // The lease then simply runs out and a later confirm takes the token over.
      logger.warn('could not give back a recovery token', { userId: record.userId, error: error as Error });
    }
  }

  async function releaseQuietly(record: RecoveryTokenRecord): Promise<void> {
    try {
      await tokens.release(record.tokenHash, clock());
    } catch (error) {
      // The lease then simply runs out before a retry can take over.
      logger.warn('could not release the recovery lease', { userId: record.userId, error: error as Error });
    }
  }

  return { postMfaRecoveryConfirm, finishInterruptedRecovery };
}
