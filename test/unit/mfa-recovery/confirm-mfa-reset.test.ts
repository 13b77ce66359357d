import { UserNotFoundException } from '@aws-sdk/client-cognito-identity-provider';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keys } from '../../../lambdas/adapters/dynamodb/table-layout';
import { mfaResetConfirmationFromEnv } from '../../../lambdas/composition/mfa-recovery';
import { handler as confirmHandler } from '../../../lambdas/handlers/confirm-mfa-reset';
import { RECOVERY_LEASE_MS } from '../../../lambdas/mfa-recovery/confirm-mfa-reset';
import { handler as requestHandler } from '../../../lambdas/handlers/request-mfa-reset';
import { USER_ID_ATTRIBUTE } from '../../../lambdas/adapters/cognito/cognito-identity-provider';
import { apiEvent, bodyOf } from '../../support/events';
import { genericFaults } from '../../support/faults';
import { capturedLines } from '../../support/log-capture';
import { secret } from '../../support/secrets';
import { captureLogs } from '../../support/logs';
import { expectDatesOfBirthNeverLogged } from './support/log-checks';
import type { PoolUser } from './support/fake-user-pool';
import { ADA, FIXTURE_DATES_OF_BIRTH, recoveryWorld } from './support/world';

const world = recoveryWorld();
expectDatesOfBirthNeverLogged(FIXTURE_DATES_OF_BIRTH);
const START = new Date('2026-11-23T10:00:00.000Z');
const INVALID_TOKEN = { error: { code: 'INVALID_RECOVERY_TOKEN', message: 'This recovery link is invalid or has expired. Request a new one.' } };

async function issueToken(): Promise<string> {
  const response = await requestHandler(
    apiEvent({ body: { username: ADA.email, password: ADA.password, license: ADA.licenses[0] }, path: '/mfa-recovery/request' }),
  );
  expect(response.statusCode).toBe(202);
  return world.lastTokenSentTo(ADA.email);
}

function confirm(token: string, sourceIp = '203.0.113.10') {
  return confirmHandler(apiEvent({ body: { token }, sourceIp, path: '/mfa-recovery/confirm' }));
}

const advance = (ms: number) => vi.setSystemTime(new Date(Date.now() + ms));

/**
 * A confirm whose AdminCreateUser fails after the delete, and whose lease release fails too: as if
 * the function died half-way. Leaves the token IN_PROGRESS with a held lease and no Cognito user.
 */
async function confirmThatDiesAfterTheDelete(token: string): Promise<void> {
  world.calls.length = 0;
  world.failCalls(
    { index: 6, when: 'before', error: genericFaults.serviceError },
    { index: 7, when: 'before', error: genericFaults.serviceError },
  );
  expect((await confirm(token)).statusCode).toBe(503);
}

/** The log records with an `alert` field written since `mark` (an index into the captured lines). */
const alertsSince = (mark: number) =>
  capturedLines()
    .slice(mark)
    .map((line) => JSON.parse(line))
    .filter((record) => record.alert !== undefined);

/** The one state a finished recovery may leave: a new Cognito user, linked, invited; the token used. */
function expectRecovered(token: string, previousUsername: string, label = 'recovered state') {
  const cognitoUsers = [...world.pool.users.values()];
  expect(cognitoUsers, label).toHaveLength(1);
  const [user] = cognitoUsers;
  expect(user.username, label).not.toBe(previousUsername);
  expect(user.attributes, label).toMatchObject({ email: ADA.email, email_verified: 'true', [USER_ID_ATTRIBUTE]: ADA.userId });
  expect(user.status, label).toBe('FORCE_CHANGE_PASSWORD');
  expect(world.pool.invitations, label).toContain(ADA.email);
  expect(world.userItem(ADA.userId), label).toMatchObject({
    role: 'practitioner',
    email: ADA.email,
    cognitoUsername: user.username,
    cognitoSub: user.attributes.sub,
  });
  expect(world.tokenItem(token)?.status, label).toBe('COMPLETED');
  expect(world.table.item(keys.mfaRecovery(ADA.userId))?.inProgressTokenHash, label).toBeUndefined();
}

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(START);
  world.reset();
  await world.seed(ADA);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('POST /mfa-recovery/confirm (confirmMfaReset) happy path', () => {
  it('replaces the Cognito user (same email and custom:userId), relinks the database user and uses up the token', async () => {
    const token = await issueToken();
    const previous = world.pool.byEmail(ADA.email);
    world.calls.length = 0;

    const response = await confirm(token);

    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({ status: 'RECOVERED', message: expect.stringContaining('temporary password') });
    expectRecovered(token, previous?.username as string);
    expect(world.pool.byEmail(ADA.email)?.attributes.sub).not.toBe(previous?.attributes.sub);
  });

  it('makes the calls of the happy path in the order of its five rounds', async () => {
    const token = await issueToken();
    world.calls.length = 0;
    await confirm(token);
    expect(world.calls).toEqual([
      // 1: attempt counter and token lookup, concurrently
      'dynamodb:UpdateItem',
      'dynamodb:GetItem',
      // 2: atomic consume, database user and Cognito user, concurrently
      'dynamodb:TransactWriteItems',
      'dynamodb:GetItem',
      'cognito:AdminGetUser',
      // 3-5
      'cognito:AdminDeleteUser',
      'cognito:AdminCreateUser',
      'dynamodb:TransactWriteItems',
    ]);
  });
});

describe('confirmMfaReset refuses tokens that are not current', () => {
  it('refuses an unknown token with the generic 400 and touches nothing', async () => {
    const response = await confirm(secret('not-a-real-token'));
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response)).toEqual(INVALID_TOKEN);
    expect(world.calls.filter((call) => call.startsWith('cognito:'))).toEqual([]);
  });

  it('refuses an expired token (15 minutes, by the clock, not by TTL) with the same 400', async () => {
    const token = await issueToken();
    advance(15 * 60 * 1000);
    const response = await confirm(token);
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response)).toEqual(INVALID_TOKEN);
    expect(world.calls.filter((call) => call.startsWith('cognito:Admin') && call !== 'cognito:AdminInitiateAuth')).toEqual([]);
    expect(world.tokenItem(token)?.status).toBe('ISSUED');
  });

  it('accepts a token a moment before it expires', async () => {
    const token = await issueToken();
    advance(15 * 60 * 1000 - 1);
    expect((await confirm(token)).statusCode).toBe(200);
  });

  it('refuses a token that was already used, with the same 400', async () => {
    const token = await issueToken();
    expect((await confirm(token)).statusCode).toBe(200);
    const response = await confirm(token);
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response)).toEqual(INVALID_TOKEN);
    expect(world.calls.filter((call) => call === 'cognito:AdminCreateUser')).toHaveLength(1);
  });

  it('refuses a token superseded by a newer request, and accepts the newer one', async () => {
    const first = await issueToken();
    const second = await issueToken();
    const previous = world.pool.byEmail(ADA.email)?.username as string;
    const refused = await confirm(first);
    expect(refused.statusCode).toBe(400);
    expect(bodyOf(refused)).toEqual(INVALID_TOKEN);
    expect(world.pool.byEmail(ADA.email)?.username).toBe(previous);
    expect((await confirm(second)).statusCode).toBe(200);
  });

  it('refuses a voided token (its email failed)', async () => {
    world.failCalls({ index: 7, when: 'before', error: genericFaults.serviceError });
    await requestHandler(apiEvent({ body: { username: ADA.email, password: ADA.password, license: ADA.licenses[0] } }));
    const voided = world.table.all().find((item) => item.entity === 'RecoveryToken');
    expect(voided?.status).toBe('VOID');
    // The token itself never left the function; its record proves it can no longer be consumed.
    expect(world.table.item(keys.mfaRecovery(ADA.userId))?.inProgressTokenHash).toBeUndefined();
  });
});

describe('confirmMfaReset concurrency', () => {
  it('lets exactly one of two concurrent confirms with the same token proceed', async () => {
    const token = await issueToken();
    const previous = world.pool.byEmail(ADA.email)?.username as string;
    world.calls.length = 0;

    const responses = await Promise.all([confirm(token, '198.51.100.1'), confirm(token, '198.51.100.2')]);

    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 400]);
    expect(bodyOf(responses.find((response) => response.statusCode === 400) as never)).toEqual(INVALID_TOKEN);
    expect(world.calls.filter((call) => call === 'cognito:AdminDeleteUser')).toHaveLength(1);
    expect(world.calls.filter((call) => call === 'cognito:AdminCreateUser')).toHaveLength(1);
    expectRecovered(token, previous);
  });

  it('lets exactly one of two concurrent retries take over an interrupted recovery; the other hears "in progress"', async () => {
    const token = await issueToken();
    const previous = world.pool.byEmail(ADA.email)?.username as string;
    await confirmThatDiesAfterTheDelete(token);
    advance(RECOVERY_LEASE_MS + 1_000);

    const responses = await Promise.all([confirm(token, '198.51.100.1'), confirm(token, '198.51.100.2')]);

    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409]);
    expect(bodyOf(responses.find((response) => response.statusCode === 409) as never).error.code).toBe('INVALID_USER_STATE');
    expectRecovered(token, previous);
  });
});

describe('confirmMfaReset attempt limit', () => {
  it('answers 429 after 20 confirms from one source IP in the window, leaving the token usable', async () => {
    const token = await issueToken();
    for (let i = 0; i < 20; i++) expect((await confirm(secret(`guess-${i}`), '192.0.2.50')).statusCode).toBe(400);
    const limited = await confirm(token, '192.0.2.50');
    expect(limited.statusCode).toBe(429);
    expect(bodyOf(limited).error.code).toBe('TOO_MANY_REQUESTS');
    expect(world.tokenItem(token)?.status).toBe('ISSUED');
    expect((await confirm(token, '192.0.2.51')).statusCode).toBe(200);
  });
});

describe('confirmMfaReset with each AWS call failing in turn', () => {
  it('leaves a documented state, alerts when a recovery is half done, and a retry with the same token converges', async () => {
    const happyToken = await issueToken();
    world.calls.length = 0;
    await confirm(happyToken);
    const happyCalls = [...world.calls];

    for (const when of ['before', 'after'] as const) {
      for (const [index, call] of happyCalls.entries()) {
        const label = `${call} (#${index}) failing ${when} taking effect`;
        vi.setSystemTime(START);
        world.reset();
        await world.seed(ADA);
        const token = await issueToken();
        const previous = world.pool.byEmail(ADA.email)?.username as string;
        const mark = capturedLines().length;

        world.failCalls({ index, when, error: genericFaults.serviceError });
        const failed = await confirm(token);

        // The failure is reported as a retryable dependency error (or, if only the final write's
        // answer was lost, the state is already complete).
        const state = world.tokenItem(token)?.status;
        if (failed.statusCode !== 200) expect(bodyOf(failed).error.code, label).toBe('SERVICE_UNAVAILABLE');
        // Never two Cognito users, never one that is not ours.
        const cognitoUsers = [...world.pool.users.values()];
        expect(cognitoUsers.length, label).toBeLessThanOrEqual(1);
        for (const user of cognitoUsers) expect(user.attributes[USER_ID_ATTRIBUTE], label).toBe(ADA.userId);
        // A consumed but unfinished recovery is always alertable; so is a failed state write (consume
        // or final link), whose outcome the function cannot know: it may have landed. Nothing else alerts.
        const alerts = alertsSince(mark);
        if (state === 'IN_PROGRESS' || call === 'dynamodb:TransactWriteItems') {
          expect(alerts.map((record) => record.alert), label).toEqual(['MfaRecoveryIncomplete']);
          expect(alerts[0], label).toMatchObject({ userId: ADA.userId, repair: expect.stringContaining(ADA.userId) });
        } else {
          expect(alerts, label).toEqual([]);
        }
        if (state === 'ISSUED') expect(world.pool.byEmail(ADA.email)?.username, `${label}: untouched`).toBe(previous);

        // Retry like a user would: again with the same link (waiting out a lease the failed call may still hold).
        let retried = await confirm(token);
        if (retried.statusCode === 409) {
          advance(RECOVERY_LEASE_MS + 1_000);
          retried = await confirm(token);
        }
        if (state === 'COMPLETED') expect(retried.statusCode, label).toBe(400);
        else expect(retried.statusCode, `${label}: retry`).toBe(200);
        expectRecovered(token, previous, label);
        expect(world.calls.filter((name) => name === 'cognito:AdminCreateUser').length, label).toBeLessThanOrEqual(2);
        expect(world.pool.invitations.filter((email) => email === ADA.email).length, `${label}: one invitation`).toBe(1);
      }
    }
  });
});

describe('confirmMfaReset crash safety', () => {
  it('keeps a crashed recovery leased, then lets a retry take over and finish it', async () => {
    const token = await issueToken();
    const previous = world.pool.byEmail(ADA.email)?.username as string;
    await confirmThatDiesAfterTheDelete(token);
    expect(world.calls.slice(6)).toEqual(['cognito:AdminCreateUser', 'dynamodb:UpdateItem']);
    expect(world.pool.users.size).toBe(0); // locked out until the recovery finishes
    expect(world.tokenItem(token)).toMatchObject({ status: 'IN_PROGRESS' });

    const busy = await confirm(token);
    expect(busy.statusCode).toBe(409);
    expect(bodyOf(busy).error.code).toBe('INVALID_USER_STATE');

    advance(RECOVERY_LEASE_MS + 1_000);
    expect((await confirm(token)).statusCode).toBe(200);
    expectRecovered(token, previous);
  });

  it('lets an operator finish an interrupted recovery by user id', async () => {
    const token = await issueToken();
    const previous = world.pool.byEmail(ADA.email)?.username as string;
    world.calls.length = 0;
    world.failCalls({ index: 6, when: 'before', error: genericFaults.serviceError });
    expect((await confirm(token)).statusCode).toBe(503);

    const flows = mfaResetConfirmationFromEnv();
    const recovered = await flows.finishInterruptedRecovery(ADA.userId);

    expect(recovered).toMatchObject({ userId: ADA.userId, resumed: true });
    expectRecovered(token, previous);
    await expect(flows.finishInterruptedRecovery(ADA.userId)).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
  });

  it('still replaces the old Cognito user when the first read missed it (never adopts the lost-MFA incarnation)', async () => {
    const token = await issueToken();
    const previous = world.pool.byEmail(ADA.email)?.username as string;
    world.calls.length = 0;
    // AdminGetUser (call 4) answers "not found" although the old user exists: an inconsistent read.
    world.failCalls({ index: 4, when: 'before', error: () => new UserNotFoundException({ message: 'User does not exist.', $metadata: {} }) });

    expect((await confirm(token)).statusCode).toBe(200);
    expectRecovered(token, previous);
    expect(world.calls.slice(5)).toEqual([
      'cognito:AdminCreateUser', // refused: the old incarnation still holds the email
      'cognito:AdminGetUser',
      'cognito:AdminDeleteUser',
      'cognito:AdminCreateUser',
      'dynamodb:TransactWriteItems',
    ]);
  });

  it('blocks (never deletes) a Cognito user that carries another custom:userId, and alerts', async () => {
    const token = await issueToken();
    const cognitoUser = world.pool.byEmail(ADA.email);
    if (cognitoUser) cognitoUser.attributes[USER_ID_ATTRIBUTE] = 'someone-else';
    const mark = capturedLines().length;

    const response = await confirm(token);

    expect(response.statusCode).toBe(409);
    expect(world.pool.byEmail(ADA.email)?.username).toBe(cognitoUser?.username);
    expect(world.calls).not.toContain('cognito:AdminDeleteUser');
    expect(alertsSince(mark).map((record) => record.alert)).toEqual(['MfaRecoveryBlocked']);
  });

  it.each([
    ['is disabled (recovery must not re-enable it)', (user: PoolUser) => (user.enabled = false), 'disabled'],
    ["has another email than the account's (changed in the console)", (user: PoolUser) => (user.attributes.email = 'changed@example.com'), 'email-mismatch'],
  ])('blocks (never deletes) a Cognito user that %s, and alerts', async (_label, change, reason) => {
    const token = await issueToken();
    const cognitoUser = world.pool.byEmail(ADA.email) as PoolUser;
    change(cognitoUser);
    const { result: response, records } = await captureLogs(() => confirm(token));
    expect(response.statusCode).toBe(409);
    expect(world.pool.users.get(cognitoUser.username)).toBe(cognitoUser);
    expect(world.calls).not.toContain('cognito:AdminDeleteUser');
    expect(records).toContainEqual(expect.objectContaining({ alert: 'MfaRecoveryBlocked', reason }));
  });
});

describe('confirmMfaReset log hygiene', () => {
  it('never logs the token', async () => {
    const token = await issueToken();
    await confirm(token);
    await confirm(token);
    expect(capturedLines().join('\n')).not.toContain(token);
  });

  it('never logs the emailed token or link across a full request and confirm, a failed confirm and its retry included', async () => {
    const { result: token, records, raw } = await captureLogs(async () => {
      const issued = await issueToken();
      // AdminCreateUser fails once: the error and alert records are written too.
      world.failCalls({ index: 6, when: 'before', error: genericFaults.serviceError });
      expect((await confirm(issued)).statusCode).toBe(503);
      expect((await confirm(issued)).statusCode).toBe(200);
      return issued;
    });

    const completed = records.filter((record) => record.message === 'request completed');
    expect(completed.map((record) => [record.route, record.status])).toEqual([
      ['requestMfaReset', 202],
      ['confirmMfaReset', 503],
      ['confirmMfaReset', 200],
    ]);
    expect(records.some((record) => record.alert === 'MfaRecoveryIncomplete')).toBe(true);
    expect(world.outbox.at(-1)?.text).toContain(token);
    expect(raw).not.toContain(token);
    expect(raw).not.toContain(token.slice(0, 16));
    expect(raw).not.toContain('token=');
  });
});
