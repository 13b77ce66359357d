import { DynamoRecoveryTokens } from '../adapters/dynamodb/dynamo-recovery-tokens';
import { MFA_RECOVERY_STRATEGIES, postMfaRecoveryConfirmFlows } from '../mfa-recovery/post-mfa-recovery-confirm';
import { optionalEnumEnv } from '../shared/config';
import { knob, limit, recoveryPorts } from './mfa-recovery';

/**
 * What POST /mfa-recovery/confirm's handler needs (the flows include the operator's repair,
 * scripts/finish-mfa-recovery.ts), wired to AWS from the environment. Call once, at cold start.
 */
export function postMfaRecoveryConfirmFromEnv() {
  const { storage, ports } = recoveryPorts();
  const flows = postMfaRecoveryConfirmFlows({
    ...ports,
    tokens: new DynamoRecoveryTokens(storage.documents, storage.tableName, storage.auditTable),
    settings: {
      strategy: optionalEnumEnv('MFA_RECOVERY_STRATEGY', MFA_RECOVERY_STRATEGIES, 'reset'),
      minResponseMs: knob('MIN_RESPONSE_MS'),
      perIpLimit: limit('RECOVERY_CONFIRM_LIMIT_PER_IP'),
      coolingOffMs: knob('RECOVERY_COOLING_OFF_SECONDS') * 1_000,
    },
  });
  return { flows, metrics: ports.metrics };
}
