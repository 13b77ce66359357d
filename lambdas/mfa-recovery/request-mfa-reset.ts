import type { CallerContext, IdentityProvider } from '../ports/identity-provider';
import type { LicenseIdentity, LicenseRepository } from '../ports/license-repository';
import type { Mailer } from '../ports/mailer';
import type { AttemptLimit, RateLimiter } from '../ports/rate-limiter';
import type { RecoveryTokenStore } from '../ports/recovery-token-store';
import type { UserRecord, UserRepository } from '../ports/user-repository';
import { InvalidCredentialsError } from '../shared/errors';
import type { AppLogger } from '../shared/logger';
import type { Clock, RandomBytes, Sleep } from '../shared/runtime';
import { matchesAnyLicense } from './license';
import { recoveryEmail } from './recovery-email';
import { newRecoveryToken, RECOVERY_TOKEN_LIFETIME_MS, recoveryLink } from './recovery-token';
import { startResponseFloor } from '../shared/response-floor';

/** Cognito's answers to a correct password in an MFA pool: the password is proven, the second factor is what is lost. */
const PASSWORD_PROVEN_CHALLENGES = new Set(['SOFTWARE_TOKEN_MFA', 'SMS_MFA', 'EMAIL_OTP', 'SELECT_MFA_TYPE', 'MFA_SETUP']);

/** A user id no real user has: unknown emails still do the same reads (same work shape). */
const NO_SUCH_USER = '00000000-0000-0000-0000-000000000000';

export interface MfaResetRequestSettings {
  /** The page that reads `?token=` and calls POST /mfa-recovery/confirm. */
  readonly recoveryUrlBase: string;
  /** Every answer takes at least this long, whatever the outcome. */
  readonly minResponseMs: number;
  readonly perAccountLimit: AttemptLimit;
  readonly perIpLimit: AttemptLimit;
}

/** The ports the request flow runs over. */
export interface MfaResetRequestDeps {
  readonly users: Pick<UserRepository, 'findUserIdByEmail' | 'findUser'>;
  readonly licenses: LicenseRepository;
  readonly identity: Pick<IdentityProvider, 'passwordAuth'>;
  readonly tokens: Pick<RecoveryTokenStore, 'issue' | 'voidToken'>;
  readonly limiter: RateLimiter;
  readonly mailer: Mailer;
  readonly clock: Clock;
  readonly randomBytes: RandomBytes;
  readonly sleep: Sleep;
  readonly logger: AppLogger;
  readonly settings: MfaResetRequestSettings;
}

export interface MfaResetRequest {
  /** Normalized email. */
  readonly username: string;
  readonly password: string;
  /** Normalized license data. */
  readonly license: LicenseIdentity;
}

/** What happened, for logs and tests only: the caller always gets the same answer. */
export type MfaResetRequestOutcome =
  | 'link-sent'
  | 'rate-limited'
  | 'no-match'
  | 'wrong-password'
  | 'not-eligible'
  | 'email-failed'
  | 'failed';

/** Builds the MFA-reset request flow over the given ports. */
export function mfaResetRequests(deps: MfaResetRequestDeps) {
  const { users, licenses, identity, tokens, limiter, mailer, clock, randomBytes, sleep, logger, settings } = deps;

  /**
   * requestMfaReset: a practitioner who lost their MFA device proves who they are with their
   * password and one of their licenses, and gets a one-time recovery link by email.
   *
   * Steps: count the attempt per account and per source IP (over the limit: stop); find the user and
   * match the license data exactly (normalized) against one of their licenses; only then verify the
   * password with Cognito (an MFA challenge or tokens prove it); then issue a token (only its hash is
   * stored; earlier tokens of the user stop working) and email the link, concurrently.
   *
   * Never throws and never tells the outcomes apart: the caller always gets the same answer, no
   * sooner than `minResponseMs` after the call. Failures are logged; when the email cannot be sent
   * the token is voided, so no usable token exists that nobody received.
   *
   * @returns The outcome, for logging and tests; handlers must not reveal it.
   */
  async function requestMfaReset(input: MfaResetRequest, request: CallerContext): Promise<MfaResetRequestOutcome> {
    const floor = startResponseFloor(clock, sleep, settings.minResponseMs);
    let outcome: MfaResetRequestOutcome;
    try {
      outcome = await attempt(input, request);
    } catch (error) {
      outcome = 'failed';
      logger.error('mfa reset request failed', { error: error as Error });
    }
    logger.info('mfa reset request handled', { outcome });
    await floor.hold();
    return outcome;
  }

  async function attempt(input: MfaResetRequest, caller: CallerContext): Promise<MfaResetRequestOutcome> {
    const { sourceIp } = caller;
    // Made up front, so every path does the same CPU work; only a verified request ever uses it.
    const { token, tokenHash } = newRecoveryToken(randomBytes);
    const [accountAllowed, ipAllowed, userId] = await Promise.all([
      limiter.tryAttempt('mfa-request-account', input.username, settings.perAccountLimit),
      limiter.tryAttempt('mfa-request-ip', sourceIp, settings.perIpLimit),
      users.findUserIdByEmail(input.username),
    ]);
    if (!accountAllowed || !ipAllowed) {
      logger.warn('mfa reset request over the attempt limit', { limit: accountAllowed ? 'ip' : 'account', sourceIp });
      return 'rate-limited';
    }

    const [user, held] = await Promise.all([users.findUser(userId ?? NO_SUCH_USER), licenses.findLicenses(userId ?? NO_SUCH_USER)]);
    const licenseMatches = matchesAnyLicense(input.license, held);
    if (!user || user.role !== 'practitioner' || !licenseMatches) return 'no-match';

    const verdict = await verifyPassword(user, input.password, caller);
    if (verdict !== 'proven') return verdict;

    return issueAndSend(user, token, tokenHash);
  }

  /** First leg of a password sign-in, server to server: any MFA challenge (or tokens) proves the password. */
  async function verifyPassword(user: UserRecord, password: string, caller: CallerContext): Promise<'proven' | 'wrong-password' | 'not-eligible'> {
    try {
      const outcome = await identity.passwordAuth(user.cognitoUsername, password, caller);
      if (outcome.kind === 'tokens' || PASSWORD_PROVEN_CHALLENGES.has(outcome.challengeName)) return 'proven';
      // e.g. NEW_PASSWORD_REQUIRED: an invitation never completed has no MFA to recover.
      logger.info('mfa reset refused for the account state', { userId: user.userId, challengeName: outcome.challengeName });
      return 'not-eligible';
    } catch (error) {
      if (error instanceof InvalidCredentialsError) {
        logger.info('mfa reset request with a wrong password', { userId: user.userId });
        return 'wrong-password';
      }
      throw error;
    }
  }

  /** Stores the token and emails the link concurrently; a token whose email failed is voided. */
  async function issueAndSend(user: UserRecord, token: string, tokenHash: string): Promise<MfaResetRequestOutcome> {
    const now = clock();
    const [stored, sent] = await Promise.allSettled([
      tokens.issue({
        tokenHash,
        userId: user.userId,
        cognitoUsername: user.cognitoUsername,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + RECOVERY_TOKEN_LIFETIME_MS).toISOString(),
      }),
      mailer.send(recoveryEmail(user.email, recoveryLink(settings.recoveryUrlBase, token))),
    ]);
    if (sent.status === 'rejected') {
      logger.error('mfa recovery email not sent', { userId: user.userId, error: sent.reason as Error });
      if (stored.status === 'fulfilled') await voidQuietly(user.userId, tokenHash);
      return 'email-failed';
    }
    if (stored.status === 'rejected') {
      // The email is out but its link will be refused; the user can simply ask again.
      logger.error('mfa recovery link emailed but not stored', { userId: user.userId, error: stored.reason as Error });
      return 'failed';
    }
    logger.info('mfa recovery link sent', { userId: user.userId });
    return 'link-sent';
  }

  async function voidQuietly(userId: string, tokenHash: string): Promise<void> {
    try {
      await tokens.voidToken(tokenHash);
    } catch (error) {
      // Harmless: nobody received the token, and it expires with the others.
      logger.warn('could not void an unsent recovery token', { userId, error: error as Error });
    }
  }

  return { requestMfaReset };
}
