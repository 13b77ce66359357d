import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { USER_ID_ATTRIBUTE } from '../../../lambdas/adapters/cognito/cognito-identity-provider';
import { postMfaRecoveryConfirmFromEnv } from '../../../lambdas/composition/post-mfa-recovery-confirm';
import { handler as requestFunction } from '../../../lambdas/handlers/post-mfa-recovery-request';
import { type MfaRecoveryStrategy, RECOVERY_LEASE_MS } from '../../../lambdas/mfa-recovery/post-mfa-recovery-confirm';
import { hashRecoveryToken, RECOVERY_DEADLINE_MS } from '../../../lambdas/mfa-recovery/recovery-token';
import { keys } from '../../../lambdas/adapters/dynamodb/table-layout';
import { apiEvent, bodyOf } from '../../support/events';
import { genericFaults } from '../../support/faults';
import { capturedLines } from '../../support/log-capture';
import { captureLogs } from '../../support/logs';
import { secret } from '../../support/secrets';
import { confirmRoutes } from './support/confirm-routes';
import type { PoolUser } from './support/fake-user-pool';
import { expectDatesOfBirthNeverLogged } from './support/log-checks';
import { ADA, FIXTURE_DATES_OF_BIRTH, type LoggedCall, recoveryWorld } from './support/world';
import { asFunction, outsideAnyFunction } from '../../support/aws-mocks';

/** scripts/finish-mfa-recovery.ts runs these flows as an operator, with their credentials, not as the confirm function. */
const OPERATOR = 'an operator finishing an interrupted recovery (scripts/finish-mfa-recovery.ts)';

const world = recoveryWorld();
// The links come from the request function, held to its own role (test/support/aws-mocks.ts).
const requestHandler = asFunction('post-mfa-recovery-request', requestFunction);
expectDatesOfBirthNeverLogged(FIXTURE_DATES_OF_BIRTH);
const START = new Date('2026-11-23T10:00:00.000Z');
const INVALID_TOKEN = { error: { code: 'INVALID_RECOVERY_TOKEN', message: 'This recovery link is invalid or has expired. Request a new one.' } };

const routes = confirmRoutes();

async function issueToken(): Promise<string> {
  const response = await requestHandler(
    apiEvent({ body: { username: ADA.email, password: ADA.password, license: ADA.licenses[0] }, path: '/mfa-recovery/request' }),
  );
  expect(response.statusCode).toBe(202);
  return world.lastTokenSentTo(ADA.email);
}

function confirm(token: string, options: { sourceIp?: string; strategy?: MfaRecoveryStrategy } = {}) {
  return routes[options.strategy ?? 'reset'](apiEvent({ body: { token }, sourceIp: options.sourceIp ?? '203.0.113.10', path: '/mfa-recovery/confirm' }));
}

/** The write that releases a lease after a failure. */
const isRelease = (call: LoggedCall) => call.name === 'dynamodb:UpdateItem' && call.input.UpdateExpression === 'SET leaseUntil = :now';
const advance = (ms: number) => vi.setSystemTime(new Date(Date.now() + ms));
const ada = () => world.pool.byEmail(ADA.email) as PoolUser;

/** The log records with an `alert` field written since `mark` (an index into the captured lines). */
const alertsSince = (mark: number) =>
  capturedLines()
    .slice(mark)
    .map((line) => JSON.parse(line))
    .filter((record) => record.alert !== undefined);

/** Ada as a real account looks: a TOTP factor, a name and locale, a second group, a live session. */
interface Before {
  username: string;
  sub: string;
  attributes: Record<string, string>;
  groups: string[];
  enabled: boolean;
  refreshToken: string;
}
function furnishAda(options: { enabled?: boolean } = {}): Before {
  world.pool.groups.add('reviewers');
  const user = ada();
  user.attributes.given_name = 'Ada';
  user.attributes.family_name = 'Lovelace';
  user.attributes.locale = 'en-GB';
  user.groups.add('reviewers');
  user.enabled = options.enabled ?? true;
  const refreshToken = world.pool.startSession(user.username);
  return {
    username: user.username,
    sub: user.attributes.sub,
    attributes: { ...user.attributes },
    groups: [...user.groups],
    enabled: user.enabled,
    refreshToken,
  };
}

/** What a completed `reset` leaves: the same Cognito user in every respect but factor, password and sessions; the link unchanged. */
function expectReset(token: string, before: Before, label = 'reset state') {
  expect(world.pool.users.size, label).toBe(1);
  const user = world.pool.users.get(before.username) as PoolUser;
  expect(user, label).toBeDefined();
  expect(user.attributes, label).toEqual(before.attributes);
  expect([...user.groups], label).toEqual(before.groups);
  expect(user.enabled, label).toBe(before.enabled);
  expect(user.mfaConfigured, label).toBe(false);
  expect(user.refreshTokens.has(before.refreshToken), label).toBe(false);
  expect(user.status, label).toBe('FORCE_CHANGE_PASSWORD');
  expect(user.password, label).not.toBe(ADA.password);
  expect(world.pool.invitations.at(-1), label).toBe(ADA.email);
  expect(world.userItem(ADA.userId), label).toMatchObject({ cognitoUsername: before.username, cognitoSub: before.sub });
  expect(world.tokenItem(token)?.status, label).toBe('COMPLETED');
}

/** What a completed `recreate` leaves: one new Cognito user with everything the old one had but its sub, factor and password; relinked. */
function expectRecreated(token: string, before: Before, label = 'recreated state') {
  expect(world.pool.users.size, label).toBe(1);
  const user = ada();
  expect(user.username, label).not.toBe(before.username);
  const { sub, ...copied } = before.attributes;
  expect(user.attributes, label).toEqual({ ...copied, sub: user.attributes.sub });
  expect(user.attributes.sub, label).not.toBe(sub);
  expect(user.attributes[USER_ID_ATTRIBUTE], label).toBe(ADA.userId);
  expect([...user.groups].sort(), label).toEqual([...before.groups].sort());
  expect(user.enabled, label).toBe(before.enabled);
  expect(user.mfaConfigured, label).toBe(false);
  expect(user.status, label).toBe('FORCE_CHANGE_PASSWORD');
  expect(world.pool.invitations, label).toContain(ADA.email);
  expect(world.userItem(ADA.userId), label).toMatchObject({ cognitoUsername: user.username, cognitoSub: user.attributes.sub });
  const item = world.tokenItem(token);
  expect(item?.status, label).toBe('COMPLETED');
  expect(item?.snapshot, `${label}: the copied attributes do not stay on the token`).toBeUndefined();
}

const expectRecovered = { reset: expectReset, recreate: expectRecreated };

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(START);
  world.reset();
  await world.seed(ADA);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('POST /mfa-recovery/confirm with strategy `reset` (the default)', () => {
  it('keeps sub, custom:userId, groups, attributes, enabled flag and link; deletes the factor, signs out, re-invites', async () => {
    const before = furnishAda();
    const token = await issueToken();

    const response = await confirm(token, { sourceIp: '198.51.100.77' });

    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({ status: 'RECOVERED', message: expect.stringContaining('temporary password') });
    expectReset(token, before);
    expect(world.pool.invitations).toEqual([ADA.email]);
  });

  it('writes RECOVERY_COMPLETED (strategy, actor self, source) in the transaction that completes the token', async () => {
    furnishAda();
    const token = await issueToken();
    const response = await routes.reset(apiEvent({ body: { token }, sourceIp: '198.51.100.77', requestId: 'req-confirm-1', path: '/mfa-recovery/confirm' }));
    expect(response.statusCode).toBe(200);
    const complete = world.log.filter((call) => call.name === 'dynamodb:TransactWriteItems').at(-1)!;
    expect(complete.input.TransactItems.at(-1).Put).toMatchObject({ TableName: process.env.AUDIT_TABLE_NAME, Item: { event: 'RECOVERY_COMPLETED' } });
    const records = world.table.all().filter((item) => item.entity === 'AuditRecord');
    expect(records.map((record) => record.event)).toEqual(['RECOVERY_LINK_ISSUED', 'RECOVERY_COMPLETED']);
    expect(records[1]).toMatchObject({
      actor: ADA.userId,
      userId: ADA.userId,
      sourceIp: '198.51.100.77',
      userAgent: 'vitest-agent',
      correlationId: 'req-confirm-1',
      outcome: 'SUCCESS',
      details: { strategy: 'reset', resumed: 'false' },
    });
    expect(JSON.stringify(records)).not.toContain(token);
  });

  it('blocks a user disabled after the link was issued: it stays disabled, keeps its factor and gets no invitation', async () => {
    furnishAda();
    const token = await issueToken();
    ada().enabled = false;
    const mark = capturedLines().length;

    expect((await confirm(token)).statusCode).toBe(409);
    expect(alertsSince(mark)).toEqual([expect.objectContaining({ alert: 'MfaRecoveryBlocked', reason: 'disabled' })]);
    expect(ada()).toMatchObject({ enabled: false, mfaConfigured: true });
    expect(world.pool.invitations).toEqual([]);
    expect(world.calls).not.toContain('cognito:AdminDeleteSoftwareToken');
  });

  it('blocks, before the factor goes, when the Cognito email moved away from the database email after the link was issued', async () => {
    const token = await issueToken();
    ada().attributes.email = 'ada.new@example.com';
    expect((await confirm(token)).statusCode).toBe(409);
    expect(world.calls).not.toContain('cognito:AdminDeleteSoftwareToken');
    expect(world.pool.invitations).toEqual([]);
  });

  const changes: [string, () => void][] = [
    [
      'disabled after the link was issued',
      () => {
        ada().enabled = false;
      },
    ],
    [
      'whose Cognito email drifted from the database email',
      () => {
        ada().attributes.email = 'ada.new@example.com';
      },
    ],
    ['whose database user is gone', () => world.table.delete(keys.user(ADA.userId))],
  ];
  it.each(changes)('leaves an account %s exactly as it was (password, state, sessions, factor), on every retry too', async (_case, change) => {
    const before = furnishAda();
    const token = await issueToken();
    change();
    // By username: the drifted user is no longer found by the email.
    const user = () => world.pool.users.get(before.username) as PoolUser;
    const snapshot = structuredClone({ ...user(), groups: [...user().groups], refreshTokens: [...user().refreshTokens] });

    for (const attempt of [1, 2, 3]) {
      const response = await confirm(token);
      expect(response.statusCode, `attempt ${attempt}`).toBe(409);
      const now = user();
      expect({ ...now, groups: [...now.groups], refreshTokens: [...now.refreshTokens] }, `attempt ${attempt}`).toEqual(snapshot);
      expect(now).toMatchObject({ status: 'CONFIRMED', password: ADA.password, mfaConfigured: true });
      expect(now.refreshTokens.has(before.refreshToken)).toBe(true);
      advance(RECOVERY_LEASE_MS + 1_000);
    }
    expect(world.calls).not.toContain('cognito:AdminSetUserPassword');
    expect(world.calls).not.toContain('cognito:AdminUserGlobalSignOut');
    expect(world.pool.invitations).toEqual([]);
  });

  it('emails a notice of the completed recovery: when, from where, what changed, what to do', async () => {
    furnishAda();
    const token = await issueToken();
    await confirm(token, { sourceIp: '198.51.100.77' });

    const notice = world.outbox.at(-1);
    expect(notice).toMatchObject({ to: ADA.email, subject: 'Your sign-in security (MFA) was reset' });
    expect(notice?.text).toContain('2026-11-23 10:00:00 UTC');
    expect(notice?.text).toContain('198.51.100.77');
    expect(notice?.text).toContain('vitest-agent');
    expect(notice?.text).toContain('authenticator app was removed');
    expect(notice?.text).toContain('signed out');
    expect(notice?.text).toContain('If this was not you: contact support');
    expect(notice?.text).not.toContain(token);
  });

  it('makes its calls in five rounds, deciding before it acts', async () => {
    const token = await issueToken();
    world.calls.length = 0;
    await confirm(token);
    expect(world.calls).toEqual([
      // 1: the IP counter and the acquire (consume) of the token, concurrently
      'dynamodb:UpdateItem',
      'dynamodb:UpdateItem',
      // 2: fresh reads for the adoption policy, before anything changes
      'dynamodb:GetItem',
      'cognito:AdminGetUser',
      // 3: lock (random temporary password, global sign-out)
      'cognito:AdminSetUserPassword',
      'cognito:AdminUserGlobalSignOut',
      // 4: the factor goes and the invitation is re-sent, concurrently
      'cognito:AdminDeleteSoftwareToken',
      'cognito:AdminCreateUser',
      // 5: the token is completed and the notice emailed, concurrently
      'dynamodb:TransactWriteItems',
      'ses:SendEmail',
    ]);
    expect(world.log.filter((call) => call.name === 'cognito:AdminCreateUser').at(-1)?.input).toMatchObject({ MessageAction: 'RESEND' });
  });

  it('blocks, with an alert, where Cognito does not offer AdminDeleteSoftwareToken (replica region)', async () => {
    const token = await issueToken();
    world.pool.replicaRegion = true;
    const mark = capturedLines().length;

    const response = await confirm(token);

    expect(response.statusCode).toBe(409);
    expect(alertsSince(mark)).toEqual([
      expect.objectContaining({ alert: 'MfaRecoveryBlocked', reason: expect.stringContaining('mfaRecoveryStrategy=recreate') }),
    ]);
    expect(world.tokenItem(token)?.status).toBe('IN_PROGRESS');
  });
});

describe('POST /mfa-recovery/confirm with strategy `recreate`', () => {
  it('copies every attribute, re-adds every group, relinks; a new sub; the old user is gone', async () => {
    const before = furnishAda();
    const token = await issueToken();

    const response = await confirm(token, { strategy: 'recreate' });

    expect(response.statusCode).toBe(200);
    expectRecreated(token, before);
    expect(world.pool.users.has(before.username)).toBe(false);
    expect(world.outbox.at(-1)?.text).toContain('re-created with the same details');
    expect(world.table.all().find((item) => item.event === 'RECOVERY_COMPLETED')).toMatchObject({
      actor: ADA.userId,
      details: { strategy: 'recreate', resumed: 'false' },
    });
  });

  it('blocks, never deletes, a user disabled after the link was issued', async () => {
    const before = furnishAda();
    const token = await issueToken();
    ada().enabled = false;

    expect((await confirm(token, { strategy: 'recreate' })).statusCode).toBe(409);
    expect(world.calls).not.toContain('cognito:AdminDeleteUser');
    expect(ada()).toMatchObject({ username: before.username, enabled: false, mfaConfigured: true });
  });

  it('saves what it copies before the delete, then deletes, creates and restores', async () => {
    furnishAda();
    const token = await issueToken();
    world.calls.length = 0;
    await confirm(token, { strategy: 'recreate' });
    expect(world.calls).toEqual([
      'dynamodb:UpdateItem',
      'dynamodb:UpdateItem',
      'dynamodb:GetItem',
      'cognito:AdminGetUser',
      'cognito:AdminListGroupsForUser',
      'dynamodb:UpdateItem',
      'cognito:AdminDeleteUser',
      'cognito:AdminCreateUser',
      'cognito:AdminAddUserToGroup',
      'dynamodb:TransactWriteItems',
      'ses:SendEmail',
    ]);
  });

  it('after a crash that followed the delete, a retry copies from the saved snapshot', async () => {
    const before = furnishAda();
    const token = await issueToken();
    world.failMatching({ when: 'before', error: genericFaults.serviceError, matches: (call) => call.name === 'cognito:AdminCreateUser' });
    expect((await confirm(token, { strategy: 'recreate' })).statusCode).toBe(503);
    expect(world.pool.users.size).toBe(0);
    expect(world.tokenItem(token)?.snapshot).toMatchObject({ groups: before.groups, attributes: { given_name: 'Ada' } });

    expect((await confirm(token, { strategy: 'recreate' })).statusCode).toBe(200);
    expectRecreated(token, before);
  });

  it('blocks, never deletes, a user with an attribute it cannot copy (a federated identity link)', async () => {
    furnishAda();
    const token = await issueToken();
    ada().attributes.identities = '[{"providerName":"Corp"}]';
    const mark = capturedLines().length;

    expect((await confirm(token, { strategy: 'recreate' })).statusCode).toBe(409);
    expect(world.calls).not.toContain('cognito:AdminDeleteUser');
    expect(alertsSince(mark)).toEqual([expect.objectContaining({ alert: 'MfaRecoveryBlocked', reason: 'attributes that cannot be copied: identities' })]);
  });

  it('blocks, never deletes, a Cognito user that carries another custom:userId', async () => {
    const token = await issueToken();
    ada().attributes[USER_ID_ATTRIBUTE] = 'someone-else';
    const mark = capturedLines().length;

    expect((await confirm(token, { strategy: 'recreate' })).statusCode).toBe(409);
    expect(world.calls).not.toContain('cognito:AdminDeleteUser');
    expect(alertsSince(mark).map((record) => record.alert)).toEqual(['MfaRecoveryBlocked']);
  });

  it('blocks when the Cognito email moved away from the database email after the link was issued', async () => {
    const token = await issueToken();
    ada().attributes.email = 'ada.new@example.com';
    expect((await confirm(token, { strategy: 'recreate' })).statusCode).toBe(409);
    expect(world.calls).not.toContain('cognito:AdminDeleteUser');
  });
});

describe.each(['reset', 'recreate'] as const)(
  'postMfaRecoveryConfirm (%s): a link issued before a password reset by email stops working after it',
  (strategy) => {
    /** What the post-confirmation trigger writes when the password is reset with an emailed code. */
    const resetPasswordByEmail = () => {
      const user = world.table.item(keys.user(ADA.userId));
      world.table.put({ ...user, lastPasswordResetAt: new Date().toISOString() } as Record<string, unknown>);
    };

    it('409 with plain words; the account is exactly as it was (no Cognito write, no invitation, no notice); no alert; counted', async () => {
      const before = furnishAda();
      const token = await issueToken();
      resetPasswordByEmail();
      const outboxBefore = world.outbox.length;
      const mark = capturedLines().length;

      const response = await confirm(token, { strategy });
      expect(response.statusCode).toBe(409);
      expect(bodyOf(response).error.message).toContain('reset recently');
      expect(alertsSince(mark)).toEqual([]);
      for (const write of ['AdminSetUserPassword', 'AdminUserGlobalSignOut', 'AdminDeleteSoftwareToken', 'AdminCreateUser', 'AdminDeleteUser']) {
        expect(world.calls).not.toContain(`cognito:${write}`);
      }
      expect(ada()).toMatchObject({ username: before.username, enabled: true, mfaConfigured: true });
      expect(world.pool.invitations).toEqual([]);
      expect(world.outbox).toHaveLength(outboxBefore);
      expect(world.table.all().find((item) => item.event === 'RECOVERY_COMPLETED')).toBeUndefined();
      const records = capturedLines()
        .slice(mark)
        .map((line) => JSON.parse(line));
      expect(records).toContainEqual(expect.objectContaining({ message: expect.stringContaining('cooling off'), userId: ADA.userId }));
      // The token is given back (ISSUED until it expires), so nothing is left IN_PROGRESS to alert about later.
      expect(world.tokenItem(token)?.status).toBe('ISSUED');
    });
  },
);

describe('postMfaRecoveryConfirm refuses tokens that are not current', () => {
  it('refuses an unknown token with the generic 400 and touches nothing', async () => {
    const response = await confirm(secret('not-a-real-token'));
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response)).toEqual(INVALID_TOKEN);
    expect(world.calls.filter((call) => call.startsWith('cognito:'))).toEqual([]);
    expect(world.table.all().filter((item) => item.entity === undefined)).toEqual([]);
  });

  it('refuses an expired token (15 minutes, by the clock, not by TTL) with the same 400', async () => {
    const token = await issueToken();
    world.calls.length = 0;
    advance(15 * 60 * 1000);
    const response = await confirm(token);
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response)).toEqual(INVALID_TOKEN);
    expect(world.calls.filter((call) => call.startsWith('cognito:'))).toEqual([]);
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
    expect(world.calls.filter((call) => call === 'cognito:AdminSetUserPassword')).toHaveLength(1);
  });

  it('refuses a token superseded by a newer request, and accepts the newer one', async () => {
    const first = await issueToken();
    const second = await issueToken();
    const refused = await confirm(first);
    expect(refused.statusCode).toBe(400);
    expect(bodyOf(refused)).toEqual(INVALID_TOKEN);
    expect(world.tokenItem(first)?.status).toBe('SUPERSEDED');
    expect(ada().password).toBe(ADA.password);
    expect((await confirm(second)).statusCode).toBe(200);
  });

  it('refuses a voided token (its email failed)', async () => {
    world.failMatching({ when: 'before', error: genericFaults.serviceError, matches: (call) => call.name === 'ses:SendEmail' });
    await requestHandler(apiEvent({ body: { username: ADA.email, password: ADA.password, license: ADA.licenses[0] } }));
    const voided = world.table.all().find((item) => item.entity === 'RecoveryToken');
    expect(voided?.status).toBe('VOID');
  });
});

describe('postMfaRecoveryConfirm concurrency', () => {
  it.each(['reset', 'recreate'] as const)('%s: lets exactly one of two concurrent confirms with the same token proceed', async (strategy) => {
    const before = furnishAda();
    const token = await issueToken();
    world.calls.length = 0;

    const responses = await Promise.all([confirm(token, { sourceIp: '198.51.100.1', strategy }), confirm(token, { sourceIp: '198.51.100.2', strategy })]);

    // The loser finds the token in progress under the winner's lease.
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409]);
    expect(bodyOf(responses.find((response) => response.statusCode === 409) as never).error.code).toBe('INVALID_USER_STATE');
    expect(world.calls.filter((call) => call === 'cognito:AdminSetUserPassword' || call === 'cognito:AdminDeleteUser')).toHaveLength(1);
    expectRecovered[strategy](token, before);
  });
});

describe('postMfaRecoveryConfirm token lifecycle', () => {
  /** A confirm that dies after locking the account, whose lease release fails too: IN_PROGRESS, lease held. */
  async function confirmThatDiesAfterTheLock(token: string): Promise<void> {
    world.failMatching(
      { when: 'before', error: genericFaults.serviceError, matches: (call) => call.name === 'cognito:AdminDeleteSoftwareToken' },
      { when: 'before', error: genericFaults.serviceError, matches: isRelease },
    );
    expect((await confirm(token)).statusCode).toBe(503);
  }

  it('keeps a crashed recovery leased, then lets a retry take over and finish it', async () => {
    const before = furnishAda();
    const token = await issueToken();
    await confirmThatDiesAfterTheLock(token);
    expect(world.tokenItem(token)).toMatchObject({ status: 'IN_PROGRESS' });
    const completedRecords = () => world.table.all().filter((item) => item.event === 'RECOVERY_COMPLETED');
    expect(completedRecords()).toEqual([]);

    const busy = await confirm(token);
    expect(busy.statusCode).toBe(409);
    expect(bodyOf(busy).error.code).toBe('INVALID_USER_STATE');

    advance(RECOVERY_LEASE_MS + 1_000);
    expect((await confirm(token)).statusCode).toBe(200);
    expectReset(token, before);
    expect(completedRecords()).toEqual([expect.objectContaining({ details: { strategy: 'reset', resumed: 'true' } })]);
  });

  it('lets exactly one of two concurrent retries take over an interrupted recovery; the other hears "in progress"', async () => {
    const before = furnishAda();
    const token = await issueToken();
    await confirmThatDiesAfterTheLock(token);
    advance(RECOVERY_LEASE_MS + 1_000);

    const responses = await Promise.all([confirm(token, { sourceIp: '198.51.100.1' }), confirm(token, { sourceIp: '198.51.100.2' })]);

    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409]);
    expectReset(token, before);
  });

  it('refuses an interrupted recovery after its deadline (24 h after the link was issued) and alerts; the operator may still finish it', async () => {
    const before = furnishAda();
    const token = await issueToken();
    await confirmThatDiesAfterTheLock(token);
    advance(RECOVERY_DEADLINE_MS);
    const mark = capturedLines().length;

    const refused = await confirm(token);

    expect(refused.statusCode).toBe(400);
    expect(bodyOf(refused)).toEqual(INVALID_TOKEN);
    expect(alertsSince(mark)).toEqual([
      expect.objectContaining({ alert: 'MfaRecoveryExpired', userId: ADA.userId, repair: expect.stringContaining(ADA.userId) }),
    ]);

    const recovered = await outsideAnyFunction(OPERATOR, () => postMfaRecoveryConfirmFromEnv().flows.finishInterruptedRecovery(ADA.userId));
    expect(recovered).toMatchObject({ userId: ADA.userId, resumed: true });
    expectReset(token, before);
  });

  it('a new request after an interrupted confirm yields a working link, and the old link stops working', async () => {
    const before = furnishAda();
    const old = await issueToken();
    // Interrupted before anything changed in Cognito: the password still works, so the user can ask again.
    world.failMatching({ when: 'before', error: genericFaults.serviceError, matches: (call) => call.name === 'cognito:AdminSetUserPassword' });
    expect((await confirm(old)).statusCode).toBe(503);
    expect(world.tokenItem(old)?.status).toBe('IN_PROGRESS');

    const fresh = await issueToken();
    expect(fresh).not.toBe(old);
    expect(world.tokenItem(old)?.status).toBe('SUPERSEDED');

    expect((await confirm(fresh)).statusCode).toBe(200);
    expectReset(fresh, before);
    expect((await confirm(old)).statusCode).toBe(400);
  });

  it('while a confirm holds the lease, a new request sends no link (that recovery sends the invitation); afterwards it does', async () => {
    const old = await issueToken();
    world.failMatching(
      { when: 'before', error: genericFaults.serviceError, matches: (call) => call.name === 'cognito:AdminSetUserPassword' },
      { when: 'before', error: genericFaults.serviceError, matches: isRelease },
    );
    expect((await confirm(old)).statusCode).toBe(503);
    const sent = world.outbox.length;

    expect((await requestHandler(apiEvent({ body: { username: ADA.email, password: ADA.password, license: ADA.licenses[0] } }))).statusCode).toBe(202);
    expect(world.outbox).toHaveLength(sent);

    advance(RECOVERY_LEASE_MS + 1_000);
    const fresh = await issueToken();
    expect((await confirm(fresh)).statusCode).toBe(200);
  });

  it('lets an operator finish an interrupted recovery by user id', async () => {
    const before = furnishAda();
    const token = await issueToken();
    world.failMatching({ when: 'before', error: genericFaults.serviceError, matches: (call) => call.name === 'cognito:AdminDeleteSoftwareToken' });
    expect((await confirm(token)).statusCode).toBe(503);

    const { flows } = postMfaRecoveryConfirmFromEnv();
    const recovered = await outsideAnyFunction(OPERATOR, () => flows.finishInterruptedRecovery(ADA.userId));

    expect(recovered).toMatchObject({ userId: ADA.userId, resumed: true });
    expectReset(token, before);
    await expect(outsideAnyFunction(OPERATOR, () => flows.finishInterruptedRecovery(ADA.userId))).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
  });
});

describe.each(['ResourceNotFoundException', 'success'] as const)(
  'postMfaRecoveryConfirm (reset) when Cognito answers %s for a user without a factor',
  (answer) => {
    // API_AdminDeleteSoftwareToken.html: ResourceNotFoundException "when the user has no software token
    // registration to delete"; either answer means the factor is gone, so the retry must converge.
    it('a retry after the factor went (the re-invitation failed) completes the reset', async () => {
      world.pool.absentFactorAnswer = answer;
      const before = furnishAda();
      const token = await issueToken();
      world.failMatching({ when: 'before', error: genericFaults.serviceError, matches: (call) => call.name === 'cognito:AdminCreateUser' });

      expect((await confirm(token)).statusCode).toBe(503);
      expect(ada().mfaConfigured).toBe(false);

      const retried = await confirm(token);
      expect(retried.statusCode).toBe(200);
      expectReset(token, before);
      expect(world.calls.filter((call) => call === 'cognito:AdminDeleteSoftwareToken')).toHaveLength(2);
    });
  },
);

describe('postMfaRecoveryConfirm attempt limit', () => {
  it('answers 429 after 20 confirms from one source IP in the window, leaving the token usable', async () => {
    const token = await issueToken();
    for (let i = 0; i < 20; i++) expect((await confirm(secret(`guess-${i}`), { sourceIp: '192.0.2.50' })).statusCode).toBe(400);
    const limited = await confirm(token, { sourceIp: '192.0.2.50' });
    expect(limited.statusCode).toBe(429);
    expect(bodyOf(limited).error.code).toBe('TOO_MANY_REQUESTS');
    expect(world.tokenItem(token)?.status).toBe('ISSUED');
    expect(ada().password).toBe(ADA.password);
    expect((await confirm(token, { sourceIp: '192.0.2.51' })).statusCode).toBe(200);
  });
});

describe.each(['reset', 'recreate'] as const)('postMfaRecoveryConfirm (%s) with each AWS call failing in turn', (strategy) => {
  it('leaves a safe, documented state, alerts when a recovery is half done, and a retry with the same token converges', async () => {
    furnishAda();
    // A warm container (the rate-limit key already read), as every run below finds it.
    await confirm(await issueToken(), { strategy });
    const happyToken = await issueToken();
    world.calls.length = 0;
    world.log.length = 0;
    await confirm(happyToken, { strategy });
    const happyCalls = [...world.calls];
    const happyLog = [...world.log];

    for (const when of ['before', 'after'] as const) {
      for (const [index, call] of happyCalls.entries()) {
        const label = `${strategy}: ${call} (#${index}) failing ${when} taking effect`;
        vi.setSystemTime(START);
        world.reset();
        await world.seed(ADA);
        const before = furnishAda();
        const token = await issueToken();
        const mark = capturedLines().length;

        world.failCalls({ index, when, error: genericFaults.serviceError });
        const failed = await confirm(token, { strategy });

        const state = world.tokenItem(token)?.status;
        if (failed.statusCode !== 200) expect(bodyOf(failed).error.code, label).toBe('SERVICE_UNAVAILABLE');
        // Nobody let in: never a user that is not ours, never a factor-less user whose old password works.
        const cognitoUsers = [...world.pool.users.values()];
        expect(cognitoUsers.length, label).toBeLessThanOrEqual(1);
        for (const user of cognitoUsers) {
          expect(user.attributes[USER_ID_ATTRIBUTE], label).toBe(ADA.userId);
          if (!user.mfaConfigured) expect(user.password, label).not.toBe(ADA.password);
        }
        if (state === 'ISSUED') expect(ada().username, `${label}: untouched`).toBe(before.username);
        // A consumed but unfinished recovery is alertable, and so is a failed acquire or completion (it may have
        // landed); a notice that could not be sent is too. Nothing else alerts.
        const alerts = alertsSince(mark).map((record) => record.alert);
        const isAcquire = String(happyLog[index].input.UpdateExpression).includes('consumedAt = if_not_exists');
        const uncertainWrite = (call === 'dynamodb:UpdateItem' && isAcquire) || call === 'dynamodb:TransactWriteItems';
        if (call === 'ses:SendEmail') expect(alerts, label).toEqual(['MfaRecoveryNoticeNotSent']);
        else if (state === 'IN_PROGRESS' || uncertainWrite) expect(alerts, label).toEqual(['MfaRecoveryIncomplete']);
        else expect(alerts, label).toEqual([]);

        // Retry like a user would: again with the same link (waiting out a lease the failed call may still hold).
        let retried = await confirm(token, { strategy });
        if (retried.statusCode === 409) {
          advance(RECOVERY_LEASE_MS + 1_000);
          retried = await confirm(token, { strategy });
        }
        if (state === 'COMPLETED') expect(retried.statusCode, label).toBe(400);
        else expect(retried.statusCode, `${label}: retry`).toBe(200);
        expectRecovered[strategy](token, before, label);
      }
    }
  });
});

describe('postMfaRecoveryConfirm log hygiene', () => {
  it.each([
    [
      'the acquire failing (the user is not known yet)',
      (call: LoggedCall) => call.name === 'dynamodb:UpdateItem' && String(call.input.UpdateExpression).includes('consumedAt'),
    ],
    ['a step after the acquire failing', (call: LoggedCall) => call.name === 'cognito:AdminDeleteSoftwareToken'],
  ])(
    '%s: the MfaRecoveryIncomplete alert names the recovery by an id the issue log paired with the user id, never by the token or its hash',
    async (_label, matches) => {
      const {
        result: token,
        records,
        raw,
      } = await captureLogs(async () => {
        const issued = await issueToken();
        world.failMatching({ when: 'before', error: genericFaults.serviceError, matches });
        expect((await confirm(issued)).statusCode).toBe(503);
        return issued;
      });
      const alert = records.find((record) => record.alert === 'MfaRecoveryIncomplete');
      const issuedLog = records.find((record) => record.message === 'mfa recovery link sent');
      expect(alert?.recoveryId).toMatch(/^[0-9a-f]{16}$/);
      expect(issuedLog).toMatchObject({ userId: ADA.userId, recoveryId: alert?.recoveryId });
      const tokenHash = hashRecoveryToken(token);
      expect(tokenHash).not.toContain(alert?.recoveryId);
      expect(raw).not.toContain(tokenHash);
      expect(raw).not.toContain(tokenHash.slice(0, 16));
      expect(raw).not.toContain(token);
      expect(JSON.stringify(alert)).not.toContain('[REDACTED]');
    },
  );

  it('never logs the emailed token or link across a full request and confirm, a failed confirm and its retry included', async () => {
    const {
      result: token,
      records,
      raw,
    } = await captureLogs(async () => {
      const issued = await issueToken();
      world.failMatching({ when: 'before', error: genericFaults.serviceError, matches: (call) => call.name === 'cognito:AdminDeleteSoftwareToken' });
      expect((await confirm(issued)).statusCode).toBe(503);
      expect((await confirm(issued)).statusCode).toBe(200);
      expect((await confirm(issued)).statusCode).toBe(400);
      return issued;
    });

    const completed = records.filter((record) => record.message === 'request completed');
    expect(completed.map((record) => [record.route, record.status])).toEqual([
      ['post-mfa-recovery-request', 202],
      ['post-mfa-recovery-confirm', 503],
      ['post-mfa-recovery-confirm', 200],
      ['post-mfa-recovery-confirm', 400],
    ]);
    expect(records.some((record) => record.alert === 'MfaRecoveryIncomplete')).toBe(true);
    expect(raw).not.toContain(token);
    expect(raw).not.toContain(token.slice(0, 16));
    expect(raw).not.toContain('token=');
    const passwords = world.log.filter((call) => call.name === 'cognito:AdminSetUserPassword').map((call) => call.input.Password as string);
    expect(passwords).toHaveLength(2);
    for (const password of passwords) expect(raw).not.toContain(password);
  });
});
