import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoRateLimiter } from '../adapters/dynamodb/dynamo-rate-limiter';
import { SecretKeyedHash } from '../adapters/secrets-manager/secret-keyed-hash';
import { requireEnv } from '../shared/config';
import { systemClock } from '../shared/runtime';
import { documentClient } from './dynamodb';
import { SDK_CLIENT_OPTIONS } from './sdk-options';

// A module of its own: the Secrets Manager client is bundled only into the functions that count attempts.

/**
 * The attempt counters on TABLE_NAME, keyed by HMAC under the secret RATE_LIMIT_KEY_SECRET_ARN
 * names (the value is read at first use, never from the environment). Call once at module scope.
 */
export function rateLimiterFromEnv(
  documents: DynamoDBDocumentClient = documentClient(),
  secrets: SecretsManagerClient = new SecretsManagerClient(SDK_CLIENT_OPTIONS),
): DynamoRateLimiter {
  const { TABLE_NAME, RATE_LIMIT_KEY_SECRET_ARN } = requireEnv('TABLE_NAME', 'RATE_LIMIT_KEY_SECRET_ARN');
  return new DynamoRateLimiter(documents, TABLE_NAME, systemClock, new SecretKeyedHash(secrets, RATE_LIMIT_KEY_SECRET_ARN));
}
