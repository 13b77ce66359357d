import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AdminSignIns } from '../../ports/admin-directory';
import { toDependencyError } from '../aws-errors';
import { isConditionFailure } from './items';
import { keys } from './table-layout';

/** `AdminSignIns` over the AdminInfo items of the main table: one conditional UpdateItem, nothing else. */
export class DynamoAdminSignIns implements AdminSignIns {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async recordSignIn(userId: string, signedInAt: string): Promise<boolean> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.adminInfo(userId),
          UpdateExpression: 'SET lastSignInAt = :at',
          // Never creates an item (only admins have one), never moves the time back (two sign-ins racing).
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(lastSignInAt) OR lastSignInAt < :at)',
          ExpressionAttributeValues: { ':at': signedInAt },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw toDependencyError('dynamodb', error);
    }
  }
}
