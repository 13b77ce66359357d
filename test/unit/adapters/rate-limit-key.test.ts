import { createHash, createHmac } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoRateLimiter } from '../../../lambdas/adapters/dynamodb/dynamo-rate-limiter';
import { SecretKeyedHash } from '../../../lambdas/adapters/secrets-manager/secret-keyed-hash';
import { DependencyUnavailableError, TooManyRequestsError } from '../../../lambdas/shared/errors';
import { genericFaults } from '../../support/faults';
import { capturedLines } from '../../support/log-capture';
import { TEST_RATE_LIMIT_KEY, testSubjectHash } from '../../support/rate-limit-key';
import { callsBelongToNoFunction, mockClient } from '../../support/aws-mocks';

callsBelongToNoFunction(
  'the keyed-hash and rate-limiter adapters alone: the functions that count attempts run them, and their handler and fault-matrix tests hold each call to their own roles',
);
const secrets = mockClient(SecretsManagerClient);
const dynamo = mockClient(DynamoDBDocumentClient);
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:rate-limit-key-AbCdEf';
const OTHER_KEY = 'AnotherDeploymentsKey0123456789abcdefghijklmnopqrstuvwxyzABCDEF';
const LIMIT = { max: 3, windowSeconds: 3600 };

const hashWith = (key: string) => new SecretKeyedHash(new SecretsManagerClient({}), `${SECRET_ARN}-${key.slice(0, 4)}`);

beforeEach(() => {
  secrets.reset();
  dynamo.reset();
  secrets.on(GetSecretValueCommand).callsFake(({ SecretId }: { SecretId: string }) => ({
    SecretString: SecretId.endsWith(OTHER_KEY.slice(0, 4)) ? OTHER_KEY : TEST_RATE_LIMIT_KEY,
  }));
  dynamo.on(UpdateCommand).resolves({ Attributes: { attempts: 1 } });
});

describe('SecretKeyedHash (HMAC-SHA-256 under the deployment secret)', () => {
  it('is the HMAC of the value under the key: stable per key, different under another key, never the plain SHA-256', async () => {
    const subject = 'mfa-request-ip:203.0.113.10';
    const ours = hashWith(TEST_RATE_LIMIT_KEY);
    const theirs = hashWith(OTHER_KEY);
    const digest = await ours.digest(subject);
    expect(digest).toBe(createHmac('sha256', TEST_RATE_LIMIT_KEY).update(subject).digest('hex'));
    expect(await ours.digest(subject)).toBe(digest);
    expect(await theirs.digest(subject)).not.toBe(digest);
    expect(digest).not.toBe(createHash('sha256').update(subject).digest('hex'));
    expect(await ours.digest('mfa-request-ip:203.0.113.11')).not.toBe(digest);
  });

  it('reads the secret once per container, at first use (concurrent first uses share the read)', async () => {
    const hash = hashWith(TEST_RATE_LIMIT_KEY);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(0);
    await Promise.all([hash.digest('a'), hash.digest('b'), hash.digest('c')]);
    await hash.digest('d');
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(secrets.commandCalls(GetSecretValueCommand)[0].args[0].input).toEqual({ SecretId: `${SECRET_ARN}-${TEST_RATE_LIMIT_KEY.slice(0, 4)}` });
  });

  it.each([
    ['serviceError', DependencyUnavailableError],
    ['timeout', DependencyUnavailableError],
    ['throttling', TooManyRequestsError],
  ] as const)("a failed read (%s) is the error hierarchy's 503/429, is not cached, and the next use reads again", async (fault, type) => {
    const hash = hashWith(TEST_RATE_LIMIT_KEY);
    secrets.on(GetSecretValueCommand).rejectsOnce(genericFaults[fault]()).resolves({ SecretString: TEST_RATE_LIMIT_KEY });
    await expect(hash.digest('x')).rejects.toBeInstanceOf(type);
    expect(await hash.digest('x')).toBe(testSubjectHash('x'));
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('refuses a secret too short to be a key, without ever putting the value in the error or a log', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'short-s3cr3t' });
    const mark = capturedLines().length;
    const error = (await hashWith(TEST_RATE_LIMIT_KEY)
      .digest('x')
      .then(
        () => undefined,
        (caught: unknown) => caught,
      )) as DependencyUnavailableError;
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect(JSON.stringify({ message: error.message, cause: String(error.cause) })).not.toContain('short-s3cr3t');
    expect(capturedLines().slice(mark).join('\n')).not.toContain('short-s3cr3t');
  });
});

describe('DynamoRateLimiter keys its counters by the keyed hash', () => {
  const limiter = (key = TEST_RATE_LIMIT_KEY) =>
    new DynamoRateLimiter(DynamoDBDocumentClient.from(new DynamoDBClient({})), 'table', () => new Date('2026-12-01T10:00:00Z'), hashWith(key));

  it('writes RATE#<HMAC(scope:subject)>, never the subject or its plain SHA-256', async () => {
    await limiter().tryAttempt('mfa-request-ip', '203.0.113.10', LIMIT);
    const { Key } = dynamo.commandCalls(UpdateCommand)[0].args[0].input;
    expect(Key?.pk).toBe(`RATE#${testSubjectHash('mfa-request-ip:203.0.113.10')}`);
    const written = JSON.stringify(dynamo.commandCalls(UpdateCommand)[0].args[0].input);
    expect(written).not.toContain('203.0.113.10');
    expect(written).not.toContain(createHash('sha256').update('mfa-request-ip:203.0.113.10').digest('hex'));
  });

  it('writes nothing when the key cannot be read (the caller gets a 503)', async () => {
    secrets.on(GetSecretValueCommand).rejects(genericFaults.serviceError());
    await expect(limiter().tryAttempt('mfa-request-ip', '203.0.113.10', LIMIT)).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });
});
