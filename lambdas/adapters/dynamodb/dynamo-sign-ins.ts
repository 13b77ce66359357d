import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SignIns } from '../../ports/admin-directory';
import { toDependencyError } from '../aws-errors';
import { isConditionFailure } from './items';
import { keys } from './table-layout';

/** `SignIns` over the User and AdminInfo items of the main table: one conditional UpdateItem per record, nothing else. */
export class DynamoSignIns implements SignIns {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  recordUserSignIn(userId: string, signedInAt: string): Promise<boolean> {
    return this.recordOn(keys.user(userId), signedInAt);
  }

  recordAdminSignIn(userId: string, signedInAt: string): Promise<boolean> {
    return this.recordOn(keys.adminInfo(userId), signedInAt);
  }

  private async recordOn(key: { pk: string; sk: string }, signedInAt: string): Promise<boolean> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET lastSignInAt = :at',
          // Never creates an item (an unknown id; only admins have an AdminInfo), never moves the time back (two sign-ins racing).
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
