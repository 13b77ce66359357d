import { DynamoRecoveryTokenStore } from '../adapters/dynamodb/dynamo-recovery-token-store';
import { MFA_RECOVERY_STRATEGIES, mfaResetConfirmation } from '../mfa-recovery/confirm-mfa-reset';
import { MFA_RECOVERY_DEFAULTS, type MfaRecoveryKnob } from '../mfa-recovery/settings';
import type { AttemptLimit } from '../ports/rate-limiter';
import { attemptLimitEnv, optionalEnumEnv, optionalIntEnv, requireEnv } from '../shared/config';
import { logger } from '../shared/logger';
import { secureRandomBytes, systemClock, timerSleep } from '../shared/runtime';
import { cognitoAccountControlsFromEnv, cognitoDirectoryFromEnv, cognitoInvitationsFromEnv } from './cognito';
import { auditTableFromEnv, documentClient, userRepositoryFromEnv } from './dynamodb';
import { businessMetricsFromEnv } from './metrics';
import { rateLimiterFromEnv } from './rate-limiter';
import { mailerFromEnv } from './ses';

/** A recovery knob from the environment, or its default. */
export const knob = (name: MfaRecoveryKnob) => optionalIntEnv(name, MFA_RECOVERY_DEFAULTS[name]);
/** An attempt limit from the environment: `name` attempts per RECOVERY_LIMIT_WINDOW_SECONDS. */
export const limit = (name: MfaRecoveryKnob): AttemptLimit =>
  attemptLimitEnv(name, MFA_RECOVERY_DEFAULTS[name], 'RECOVERY_LIMIT_WINDOW_SECONDS', MFA_RECOVERY_DEFAULTS.RECOVERY_LIMIT_WINDOW_SECONDS);

/**
 * The table-backed pieces both recovery routes share. The request route is wired in
 * `mfa-reset-requests.ts`, so the confirm bundle carries none of its code or schemas; each route
 * builds its own side of the recovery tokens over `documents`, `tableName` and `auditTable`.
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

/** The confirm flow (and its operator repair) wired to AWS from the environment. Call once at module scope. */
export function mfaResetConfirmationFromEnv() {
  const { documents, tableName, auditTable, limiter } = recoveryStorage();
  return mfaResetConfirmation({
    users: userRepositoryFromEnv(documents),
    identity: { ...cognitoDirectoryFromEnv(), ...cognitoInvitationsFromEnv(), ...cognitoAccountControlsFromEnv() },
    tokens: new DynamoRecoveryTokenStore(documents, tableName, auditTable),
    limiter,
    mailer: mailerFromEnv(),
    metrics: businessMetricsFromEnv(),
    clock: systemClock,
    sleep: timerSleep,
    randomBytes: secureRandomBytes,
    logger,
    settings: {
      strategy: optionalEnumEnv('MFA_RECOVERY_STRATEGY', MFA_RECOVERY_STRATEGIES, 'reset'),
      minResponseMs: knob('MIN_RESPONSE_MS'),
      perIpLimit: limit('RECOVERY_CONFIRM_LIMIT_PER_IP'),
      coolingOffMs: knob('RECOVERY_COOLING_OFF_SECONDS') * 1_000,
    },
  });
}
