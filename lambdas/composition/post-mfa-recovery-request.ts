import { DynamoLicenseRepository } from '../adapters/dynamodb/dynamo-license-repository';
import { DynamoRecoveryTokens } from '../adapters/dynamodb/dynamo-recovery-tokens';
import { postMfaRecoveryRequestFlows } from '../mfa-recovery/post-mfa-recovery-request';
import { requireUrlEnv } from '../shared/config';
import { knob, limit, recoveryPorts } from './mfa-recovery';

/** What POST /mfa-recovery/request's handler needs, wired to AWS from the environment. Call once, at cold start. */
export function postMfaRecoveryRequestFromEnv() {
  const { storage, ports } = recoveryPorts();
  const { documents, tableName, auditTable } = storage;
  const flows = postMfaRecoveryRequestFlows({
    ...ports,
    licenses: new DynamoLicenseRepository(documents, tableName),
    tokens: new DynamoRecoveryTokens(documents, tableName, auditTable),
    settings: {
      recoveryUrlBase: requireUrlEnv('RECOVERY_URL_BASE'),
      minResponseMs: knob('MIN_RESPONSE_MS'),
      perAccountLimit: limit('RECOVERY_REQUEST_LIMIT_PER_ACCOUNT'),
      perIpLimit: limit('RECOVERY_REQUEST_LIMIT_PER_IP'),
      coolingOffMs: knob('RECOVERY_COOLING_OFF_SECONDS') * 1_000,
    },
  });
  return { flows, metrics: ports.metrics };
}
