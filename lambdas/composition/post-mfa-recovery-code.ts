import { DynamoAuditTrail } from '../adapters/dynamodb/dynamo-audit-trail';
import { postMfaRecoveryCodeFlows } from '../mfa-recovery/post-mfa-recovery-code';
import { knob, limit, recoveryPorts } from './mfa-recovery';
import { recoveryCodeHashFromEnv, recoveryCodeStoreFromEnv } from './recovery-codes';

/** What POST /mfa-recovery/code's handler needs, wired to AWS from the environment. Call once, at cold start. */
export function postMfaRecoveryCodeFromEnv() {
  const { storage, ports } = recoveryPorts();
  const { documents, secrets, auditTable } = storage;
  const flows = postMfaRecoveryCodeFlows({
    ...ports,
    codes: recoveryCodeStoreFromEnv(documents),
    codeHash: recoveryCodeHashFromEnv(secrets),
    audit: new DynamoAuditTrail(documents, auditTable),
    settings: {
      minResponseMs: knob('MIN_RESPONSE_MS'),
      perIpLimit: limit('RECOVERY_CODE_LIMIT_PER_IP'),
      perAccountAndIpLimit: limit('RECOVERY_CODE_LIMIT_PER_ACCOUNT_AND_IP'),
      perAccountLimit: limit('RECOVERY_CODE_LIMIT_PER_ACCOUNT'),
      coolingOffMs: knob('RECOVERY_COOLING_OFF_SECONDS') * 1_000,
    },
  });
  return { flows, metrics: ports.metrics };
}
