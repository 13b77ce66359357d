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

/** The recovery codes' HMAC key the tests' Secrets Manager answers with: another secret, another value. */
export const TEST_RECOVERY_CODE_KEY = 'TestRecoveryCodeKey0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHI';

/** The stored hash of a normalized recovery code under the test key. */
export function testRecoveryCodeHash(normalizedCode: string): string {
  return createHmac('sha256', TEST_RECOVERY_CODE_KEY).update(normalizedCode, 'utf8').digest('hex');
}

/** GetSecretValue's answer for whichever test key `SecretId` names (RECOVERY_CODE_KEY_SECRET_ARN's, else the rate-limit key). */
export const testKeySecret = ({ SecretId }: { SecretId?: string }) =>
  SecretId === process.env.RECOVERY_CODE_KEY_SECRET_ARN ? { SecretString: TEST_RECOVERY_CODE_KEY } : testRateLimitKeySecret();

/**
 * Stubs Secrets Manager for a test file whose handlers count attempts: GetSecretValue answers the
 * test key. Call once at module scope, beside the file's other mocks (not needed with recoveryWorld).
 */
export function mockRateLimitKey() {
  const stub = mockClient(SecretsManagerClient);
  stub.on(GetSecretValueCommand).callsFake(testKeySecret);
  return stub;
}
