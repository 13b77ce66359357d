import { DynamoLicenseRepository } from '../adapters/dynamodb/dynamo-license-repository';
import { DynamoRecoveryTokens } from '../adapters/dynamodb/dynamo-recovery-tokens';
import { postMfaRecoveryRequestFlows } from '../mfa-recovery/post-mfa-recovery-request';
import { requireUrlEnv } from '../shared/config';
import { logger } from '../shared/logger';
import { secureRandomBytes, systemClock, timerSleep } from '../shared/runtime';
import { cognitoIdentityFromEnv } from './cognito';
import { userRepositoryFromEnv } from './dynamodb';
import { businessMetricsFromEnv } from './metrics';
import { knob, limit, recoveryStorage } from './mfa-recovery';
import { mailerFromEnv } from './ses';

/** What POST /mfa-recovery/request's handler needs, wired to AWS from the environment. Call once, at cold start. */
export function postMfaRecoveryRequestFromEnv() {
  const { documents, tableName, auditTable, limiter } = recoveryStorage();
  const metrics = businessMetricsFromEnv();
  const flows = postMfaRecoveryRequestFlows({
    users: userRepositoryFromEnv(documents),
    licenses: new DynamoLicenseRepository(documents, tableName),
    identity: cognitoIdentityFromEnv(),
    tokens: new DynamoRecoveryTokens(documents, tableName, auditTable),
    limiter,
    mailer: mailerFromEnv(),
    metrics,
    clock: systemClock,
    randomBytes: secureRandomBytes,
    sleep: timerSleep,
    logger,
    settings: {
      recoveryUrlBase: requireUrlEnv('RECOVERY_URL_BASE'),
      minResponseMs: knob('MIN_RESPONSE_MS'),
      perAccountLimit: limit('RECOVERY_REQUEST_LIMIT_PER_ACCOUNT'),
      perIpLimit: limit('RECOVERY_REQUEST_LIMIT_PER_IP'),
      coolingOffMs: knob('RECOVERY_COOLING_OFF_SECONDS') * 1_000,
    },
  });
  return { flows, metrics };
}
