import { DynamoRecoveryTokens } from '../adapters/dynamodb/dynamo-recovery-tokens';
import { MFA_RECOVERY_STRATEGIES, postMfaRecoveryConfirmFlows } from '../mfa-recovery/post-mfa-recovery-confirm';
import { optionalEnumEnv } from '../shared/config';
import { logger } from '../shared/logger';
import { secureRandomBytes, systemClock, timerSleep } from '../shared/runtime';
import { cognitoIdentityFromEnv } from './cognito';
import { userRepositoryFromEnv } from './dynamodb';
import { businessMetricsFromEnv } from './metrics';
import { knob, limit, recoveryStorage } from './mfa-recovery';
import { mailerFromEnv } from './ses';

/**
 * What POST /mfa-recovery/confirm's handler needs (the flows include the operator's repair,
 * scripts/finish-mfa-recovery.ts), wired to AWS from the environment. Call once, at cold start.
 */
export function postMfaRecoveryConfirmFromEnv() {
  const { documents, tableName, auditTable, limiter } = recoveryStorage();
  const metrics = businessMetricsFromEnv();
  const flows = postMfaRecoveryConfirmFlows({
    users: userRepositoryFromEnv(documents),
    identity: cognitoIdentityFromEnv(),
    tokens: new DynamoRecoveryTokens(documents, tableName, auditTable),
    limiter,
    mailer: mailerFromEnv(),
    metrics,
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
  return { flows, metrics };
}
