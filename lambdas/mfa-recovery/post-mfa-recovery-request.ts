import { auditRecord } from '../audit/audit-records';
import type { AuditSource } from '../ports/audit-trail';
import type { BusinessMetrics, RefusalReason } from '../ports/business-metrics';
import type { CallerContext, IdentityProvider } from '../ports/identity-provider';
import type { LicenseIdentity, LicenseRepository } from '../ports/license-repository';
import type { Mailer } from '../ports/mailer';
import type { AttemptLimit, RateLimiter } from '../ports/rate-limiter';
import type { RecoveryTokenIssuer, RecoveryTokenRecord } from '../ports/recovery-token-store';
import type { UserRecord, UserRepository } from '../ports/user-repository';
import { settle, unwrap } from '../shared/settle';
import type { AppLogger } from '../shared/logger';
import type { Clock, RandomBytes, Sleep } from '../shared/runtime';
import { matchesAnyLicense } from './license';
import { recoveryEmail } from './recovery-email';
import { newRecoveryToken, RECOVERY_DEADLINE_MS, RECOVERY_TOKEN_LIFETIME_MS, recoveryIdOf, recoveryLink } from './recovery-token';
import { startResponseFloor } from '../shared/response-floor';
import { ACCOUNT_PROOF_REFUSAL_METRIC, type AccountProofRefusal, judgeProvenAccount, NO_SUCH_USER, provePassword } from './account-proof';

export interface PostMfaRecoveryRequestSettings {
  /** The page that reads `#token=` and calls POST /mfa-recovery/confirm. */
  readonly recoveryUrlBase: string;
  /** Every answer takes at least this long, whatever the outcome. */
  readonly minResponseMs: number;
  readonly perAccountLimit: AttemptLimit;
  readonly perIpLimit: AttemptLimit;
  /** How long after an email-based password reset no link is issued (ms; 0: never refused for it). */
  readonly coolingOffMs: number;
}

/** The ports the request flow runs over. */
export interface PostMfaRecoveryRequestDeps {
  readonly users: Pick<UserRepository, 'findUserIdByEmail' | 'findUser'>;
  readonly licenses: LicenseRepository;
  readonly identity: Pick<IdentityProvider, 'passwordAuth' | 'findUser'>;
  readonly tokens: Pick<RecoveryTokenIssuer, 'issue' | 'voidToken' | 'findActiveToken'>;
  readonly limiter: RateLimiter;
  readonly mailer: Mailer;
  readonly metrics: Pick<BusinessMetrics, 'count' | 'refused'>;
  readonly clock: Clock;
  readonly randomBytes: RandomBytes;
  readonly sleep: Sleep;
  readonly logger: AppLogger;
  readonly settings: PostMfaRecoveryRequestSettings;
}

export interface PostMfaRecoveryRequestInput {
  /** Normalized email. */
  readonly username: string;
  readonly password: string;
  /** Normalized license data. */
  readonly license: LicenseIdentity;
}

/** Who asked: the password check and the audit record state it. */
export type PostMfaRecoveryRequestCaller = CallerContext & AuditSource;

/** What happened, for logs and tests only: the caller always gets the same answer. */
export type PostMfaRecoveryRequestOutcome = 'link-sent' | AccountProofRefusal | 'recovery-running' | 'email-failed' | 'failed';

/** The refusal each outcome counts as (sent links count as `RecoveryLinksSent`; failures are errors, logged). */
const REFUSAL_OF: Partial<Record<PostMfaRecoveryRequestOutcome, RefusalReason>> = {
  ...ACCOUNT_PROOF_REFUSAL_METRIC,
  'recovery-running': 'recovery-in-progress',
};

/** Builds the MFA-reset request flow over the given ports. */
export function postMfaRecoveryRequestFlows(deps: PostMfaRecoveryRequestDeps) {
  const { users, licenses, identity, tokens, limiter, mailer, metrics, clock, randomBytes, sleep, logger, settings } = deps;

  /**
   * postMfaRecoveryRequest: a practitioner who lost their MFA device proves who they are with their
   * password and one of their licenses, and gets a one-time recovery link by email.
   *
   * Steps: count the attempt per source IP (over the limit: stop); find the user and match the
   * license data exactly (normalized) against one of their licenses; only then count the attempt
   * against the account (so strangers who only know the email cannot use up the owner's attempts),
   * verify the password with Cognito (an MFA challenge or tokens prove it) and check the Cognito user
   * is this account's and still has the database's email (otherwise: blocked, an operator alert);
   * then issue a token (only its hash is stored; it supersedes the user's previous token, an
   * interrupted recovery included; its RECOVERY_LINK_ISSUED audit record is written in the same
   * transaction, so only matched accounts ever get one) and email the link, concurrently. While a confirm of this user
   * is running right now no link is issued: that recovery is about to email the invitation; nor within
   * the cooling-off period after an email-based password reset (the mailbox alone reset the password:
   * it must not reset the authenticator too; an admin MFA reset still can).
   *
   * Never throws and never tells the outcomes apart: the caller always gets the same answer, no
   * sooner than `minResponseMs` after the call. Failures are logged; when the email cannot be sent
   * the token is voided, so no usable token exists that nobody received.
   *
   * @returns The outcome, for logging and tests; handlers must not reveal it.
   */
  async function postMfaRecoveryRequest(input: PostMfaRecoveryRequestInput, request: PostMfaRecoveryRequestCaller): Promise<PostMfaRecoveryRequestOutcome> {
    const floor = startResponseFloor(clock, sleep, settings.minResponseMs);
    let outcome: PostMfaRecoveryRequestOutcome;
    try {
      outcome = await attempt(input, request);
    } catch (error) {
      outcome = 'failed';
      logger.error('mfa reset request failed', { error: error as Error });
    }
    logger.info('mfa reset request handled', { outcome });
    const refusal = REFUSAL_OF[outcome];
    if (outcome === 'link-sent') metrics.count('RecoveryLinksSent');
    else if (refusal) metrics.refused(refusal);
    await floor.hold();
    return outcome;
  }

  async function attempt(input: PostMfaRecoveryRequestInput, caller: PostMfaRecoveryRequestCaller): Promise<PostMfaRecoveryRequestOutcome> {
    const { sourceIp } = caller;
    // Made up front, so every path does the same CPU work; only a verified request ever uses it.
    const { token, tokenHash } = newRecoveryToken(randomBytes);
    const [ipAllowed, userId] = await Promise.all([
      limiter.tryAttempt('mfa-request-ip', sourceIp, settings.perIpLimit),
      users.findUserIdByEmail(input.username),
    ]);
    if (!ipAllowed) {
      logger.warn('mfa reset request over the attempt limit', { limit: 'ip', sourceIp });
      return 'rate-limited';
    }

    const subject = userId ?? NO_SUCH_USER;
    // Needed only after the password check, but it depends on nothing else: read alongside.
    const active = settle(tokens.findActiveToken(subject));
    const [user, held] = await Promise.all([users.findUser(subject), licenses.findLicenses(subject)]);
    const licenseMatches = matchesAnyLicense(input.license, held);
    if (user?.role !== 'practitioner' || !licenseMatches) {
      await active;
      return 'no-match';
    }

    // Only callers who know the license data count against the account: strangers cannot lock its owner out.
    const [accountAllowed, cognitoUser, previous] = await Promise.all([
      limiter.tryAttempt('mfa-request-account', user.userId, settings.perAccountLimit),
      identity.findUser(user.cognitoUsername),
      active.then(unwrap),
    ]);
    if (!accountAllowed) {
      logger.warn('mfa reset request over the attempt limit', { limit: 'account', userId: user.userId, sourceIp });
      return 'rate-limited';
    }

    const verdict = await provePassword({ identity, logger }, user, input.password, caller);
    if (verdict !== 'proven') return verdict;

    const refused = judgeProvenAccount({ clock, logger }, user, cognitoUser, {
      coolingOffMs: settings.coolingOffMs,
      sourceIp: caller.sourceIp,
      undone: 'no link was sent',
    });
    if (refused) return refused;
    if (previous?.status === 'IN_PROGRESS' && Date.parse(previous.leaseUntil ?? '') > clock().getTime()) {
      logger.info('mfa reset request while a recovery of the account is running', { userId: user.userId });
      return 'recovery-running';
    }
    return issueAndSend(user, previous, token, tokenHash, caller);
  }

  /**
   * Stores the token (superseding `previous`) with its audit record and emails the link
   * concurrently; a token whose email failed is voided (the record stays: the log tells why).
   */
  async function issueAndSend(
    user: UserRecord,
    previous: RecoveryTokenRecord | undefined,
    token: string,
    tokenHash: string,
    source: AuditSource,
  ): Promise<PostMfaRecoveryRequestOutcome> {
    const now = clock();
    if (previous?.status === 'IN_PROGRESS') logger.warn('an interrupted mfa recovery is superseded by a new link', { userId: user.userId });
    const expiresAt = new Date(now.getTime() + RECOVERY_TOKEN_LIFETIME_MS).toISOString();
    const audit = auditRecord(() => now, source, {
      event: 'RECOVERY_LINK_ISSUED',
      actor: user.userId,
      userId: user.userId,
      details: { expiresAt, ...(previous && (previous.status === 'ISSUED' || previous.status === 'IN_PROGRESS') && { supersedes: previous.status }) },
    });
    const [stored, sent] = await Promise.allSettled([
      tokens.issue(
        {
          tokenHash,
          userId: user.userId,
          cognitoUsername: user.cognitoUsername,
          email: user.email,
          createdAt: now.toISOString(),
          expiresAt,
          deadlineAt: new Date(now.getTime() + RECOVERY_DEADLINE_MS).toISOString(),
        },
        previous,
        now,
        audit,
      ),
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
    logger.info('mfa recovery link sent', { userId: user.userId, recoveryId: recoveryIdOf(tokenHash) });
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

  return { postMfaRecoveryRequest };
}
