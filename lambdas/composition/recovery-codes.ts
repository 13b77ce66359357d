import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoRecoveryCodes } from '../adapters/dynamodb/dynamo-recovery-codes';
import { SecretKeyedHash } from '../adapters/secrets-manager/secret-keyed-hash';
import type { KeyedHash } from '../ports/keyed-hash';
import { requireEnv } from '../shared/config';
import { documentClient } from './dynamodb';
import { SDK_CLIENT_OPTIONS } from './sdk-options';

/** The saved recovery codes on TABLE_NAME. Call once at module scope. */
export function recoveryCodeStoreFromEnv(documents: DynamoDBDocumentClient = documentClient()): DynamoRecoveryCodes {
  return new DynamoRecoveryCodes(documents, requireEnv('TABLE_NAME').TABLE_NAME);
}

/**
 * The recovery codes' keyed hash: HMAC-SHA-256 under the secret RECOVERY_CODE_KEY_SECRET_ARN names
 * (its own key, never the attempt counters'; read at first use). Call once at module scope.
 */
export function recoveryCodeHashFromEnv(secrets: SecretsManagerClient = new SecretsManagerClient(SDK_CLIENT_OPTIONS)): KeyedHash {
  return new SecretKeyedHash(secrets, requireEnv('RECOVERY_CODE_KEY_SECRET_ARN').RECOVERY_CODE_KEY_SECRET_ARN);
}
