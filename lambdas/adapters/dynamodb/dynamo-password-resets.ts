import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditRecord } from '../../ports/audit-trail';
import type { PasswordResets } from '../../ports/password-resets';
import { toDependencyError } from '../aws-errors';
import { type AuditTableConfig, auditPut } from './dynamo-audit-trail';
import { isConditionFailure } from './items';
import { keys } from './table-layout';

/** `PasswordResets` over the User items of the main table, with the audit table in the same transaction. */
export class DynamoPasswordResets implements PasswordResets {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly auditTable: AuditTableConfig,
  ) {}

  async recordEmailReset(userId: string, audit: AuditRecord): Promise<boolean> {
    try {
      await this.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.user(userId),
                UpdateExpression: 'SET lastPasswordResetAt = :at',
                // Never creates a User: an id the database does not know is refused.
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeValues: { ':at': audit.time },
              },
            },
            { Put: auditPut(this.auditTable, audit) },
          ],
        }),
      );
      return true;
    } catch (error) {
      // The only conditions: the User exists, the record is new. A retry of a recorded reset has a new time, so a new record.
      if (isConditionFailure(error)) return false;
      throw toDependencyError('dynamodb', error);
    }
  }
}
