import { type AuditDeps, appendAuditRecord } from '../audit/audit-records';
import type { AuditSource } from '../ports/audit-trail';
import type { BusinessMetrics, RefusalReason } from '../ports/business-metrics';
import type { CallerContext, IdentityProvider } from '../ports/identity-provider';
import type { KeyedHash } from '../ports/keyed-hash';
import type { Mailer } from '../ports/mailer';
import type { AttemptLimit, RateLimiter } from '../ports/rate-limiter';
import type { RecoveryCodeStore } from '../ports/recovery-code-store';
import type { UserRecord, UserRepository } from '../ports/user-repository';
import { normalizeRecoveryCode } from '../recovery-codes/recovery-code';
import { OperationNotEnabledError, RecoveryCodeRefusedError, UserNotFoundError } from '../shared/errors';
import { sendNotice } from '../shared/notice';
import { startResponseFloor } from '../shared/response-floor';
import type { RandomBytes, Sleep } from '../shared/runtime';
import { allValuesOrFirstError } from '../shared/settle';
import { ACCOUNT_PROOF_REFUSAL_METRIC, type AccountProofRefusal, judgeProvenAccount, NO_SUCH_USER, provePassword } from './account-proof';
import { recoveryCodeNoticeEmail } from './recovery-email';
import { type FactorResetIdentity, resetFactorInPlace } from './reset-factor-in-place';

export interface PostMfaRecoveryCodeSettings {
  /** Every refusal (and every failure before the code is consumed) takes at least this long. */
  readonly minResponseMs: number;
  /** Counted before the password is checked: per source IP, and per email from one source IP. */
  readonly perIpLimit: AttemptLimit;
  readonly perAccountAndIpLimit: AttemptLimit;
  /** Counted only once the password is proven, so a stranger cannot use up the owner's attempts. */
  readonly perAccountLimit: AttemptLimit;
  /** How long after an email-based password reset a code may not reset the authenticator (ms; 0: never refused for it). */
  readonly coolingOffMs: number;
}

/** The ports the recovery-code flow runs over. */
export interface PostMfaRecoveryCodeDeps extends AuditDeps {
  readonly users: Pick<UserRepository, 'findUserIdByEmail' | 'findUser'>;
  readonly identity: Pick<IdentityProvider, 'passwordAuth' | 'findUser'> & FactorResetIdentity;
  readonly codes: Pick<RecoveryCodeStore, 'consume' | 'release'>;
  /** The keyed hash under the recovery-code key (never the attempt counters' key). */
  readonly codeHash: KeyedHash;
  readonly limiter: RateLimiter;
  readonly mailer: Mailer;
  readonly metrics: Pick<BusinessMetrics, 'count' | 'refused'>;
  readonly sleep: Sleep;
  readonly randomBytes: RandomBytes;
  readonly settings: PostMfaRecoveryCodeSettings;
}

export interface PostMfaRecoveryCodeInput {
  /** Normalized email. */
  readonly username: string;
  readonly password: string;
  /** The code as typed; normalized here (a malformed one is refused like a wrong one). */
  readonly recoveryCode: string;
}

/** Who asked: the password check, the notice and the audit record state it. */
export type PostMfaRecoveryCodeCaller = CallerContext & AuditSource;

/** Why a use was refused, for logs and tests only: the caller always gets the same answer. */
export type RecoveryCodeRefusal =
  | AccountProofRefusal
  | 'malformed-code'
  | 'code-refused'
  /** A dependency failed before the code was consumed: nothing changed; answered as a refusal, so no failure tells a password apart. */
  | 'failed';

/** The refusal each outcome counts as (failures are errors, logged, not counted). */
const REFUSAL_METRIC: Readonly<Record<Exclude<RecoveryCodeRefusal, 'failed'>, RefusalReason>> = {
  ...ACCOUNT_PROOF_REFUSAL_METRIC,
  'malformed-code': 'recovery-code-refused',
  'code-refused': 'recovery-code-refused',
};

/** A refusal, thrown inside the flow and answered as the one RecoveryCodeRefusedError. */
class Refused extends Error {
  constructor(readonly refusal: RecoveryCodeRefusal) {
    super(refusal);
  }
}

/** The account a code reset. */
export interface RecoveryCodeUse {
  readonly userId: string;
  /** Unused codes left. */
  readonly remaining: number;
}

/** Builds the recovery-code flow over the given ports. */
export function postMfaRecoveryCodeFlows(deps: PostMfaRecoveryCodeDeps) {
  const { users, identity, codes, codeHash, limiter, metrics, clock, sleep, randomBytes, logger, settings } = deps;

  /**
   * postMfaRecoveryCode: a user who lost their authenticator resets it with their password and one
   * of their saved recovery codes, at once and without an email round trip.
   *
   * Steps: count the attempt per source IP and per (email, source IP) while the email's owner is
   * looked up and the code hashed (over either limit: refused); a malformed code or an unknown email
   * is refused; then the password is checked with Cognito (first leg of a sign-in: an MFA challenge
   * proves it) alongside a fresh read of the Cognito user; only a caller who proved the password
   * counts against the account. Decide first: the adoption guard (the Cognito user is this account's,
   * with its email, enabled; otherwise blocked and an operator alert) and the cooling-off after an
   * email password reset, before anything changes. Then act: the code is consumed atomically (of
   * concurrent uses of one code exactly one gets on), the factor is reset in place with the password
   * kept (sign-out everywhere, then the TOTP factor deleted: the next sign-in answers MFA_SETUP), and
   * the notice (with the codes left) and the RECOVERY_CODE_USED audit record are written together.
   *
   * Every refusal, and every failure before the code is consumed, is the one RecoveryCodeRefusedError,
   * no sooner than `minResponseMs` after the call. If the reset fails after the code was consumed the
   * code is put back (calling again with it converges) and the failure is thrown.
   *
   * @throws {RecoveryCodeRefusedError} Any refusal (one answer for all, 400).
   * @throws {DependencyUnavailableError | TooManyRequestsError} The reset failed after the code was consumed; the code was released.
   */
  async function postMfaRecoveryCode(input: PostMfaRecoveryCodeInput, caller: PostMfaRecoveryCodeCaller): Promise<RecoveryCodeUse> {
    const floor = startResponseFloor(clock, sleep, settings.minResponseMs);
    try {
      return await use(input, caller);
    } catch (error) {
      await floor.hold();
      if (!(error instanceof Refused)) throw error;
      logger.info('recovery code refused', { outcome: error.refusal, sourceIp: caller.sourceIp });
      if (error.refusal !== 'failed') metrics.refused(REFUSAL_METRIC[error.refusal]);
      throw new RecoveryCodeRefusedError();
    }
  }

  async function use(input: PostMfaRecoveryCodeInput, caller: PostMfaRecoveryCodeCaller): Promise<RecoveryCodeUse> {
    const { user, hash } = await decide(input, caller).catch((error: unknown) => {
      if (error instanceof Refused) throw error;
      logger.error('recovery code use failed before any change', { error: error as Error });
      throw new Refused('failed');
    });
    const remaining = await consume(user.userId, hash);
    try {
      await resetFactorInPlace({ identity, randomBytes }, user.cognitoUsername, { keepPassword: true });
    } catch (error) {
      logger.error('authenticator reset by recovery code failed: the code is put back', { userId: user.userId, error: error as Error });
      await releaseQuietly(user.userId, hash);
      // Gone since the guard read it: the account changed under us, nothing was reset.
      if (error instanceof UserNotFoundError) throw new Refused('blocked');
      if (error instanceof OperationNotEnabledError) {
        // A retry cannot help: a pool without AdminDeleteSoftwareToken (a replica region) cannot reset a factor in place.
        logger.error('mfa recovery blocked', {
          alert: 'MfaRecoveryBlocked',
          userId: user.userId,
          reason: `${error.operation} is not enabled for this pool (replica region?)`,
          repair: 'Recovery codes cannot reset the authenticator here (the user was signed out, the code put back): reset it with an admin MFA reset.',
        });
        throw new Refused('blocked');
      }
      throw error;
    }
    await tell(user, remaining, caller);
    logger.info('authenticator reset by recovery code', { userId: user.userId, remaining });
    metrics.count('RecoveryCodesUsed');
    return { userId: user.userId, remaining };
  }

  /** Everything that decides, before anything changes: the account, its password and state, the code's hash. */
  async function decide(input: PostMfaRecoveryCodeInput, caller: PostMfaRecoveryCodeCaller): Promise<{ user: UserRecord; hash: string }> {
    const code = normalizeRecoveryCode(input.recoveryCode);
    const [ipAllowed, pairAllowed, userId, hash] = await allValuesOrFirstError([
      limiter.tryAttempt('mfa-code-ip', caller.sourceIp, settings.perIpLimit),
      // An IP holds no space, so "<ip> <email>" names one pair.
      limiter.tryAttempt('mfa-code-account-ip', `${caller.sourceIp} ${input.username}`, settings.perAccountAndIpLimit),
      users.findUserIdByEmail(input.username),
      code === undefined ? Promise.resolve(undefined) : codeHash.digest(code),
    ]);
    if (!ipAllowed || !pairAllowed) {
      logger.warn('recovery code use over the attempt limit', { limit: ipAllowed ? 'account-ip' : 'ip', sourceIp: caller.sourceIp });
      throw new Refused('rate-limited');
    }
    if (hash === undefined) throw new Refused('malformed-code');
    // Unknown emails read too: the same work up to the password for everybody.
    const user = await users.findUser(userId ?? NO_SUCH_USER);
    if (!user) throw new Refused('no-match');

    const [verdict, cognitoUser] = await allValuesOrFirstError([
      provePassword({ identity, logger }, user, input.password, caller),
      identity.findUser(user.cognitoUsername),
    ]);
    if (verdict !== 'proven') throw new Refused(verdict);
    // Only callers who know the password count against the account: strangers cannot lock its owner out.
    if (!(await limiter.tryAttempt('mfa-code-account', user.userId, settings.perAccountLimit))) {
      logger.warn('recovery code use over the attempt limit', { limit: 'account', userId: user.userId, sourceIp: caller.sourceIp });
      throw new Refused('rate-limited');
    }
    // The adoption guard and the cooling-off decide before the code is taken.
    const refused = judgeProvenAccount({ clock, logger }, user, cognitoUser, {
      coolingOffMs: settings.coolingOffMs,
      sourceIp: caller.sourceIp,
      undone: 'no recovery code was used',
    });
    if (refused) throw new Refused(refused);
    return { user, hash };
  }

  /**
   * Takes the code atomically. A failed take is never put back: it may have failed on a code used
   * long ago, which must stay used; at worst a take that landed unanswered costs the user this code.
   */
  async function consume(userId: string, hash: string): Promise<number> {
    let remaining: number | undefined;
    try {
      remaining = await codes.consume(userId, hash);
    } catch (error) {
      logger.error('recovery code use failed before any change', { userId, error: error as Error });
      throw new Refused('failed');
    }
    if (remaining === undefined) {
      logger.info('recovery code wrong or used', { userId });
      throw new Refused('code-refused');
    }
    return remaining;
  }

  /** The notice (with the codes left) and the audit record, together; neither fails the request: the reset is done. */
  async function tell(user: UserRecord, remaining: number, caller: PostMfaRecoveryCodeCaller): Promise<void> {
    const at = clock();
    await Promise.all([
      sendNotice(deps, recoveryCodeNoticeEmail(user.email, { at, sourceIp: caller.sourceIp, userAgent: caller.userAgent, remaining }), {
        alert: 'MfaRecoveryNoticeNotSent',
        userId: user.userId,
        repair: 'Tell the account holder by other means that their authenticator was reset with a recovery code (time and source IP are in this log group).',
      }),
      appendAuditRecord(deps, caller, { event: 'RECOVERY_CODE_USED', actor: user.userId, userId: user.userId, details: { remaining: String(remaining) } }),
    ]);
  }

  async function releaseQuietly(userId: string, hash: string): Promise<void> {
    try {
      await codes.release(userId, hash);
    } catch (error) {
      // The user has one code fewer: the others still work, and new ones come with the next authenticator.
      logger.warn('could not put back a recovery code', { userId, error: error as Error });
    }
  }

  return { postMfaRecoveryCode };
}
