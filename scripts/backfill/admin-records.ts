import { type DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ADMIN_INDEX, adminIndexKeys, keys } from '../../lambdas/adapters/dynamodb/table-layout';

/**
 * Brings the records of admins provisioned before the admin-operations release to today's schema:
 * each AdminInfo gets the `AdminsByCreation` index keys, a copy of the User's `email`,
 * `lastInvitedAt` (its creation: the only invitation on record) and `accountStatus` `ACTIVE`
 * (deactivation did not exist), and `ADMINS`/`COUNTERS` gets `activeAdmins` = the admins not
 * deactivated. Every write is conditional and sets only attributes that are still missing
 * (`if_not_exists`), so it never overwrites what the new code wrote meanwhile; a second run finds
 * nothing to do. Without `apply` it only reports what it would change.
 *
 * It also rewrites `createdBy` of AdminInfo items written before it held the provisioning admin's
 * user id: a value that is no user's id but the `cognitoSub` of a User becomes that User's id (on
 * condition that it is still the sub). A value that is neither (that admin's Cognito user was
 * recreated since, or their records are gone) is left and listed for an operator.
 */

/** One AdminInfo's missing attributes and the values the backfill gives them. */
export interface AdminInfoFix {
  readonly userId: string;
  readonly set: Readonly<Record<string, string>>;
}

/** An AdminInfo whose `createdBy` is the provisioning admin's Cognito sub, and that admin's user id. */
export interface CreatedByFix {
  readonly userId: string;
  readonly from: string;
  readonly to: string;
}

export interface BackfillReport {
  readonly applied: boolean;
  readonly admins: number;
  readonly adminInfoFixes: readonly AdminInfoFix[];
  readonly createdByFixes: readonly CreatedByFix[];
  /** AdminInfo items whose `createdBy` is neither a user id nor a User's current sub: left as they are, for an operator. */
  readonly createdByUnresolved: readonly string[];
  /** AdminInfo items whose User (and so email) is missing: fixed without `email`, listed for an operator. */
  readonly withoutUser: readonly string[];
  readonly counter: { readonly before: number | undefined; readonly after: number; readonly changed: boolean };
}

const ATTRIBUTES = [ADMIN_INDEX.partitionKey, ADMIN_INDEX.sortKey, 'email', 'lastInvitedAt', 'accountStatus'] as const;

export async function backfillAdminRecords(documents: DynamoDBDocumentClient, tableName: string, options: { apply: boolean }): Promise<BackfillReport> {
  const counterBefore = await readCounter(documents, tableName);
  const [adminInfos, users] = await Promise.all([
    scanBySortKey(documents, tableName, keys.adminInfo('').sk),
    scanBySortKey(documents, tableName, keys.user('').sk),
  ]);
  const fixes: AdminInfoFix[] = [];
  const withoutUser: string[] = [];
  for (const item of adminInfos) {
    const userId = String(item.userId);
    const missing = ATTRIBUTES.filter((name) => item[name] === undefined);
    if (missing.length === 0) continue;
    const user = missing.includes('email') ? await getItem(documents, tableName, keys.user(userId)) : undefined;
    if (missing.includes('email') && typeof user?.email !== 'string') withoutUser.push(userId);
    const wanted: Record<string, unknown> = {
      ...adminIndexKeys({ userId, createdAt: String(item.createdAt) }),
      email: user?.email,
      lastInvitedAt: item.createdAt,
      accountStatus: 'ACTIVE',
    };
    const set = Object.fromEntries(missing.filter((name) => typeof wanted[name] === 'string').map((name) => [name, wanted[name] as string]));
    if (Object.keys(set).length > 0) fixes.push({ userId, set });
  }

  const userIds = new Set(users.map((user) => String(user.userId)));
  const userIdOfSub = new Map(users.filter((user) => typeof user.cognitoSub === 'string').map((user) => [String(user.cognitoSub), String(user.userId)]));
  const createdByFixes: CreatedByFix[] = [];
  const createdByUnresolved: string[] = [];
  for (const item of adminInfos) {
    const createdBy = String(item.createdBy);
    if (userIds.has(createdBy)) continue;
    const to = userIdOfSub.get(createdBy);
    if (to) createdByFixes.push({ userId: String(item.userId), from: createdBy, to });
    else createdByUnresolved.push(String(item.userId));
  }

  const active = adminInfos.filter((item) => item.accountStatus !== 'DEACTIVATED').length;
  const counter = { before: counterBefore, after: active, changed: counterBefore !== active };
  if (options.apply) {
    for (const fix of fixes) await applyFix(documents, tableName, fix);
    for (const fix of createdByFixes) await applyCreatedByFix(documents, tableName, fix);
    if (counter.changed) await writeCounter(documents, tableName, counterBefore, active);
  }
  return { applied: options.apply, admins: adminInfos.length, adminInfoFixes: fixes, createdByFixes, createdByUnresolved, withoutUser, counter };
}

/** Sets each missing attribute only if it is still missing (a newer write wins), on an AdminInfo that still exists. */
async function applyFix(documents: DynamoDBDocumentClient, tableName: string, fix: AdminInfoFix): Promise<void> {
  const names = Object.keys(fix.set);
  await documents.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.adminInfo(fix.userId),
      UpdateExpression: `SET ${names.map((_, i) => `#a${i} = if_not_exists(#a${i}, :v${i})`).join(', ')}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#a${i}`, name])),
      ExpressionAttributeValues: Object.fromEntries(names.map((name, i) => [`:v${i}`, fix.set[name]])),
    }),
  );
}

/** Replaces the sub in `createdBy` by the user id, only while it is still that sub. */
async function applyCreatedByFix(documents: DynamoDBDocumentClient, tableName: string, fix: CreatedByFix): Promise<void> {
  try {
    await documents.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.adminInfo(fix.userId),
        UpdateExpression: 'SET createdBy = :to',
        ConditionExpression: 'createdBy = :from',
        ExpressionAttributeValues: { ':from': fix.from, ':to': fix.to },
      }),
    );
  } catch (error) {
    // Changed or removed since the scan: nothing of this run's to write.
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
  }
}

/**
 * Sets the counter to `count`, only if it is still what was read before the scan (created if it
 * did not exist): a provisioning or deactivation during the run makes this fail, and running the
 * backfill again then counts afresh.
 */
async function writeCounter(documents: DynamoDBDocumentClient, tableName: string, before: number | undefined, count: number): Promise<void> {
  try {
    await documents.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keys.adminCounters(), entity: 'AdminCounters', activeAdmins: count },
        ConditionExpression: before === undefined ? 'attribute_not_exists(pk)' : 'activeAdmins = :before',
        ...(before !== undefined && { ExpressionAttributeValues: { ':before': before } }),
      }),
    );
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') {
      throw new Error('The admin counter changed during the backfill (an admin was provisioned or (de)activated): run it again.', { cause: error });
    }
    throw error;
  }
}

async function readCounter(documents: DynamoDBDocumentClient, tableName: string): Promise<number | undefined> {
  const item = await getItem(documents, tableName, keys.adminCounters());
  return typeof item?.activeAdmins === 'number' ? item.activeAdmins : undefined;
}

/** Every item with this sort key, e.g. every AdminInfo (a one-off full scan: old items are not in the index yet). */
async function scanBySortKey(documents: DynamoDBDocumentClient, tableName: string, sortKey: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'sk = :sk',
        ExpressionAttributeValues: { ':sk': sortKey },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

async function getItem(documents: DynamoDBDocumentClient, tableName: string, key: Record<string, string>) {
  const { Item } = await documents.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  return Item;
}
