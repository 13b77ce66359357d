import { AdminInitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler as requestHandler, MFA_RESET_REQUESTED } from '../../../lambdas/handlers/post-mfa-recovery-request';
import { hashRecoveryToken } from '../../../lambdas/mfa-recovery/recovery-token';
import { apiEvent, bodyOf } from '../../support/events';
import { genericFaults } from '../../support/faults';
import { capturedLines, capturedMetrics } from '../../support/log-capture';
import { keys } from '../../../lambdas/adapters/dynamodb/table-layout';
import { MFA_RECOVERY_DEFAULTS } from '../../../lambdas/mfa-recovery/settings';
import { expectDatesOfBirthNeverLogged } from './support/log-checks';
import { ADA, FIXTURE_DATES_OF_BIRTH, GRACE, recoveryWorld } from './support/world';
import { asFunction } from '../../support/aws-mocks';

const world = recoveryWorld();
// Every call is held to the function's synthesized role (test/support/aws-mocks.ts).
const handler = asFunction('post-mfa-recovery-request', requestHandler);
const WRONG_DATES_OF_BIRTH = ['1985-04-13', '1900-01-01'];
expectDatesOfBirthNeverLogged([...FIXTURE_DATES_OF_BIRTH, ...WRONG_DATES_OF_BIRTH]);

type License = { jurisdiction: string; licenseType: string; licenseNumber: string; dateOfBirth: string };

function requestBody(overrides: { username?: string; password?: string; license?: Partial<License> } = {}) {
  return {
    username: overrides.username ?? ADA.email,
    password: overrides.password ?? ADA.password,
    license: { ...ADA.licenses[0], ...overrides.license },
  };
}

function request(body: unknown = requestBody(), sourceIp = '203.0.113.10') {
  return handler(apiEvent({ body, sourceIp, path: '/mfa-recovery/request' }));
}

/** Every stored token item, with the emails that carried a token of that hash. */
function tokensWithEmails() {
  const sentHashes = world.outbox.map((mail) => hashRecoveryToken(/token=([\w-]+)/.exec(mail.text)?.[1] ?? ''));
  return world.table
    .all()
    .filter((item) => item.entity === 'RecoveryToken')
    .map((item) => ({ status: item.status, emailed: sentHashes.includes(String(item.tokenHash)) }));
}

/** The audit records in the (fake) tables. */
const auditRecords = () => world.table.all().filter((item) => item.entity === 'AuditRecord');

beforeEach(async () => {
  world.reset();
  await world.seed(ADA, GRACE);
});

describe('POST /mfa-recovery/request (postMfaRecoveryRequest) happy path', () => {
  it('verifies license and password, stores only the token hash, and emails a 15-minute link', async () => {
    const response = await request(
      requestBody({ username: '  Ada.Nurse@Example.COM ', license: { jurisdiction: ' ca', licenseType: 'rn ', licenseNumber: 's3cr3t-95 123' } }),
    );

    expect(response.statusCode).toBe(202);
    expect(bodyOf(response)).toEqual(MFA_RESET_REQUESTED);

    expect(world.outbox).toHaveLength(1);
    const [mail] = world.outbox;
    expect(mail).toMatchObject({ to: ADA.email, from: process.env.SENDER_EMAIL });
    const token = world.lastTokenSentTo(ADA.email);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    // In the fragment: browsers never send it to a server, so no log, CDN or Referer sees it.
    expect(mail.text).toContain(`${process.env.RECOVERY_URL_BASE}#token=${token}`);
    expect(mail.text).not.toContain('?token=');
    expect(mail.text).toContain('expires in 15 minutes');
    expect(mail.text).toContain('your password and your license details');
    expect(mail.text).toContain('your password is probably known to someone else');
    expect(mail.html).toContain(`#token=${token}`);

    const item = world.tokenItem(token);
    expect(item).toMatchObject({ userId: ADA.userId, email: ADA.email, status: 'ISSUED', tokenHash: hashRecoveryToken(token), ttl: expect.any(Number) });
    expect(Date.parse(String(item?.expiresAt)) - Date.parse(String(item?.createdAt))).toBe(15 * 60 * 1000);
    expect(Date.parse(String(item?.deadlineAt)) - Date.parse(String(item?.createdAt))).toBe(24 * 3600 * 1000);
    expect(JSON.stringify(world.table.all())).not.toContain(token);

    expect(world.cognito).toHaveReceivedCommandWith(AdminInitiateAuthCommand, {
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: expect.objectContaining({ PASSWORD: ADA.password }),
    });
  });

  it('makes the calls of the happy path in the order of its five rounds', async () => {
    // In a warm container (the rate-limit key already read, by a request for nobody).
    await request(requestBody({ username: 'nobody@example.com' }));
    world.calls.length = 0;
    await request();
    expect(world.calls).toEqual([
      // 1: the IP counter (its key hashed once the email claim's read is under way) and the email claim, concurrently
      'dynamodb:GetItem',
      'dynamodb:UpdateItem',
      // 2: recovery state, user and licenses, concurrently
      'dynamodb:GetItem',
      'dynamodb:GetItem',
      'dynamodb:Query',
      // 3: only after the license matched: the Cognito user and the account counter, concurrently
      'cognito:AdminGetUser',
      'dynamodb:UpdateItem',
      // 4: the password, only within the account's limit
      'cognito:AdminInitiateAuth',
      // 5: token and email, concurrently
      'dynamodb:TransactWriteItems',
      'ses:SendEmail',
    ]);
  });

  it('writes RECOVERY_LINK_ISSUED (actor self, source IP, user agent, correlation id) in the transaction that stores the token', async () => {
    await handler(apiEvent({ body: requestBody(), sourceIp: '203.0.113.10', requestId: 'req-link-1', path: '/mfa-recovery/request' }));
    const transaction = world.log.find((call) => call.name === 'dynamodb:TransactWriteItems')!;
    const audit = transaction.input.TransactItems.at(-1).Put;
    expect(audit).toMatchObject({ TableName: process.env.AUDIT_TABLE_NAME, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(auditRecords()).toEqual([
      expect.objectContaining({
        event: 'RECOVERY_LINK_ISSUED',
        actor: ADA.userId,
        userId: ADA.userId,
        sourceIp: '203.0.113.10',
        userAgent: 'vitest-agent',
        correlationId: 'req-link-1',
        outcome: 'SUCCESS',
        details: { expiresAt: world.tokenItem(world.lastTokenSentTo(ADA.email))?.expiresAt },
      }),
    ]);
    // Never the token, its hash, the password or the license data.
    const stored = JSON.stringify(auditRecords());
    for (const secretValue of [
      world.lastTokenSentTo(ADA.email),
      String(world.tokenItem(world.lastTokenSentTo(ADA.email))?.tokenHash),
      ADA.password,
      ADA.licenses[0].licenseNumber,
    ]) {
      expect(stored).not.toContain(secretValue);
    }
  });

  it('records which earlier link a new one superseded', async () => {
    await request();
    await request();
    expect(auditRecords().map((record) => record.details)).toEqual([
      { expiresAt: expect.any(String) },
      { expiresAt: expect.any(String), supersedes: 'ISSUED' },
    ]);
  });

  it('accepts any one of the licenses of a practitioner who holds several', async () => {
    const response = await request({ username: GRACE.email, password: GRACE.password, license: GRACE.licenses[1] });
    expect(response.statusCode).toBe(202);
    expect(world.outbox.map((mail) => mail.to)).toEqual([GRACE.email]);
  });

  it('makes a new link supersede the earlier one', async () => {
    await request();
    const first = world.lastTokenSentTo(ADA.email);
    await request();
    const second = world.lastTokenSentTo(ADA.email);
    expect(second).not.toBe(first);
    expect(world.table.item({ pk: `USER#${ADA.userId}`, sk: 'MFA_RECOVERY' })?.activeTokenHash).toBe(hashRecoveryToken(second));
  });
});

describe('postMfaRecoveryRequest answers every outcome the same way and acts only on a full match', () => {
  const cases: [string, () => unknown][] = [
    ['unknown user', () => requestBody({ username: 'nobody@example.com' })],
    ['wrong password (NotAuthorizedException)', () => requestBody({ password: 'Wrong-Password-9-s3cr3t' })],
    ['wrong jurisdiction', () => requestBody({ license: { jurisdiction: 'NV' } })],
    ['wrong license type', () => requestBody({ license: { licenseType: 'LPN' } })],
    ['wrong license number', () => requestBody({ license: { licenseNumber: 'S3CR3T95124' } })],
    ['wrong date of birth', () => requestBody({ license: { dateOfBirth: WRONG_DATES_OF_BIRTH[0] } })],
    [
      'fields mixed from two licenses of the user',
      () => ({ username: GRACE.email, password: GRACE.password, license: { ...GRACE.licenses[0], licenseNumber: GRACE.licenses[1].licenseNumber } }),
    ],
  ];

  it.each(cases)('%s: the same 202 body, no token, no email, no audit record', async (_name, body) => {
    const response = await request(body());
    expect(response.statusCode).toBe(202);
    expect(bodyOf(response)).toEqual(MFA_RESET_REQUESTED);
    expect(world.outbox).toEqual([]);
    expect(tokensWithEmails()).toEqual([]);
    // A record only for matched accounts: the trail of an account never reveals who tried it and failed.
    expect(auditRecords()).toEqual([]);
  });

  it('never checks the password when the license does not match', async () => {
    await request(requestBody({ license: { licenseNumber: 'S3CR3T00000' } }));
    expect(world.calls).not.toContain('cognito:AdminInitiateAuth');
  });

  it('does the same database reads for an unknown user as for a known one', async () => {
    await request(requestBody({ username: 'nobody@example.com' }));
    const unknown = [...world.calls];
    world.calls.length = 0;
    await request(requestBody({ license: { dateOfBirth: WRONG_DATES_OF_BIRTH[1] } }));
    expect(unknown).toEqual(world.calls);
  });

  it('does not send a link to an invited user who never set up MFA (NEW_PASSWORD_REQUIRED)', async () => {
    const ada = world.pool.byEmail(ADA.email);
    if (ada) ada.status = 'FORCE_CHANGE_PASSWORD';
    const response = await request();
    expect(response.statusCode).toBe(202);
    expect(world.outbox).toEqual([]);
  });

  it('refuses malformed input with a 400 that names fields, before touching AWS', async () => {
    const response = await request({ username: ADA.email, password: ADA.password, license: { ...ADA.licenses[0], jurisdiction: 'California' }, extra: 1 });
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).error.code).toBe('VALIDATION_FAILED');
    expect(world.calls).toEqual([]);
  });
});

describe('postMfaRecoveryRequest attempt limits', () => {
  it('stops acting after 5 requests per account in the window, still answering 202', async () => {
    for (let i = 0; i < 5; i++) await request(requestBody(), `198.51.100.${i}`);
    expect(world.outbox).toHaveLength(5);

    const response = await request(requestBody(), '198.51.100.99');
    expect(response.statusCode).toBe(202);
    expect(bodyOf(response)).toEqual(MFA_RESET_REQUESTED);
    expect(world.outbox).toHaveLength(5);
    expect(world.calls.filter((call) => call === 'cognito:AdminInitiateAuth')).toHaveLength(5);
    const over = capturedLines()
      .map((line) => JSON.parse(line))
      .filter((record) => record.message === 'mfa reset request over the attempt limit');
    expect(over.at(-1)).toMatchObject({ limit: 'account' });
  });

  it('does not let strangers who only know the email use up the account limit (no lock-out by email)', async () => {
    for (let i = 0; i < 5; i++)
      await request(requestBody({ password: 'Guess-Passw0rd-9-s3cr3t', license: { licenseNumber: `S3CR3T0000${i}` } }), `198.51.100.${i}`);
    for (let i = 0; i < 5; i++) await request(requestBody({ license: { dateOfBirth: WRONG_DATES_OF_BIRTH[1] } }), `198.51.100.${10 + i}`);
    expect(world.outbox).toEqual([]);

    const response = await request(requestBody(), '198.51.100.99');
    expect(response.statusCode).toBe(202);
    expect(world.outbox.map((mail) => mail.to)).toEqual([ADA.email]);
  });

  it('stops acting after 20 requests per source IP in the window, whatever the account', async () => {
    for (let i = 0; i < 20; i++) await request(requestBody({ username: `someone${i}@example.com` }), '192.0.2.7');
    const response = await request(requestBody(), '192.0.2.7');
    expect(response.statusCode).toBe(202);
    expect(world.outbox).toEqual([]);
    expect(world.calls).not.toContain('cognito:AdminInitiateAuth');
  });

  it('keeps the counters keyed by hashes, not by the emails and IPs typed in', async () => {
    await request();
    const counters = world.table.all().filter((item) => item.entity === 'AttemptCounter');
    expect(counters).toHaveLength(2);
    expect(JSON.stringify(counters)).not.toContain(ADA.email);
    expect(JSON.stringify(counters)).not.toContain(ADA.userId);
    expect(JSON.stringify(counters)).not.toContain('203.0.113.10');
    for (const counter of counters) expect(counter.ttl).toEqual(expect.any(Number));
  });
});

describe('postMfaRecoveryRequest refuses a Cognito user that does not match the database (MfaRecoveryBlocked, same 202)', () => {
  const blockedAlerts = (mark: number) =>
    capturedLines()
      .slice(mark)
      .map((line) => JSON.parse(line))
      .filter((record) => record.alert === 'MfaRecoveryBlocked');

  it.each([
    [
      'its Cognito email changed since (email drift)',
      () => {
        world.pool.byEmail(ADA.email)!.attributes.email = 'ada.new@example.com';
      },
      'email-mismatch',
    ],
    [
      'it carries another custom:userId',
      () => {
        world.pool.byEmail(ADA.email)!.attributes['custom:userId'] = 'someone-else';
      },
      'other-account',
    ],
  ])('%s: no link to either address, an alert, the same 202', async (_name, change, reason) => {
    change();
    const mark = capturedLines().length;
    const response = await request();
    expect(response.statusCode).toBe(202);
    expect(bodyOf(response)).toEqual(MFA_RESET_REQUESTED);
    expect(world.outbox).toEqual([]);
    expect(tokensWithEmails()).toEqual([]);
    expect(blockedAlerts(mark)).toEqual([expect.objectContaining({ userId: ADA.userId, reason, repair: expect.any(String) })]);
  });

  it('raises the alert only for a caller who proved the password', async () => {
    world.pool.byEmail(ADA.email)!.attributes.email = 'ada.new@example.com';
    const mark = capturedLines().length;
    await request(requestBody({ password: 'Wrong-Password-9-s3cr3t' }));
    expect(blockedAlerts(mark)).toEqual([]);
  });
});

describe('postMfaRecoveryRequest within the cooling-off period after a password reset by email (same 202, no link)', () => {
  const COOLING_OFF_MS = MFA_RECOVERY_DEFAULTS.RECOVERY_COOLING_OFF_SECONDS * 1_000;
  /** What the post-confirmation trigger writes on the User when the password was reset with an emailed code. */
  const resetPasswordByEmail = (ago: number) => {
    const user = world.table.item(keys.user(ADA.userId))!;
    world.table.put({ ...user, lastPasswordResetAt: new Date(Date.now() - ago).toISOString() });
  };

  it.each([
    ['just now', 1_000],
    ['a day before the period ends', COOLING_OFF_MS - 24 * 3_600_000],
  ])('a reset %s: the correct password and license data get 202 but no link, no token; logged and counted as recovery-cooling-off', async (_when, ago) => {
    resetPasswordByEmail(ago);
    const lines = capturedLines().length;
    const metrics = capturedMetrics().length;
    const response = await request();
    expect(response.statusCode).toBe(202);
    expect(bodyOf(response)).toEqual(MFA_RESET_REQUESTED);
    expect(world.outbox).toEqual([]);
    expect(tokensWithEmails()).toEqual([]);
    expect(auditRecords()).toEqual([]);
    const records = capturedLines()
      .slice(lines)
      .map((line) => JSON.parse(line));
    expect(records).toContainEqual(expect.objectContaining({ message: expect.stringContaining('cooling off'), userId: ADA.userId, until: expect.any(String) }));
    expect(capturedMetrics().slice(metrics)).toContainEqual(expect.objectContaining({ reason: 'recovery-cooling-off', Refusals: 1 }));
  });

  it('a reset longer ago than the period: the link is sent as usual', async () => {
    resetPasswordByEmail(COOLING_OFF_MS + 60_000);
    expect((await request()).statusCode).toBe(202);
    expect(world.outbox).toHaveLength(1);
  });

  it('a wrong password during the period is still refused as a wrong password (the cooling-off is judged only for a proven caller)', async () => {
    resetPasswordByEmail(1_000);
    const lines = capturedLines().length;
    await request(requestBody({ password: 'Wrong-Password-9-s3cr3t' }));
    const records = capturedLines()
      .slice(lines)
      .map((line) => JSON.parse(line));
    expect(records.some((record) => String(record.message).includes('cooling off'))).toBe(false);
    expect(world.outbox).toEqual([]);
  });
});

describe('postMfaRecoveryRequest when SES fails', () => {
  it('still answers 202 and voids the token, so no usable token exists without an email', async () => {
    const sendIndex = 9; // the 10th call of the happy path: ses:SendEmail
    world.failCalls({ index: sendIndex, when: 'before', error: genericFaults.serviceError });
    const response = await request();
    expect(response.statusCode).toBe(202);
    expect(bodyOf(response)).toEqual(MFA_RESET_REQUESTED);
    expect(world.calls[sendIndex]).toBe('ses:SendEmail');
    expect(tokensWithEmails()).toEqual([{ status: 'VOID', emailed: false }]);
  });
});

describe('postMfaRecoveryRequest with each AWS call failing in turn', () => {
  it('always answers 202 and never leaves an ISSUED token that was not emailed', async () => {
    await request();
    const happyCalls = [...world.calls];
    expect(happyCalls).toHaveLength(10);

    for (const when of ['before', 'after'] as const) {
      for (const [index, call] of happyCalls.entries()) {
        world.reset();
        await world.seed(ADA);
        world.failCalls({ index, when, error: genericFaults.timeout });
        const response = await request();
        const label = `${call} failing ${when} taking effect`;
        expect(response.statusCode, label).toBe(202);
        expect(bodyOf(response), label).toEqual(MFA_RESET_REQUESTED);
        const usable = tokensWithEmails().filter((token) => token.status === 'ISSUED');
        expect(
          usable.every((token) => token.emailed),
          label,
        ).toBe(true);
      }
    }
  });
});

describe('postMfaRecoveryRequest log hygiene', () => {
  it('never logs the password, the token, the license number or the date of birth', async () => {
    await request();
    await request(requestBody({ password: 'Wrong-Password-9-s3cr3t' }));
    const token = world.lastTokenSentTo(ADA.email);
    const logs = capturedLines().join('\n');
    for (const secretValue of [token, ADA.password, ADA.licenses[0].licenseNumber, ADA.licenses[0].dateOfBirth]) {
      expect(logs).not.toContain(secretValue);
    }
  });
});
