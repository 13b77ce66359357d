import { describe, expect, it } from 'vitest';
import { postMfaRecoveryCodeFlows } from '../../../lambdas/mfa-recovery/post-mfa-recovery-code';
import { postMfaRecoveryConfirmFlows } from '../../../lambdas/mfa-recovery/post-mfa-recovery-confirm';
import { postMfaRecoveryRequestFlows } from '../../../lambdas/mfa-recovery/post-mfa-recovery-request';
import type { LicenseRecord } from '../../../lambdas/ports/license-repository';
import type { RecoveryTokenRecord } from '../../../lambdas/ports/recovery-token-store';
import type { UserRecord } from '../../../lambdas/ports/user-repository';
import { InvalidCredentialsError } from '../../../lambdas/shared/errors';
import { secret } from '../../support/secrets';
import { virtualTime } from '../../support/virtual-time';
import { recordingMetrics } from '../../support/metrics';

/**
 * The minimum response time, tested on the flows with an injected clock and sleep: a virtual clock
 * that each fake port advances by its "latency", and a sleep that advances it instead of waiting.
 */
const MIN_MS = 5_000;

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

const USER: UserRecord = {
  userId: 'u1',
  email: 'ada@example.com',
  role: 'practitioner',
  cognitoUsername: 'cog-1',
  cognitoSub: 'sub-1',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const LICENSE: LicenseRecord = {
  userId: 'u1',
  jurisdiction: 'CA',
  licenseType: 'RN',
  licenseNumber: 'S3CR3T1',
  dateOfBirth: '1985-04-12',
  createdAt: USER.createdAt,
};

function requestFlow(time: ReturnType<typeof virtualTime>, options: { knownUser?: boolean; passwordOk?: boolean; workMs?: number; tableDown?: boolean } = {}) {
  const { knownUser = true, passwordOk = true, workMs = 50, tableDown = false } = options;
  const sent: string[] = [];
  const flows = postMfaRecoveryRequestFlows({
    users: {
      findUserIdByEmail: async () => {
        time.spend(workMs);
        if (tableDown) throw new Error('table down');
        return knownUser ? USER.userId : undefined;
      },
      findUser: async (userId) => (time.spend(workMs), userId === USER.userId ? USER : undefined),
    },
    licenses: { findLicenses: async (userId) => (userId === USER.userId ? [LICENSE] : []) },
    identity: {
      passwordAuth: async () => {
        time.spend(workMs);
        if (!passwordOk) throw new InvalidCredentialsError();
        return { kind: 'challenge', challengeName: 'SOFTWARE_TOKEN_MFA', session: secret('session') };
      },
      findUser: async () => ({ username: USER.cognitoUsername, sub: USER.cognitoSub, userId: USER.userId, email: USER.email, enabled: true }),
    },
    tokens: { issue: async () => time.spend(workMs), voidToken: async () => undefined, findActiveToken: async () => undefined },
    limiter: { tryAttempt: async () => true },
    metrics: recordingMetrics(),
    mailer: { send: async (message) => void sent.push(message.to) },
    clock: time.clock,
    randomBytes: (size) => Buffer.alloc(size, 7),
    sleep: time.sleep,
    logger: silent,
    settings: {
      recoveryUrlBase: 'https://app.example.test/mfa-recovery',
      minResponseMs: MIN_MS,
      perAccountLimit: { max: 5, windowSeconds: 3600 },
      perIpLimit: { max: 20, windowSeconds: 3600 },
      coolingOffMs: 7 * 24 * 3_600_000,
    },
  });
  return { flows, sent };
}

const CALLER = { sourceIp: '203.0.113.1', serverName: 'api.example.test', serverPath: '/v1/mfa-recovery/request', correlationId: 'timing-floor' };

const INPUT = {
  username: USER.email,
  password: 'Pa55-s3cr3t',
  license: { jurisdiction: 'CA', licenseType: 'RN', licenseNumber: 'S3CR3T1', dateOfBirth: '1985-04-12' },
};

describe('postMfaRecoveryRequest minimum response time', () => {
  const WRONG_LICENSE = { ...INPUT, license: { ...INPUT.license, licenseNumber: 'S3CR3T2' } };

  it.each([
    ['link sent', { knownUser: true, passwordOk: true }, INPUT, 'link-sent'],
    ['unknown user', { knownUser: false }, INPUT, 'no-match'],
    ['wrong license', { knownUser: true }, WRONG_LICENSE, 'no-match'],
    ['wrong password', { passwordOk: false }, INPUT, 'wrong-password'],
  ] as const)('%s: answers exactly MIN_RESPONSE_MS after the call', async (_name, options, input, expected) => {
    const time = virtualTime();
    const { flows } = requestFlow(time, options);
    const start = time.now();
    const outcome = await flows.postMfaRecoveryRequest(input, CALLER);
    expect(outcome).toBe(expected);
    expect(time.elapsedSince(start)).toBe(MIN_MS);
  });

  it('does not sleep at all when the work itself took longer than the floor', async () => {
    const time = virtualTime();
    const { flows } = requestFlow(time, { workMs: 2_000 });
    const start = time.now();
    await flows.postMfaRecoveryRequest(INPUT, CALLER);
    expect(time.sleeps).toEqual([]);
    expect(time.elapsedSince(start)).toBeGreaterThan(MIN_MS);
  });

  it('holds the floor when a dependency fails, and still does not throw', async () => {
    const time = virtualTime();
    const { flows } = requestFlow(time, { tableDown: true });
    const start = time.now();
    await expect(flows.postMfaRecoveryRequest(INPUT, CALLER)).resolves.toBe('failed');
    expect(time.elapsedSince(start)).toBe(MIN_MS);
  });
});

describe('postMfaRecoveryConfirm minimum response time', () => {
  function confirmFlow(time: ReturnType<typeof virtualTime>, record: RecoveryTokenRecord | undefined) {
    return postMfaRecoveryConfirmFlows({
      users: { findUser: async () => USER },
      identity: {
        findUser: async () => ({ username: 'cog-1', sub: 'sub-1', userId: 'u1', email: USER.email, enabled: true }),
        listGroups: async () => [],
        deleteUser: async () => undefined,
        createUser: async () => ({ username: 'cog-2', sub: 'sub-2', userId: 'u1', enabled: true }),
        addUserToGroup: async () => undefined,
        setTemporaryPassword: async () => time.spend(50),
        signOutEverywhere: async () => time.spend(50),
        deleteSoftwareToken: async () => time.spend(50),
        resendInvitation: async () => time.spend(50),
      },
      tokens: {
        acquire: async (_hash, now) =>
          record?.status === 'ISSUED' && Date.parse(record.expiresAt) > now.getTime()
            ? { acquired: true, record, resumed: false }
            : { acquired: false, record },
        giveBack: async () => undefined,
        saveSnapshot: async () => undefined,
        release: async () => undefined,
        complete: async () => undefined,
        findActiveToken: async () => undefined,
      },
      limiter: { tryAttempt: async () => true },
      metrics: recordingMetrics(),
      mailer: { send: async () => undefined },
      clock: time.clock,
      sleep: time.sleep,
      randomBytes: (size) => Buffer.alloc(size, 7),
      logger: silent,
      settings: { strategy: 'reset', minResponseMs: MIN_MS, perIpLimit: { max: 20, windowSeconds: 3600 }, coolingOffMs: 7 * 24 * 3_600_000 },
    });
  }

  const issued = (time: ReturnType<typeof virtualTime>, overrides: Partial<RecoveryTokenRecord> = {}): RecoveryTokenRecord => ({
    tokenHash: 'h',
    userId: 'u1',
    cognitoUsername: 'cog-1',
    email: USER.email,
    createdAt: time.clock().toISOString(),
    expiresAt: new Date(time.now() + 15 * 60_000).toISOString(),
    deadlineAt: new Date(time.now() + 24 * 3600_000).toISOString(),
    status: 'ISSUED',
    ...overrides,
  });

  it.each([
    ['unknown token', () => undefined],
    ['used token', (time: ReturnType<typeof virtualTime>) => issued(time, { status: 'COMPLETED' })],
    ['expired token', (time: ReturnType<typeof virtualTime>) => issued(time, { expiresAt: time.clock().toISOString() })],
  ])('%s: the generic 400 comes exactly MIN_RESPONSE_MS after the call', async (_name, record) => {
    const time = virtualTime();
    const start = time.now();
    await expect(
      confirmFlow(time, record(time)).postMfaRecoveryConfirm('t-s3cr3t', { sourceIp: '203.0.113.1', correlationId: 'timing-floor' }),
    ).rejects.toMatchObject({
      code: 'INVALID_RECOVERY_TOKEN',
    });
    expect(time.elapsedSince(start)).toBe(MIN_MS);
  });

  it('does not hold back a successful recovery', async () => {
    const time = virtualTime();
    const start = time.now();
    await expect(
      confirmFlow(time, issued(time)).postMfaRecoveryConfirm('t-s3cr3t', { sourceIp: '203.0.113.1', correlationId: 'timing-floor' }),
    ).resolves.toMatchObject({
      userId: 'u1',
      strategy: 'reset',
    });
    expect(time.sleeps).toEqual([]);
    // Two rounds of two concurrent calls of 50 ms each (virtual time adds them up).
    expect(time.elapsedSince(start)).toBe(200);
  });
});

describe('postMfaRecoveryCode minimum response time', () => {
  const GOOD_CODE = 'S3CR-3T00-0000';
  function codeFlow(time: ReturnType<typeof virtualTime>, options: { knownUser?: boolean; passwordOk?: boolean; tableDown?: boolean } = {}) {
    const { knownUser = true, passwordOk = true, tableDown = false } = options;
    const spend = async () => void time.spend(50);
    return postMfaRecoveryCodeFlows({
      users: {
        findUserIdByEmail: async () => {
          time.spend(50);
          if (tableDown) throw new Error('table down');
          return knownUser ? USER.userId : undefined;
        },
        findUser: async (userId) => (time.spend(50), userId === USER.userId ? USER : undefined),
      },
      identity: {
        passwordAuth: async () => {
          time.spend(50);
          if (!passwordOk) throw new InvalidCredentialsError();
          return { kind: 'challenge', challengeName: 'SOFTWARE_TOKEN_MFA', session: secret('session') };
        },
        findUser: async () => ({ username: USER.cognitoUsername, sub: USER.cognitoSub, userId: USER.userId, email: USER.email, enabled: true }),
        setTemporaryPassword: spend,
        signOutEverywhere: spend,
        deleteSoftwareToken: spend,
        resendInvitation: spend,
      },
      codes: { consume: async (_userId, hash) => (time.spend(50), hash === `h:${GOOD_CODE.replace(/-/g, '')}` ? 9 : undefined), release: spend },
      codeHash: { digest: async (value) => `h:${value}` },
      limiter: { tryAttempt: async () => true },
      mailer: { send: spend },
      audit: { append: spend },
      metrics: recordingMetrics(),
      clock: time.clock,
      sleep: time.sleep,
      randomBytes: (size) => Buffer.alloc(size, 7),
      logger: silent,
      settings: {
        minResponseMs: MIN_MS,
        perIpLimit: { max: 20, windowSeconds: 3600 },
        perAccountAndIpLimit: { max: 5, windowSeconds: 3600 },
        perAccountLimit: { max: 5, windowSeconds: 3600 },
        coolingOffMs: 7 * 24 * 3_600_000,
      },
    });
  }
  const CODE_CALLER = { ...CALLER, serverPath: '/v1/mfa-recovery/code' };
  const input = (recoveryCode: string) => ({ username: USER.email, password: 'Pa55-s3cr3t', recoveryCode });

  it.each([
    ['unknown user', { knownUser: false }, GOOD_CODE],
    ['wrong password', { passwordOk: false }, GOOD_CODE],
    ['malformed code', {}, 'not-a-code'],
    ['wrong code', {}, 'S3CR-3T00-0001'],
    ['a failure before the code is taken', { tableDown: true }, GOOD_CODE],
  ] as const)('%s: the one 400 comes exactly MIN_RESPONSE_MS after the call', async (_name, options, code) => {
    const time = virtualTime();
    const start = time.now();
    await expect(codeFlow(time, options).postMfaRecoveryCode(input(code), CODE_CALLER)).rejects.toMatchObject({ code: 'RECOVERY_CODE_REFUSED' });
    expect(time.elapsedSince(start)).toBe(MIN_MS);
  });

  it('does not hold back a successful reset', async () => {
    const time = virtualTime();
    await expect(codeFlow(time).postMfaRecoveryCode(input(GOOD_CODE), CODE_CALLER)).resolves.toEqual({ userId: USER.userId, remaining: 9 });
    expect(time.sleeps).toEqual([]);
  });
});
