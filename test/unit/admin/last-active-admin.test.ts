import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoAdminDirectory } from '../../../lambdas/adapters/dynamodb/dynamo-admin-directory';
import { keys } from '../../../lambdas/adapters/dynamodb/table-layout';
import { postAdminsDeactivateFlows } from '../../../lambdas/admin/post-admins-deactivate';
import { documentClient } from '../../../lambdas/composition/dynamodb';
import { LastActiveAdminError } from '../../../lambdas/shared/errors';
import { logger } from '../../../lambdas/shared/logger';
import { systemClock } from '../../../lambdas/shared/runtime';
import { recoveryWorld } from '../mfa-recovery/support/world';
import { flowsAsFunction } from '../../support/aws-mocks';

/**
 * The last-admin guard over the stateful fake table: only admins who can sign in count, so two
 * admins deactivating each other at once never leave nobody but a pending invitation.
 */
const world = recoveryWorld();
const AT = '2026-11-20T09:00:00.000Z';
const ADA = '0a0a0a0a-0000-4000-8000-00000000000a';
const BEN = '0b0b0b0b-0000-4000-8000-00000000000b';
/** Invited, never signed in: cannot sign in until someone resends an expired invitation. */
const PENDING = '0c0c0c0c-0000-4000-8000-00000000000c';

function seedAdmin(userId: string, signedIn: boolean) {
  world.table.put({
    ...keys.user(userId),
    entity: 'User',
    userId,
    email: `${userId}@example.com`,
    role: 'admin',
    cognitoUsername: `cog-${userId}`,
    cognitoSub: `cog-${userId}`,
  });
  world.table.put({
    ...keys.adminInfo(userId),
    entity: 'AdminInfo',
    userId,
    email: `${userId}@example.com`,
    createdBy: 'boss',
    createdAt: AT,
    lastInvitedAt: AT,
    accountStatus: 'ACTIVE',
    ...(signedIn && { lastSignInAt: '2026-11-20T10:00:00.000Z' }),
  });
}

// The deactivate function's flows, held to its role (test/support/aws-mocks.ts).
const flows = () =>
  flowsAsFunction(
    'post-admins-deactivate',
    postAdminsDeactivateFlows({
      directory: new DynamoAdminDirectory(documentClient(), process.env.TABLE_NAME as string, {
        tableName: process.env.AUDIT_TABLE_NAME as string,
        retentionDays: 400,
      }),
      identity: { disableUser: async () => {}, signOutEverywhere: async () => {} },
      clock: systemClock,
      logger,
    }),
  );
const by = (userId: string) => ({ userId, sub: `cog-${userId}`, sourceIp: '203.0.113.10', correlationId: `req-${userId}` });
const statusOf = (userId: string) => world.table.item(keys.adminInfo(userId))?.accountStatus;

beforeEach(() => {
  world.reset();
  seedAdmin(ADA, true);
  seedAdmin(BEN, true);
  seedAdmin(PENDING, false);
  world.table.put({ ...keys.adminCounters(), entity: 'AdminCounters', activeAdmins: 3 });
});

describe('LAST_ACTIVE_ADMIN counts only admins who can sign in', () => {
  it('two admins deactivating each other at once, beside a pending invitation: one succeeds, the other is refused', async () => {
    const { postAdminsDeactivate } = flows();
    const [first, second] = await Promise.allSettled([postAdminsDeactivate(BEN, by(ADA)), postAdminsDeactivate(ADA, by(BEN))]);

    expect(first.status).toBe('fulfilled');
    expect(second).toMatchObject({ status: 'rejected', reason: expect.any(LastActiveAdminError) });
    expect([statusOf(ADA), statusOf(BEN)]).toEqual(['ACTIVE', 'DEACTIVATED']);
    const records = world.table.all().filter((item) => item.entity === 'AuditRecord');
    expect(records.map((record) => [record.event, record.userId, record.actor])).toEqual([['ADMIN_DEACTIVATED', BEN, ADA]]);
  });

  it('an admin deactivated since their request was checked cannot deactivate the last other one', async () => {
    world.table.put({ ...world.table.item(keys.adminInfo(BEN)), accountStatus: 'DEACTIVATED' });
    await expect(flows().postAdminsDeactivate(ADA, by(BEN))).rejects.toBeInstanceOf(LastActiveAdminError);
    expect(statusOf(ADA)).toBe('ACTIVE');
  });
});
