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

/**
 * POST /users/{userId}/mfa-reset over the stateful fakes (the fault matrix's world): what a refused
 * reset leaves is measured on the world, and GET /admins is asked what it shows afterwards.
 */

const START = new Date('2026-11-23T10:00:00.000Z');
const HOUR_AGO = new Date(START.getTime() - 3_600_000).toISOString();
const resetEvent = targetEvent(`/users/${TARGET_ID}/mfa-reset`, '/users/{userId}/mfa-reset', 'POST', { reason: 'Lost phone' });

async function seeded(admin: Partial<SeededAdmin> = {}) {
  world.reset();
  seedDirectory(target({ lastSignInAt: HOUR_AGO, ...admin }));
  return { reset: await coldHandler('post-users-mfa-reset'), list: await coldHandler('get-admins') };
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
