import { AdminInitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoRecoveryCodes } from '../../../lambdas/adapters/dynamodb/dynamo-recovery-codes';
import { keys } from '../../../lambdas/adapters/dynamodb/table-layout';
import { documentClient } from '../../../lambdas/composition/dynamodb';
import { handler as codeHandler, MFA_RESET_BY_CODE } from '../../../lambdas/handlers/post-mfa-recovery-code';
import { MFA_RECOVERY_DEFAULTS } from '../../../lambdas/mfa-recovery/settings';
import { normalizeRecoveryCode } from '../../../lambdas/recovery-codes/recovery-code';
import { asFunction, outsideAnyFunction } from '../../support/aws-mocks';
import { apiEvent, bodyOf } from '../../support/events';
import { genericFaults } from '../../support/faults';
import { capturedLines, capturedMetrics } from '../../support/log-capture';
import { testRecoveryCodeHash } from '../../support/rate-limit-key';
import { ADA, GRACE, recoveryWorld } from './support/world';

const world = recoveryWorld();
// Every call is held to the function's synthesized role (test/support/aws-mocks.ts).
const handler = asFunction('post-mfa-recovery-code', codeHandler);

/** Ada's ten saved codes as she wrote them down; each carries the log-hygiene marker (lower-case `s3cr3t`, valid Crockford base32). */
const CODES = Array.from({ length: 10 }, (_, i) => `s3cr3t-${i}KQM-7X`);
const CREATED_AT = '2026-11-01T09:00:00.000Z';
const hashOf = (code: string) => testRecoveryCodeHash(normalizeRecoveryCode(code) as string);
/** Every refusal's one body. */
const REFUSED = {
  error: {
    code: 'RECOVERY_CODE_REFUSED',
    message:
      'The authenticator was not reset. Check your email, password and recovery code (each code works once) and try again later, or recover with your license details instead.',
  },
};

function codeBody(overrides: { username?: string; password?: string; recoveryCode?: string } = {}) {
  return { username: ADA.email, password: ADA.password, recoveryCode: CODES[0], ...overrides };
}

function useCode(body: unknown = codeBody(), sourceIp = '203.0.113.10') {
  return handler(apiEvent({ body, sourceIp, path: '/mfa-recovery/code' }));
}

/** Saves codes for `userId` as POST /me/recovery-codes does (through the store's adapter). */
async function saveCodes(userId: string, codes: readonly string[] = CODES) {
  await outsideAnyFunction('the saved codes, as POST /me/recovery-codes stores them', () =>
    new DynamoRecoveryCodes(documentClient(), process.env.TABLE_NAME as string).replace(userId, codes.map(hashOf), CREATED_AT),
  );
}

/** The unused codes' hashes on the user's codes item. */
const unusedHashes = (userId = ADA.userId) => [...((world.table.item(keys.recoveryCodes(userId))?.codeHashes as Set<string> | undefined) ?? [])].sort();
const auditRecords = () => world.table.all(process.env.AUDIT_TABLE_NAME).filter((item) => item.entity === 'AuditRecord');
/** Ada's Cognito user, by username (its email may be changed by a test). */
let adaUsername: string;
const ada = () => world.pool.users.get(adaUsername)!;

/** Ada's Cognito user as the tests compare it: everything but the open challenge sessions. */
const cognitoState = () => {
  const user = ada();
  return { ...user, groups: [...user.groups], refreshTokens: [...user.refreshTokens] };
};

beforeEach(async () => {
  world.reset();
  await world.seed(ADA, GRACE);
  adaUsername = world.pool.byEmail(ADA.email)!.username;
  world.pool.startSession(adaUsername);
  await saveCodes(ADA.userId);
  world.calls.length = 0;
  world.log.length = 0;
});

describe('POST /mfa-recovery/code (postMfaRecoveryCode) happy path', () => {
  it('resets the factor in place with the password kept: next sign-in answers MFA_SETUP; the code is used up', async () => {
    const response = await useCode();

    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual(MFA_RESET_BY_CODE);
    const user = ada();
    expect(user).toMatchObject({ status: 'CONFIRMED', password: ADA.password, mfaConfigured: false, enabled: true });
    expect(user.refreshTokens.size).toBe(0);
    expect(world.pool.invitations).toEqual([]);
    expect(world.calls).not.toContain('cognito:AdminSetUserPassword');
    expect(world.calls).not.toContain('cognito:AdminCreateUser');
    // The same password now leads to enrolling a new authenticator.
    expect(
      world.pool.adminInitiateAuth({ AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: ADA.email, PASSWORD: ADA.password } }),
    ).toMatchObject({
      ChallengeName: 'MFA_SETUP',
    });
    expect(unusedHashes()).toEqual(CODES.slice(1).map(hashOf).sort());
  });

  it('emails the notice with the codes left, audits RECOVERY_CODE_USED by the user, counts RecoveryCodesUsed', async () => {
    const metrics = capturedMetrics().length;
    await handler(apiEvent({ body: codeBody(), sourceIp: '203.0.113.10', requestId: 'req-code-1', path: '/mfa-recovery/code' }));

    expect(world.outbox).toHaveLength(1);
    const [notice] = world.outbox;
    expect(notice).toMatchObject({ to: ADA.email, from: process.env.SENDER_EMAIL, subject: 'Your sign-in security (MFA) was reset' });
    expect(notice.text).toContain('one of your saved recovery codes');
    expect(notice.text).toContain('9 unused recovery codes are left');
    expect(notice.text).toContain('your password was kept');
    expect(notice.text).toContain('From IP address: 203.0.113.10');
    expect(auditRecords()).toEqual([
      expect.objectContaining({
        event: 'RECOVERY_CODE_USED',
        actor: ADA.userId,
        userId: ADA.userId,
        sourceIp: '203.0.113.10',
        correlationId: 'req-code-1',
        outcome: 'SUCCESS',
        details: { remaining: '9' },
      }),
    ]);
    expect(capturedMetrics().slice(metrics)).toContainEqual(expect.objectContaining({ RecoveryCodesUsed: 1 }));
  });

  it('accepts the code as people type it: lower case, without dashes, spaces, O for 0, I or L for 1', async () => {
    await saveCodes(ADA.userId, ['7KQM-3XRT-PZ10']);
    const response = await useCode(codeBody({ recoveryCode: ' 7kqm 3xrt pzlo ' }));
    expect(response.statusCode).toBe(200);
    expect(unusedHashes()).toEqual([]);
    expect(world.outbox[0].text).toContain('0 unused recovery codes are left');
  });

  it('makes its calls in rounds: limits + owner + code hash, user, password + Cognito user, account limit, consume, sign-out, factor, notice + audit', async () => {
    // In a warm container (both keys already read, by a request for nobody).
    await useCode(codeBody({ username: 'nobody@example.com' }));
    world.calls.length = 0;
    await useCode();
    expect(world.calls).toEqual([
      // 1: the email's owner, the two source counters (each once its key is hashed), the code's hash (no call: its key is cached)
      'dynamodb:GetItem',
      'dynamodb:UpdateItem',
      'dynamodb:UpdateItem',
      // 2: the user
      'dynamodb:GetItem',
      // 3: the password and the Cognito user, concurrently
      'cognito:AdminInitiateAuth',
      'cognito:AdminGetUser',
      // 4: the account counter, only for a proven password; 5: the code taken
      'dynamodb:UpdateItem',
      'dynamodb:UpdateItem',
      // 6, 7: sessions, then the factor
      'cognito:AdminUserGlobalSignOut',
      'cognito:AdminDeleteSoftwareToken',
      // 8: notice and audit record, concurrently
      'ses:SendEmail',
      'dynamodb:PutItem',
    ]);
    expect(world.cognito).toHaveReceivedCommandWith(AdminInitiateAuthCommand, {
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: expect.objectContaining({ PASSWORD: ADA.password }),
    });
  });

  it('never logs or stores the code, its normalized form or the password; the table holds only keyed hashes', async () => {
    await useCode();
    await useCode(codeBody({ recoveryCode: CODES[1], password: 'Wrong-Password-9-s3cr3t' }));
    const logs = capturedLines().join('\n');
    const stored = JSON.stringify([...world.table.all(), ...auditRecords()], (_key, value) => (value instanceof Set ? [...value] : value));
    for (const secretValue of [CODES[0], normalizeRecoveryCode(CODES[0]) as string, CODES[1], normalizeRecoveryCode(CODES[1]) as string, ADA.password]) {
      expect(logs).not.toContain(secretValue);
      expect(stored).not.toContain(secretValue);
    }
    expect(logs).not.toContain(hashOf(CODES[0]));
  });
});

describe('postMfaRecoveryCode answers every refusal the same way and changes nothing', () => {
  const COOLING_OFF_MS = MFA_RECOVERY_DEFAULTS.RECOVERY_COOLING_OFF_SECONDS * 1_000;
  const cases: [string, () => unknown, () => unknown][] = [
    ['unknown email', () => codeBody({ username: 'nobody@example.com' }), () => {}],
    ['wrong password', () => codeBody({ password: 'Wrong-Password-9-s3cr3t' }), () => {}],
    ['malformed code', () => codeBody({ recoveryCode: 's3cr3t-not-a-code' }), () => {}],
    ['wrong code', () => codeBody({ recoveryCode: 's3cr3t-ZZZZ-ZZ' }), () => {}],
    ['another account’s code', () => codeBody({ username: GRACE.email, password: GRACE.password }), () => {}],
    ['no codes saved', () => codeBody(), () => world.table.delete(keys.recoveryCodes(ADA.userId))],
    ['a disabled account', () => codeBody(), () => Object.assign(ada(), { enabled: false })],
    ['its Cognito email drifted', () => codeBody(), () => Object.assign(ada().attributes, { email: 'ada.new@example.com' })],
    ['its Cognito user carries another user id', () => codeBody(), () => Object.assign(ada().attributes, { 'custom:userId': 'someone-else' })],
    ['an invitation never completed (NEW_PASSWORD_REQUIRED)', () => codeBody(), () => Object.assign(ada(), { status: 'FORCE_CHANGE_PASSWORD' })],
    [
      'a password reset by email within the cooling-off',
      () => codeBody(),
      () => {
        const user = world.table.item(keys.user(ADA.userId))!;
        world.table.put({ ...user, lastPasswordResetAt: new Date(Date.now() - COOLING_OFF_MS + 60_000).toISOString() });
      },
    ],
  ];

  it.each(cases)('%s: 400 RECOVERY_CODE_REFUSED; Cognito user, codes and mailbox untouched; no audit record', async (_name, body, arrange) => {
    await arrange();
    const cognitoBefore = cognitoState();
    const codesBefore = unusedHashes();
    const response = await useCode(body());
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response)).toEqual(REFUSED);
    expect(cognitoState()).toEqual(cognitoBefore);
    expect(unusedHashes()).toEqual(codesBefore);
    expect(world.outbox).toEqual([]);
    expect(auditRecords()).toEqual([]);
  });

  it('refuses a code already used, with the same answer as an unknown email', async () => {
    expect((await useCode()).statusCode).toBe(200);
    const again = await useCode();
    const stranger = await useCode(codeBody({ username: 'nobody@example.com' }));
    expect(again.statusCode).toBe(400);
    expect(bodyOf(again)).toEqual(bodyOf(stranger));
    expect(world.outbox).toHaveLength(1);
  });

  it('never asks Cognito about an unknown email or a malformed code', async () => {
    await useCode(codeBody({ username: 'nobody@example.com' }));
    await useCode(codeBody({ recoveryCode: '1234' }));
    expect(world.calls.filter((call) => call.startsWith('cognito:'))).toEqual([]);
  });

  it('raises MfaRecoveryBlocked only for a caller who proved the password', async () => {
    ada().attributes.email = 'ada.new@example.com';
    const blocked = (mark: number) =>
      capturedLines()
        .slice(mark)
        .map((line) => JSON.parse(line))
        .filter((record) => record.alert === 'MfaRecoveryBlocked');
    let mark = capturedLines().length;
    await useCode(codeBody({ password: 'Wrong-Password-9-s3cr3t' }));
    expect(blocked(mark)).toEqual([]);
    mark = capturedLines().length;
    await useCode();
    expect(blocked(mark)).toEqual([expect.objectContaining({ userId: ADA.userId, reason: 'email-mismatch', repair: expect.any(String) })]);
  });

  it('counts each refusal by its reason', async () => {
    const metrics = capturedMetrics().length;
    await useCode(codeBody({ password: 'Wrong-Password-9-s3cr3t' }));
    await useCode(codeBody({ recoveryCode: 's3cr3t-ZZZZ-ZZ' }));
    await useCode(codeBody({ username: 'nobody@example.com' }));
    const reasons = capturedMetrics()
      .slice(metrics)
      .map((metric) => metric.reason);
    expect(reasons).toEqual(['recovery-wrong-password', 'recovery-code-refused', 'recovery-no-match']);
  });
});

describe('postMfaRecoveryCode attempt limits', () => {
  const { RECOVERY_CODE_LIMIT_PER_IP, RECOVERY_CODE_LIMIT_PER_ACCOUNT_AND_IP, RECOVERY_CODE_LIMIT_PER_ACCOUNT } = MFA_RECOVERY_DEFAULTS;

  it(`refuses after ${RECOVERY_CODE_LIMIT_PER_ACCOUNT_AND_IP} uses for one email from one IP, before the password is checked`, async () => {
    for (let i = 0; i < RECOVERY_CODE_LIMIT_PER_ACCOUNT_AND_IP; i++) await useCode(codeBody({ password: `Guess-Passw0rd-${i}-s3cr3t` }), '192.0.2.7');
    const before = world.calls.filter((call) => call === 'cognito:AdminInitiateAuth').length;
    const response = await useCode(codeBody(), '192.0.2.7');
    expect(bodyOf(response)).toEqual(REFUSED);
    expect(world.calls.filter((call) => call === 'cognito:AdminInitiateAuth')).toHaveLength(before);
    expect(ada().mfaConfigured).toBe(true);
    // The owner, from their own IP, is not affected.
    expect((await useCode(codeBody(), '198.51.100.1')).statusCode).toBe(200);
  });

  it(`refuses after ${RECOVERY_CODE_LIMIT_PER_IP} uses from one IP, whatever the email`, async () => {
    for (let i = 0; i < RECOVERY_CODE_LIMIT_PER_IP; i++) await useCode(codeBody({ username: `someone${i}@example.com` }), '192.0.2.8');
    const response = await useCode(codeBody(), '192.0.2.8');
    expect(bodyOf(response)).toEqual(REFUSED);
    expect(world.calls).not.toContain('cognito:AdminInitiateAuth');
  });

  it('does not let strangers without the password use up the account limit (no lock-out by email)', async () => {
    for (let i = 0; i < RECOVERY_CODE_LIMIT_PER_ACCOUNT * 2; i++) {
      await useCode(codeBody({ password: `Guess-Passw0rd-${i}-s3cr3t` }), `198.51.100.${i + 10}`);
    }
    expect((await useCode(codeBody(), '198.51.100.99')).statusCode).toBe(200);
  });

  it(`refuses after ${RECOVERY_CODE_LIMIT_PER_ACCOUNT} uses with the proven password per account, from any IPs`, async () => {
    for (let i = 0; i < RECOVERY_CODE_LIMIT_PER_ACCOUNT; i++) await useCode(codeBody({ recoveryCode: `s3cr3t-ZZZZ-${i}Z` }), `198.51.100.${i + 30}`);
    const response = await useCode(codeBody(), '198.51.100.99');
    expect(bodyOf(response)).toEqual(REFUSED);
    expect(unusedHashes()).toHaveLength(10);
    expect(ada().mfaConfigured).toBe(true);
  });
});

describe('postMfaRecoveryCode under concurrency and failure', () => {
  it('lets exactly one of two concurrent uses of one code win', async () => {
    const responses = await Promise.all([useCode(codeBody(), '198.51.100.1'), useCode(codeBody(), '198.51.100.2')]);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 400]);
    expect(bodyOf(responses.find((response) => response.statusCode === 400)!)).toEqual(REFUSED);
    expect(unusedHashes()).toEqual(CODES.slice(1).map(hashOf).sort());
    expect(world.outbox).toHaveLength(1);
    expect(auditRecords()).toHaveLength(1);
    expect(world.calls.filter((call) => call === 'cognito:AdminDeleteSoftwareToken')).toHaveLength(1);
  });

  it('puts the code back when the reset fails after it was taken, so the same code works on retry', async () => {
    world.failMatching({ when: 'before', error: genericFaults.serviceError, matches: (call) => call.name === 'cognito:AdminDeleteSoftwareToken' });
    const failed = await useCode();
    expect(failed.statusCode).toBe(503);
    expect(unusedHashes()).toHaveLength(10);
    expect(world.outbox).toEqual([]);
    expect(auditRecords()).toEqual([]);

    const retried = await useCode();
    expect(retried.statusCode).toBe(200);
    expect(unusedHashes()).toHaveLength(9);
    expect(ada()).toMatchObject({ mfaConfigured: false, password: ADA.password });
  });

  it('refuses, puts the code back and alerts where Cognito offers no AdminDeleteSoftwareToken (replica region): a retry cannot help', async () => {
    world.pool.replicaRegion = true;
    const mark = capturedLines().length;
    const response = await useCode();
    expect(bodyOf(response)).toEqual(REFUSED);
    expect(unusedHashes()).toHaveLength(10);
    expect(ada()).toMatchObject({ mfaConfigured: true, password: ADA.password });
    const alerts = capturedLines()
      .slice(mark)
      .map((line) => JSON.parse(line))
      .filter((record) => record.alert === 'MfaRecoveryBlocked');
    expect(alerts).toEqual([
      expect.objectContaining({ userId: ADA.userId, reason: expect.stringContaining('AdminDeleteSoftwareToken'), repair: expect.any(String) }),
    ]);
  });

  it('answers a failure before the code is taken like a refusal, and changes nothing', async () => {
    world.failMatching({ when: 'before', error: genericFaults.throttling, matches: (call) => call.name === 'cognito:AdminInitiateAuth' });
    const response = await useCode();
    expect(bodyOf(response)).toEqual(REFUSED);
    expect(unusedHashes()).toHaveLength(10);
    expect(ada().mfaConfigured).toBe(true);
  });

  it('refuses malformed bodies with a 400 that names fields, before touching AWS', async () => {
    const response = await useCode({ username: ADA.email, password: ADA.password, recoveryCode: 7, extra: 1 });
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).error.code).toBe('VALIDATION_FAILED');
    expect(world.calls).toEqual([]);
  });
});
