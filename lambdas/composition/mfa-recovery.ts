import { MFA_RECOVERY_DEFAULTS, type MfaRecoveryKnob } from '../mfa-recovery/settings';
import type { AttemptLimit } from '../ports/rate-limiter';
import { attemptLimitEnv, optionalIntEnv, requireEnv } from '../shared/config';
import { auditTableFromEnv, documentClient } from './dynamodb';
import { rateLimiterFromEnv } from './rate-limiter';

/** A recovery knob from the environment, or its default. */
export const knob = (name: MfaRecoveryKnob) => optionalIntEnv(name, MFA_RECOVERY_DEFAULTS[name]);
/** An attempt limit from the environment: `name` attempts per RECOVERY_LIMIT_WINDOW_SECONDS. */
export const limit = (name: MfaRecoveryKnob): AttemptLimit =>
  attemptLimitEnv(name, MFA_RECOVERY_DEFAULTS[name], 'RECOVERY_LIMIT_WINDOW_SECONDS', MFA_RECOVERY_DEFAULTS.RECOVERY_LIMIT_WINDOW_SECONDS);

/**
 * The table-backed pieces the self-serve recovery routes share (post-mfa-recovery-request.ts,
 * post-mfa-recovery-confirm.ts, post-mfa-recovery-code.ts); each builds its own adapters (its side
 * of the recovery tokens, the recovery codes) over `documents`, `tableName` and `auditTable`.
 */
export function recoveryStorage() {
  const documents = documentClient();
  return {
    documents,
    tableName: requireEnv('TABLE_NAME').TABLE_NAME,
    auditTable: auditTableFromEnv(),
    limiter: rateLimiterFromEnv(documents),
  };
}
