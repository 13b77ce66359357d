import { appendAuditRecord, type AuditDeps } from '../audit/audit-records';
import type { AuditSource } from '../ports/audit-trail';
import type { KeyedHash } from '../ports/keyed-hash';
import type { RecoveryCodeStore } from '../ports/recovery-code-store';
import type { SignedInUser } from '../ports/signed-in-users';
import { RecentSignInRequiredError } from '../shared/errors';
import type { RandomBytes } from '../shared/runtime';
import { newRecoveryCodes, normalizeRecoveryCode } from './recovery-code';

/** How recent the user's last sign-in (password and MFA, recorded server side) must be to make new codes. */
export const RECENT_SIGN_IN_MINUTES = 10;
const RECENT_SIGN_IN_MS = RECENT_SIGN_IN_MINUTES * 60_000;

export interface PostMeRecoveryCodesDeps extends AuditDeps {
  readonly codes: Pick<RecoveryCodeStore, 'replace'>;
  /** HMAC-SHA-256 under the recovery codes' own key. */
  readonly codeHash: KeyedHash;
  readonly randomBytes: RandomBytes;
}

/** Builds the flow of POST /me/recovery-codes. */
export function postMeRecoveryCodesFlows(deps: PostMeRecoveryCodesDeps) {
  const { codes, codeHash, randomBytes, clock } = deps;

  /**
   * Makes the user 10 new recovery codes and answers them, the only time they are ever shown: only
   * their keyed hashes are stored, in one Put that voids any earlier set. Needs a sign-in within the
   * last 10 minutes as the post-authentication trigger recorded it on the User (`lastSignInAt`),
   * never the token's `auth_time`: a stolen ID token alone cannot replace someone's codes for long.
   *
   * The audit record is appended after the Put: the set is stored and the user gets it whatever
   * becomes of the record, which, if it cannot be written, goes to the log as an alert.
   *
   * @throws {RecentSignInRequiredError} No sign-in recorded within the last 10 minutes (403; nothing changed).
   * @throws {TooManyRequestsError} / {DependencyUnavailableError} The key or the table throttled or failed (the earlier set stands unless the Put took effect; calling again converges).
   */
  async function postMeRecoveryCodes(user: SignedInUser, source: AuditSource): Promise<{ codes: string[] }> {
    const now = clock();
    const signedInAt = user.lastSignInAt === undefined ? Number.NaN : Date.parse(user.lastSignInAt);
    if (!(now.getTime() - signedInAt <= RECENT_SIGN_IN_MS)) throw new RecentSignInRequiredError();
    const shown = newRecoveryCodes(randomBytes);
    // Hashed in their one normalized form, as a code typed at recovery is.
    const hashes = await Promise.all(shown.map((code) => codeHash.digest(normalizeRecoveryCode(code) as string)));
    await codes.replace(user.userId, hashes, now.toISOString());
    await appendAuditRecord(deps, source, {
      event: 'RECOVERY_CODES_CREATED',
      actor: user.userId,
      userId: user.userId,
      details: { count: String(shown.length) },
    });
    return { codes: shown };
  }

  return { postMeRecoveryCodes };
}
