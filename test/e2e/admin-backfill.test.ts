import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_INDEX, keys } from '../../lambdas/adapters/dynamodb/table-layout';
import { tableInput } from '../../local/aws-resources';
import { backfillAdminRecords } from '../../scripts/backfill/admin-records';
import { clientConfig, local } from './support/emulator';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig));
/** A table of its own (the deployed schema, with the admin index), so other tests' admins do not count. */
const TABLE = `backfill-${randomUUID().slice(0, 8)}`;
const PROJECT_ROOT = path.join(__dirname, '..', '..');

/** An admin as provisioning wrote it before the admin-operations release: AdminInfo without index keys, email, status, invitation time. */
function oldAdmin(userId: string, email: string, createdAt: string) {
  return [
    {
      ...keys.user(userId),
      entity: 'User',
      userId,
      email,
      role: 'admin',
      cognitoUsername: `cog-${userId}`,
      cognitoSub: `cog-${userId}`,
      createdAt,
      updatedAt: createdAt,
    },
    { ...keys.adminInfo(userId), entity: 'AdminInfo', userId, createdBy: 'boss-sub', createdAt },
    { ...keys.email(email), entity: 'EmailClaim', userId, createdAt },
  ];
}

const OLD_1 = { userId: '11111111-1111-4111-8111-111111111111', email: 'old.one@example.com', createdAt: '2026-03-01T09:00:00.000Z' };
const OLD_2 = { userId: '22222222-2222-4222-8222-222222222222', email: 'old.two@example.com', createdAt: '2026-04-01T09:00:00.000Z' };
const NEW = { userId: '33333333-3333-4333-8333-333333333333', email: 'new.one@example.com', createdAt: '2026-11-20T09:00:00.000Z' };
const GONE = { userId: '44444444-4444-4444-8444-444444444444', email: 'gone@example.com', createdAt: '2026-05-01T09:00:00.000Z' };
/** The admin who provisioned the others: their AdminInfo's `createdBy` holds this User's Cognito sub, as written before it held user ids. */
const BOSS = { userId: '66666666-6666-4666-8666-666666666666', sub: 'boss-sub' };

const adminInfo = async (userId: string) =>
  (await documents.send(new ScanCommand({ TableName: TABLE, ConsistentRead: true }))).Items?.find(
    (item) => item.pk === keys.adminInfo(userId).pk && item.sk === 'ADMIN_INFO',
  );
const counter = async () => (await documents.send(new ScanCommand({ TableName: TABLE, ConsistentRead: true }))).Items?.find((item) => item.pk === 'ADMINS');
const snapshot = async () =>
  JSON.stringify(
    ((await documents.send(new ScanCommand({ TableName: TABLE, ConsistentRead: true }))).Items ?? []).sort((a, b) =>
      `${a.pk}${a.sk}`.localeCompare(`${b.pk}${b.sk}`),
    ),
  );

beforeAll(async () => {
  await new DynamoDBClient(clientConfig).send(new CreateTableCommand(tableInput(TABLE)));
  const items = [
    ...oldAdmin(OLD_1.userId, OLD_1.email, OLD_1.createdAt),
    // Re-invited and then deactivated by the new code before the backfill ran: its newer values must stay.
    ...oldAdmin(OLD_2.userId, OLD_2.email, OLD_2.createdAt).map((item) =>
      item.entity === 'AdminInfo' ? { ...item, lastInvitedAt: '2026-11-25T12:00:00.000Z', accountStatus: 'DEACTIVATED', email: OLD_2.email } : item,
    ),
    // Provisioned after the release: complete already; it created the counter, which counts only it.
    {
      ...keys.user(NEW.userId),
      entity: 'User',
      userId: NEW.userId,
      email: NEW.email,
      role: 'admin',
      cognitoUsername: 'cog-new',
      cognitoSub: 'cog-new',
      createdAt: NEW.createdAt,
      updatedAt: NEW.createdAt,
    },
    {
      ...keys.adminInfo(NEW.userId),
      entity: 'AdminInfo',
      userId: NEW.userId,
      email: NEW.email,
      // The sub of a Cognito user recreated since: no User has it now, so it stays and is listed.
      createdBy: 'recreated-admin-sub',
      createdAt: NEW.createdAt,
      accountStatus: 'ACTIVE',
      lastInvitedAt: NEW.createdAt,
      [ADMIN_INDEX.partitionKey]: ADMIN_INDEX.partition,
      [ADMIN_INDEX.sortKey]: `${NEW.createdAt}#${NEW.userId}`,
    },
    { ...keys.adminCounters(), entity: 'AdminCounters', activeAdmins: 1 },
    // An AdminInfo whose User was removed by hand: fixed without an email, and reported.
    { ...keys.adminInfo(GONE.userId), entity: 'AdminInfo', userId: GONE.userId, createdBy: 'boss-sub', createdAt: GONE.createdAt },
    // The provisioning admin's User (their own AdminInfo is not needed to resolve the sub).
    {
      ...keys.user(BOSS.userId),
      entity: 'User',
      userId: BOSS.userId,
      email: 'boss@example.com',
      role: 'admin',
      cognitoSub: BOSS.sub,
      createdAt: OLD_1.createdAt,
    },
    // A practitioner: not an admin, never touched.
    {
      ...keys.user('55555555-5555-4555-8555-555555555555'),
      entity: 'User',
      userId: '55555555-5555-4555-8555-555555555555',
      email: 'nurse@example.com',
      role: 'practitioner',
      createdAt: OLD_1.createdAt,
    },
  ];
  await documents.send(new BatchWriteCommand({ RequestItems: { [TABLE]: items.map((Item) => ({ PutRequest: { Item } })) } }));
});

describe('scripts/backfill-admin-records.ts on the emulator', () => {
  it('dry run (the default): reports the changes and writes nothing', async () => {
    const before = await snapshot();
    const report = await backfillAdminRecords(documents, TABLE, { apply: false });
    expect(report).toMatchObject({ applied: false, admins: 4, withoutUser: [GONE.userId], counter: { before: 1, after: 3, changed: true } });
    expect(report.adminInfoFixes.map((fix) => fix.userId).sort()).toEqual([OLD_1.userId, OLD_2.userId, GONE.userId].sort());
    expect([...report.createdByFixes].sort((a, b) => a.userId.localeCompare(b.userId))).toEqual(
      [OLD_1.userId, OLD_2.userId, GONE.userId].map((userId) => ({ userId, from: BOSS.sub, to: BOSS.userId })),
    );
    expect(report.createdByUnresolved).toEqual([NEW.userId]);
    expect(await snapshot()).toBe(before);
  });

  it('--apply through the CLI: index keys, email, lastInvitedAt, status and the counter; newer values kept; listed in creation order', async () => {
    const { stdout } = await promisify(execFile)(
      'npx',
      ['tsx', 'scripts/backfill-admin-records.ts', '--table', TABLE, '--endpoint', local.emulatorEndpoint, '--region', local.region, '--apply'],
      {
        cwd: PROJECT_ROOT,
        env: { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
      },
    );
    expect(JSON.parse(stdout)).toMatchObject({ applied: true, counter: { before: 1, after: 3, changed: true } });

    expect(await adminInfo(OLD_1.userId)).toMatchObject({
      createdBy: BOSS.userId,
      email: OLD_1.email,
      lastInvitedAt: OLD_1.createdAt,
      accountStatus: 'ACTIVE',
      [ADMIN_INDEX.partitionKey]: ADMIN_INDEX.partition,
      [ADMIN_INDEX.sortKey]: `${OLD_1.createdAt}#${OLD_1.userId}`,
    });
    // The newer invitation time and the deactivation stay; only the index keys were missing.
    expect(await adminInfo(OLD_2.userId)).toMatchObject({
      lastInvitedAt: '2026-11-25T12:00:00.000Z',
      accountStatus: 'DEACTIVATED',
      [ADMIN_INDEX.sortKey]: `${OLD_2.createdAt}#${OLD_2.userId}`,
    });
    expect(await adminInfo(GONE.userId)).toMatchObject({ createdBy: BOSS.userId, accountStatus: 'ACTIVE', [ADMIN_INDEX.partitionKey]: ADMIN_INDEX.partition });
    expect(await adminInfo(NEW.userId)).toMatchObject({ createdBy: 'recreated-admin-sub' });
    expect((await adminInfo(GONE.userId))?.email).toBeUndefined();
    // Active: OLD_1, NEW and GONE (not deactivated); OLD_2 is deactivated.
    expect(await counter()).toMatchObject({ activeAdmins: 3 });

    // GET /admins's query now finds every admin, oldest first.
    const { Items } = await documents.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: ADMIN_INDEX.name,
        KeyConditionExpression: '#pk = :admins',
        ExpressionAttributeNames: { '#pk': ADMIN_INDEX.partitionKey },
        ExpressionAttributeValues: { ':admins': ADMIN_INDEX.partition },
      }),
    );
    expect(Items?.map((item) => item.userId)).toEqual([OLD_1.userId, OLD_2.userId, GONE.userId, NEW.userId]);
  });

  it('a second run changes nothing', async () => {
    const before = await snapshot();
    const report = await backfillAdminRecords(documents, TABLE, { apply: true });
    expect(report).toMatchObject({
      adminInfoFixes: [],
      createdByFixes: [],
      createdByUnresolved: [NEW.userId],
      counter: { before: 3, after: 3, changed: false },
    });
    expect(await snapshot()).toBe(before);
  });
});
