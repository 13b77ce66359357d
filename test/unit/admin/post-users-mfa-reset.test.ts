import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keys } from '../../../lambdas/adapters/dynamodb/table-layout';
import { bodyOf } from '../../support/events';
import { genericFaults } from '../../support/faults';
import { captureLogs } from '../../support/logs';
import { type SeededAdmin, listEvent, seedDirectory, TARGET_EMAIL, TARGET_ID, target, targetEvent } from '../fault-matrix/admin-flows';
import { coldHandler } from '../fault-matrix/cold-start';
import { resetClients } from '../fault-matrix/flows';
import { world } from '../fault-matrix/recovery-flows';
import { snapshot, changesSince } from '../fault-matrix/world-changes';
import type { MfaRecoveryStrategy } from '../../../lambdas/mfa-recovery/post-mfa-recovery-confirm';

/**
 * POST /users/{userId}/mfa-reset over the stateful fakes (the fault matrix's world): what a refused
 * reset leaves is measured on the world, and GET /admins is asked what it shows afterwards.
 */

const START = new Date('2026-11-23T10:00:00.000Z');
const HOUR_AGO = new Date(START.getTime() - 3_600_000).toISOString();
const resetEvent = targetEvent(`/users/${TARGET_ID}/mfa-reset`, '/users/{userId}/mfa-reset', 'POST', { reason: 'Lost phone' });

/** The directory with the target signed in; the reset function deployed with `strategy` (unset: as shipped, `reset`). */
async function seeded(admin: Partial<SeededAdmin> = {}, strategy?: MfaRecoveryStrategy) {
  world.reset();
  seedDirectory(target({ lastSignInAt: HOUR_AGO, ...admin }));
  return { reset: await coldHandler('post-users-mfa-reset', strategy), list: await coldHandler('get-admins') };
}

const targetUser = () => world.pool.byEmail(TARGET_EMAIL) ?? [...world.pool.users.values()].find((user) => user.attributes['custom:userId'] === TARGET_ID)!;
const listedStatus = async (list: Awaited<ReturnType<typeof seeded>>['list']) =>
  bodyOf(await list(listEvent())).admins.find((admin: { userId: string }) => admin.userId === TARGET_ID)?.status;

beforeEach(() => {
  resetClients();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(START);
});
afterEach(() => vi.useRealTimers());

describe('POST /users/{userId}/mfa-reset: decide first, then act', () => {
  it.each([
    ['its email drifted in Cognito', () => (targetUser().attributes.email = 'drifted@example.com'), /email in Cognito no longer matches/],
    ['it is disabled in Cognito', () => (targetUser().enabled = false), /disabled in Cognito/],
    ['it is gone from Cognito', () => world.pool.users.delete(targetUser().username), /no sign-in account in Cognito/],
  ])('a Cognito user the adoption policy refuses (%s): 409, left exactly as it was, every time', async (_label, spoil, message) => {
    const { reset } = await seeded();
    spoil();
    const before = snapshot(world);
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await reset(resetEvent());
      expect(response.statusCode).toBe(409);
      expect(bodyOf(response).error).toEqual({ code: 'INVALID_USER_STATE', message: expect.stringMatching(message) });
    }
    expect(changesSince(world, before)).toBe('none');
  });

  it('as shipped (strategy reset): the same Cognito user, reset in place; the audit record names the strategy', async () => {
    const { reset } = await seeded();
    const before = structuredClone(targetUser());
    expect((await reset(resetEvent())).statusCode).toBe(202);
    expect(targetUser()).toMatchObject({ username: before.username, attributes: before.attributes, mfaConfigured: false, status: 'FORCE_CHANGE_PASSWORD' });
    expect(auditOf()).toEqual([expect.objectContaining({ userId: TARGET_ID, details: { reason: 'Lost phone', strategy: 'reset' } })]);
  });

  it('where Cognito offers no AdminDeleteSoftwareToken (replica region): 503, the factor kept, an alert to deploy recreate; deployed so, calling again completes it', async () => {
    const { reset } = await seeded();
    world.pool.replicaRegion = true;
    const { result: response, records } = await captureLogs(() => reset(resetEvent()));
    expect(response.statusCode).toBe(503);
    expect(targetUser()).toMatchObject({ mfaConfigured: true });
    expect(records.filter((record) => record.alert === 'AdminMfaResetBlocked')).toEqual([
      expect.objectContaining({
        userId: TARGET_ID,
        reason: expect.stringContaining('AdminDeleteSoftwareToken'),
        repair: expect.stringContaining('mfaRecoveryStrategy=recreate'),
      }),
    ]);
    expect(auditOf()).toEqual([]);

    const recreate = await coldHandler('post-users-mfa-reset', 'recreate');
    expect((await recreate(resetEvent())).statusCode).toBe(202);
    expect(targetUser()).toMatchObject({
      mfaConfigured: false,
      status: 'FORCE_CHANGE_PASSWORD',
      attributes: expect.objectContaining({ 'custom:userId': TARGET_ID }),
    });
    expect(auditOf()).toEqual([expect.objectContaining({ userId: TARGET_ID, details: { reason: 'Lost phone', strategy: 'recreate' } })]);
  });

  it('three resets of one user an hour (whoever asks), then 429 with nothing done', async () => {
    const { reset } = await seeded();
    for (let attempt = 0; attempt < 3; attempt++) expect((await reset(resetEvent())).statusCode).toBe(202);
    const before = snapshot(world);
    const refused = await reset(resetEvent());
    expect(refused.statusCode).toBe(429);
    expect(changesSince(world, before)).toBe('none');
    vi.setSystemTime(new Date(START.getTime() + 3_600_000));
    expect((await reset(resetEvent())).statusCode).toBe(202);
  });
});

const auditOf = () => world.table.all(process.env.AUDIT_TABLE_NAME).filter((record) => record.event === 'ADMIN_MFA_RESET');

describe('POST /users/{userId}/mfa-reset with strategy recreate (where AdminDeleteSoftwareToken is not offered)', () => {
  /** The target as a faithful copy must keep it: a name and a second group beside `admins`. */
  async function furnished() {
    const handlers = await seeded({}, 'recreate');
    world.pool.groups.add('reviewers');
    const user = targetUser();
    user.attributes.given_name = 'Grace';
    user.groups.add('reviewers');
    return { ...handlers, before: structuredClone(user) };
  }

  it('replaces the Cognito user by a faithful copy (user id, attributes, groups, enabled; a new sub), relinks the user, audits the strategy', async () => {
    const { reset, list, before } = await furnished();
    const response = await reset(resetEvent());
    expect(response.statusCode).toBe(202);

    const after = targetUser();
    expect(world.pool.users.has(before.username)).toBe(false);
    expect(after.attributes).toEqual({ ...before.attributes, sub: expect.any(String) });
    expect(after.attributes.sub).not.toBe(before.attributes.sub);
    expect([...after.groups].sort()).toEqual(['admins', 'reviewers']);
    expect(after).toMatchObject({ enabled: true, status: 'FORCE_CHANGE_PASSWORD', mfaConfigured: false });
    const userItem = world.table.item(keys.user(TARGET_ID));
    expect(userItem).toMatchObject({ cognitoUsername: after.username, cognitoSub: after.attributes.sub });
    expect(userItem?.recreateSnapshot).toBeUndefined();
    expect(auditOf()).toEqual([expect.objectContaining({ userId: TARGET_ID, details: { reason: 'Lost phone', strategy: 'recreate' } })]);
    expect(await listedStatus(list)).toBe('INVITED');
  });

  it('interrupted after the delete (the create failing), calling again creates the copy from the snapshot saved before it', async () => {
    const { reset, before } = await furnished();
    // One-shot: the next call is not failed.
    world.failMatching({ when: 'before', error: genericFaults.serviceError, matches: (call) => call.name === 'cognito:AdminCreateUser' });
    expect((await reset(resetEvent())).statusCode).toBe(503);
    expect(world.pool.users.has(before.username)).toBe(false);
    expect(world.table.item(keys.user(TARGET_ID))?.recreateSnapshot).toMatchObject({ sub: before.attributes.sub, groups: ['admins', 'reviewers'] });

    expect((await reset(resetEvent())).statusCode).toBe(202);
    const after = targetUser();
    expect(after.attributes).toEqual({ ...before.attributes, sub: expect.any(String) });
    expect([...after.groups].sort()).toEqual(['admins', 'reviewers']);
    expect(world.table.item(keys.user(TARGET_ID))).toMatchObject({ cognitoUsername: after.username, cognitoSub: after.attributes.sub });
  });

  it.each([
    ['its email drifted in Cognito', () => (targetUser().attributes.email = 'drifted@example.com'), /email in Cognito no longer matches/],
    ['it is disabled in Cognito', () => (targetUser().enabled = false), /disabled in Cognito/],
    ['it is gone from Cognito (and nothing was saved)', () => world.pool.users.delete(targetUser().username), /no sign-in account in Cognito/],
    ['it has a federated link (cannot be copied)', () => (targetUser().attributes.identities = '[{"providerName":"Corp"}]'), /cannot be copied/],
  ])('the guard decides before anything changes (%s): 409, left exactly as it was, every time', async (_label, spoil, message) => {
    const { reset } = await seeded({}, 'recreate');
    spoil();
    const before = snapshot(world);
    for (let attempt = 0; attempt < 3; attempt++) {
      const { result: response, records } = await captureLogs(() => reset(resetEvent()));
      expect(response.statusCode).toBe(409);
      expect(bodyOf(response).error).toEqual({ code: 'INVALID_USER_STATE', message: expect.stringMatching(message) });
      expect(records.filter((record) => record.alert !== undefined)).toEqual([]);
    }
    expect(changesSince(world, before)).toBe('none');
  });

  it('blocked half-way (after the delete, another account holds the email): 409, an alert, and nobody adopted', async () => {
    const { reset, before } = await furnished();
    // One-shot: the next call is not failed.
    world.failMatching({ when: 'before', error: genericFaults.serviceError, matches: (call) => call.name === 'cognito:AdminCreateUser' });
    expect((await reset(resetEvent())).statusCode).toBe(503);
    // Meanwhile someone created a Cognito user with this email for another account.
    world.pool.users.set('intruder', {
      ...structuredClone(before),
      username: 'intruder',
      attributes: { ...before.attributes, sub: 'intruder-sub', 'custom:userId': 'someone-else' },
      groups: new Set(),
    });
    const { result: response, records } = await captureLogs(() => reset(resetEvent()));
    expect(response.statusCode).toBe(409);
    expect(bodyOf(response).error.message).toMatch(/operator has been alerted/);
    expect(records.find((record) => record.alert === 'AdminMfaResetBlocked')).toMatchObject({
      userId: TARGET_ID,
      failedStep: 'adopt',
      reason: 'other-account',
      repair: expect.any(String),
    });
    expect(world.pool.users.get('intruder')?.groups.size).toBe(0);
    expect(world.table.item(keys.user(TARGET_ID))).toMatchObject({ cognitoUsername: before.username, recreateSnapshot: expect.anything() });
    expect(auditOf()).toEqual([]);
  });
});

describe('GET /admins after an admin MFA reset', () => {
  it('shows the admin re-invited, even when the audit record could not be written (it reads state, not the audit trail)', async () => {
    const { reset, list } = await seeded();
    expect(await listedStatus(list)).toBe('ACTIVE');
    world.failMatching({
      when: 'before',
      error: genericFaults.serviceError,
      matches: (call) => call.name === 'dynamodb:PutItem' && call.input.TableName === process.env.AUDIT_TABLE_NAME,
    });
    const { result: response, records } = await captureLogs(() => reset(resetEvent()));
    expect(response.statusCode).toBe(202);
    expect(records.some((record) => record.alert === 'AuditRecordNotWritten')).toBe(true);
    expect(world.table.all(process.env.AUDIT_TABLE_NAME).filter((record) => record.event === 'ADMIN_MFA_RESET')).toEqual([]);
    expect(await listedStatus(list)).toBe('INVITED');
  });

  it('a reset that failed before it changed Cognito leaves the admin listed as they are (ACTIVE)', async () => {
    const { reset, list } = await seeded();
    world.failMatching({ when: 'before', error: genericFaults.serviceError, matches: (call) => call.name === 'cognito:AdminGetUser' });
    expect((await reset(resetEvent())).statusCode).toBe(503);
    expect(world.table.item(keys.adminInfo(TARGET_ID))?.lastSignInAt).toBe(HOUR_AGO);
    expect(await listedStatus(list)).toBe('ACTIVE');
  });
});
