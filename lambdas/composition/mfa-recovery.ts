import { DynamoLicenseRepository } from '../adapters/dynamodb/dynamo-license-repository';
import { DynamoRateLimiter } from '../adapters/dynamodb/dynamo-rate-limiter';
import { DynamoRecoveryTokenStore } from '../adapters/dynamodb/dynamo-recovery-token-store';
import { mfaResetConfirmation } from '../mfa-recovery/confirm-mfa-reset';
import { mfaResetRequests } from '../mfa-recovery/request-mfa-reset';
import { MFA_RECOVERY_DEFAULTS, type MfaRecoveryKnob } from '../mfa-recovery/settings';
import type { AttemptLimit } from '../ports/rate-limiter';
import { optionalIntEnv, requireEnv } from '../shared/config';
import { logger } from '../shared/logger';
import { secureRandomBytes, systemClock, timerSleep } from '../shared/runtime';
import { cognitoIdentityFromEnv } from './cognito';
import { documentClient, userRepositoryFromEnv } from './dynamodb';
import { mailerFromEnv } from './ses';

const knob = (name: MfaRecoveryKnob) => optionalIntEnv(name, MFA_RECOVERY_DEFAULTS[name]);
const limit = (name: MfaRecoveryKnob): AttemptLimit => ({ max: knob(name), windowSeconds: knob('RECOVERY_LIMIT_WINDOW_SECONDS') });

/** The table-backed pieces both recovery routes share. */
function recoveryStorage() {
  const documents = documentClient();
  const tableName = requireEnv('TABLE_NAME').TABLE_NAME;
  return {
    documents,
    tokens: new DynamoRecoveryTokenStore(documents, tableName),
    limiter: new DynamoRateLimiter(documents, tableName, systemClock),
  };
}

/** The request flow wired to AWS from the environment. Call once at module scope. */
export function mfaResetRequestsFromEnv() {
  const { documents, tokens, limiter } = recoveryStorage();
  return mfaResetRequests({
    users: userRepositoryFromEnv(documents),
    licenses: new DynamoLicenseRepository(documents, requireEnv('TABLE_NAME').TABLE_NAME),
    identity: cognitoIdentityFromEnv(),
    tokens,
    limiter,
    mailer: mailerFromEnv(),
    clock: systemClock,
    randomBytes: secureRandomBytes,
    sleep: timerSleep,
    logger,
    settings: {
      recoveryUrlBase: requireEnv('RECOVERY_URL_BASE').RECOVERY_URL_BASE,
      minResponseMs: knob('MIN_RESPONSE_MS'),
      perAccountLimit: limit('RECOVERY_REQUEST_LIMIT_PER_ACCOUNT'),
      perIpLimit: limit('RECOVERY_REQUEST_LIMIT_PER_IP'),
    },
  });
}

/** The confirm flow (and its operator repair) wired to AWS from the environment. Call once at module scope. */
export function mfaResetConfirmationFromEnv() {
  const { documents, tokens, limiter } = recoveryStorage();
  return mfaResetConfirmation({
    users: userRepositoryFromEnv(documents),
    identity: cognitoIdentityFromEnv(),
    tokens,
    limiter,
    clock: systemClock,
    sleep: timerSleep,
    logger,
    settings: { minResponseMs: knob('MIN_RESPONSE_MS'), perIpLimit: limit('RECOVERY_CONFIRM_LIMIT_PER_IP') },
  });
}
