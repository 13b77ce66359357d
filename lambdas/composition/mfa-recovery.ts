import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { MFA_RECOVERY_DEFAULTS, type MfaRecoveryKnob } from '../mfa-recovery/settings';
import type { AttemptLimit } from '../ports/rate-limiter';
import { attemptLimitEnv, optionalIntEnv, requireEnv } from '../shared/config';
import { logger } from '../shared/logger';
import { secureRandomBytes, systemClock, timerSleep } from '../shared/runtime';
import { cognitoIdentityFromEnv } from './cognito';
import { auditTableFromEnv, documentClient, userRepositoryFromEnv } from './dynamodb';
import { businessMetricsFromEnv } from './metrics';
import { rateLimiterFromEnv } from './rate-limiter';
import { SDK_CLIENT_OPTIONS } from './sdk-options';
import { mailerFromEnv } from './ses';

/** A recovery knob from the environment, or its default. */
export const knob = (name: MfaRecoveryKnob) => optionalIntEnv(name, MFA_RECOVERY_DEFAULTS[name]);
/** An attempt limit from the environment: `name` attempts per RECOVERY_LIMIT_WINDOW_SECONDS. */
export const limit = (name: MfaRecoveryKnob): AttemptLimit =>
  attemptLimitEnv(name, MFA_RECOVERY_DEFAULTS[name], 'RECOVERY_LIMIT_WINDOW_SECONDS', MFA_RECOVERY_DEFAULTS.RECOVERY_LIMIT_WINDOW_SECONDS);

/**
 * What every public MFA-recovery route (request, confirm, code) is built over: `storage`, the
 * table-backed pieces and the one Secrets Manager client each route builds its own adapters from,
 * and `ports`, the ones all share (users, Cognito, the attempt limiter, the mailer, metrics, the
 * runtime). Call once, at cold start.
 */
export function recoveryPorts() {
  const documents = documentClient();
  const secrets = new SecretsManagerClient(SDK_CLIENT_OPTIONS);
  return {
    storage: { documents, secrets, tableName: requireEnv('TABLE_NAME').TABLE_NAME, auditTable: auditTableFromEnv() },
    ports: {
      users: userRepositoryFromEnv(documents),
      identity: cognitoIdentityFromEnv(),
      limiter: rateLimiterFromEnv(documents, secrets),
      mailer: mailerFromEnv(),
      metrics: businessMetricsFromEnv(),
      clock: systemClock,
      sleep: timerSleep,
      randomBytes: secureRandomBytes,
      logger,
    },
  };
}
