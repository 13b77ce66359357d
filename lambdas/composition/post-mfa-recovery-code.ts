import { DynamoAuditTrail } from '../adapters/dynamodb/dynamo-audit-trail';
import { postMfaRecoveryCodeFlows } from '../mfa-recovery/post-mfa-recovery-code';
import { logger } from '../shared/logger';
import { secureRandomBytes, systemClock, timerSleep } from '../shared/runtime';
import { cognitoIdentityFromEnv } from './cognito';
import { userRepositoryFromEnv } from './dynamodb';
import { businessMetricsFromEnv } from './metrics';
import { knob, limit, recoveryStorage } from './mfa-recovery';
import { recoveryCodeHashFromEnv, recoveryCodeStoreFromEnv } from './recovery-codes';
import { mailerFromEnv } from './ses';

/** What POST /mfa-recovery/code's handler needs, wired to AWS from the environment. Call once, at cold start. */
export function postMfaRecoveryCodeFromEnv() {
  const { documents, auditTable, limiter } = recoveryStorage();
  const metrics = businessMetricsFromEnv();
  const flows = postMfaRecoveryCodeFlows({
    users: userRepositoryFromEnv(documents),
    identity: cognitoIdentityFromEnv(),
    codes: recoveryCodeStoreFromEnv(documents),
    codeHash: recoveryCodeHashFromEnv(),
    limiter,
    mailer: mailerFromEnv(),
    audit: new DynamoAuditTrail(documents, auditTable),
    metrics,
    clock: systemClock,
    sleep: timerSleep,
    randomBytes: secureRandomBytes,
    logger,
    settings: {
      minResponseMs: knob('MIN_RESPONSE_MS'),
      perIpLimit: limit('RECOVERY_CODE_LIMIT_PER_IP'),
      perAccountAndIpLimit: limit('RECOVERY_CODE_LIMIT_PER_ACCOUNT_AND_IP'),
      perAccountLimit: limit('RECOVERY_CODE_LIMIT_PER_ACCOUNT'),
      coolingOffMs: knob('RECOVERY_COOLING_OFF_SECONDS') * 1_000,
    },
  });
  return { flows, metrics };
}
