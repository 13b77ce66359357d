import { type DynamoDBDocumentClient, QueryCommand, TransactWriteCommand, type TransactWriteCommandInput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AdminDirectory, AdminEntry, AdminPage } from '../../ports/admin-directory';
import type { AuditRecord } from '../../ports/audit-trail';
import { LastActiveAdminError, ValidationError } from '../../shared/errors';
import { toDependencyError } from '../aws-errors';
import { type AuditTableConfig, auditPut } from './dynamo-audit-trail';
import { countAdmin } from './dynamo-user-repository';
import { ADMIN_INDEX, keys } from './table-layout';

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

/** gsi1sk of the admin index: `<createdAt ISO>#<userId>`. */
const INDEX_SORT_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#([0-9a-f-]{36})$/;

/**
 * `AdminDirectory` over the main table: AdminInfo items (listed through the `AdminsByCreation`
 * index), the User items they belong to, and the counter of active admins that keeps the last one
 * from being deactivated, even by two concurrent requests.
 */
export class DynamoAdminDirectory implements AdminDirectory {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Only the functions that change an admin's state write audit records. */
    private readonly auditTable?: AuditTableConfig,
  ) {}

  async listAdmins(page: { limit: number; cursor?: string }): Promise<AdminPage> {
    const startKey = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
    try {
      const { Items, LastEvaluatedKey } = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: ADMIN_INDEX.name,
          KeyConditionExpression: '#pk = :admins',
          ExpressionAttributeNames: { '#pk': ADMIN_INDEX.partitionKey },
          ExpressionAttributeValues: { ':admins': ADMIN_INDEX.partition },
          Limit: page.limit,
          ...(startKey && { ExclusiveStartKey: startKey }),
        }),
      );
      const lastSortKey = LastEvaluatedKey?.[ADMIN_INDEX.sortKey];
      return {
        admins: (Items ?? []).map(toAdminEntry),
        ...(typeof lastSortKey === 'string' && { nextCursor: Buffer.from(lastSortKey).toString('base64url') }),
      };
    } catch (error) {
      throw toDependencyError('dynamodb', error);
    }
  }

  async findAdmin(userId: string): Promise<AdminEntry | undefined> {
    try {
      // AdminInfo and the User (for the Cognito username) share the partition: one read for both.
      const { Items } = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :adminInfo AND :profile',
          ExpressionAttributeValues: { ':pk': keys.user(userId).pk, ':adminInfo': keys.adminInfo(userId).sk, ':profile': keys.user(userId).sk },
          ConsistentRead: true,
        }),
      );
      const adminInfo = Items?.find((item) => item.sk === keys.adminInfo(userId).sk);
      const user = Items?.find((item) => item.sk === keys.user(userId).sk);
      if (!adminInfo || !user) return undefined;
      return { ...toAdminEntry(adminInfo), cognitoUsername: String(user.cognitoUsername) };
    } catch (error) {
      throw toDependencyError('dynamodb', error);
    }
  }

  async deactivate(userId: string, actingAdminId: string, audit: AuditRecord): Promise<boolean> {
    const reasons = await this.transact([
      {
        Update: {
          TableName: this.tableName,
          Key: keys.adminInfo(userId),
          UpdateExpression: 'SET accountStatus = :deactivated, deactivatedAt = :now, deactivatedBy = :actor',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(accountStatus) OR accountStatus <> :deactivated)',
          ExpressionAttributeValues: { ':deactivated': 'DEACTIVATED', ':now': audit.time, ':actor': audit.actor },
        },
      },
      // An admin who can sign in stays: the one acting, signed in now, must still be active when this
      // commits (transactions are serializable, so two admins deactivating each other cannot both).
      // Counting `activeAdmins` instead counted pending invitations nobody may ever accept.
      {
        ConditionCheck: {
          TableName: this.tableName,
          Key: keys.adminInfo(actingAdminId),
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(accountStatus) OR accountStatus <> :deactivated)',
          ExpressionAttributeValues: { ':deactivated': 'DEACTIVATED' },
        },
      },
      // The count of admins not deactivated, for operators (the backfill sets it); not the guard.
      { Update: countAdmin(this.tableName, -1) },
      { Put: this.auditPut(audit) },
    ]);
    if (reasons === undefined) return true;
    if (reasons[0]) return false;
    throw new LastActiveAdminError();
  }

  async reactivate(userId: string, audit: AuditRecord): Promise<boolean> {
    const reasons = await this.transact([
      {
        Update: {
          TableName: this.tableName,
          Key: keys.adminInfo(userId),
          UpdateExpression: 'SET accountStatus = :active REMOVE deactivatedAt, deactivatedBy',
          ConditionExpression: 'accountStatus = :deactivated',
          ExpressionAttributeValues: { ':active': 'ACTIVE', ':deactivated': 'DEACTIVATED' },
        },
      },
      { Update: countAdmin(this.tableName, 1) },
      { Put: this.auditPut(audit) },
    ]);
    return reasons === undefined;
  }

  async recordInvitation(userId: string, audit: AuditRecord): Promise<void> {
    const reasons = await this.transact([
      {
        Update: {
          TableName: this.tableName,
          Key: keys.adminInfo(userId),
          UpdateExpression: 'SET lastInvitedAt = :now',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':now': audit.time },
        },
      },
      { Put: this.auditPut(audit) },
    ]);
    // The admin vanished in between (nothing is ever deleted, so only by hand): the invitation still went out.
    if (reasons !== undefined) throw toDependencyError('dynamodb', new Error(`AdminInfo of ${userId} is gone`));
  }

  async markInvited(userId: string, at: string): Promise<void> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.adminInfo(userId),
          UpdateExpression: 'SET lastInvitedAt = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
    } catch (error) {
      throw toDependencyError('dynamodb', error);
    }
  }

  /**
   * Runs the transaction. `undefined` when it was written; when a condition refused it, which items'
   * conditions failed (by position). Anything else is a dependency error.
   */
  private async transact(items: TransactItems): Promise<boolean[] | undefined> {
    try {
      await this.documents.send(new TransactWriteCommand({ TransactItems: items }));
      return undefined;
    } catch (error) {
      const reasons = (error as { name?: string; CancellationReasons?: { Code?: string }[] }).CancellationReasons;
      if ((error as Error).name === 'TransactionCanceledException' && reasons?.some((reason) => reason.Code === 'ConditionalCheckFailed')) {
        return items.map((_item, index) => reasons[index]?.Code === 'ConditionalCheckFailed');
      }
      throw toDependencyError('dynamodb', error);
    }
  }

  private auditPut(record: AuditRecord) {
    if (!this.auditTable) throw new Error('DynamoAdminDirectory was built without the audit table this write needs');
    return auditPut(this.auditTable, record);
  }
}

function toAdminEntry(item: Record<string, unknown>): AdminEntry {
  return {
    userId: String(item.userId),
    email: String(item.email),
    accountStatus: item.accountStatus === 'DEACTIVATED' ? 'DEACTIVATED' : 'ACTIVE',
    createdAt: String(item.createdAt),
    createdBy: String(item.createdBy),
    lastInvitedAt: String(item.lastInvitedAt ?? item.createdAt),
    ...(typeof item.lastSignInAt === 'string' && { lastSignInAt: item.lastSignInAt }),
  };
}

/** A cursor is the last listed admin's index sort key; the table key follows from it. */
function decodeCursor(cursor: string): Record<string, string> {
  const sortKey = Buffer.from(cursor, 'base64url').toString('utf8');
  const userId = INDEX_SORT_KEY.exec(sortKey)?.[1];
  if (!userId) throw new ValidationError([{ field: 'cursor', message: 'is not a cursor this API issued' }]);
  return { [ADMIN_INDEX.partitionKey]: ADMIN_INDEX.partition, [ADMIN_INDEX.sortKey]: sortKey, ...keys.adminInfo(userId) };
}
