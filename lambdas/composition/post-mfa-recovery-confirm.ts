import { DynamoRecoveryTokenStore } from '../adapters/dynamodb/dynamo-recovery-token-store';
import { MFA_RECOVERY_STRATEGIES, postMfaRecoveryConfirmFlows } from '../mfa-recovery/post-mfa-recovery-confirm';
import { optionalEnumEnv } from '../shared/config';
import { logger } from '../shared/logger';
import { secureRandomBytes, systemClock, timerSleep } from '../shared/runtime';
import { cognitoAccountControlsFromEnv, cognitoDirectoryFromEnv, cognitoInvitationsFromEnv } from './cognito';
import { userRepositoryFromEnv } from './dynamodb';
import { businessMetricsFromEnv } from './metrics';
import { knob, limit, recoveryStorage } from './mfa-recovery';
import { mailerFromEnv } from './ses';

/** The confirm flow (and its operator repair) wired to AWS from the environment. Call once at module scope. */
export function postMfaRecoveryConfirmFromEnv() {
  const { documents, tableName, auditTable, limiter } = recoveryStorage();
  return postMfaRecoveryConfirmFlows({
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
