import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AdminCaller, AdminCallers } from '../../ports/admin-directory';
import { toDependencyError } from '../aws-errors';
import { getItem, isConditionFailure } from './items';
import { keys } from './table-layout';

/**
 * `AdminCallers` over the AdminInfo items of the main table. Apart from `DynamoAdminDirectory`
 * because every admin handler bundles the caller check, and this is all it needs (measured: the
 * directory adds 3.4 KB to each handler that otherwise never lists or changes admins).
 */
export class DynamoAdminCallers implements AdminCallers {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async findCaller(userId: string): Promise<AdminCaller | undefined> {
    const item = await getItem(this.documents, this.tableName, keys.adminInfo(userId));
    if (item === undefined) return undefined;
    return { active: item.accountStatus !== 'DEACTIVATED', ...(typeof item.lastSignInAt === 'string' && { lastSignInAt: item.lastSignInAt }) };
  }

  async recordSignIn(userId: string, signedInAt: string): Promise<void> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.adminInfo(userId),
          UpdateExpression: 'SET lastSignInAt = :at',
          // Never creates an item, never moves the time back (two sessions racing).
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(lastSignInAt) OR lastSignInAt < :at)',
          ExpressionAttributeValues: { ':at': signedInAt },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return;
      throw toDependencyError('dynamodb', error);
    }
  }
}
