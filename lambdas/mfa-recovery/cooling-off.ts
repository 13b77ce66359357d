import type { UserRecord } from '../ports/user-repository';
import { RecoveryCoolingOffError } from './recovery-errors';

/**
 * Until when self-serve MFA recovery of `user` is refused, if it is at `now`: the cooling-off period
 * after their last email-based password reset (`coolingOffMs`, RECOVERY_COOLING_OFF_SECONDS).
 * `undefined`: not cooling off (no reset on record, the period is over, or it is 0).
 */
export function coolingOffUntil(user: Pick<UserRecord, 'lastPasswordResetAt'> | undefined, now: Date, coolingOffMs: number): Date | undefined {
  const resetAt = Date.parse(user?.lastPasswordResetAt ?? '');
  if (Number.isNaN(resetAt)) return undefined;
  const until = resetAt + coolingOffMs;
  return until > now.getTime() ? new Date(until) : undefined;
}

/** Refuses a recovery of `user` while their password reset is cooling off (see `coolingOffUntil`). @throws {RecoveryCoolingOffError} */
export function assertNotCoolingOff(user: Pick<UserRecord, 'lastPasswordResetAt'> | undefined, now: Date, coolingOffMs: number): void {
  const until = coolingOffUntil(user, now, coolingOffMs);
  if (until) throw new RecoveryCoolingOffError(until);
}
