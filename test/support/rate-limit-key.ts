import { createHmac } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from './aws-mocks';

/** The attempt counters' HMAC key the tests' Secrets Manager answers with (64 characters, as the stack generates). */
export const TEST_RATE_LIMIT_KEY = 'TestRateLimitKey0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL';

/** The subject key the limiter writes for `scope:subject` under the test key (`RATE#<this>`). */
export function testSubjectHash(scopedSubject: string): string {
  return createHmac('sha256', TEST_RATE_LIMIT_KEY).update(scopedSubject, 'utf8').digest('hex');
}

/** GetSecretValue's answer for the test key. */
export const testRateLimitKeySecret = () => ({ SecretString: TEST_RATE_LIMIT_KEY });

/**
 * Stubs Secrets Manager for a test file whose handlers count attempts: GetSecretValue answers the
 * test key. Call once at module scope, beside the file's other mocks (not needed with recoveryWorld).
 */
export function mockRateLimitKey() {
  const stub = mockClient(SecretsManagerClient);
  stub.on(GetSecretValueCommand).resolves(testRateLimitKeySecret());
  return stub;
}
