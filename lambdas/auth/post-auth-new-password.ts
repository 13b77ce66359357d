import { type AuditDeps, appendAuditRecord } from '../audit/audit-records';
import type { AuditSource } from '../ports/audit-trail';
import type { BusinessMetrics } from '../ports/business-metrics';
import type { AuthOutcome, CallerContext, IdentityProvider } from '../ports/identity-provider';
import type { AttemptLimit, RateLimiter } from '../ports/rate-limiter';
import type { UserRepository } from '../ports/user-repository';
import { InvalidCredentialsError, InvalidUserStateError, outcomeUncertain, TooManyRequestsError } from '../shared/errors';
import { startResponseFloor } from '../shared/response-floor';
import type { Sleep } from '../shared/runtime';

export interface PostAuthNewPasswordSettings {
  /** Every refusal (wrong or spent temporary password, unknown user, limit, failure) takes at least this long. */
  readonly minResponseMs: number;
  /** Per account from one source IP: a stranger's attempts never use up the owner's. */
  readonly perAccountAndIpLimit: AttemptLimit;
  readonly perIpLimit: AttemptLimit;
}

/** The ports the first-sign-in flow runs over. */
export interface PostAuthNewPasswordDeps extends AuditDeps {
  readonly identity: Pick<IdentityProvider, 'passwordAuth' | 'respondToNewPasswordChallenge'>;
  /** To find whose account it is, for the audit record. */
  readonly users: Pick<UserRepository, 'findUserIdByEmail'>;
  readonly limiter: RateLimiter;
  readonly metrics: Pick<BusinessMetrics, 'refused'>;
  readonly sleep: Sleep;
  readonly settings: PostAuthNewPasswordSettings;
}

/** Builds the first-sign-in flow (invited user sets a password) over the given ports. */
export function postAuthNewPasswordFlows(deps: PostAuthNewPasswordDeps) {
  const { identity, users, limiter, metrics, clock, sleep, logger, settings } = deps;

  /**
   * Completes a first sign-in: signs in with the temporary password from the invitation, answers
   * Cognito's `NEW_PASSWORD_REQUIRED` challenge with the new password, and returns what Cognito
   * answers next. In a pool that requires MFA that is the `MFA_SETUP` challenge with its session
   * (the client then associates and verifies a TOTP app); otherwise it is the tokens. A completed
   * first sign-in is audited (`FIRST_SIGN_IN_COMPLETED`, actor the user's own id), and so is one whose
   * answer was lost (outcome `UNKNOWN`): the password may be set, and nothing would record it otherwise.
   *
   * No password oracle: every sign-in that does not end in `NEW_PASSWORD_REQUIRED` (wrong password,
   * unknown user, a user who already set a password, a disabled user) is the same 401; attempts are
   * limited per account from each source IP and per source IP before Cognito sees them (never per
   * account alone, so a stranger cannot lock an invitee out); every refusal waits out
   * `minResponseMs`, so none is told apart by its timing either.
   *
   * @param username - The user's email.
   * @param tempPassword - The temporary password from the invitation email.
   * @param newPassword - The password the user chose; Cognito enforces the pool's policy.
   * @param caller - Where the attempt comes from (IP, user agent), passed to Cognito's threat protection and audited.
   * @returns Tokens, or the next challenge's name and session.
   * @throws {InvalidCredentialsError} No pending invitation for these credentials (one answer for every case, 401).
   * @throws {InvalidPasswordError} The new password does not meet the policy (400).
   * @throws {TooManyRequestsError} Too many attempts for this account from this IP, or from this IP, or a dependency throttled (429).
   * @throws {DependencyUnavailableError} Cognito or DynamoDB failed or timed out (503).
   */
  async function handleNewPasswordChallenge(
    username: string,
    tempPassword: string,
    newPassword: string,
    caller: CallerContext & AuditSource,
  ): Promise<AuthOutcome> {
    const floor = startResponseFloor(clock, sleep, settings.minResponseMs);
    try {
      return await setNewPassword(username, tempPassword, newPassword, caller);
    } catch (error) {
      await floor.hold();
      throw error;
    }
  }

  async function setNewPassword(username: string, tempPassword: string, newPassword: string, caller: CallerContext & AuditSource): Promise<AuthOutcome> {
    // The owner is looked up alongside the counters, whatever the credentials: same work for every caller.
    const [accountAllowed, ipAllowed, userId] = await Promise.all([
      // An IP holds no space, so "<ip> <username>" names one pair.
      limiter.tryAttempt('first-sign-in-account-ip', `${caller.sourceIp} ${username}`, settings.perAccountAndIpLimit),
      limiter.tryAttempt('first-sign-in-ip', caller.sourceIp, settings.perIpLimit),
      users.findUserIdByEmail(username),
    ]);
    if (!accountAllowed || !ipAllowed) {
      logger.warn('first sign-in over the attempt limit', { limit: accountAllowed ? 'ip' : 'account-ip', sourceIp: caller.sourceIp });
      metrics.refused('rate-limited');
      throw new TooManyRequestsError();
    }
    const session = await pendingInvitationSession(username, tempPassword, caller);
    let outcome: AuthOutcome;
    try {
      outcome = await identity.respondToNewPasswordChallenge(username, newPassword, session);
    } catch (error) {
      // The password may be set though the answer was lost, and calling again then meets a dead temporary password: record it now.
      if (userId !== undefined && outcomeUncertain(error)) {
        await appendAuditRecord(deps, caller, { event: 'FIRST_SIGN_IN_COMPLETED', actor: userId, userId, outcome: 'UNKNOWN' });
      }
      throw error;
    }
    if (userId !== undefined) await appendAuditRecord(deps, caller, { event: 'FIRST_SIGN_IN_COMPLETED', actor: userId, userId });
    return outcome;
  }

  /** The NEW_PASSWORD_REQUIRED session of a pending invitation; any other outcome is the one 401. */
  async function pendingInvitationSession(username: string, tempPassword: string, caller: CallerContext): Promise<string> {
    let first: AuthOutcome;
    try {
      first = await identity.passwordAuth(username, tempPassword, caller);
    } catch (error) {
      // e.g. a password reset required: as uninformative as a wrong password.
      if (error instanceof InvalidUserStateError) throw new InvalidCredentialsError(error);
      throw error;
    }
    // A user who already set a password: saying so would confirm the password.
    if (first.kind !== 'challenge' || first.challengeName !== 'NEW_PASSWORD_REQUIRED') throw new InvalidCredentialsError();
    return first.session;
  }

  return { handleNewPasswordChallenge };
}
