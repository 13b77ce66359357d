import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditPage, AuditRecord, AuditTrailReader } from '../../ports/audit-trail';
import { ValidationError } from '../../shared/errors';
import { toDependencyError } from '../aws-errors';
import { auditKeys } from './table-layout';

/** `AuditTrailReader` over the audit table (laid out by DynamoAuditTrail): a user's partition, newest first, by Query. */
export class DynamoAuditTrailReader implements AuditTrailReader {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listForUser(userId: string, page: { limit: number; cursor?: string }): Promise<AuditPage> {
    const { pk } = auditKeys.user(userId);
    const startSk = page.cursor === undefined ? undefined : decodeCursor(page.cursor, userId);
    try {
      const { Items, LastEvaluatedKey } = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ScanIndexForward: false,
          Limit: page.limit,
          ...(startSk && { ExclusiveStartKey: { pk, sk: startSk } }),
        }),
      );
      const records = (Items ?? []).map(({ pk: _pk, sk: _sk, entity: _entity, ttl: _ttl, ...record }) => record as unknown as AuditRecord);
      const lastSk = LastEvaluatedKey?.sk;
      return { records, ...(typeof lastSk === 'string' && { nextCursor: encodeCursor(userId, lastSk) }) };
    } catch (error) {
      throw toDependencyError('dynamodb', error);
    }
  }
}

/** Cursors name the user they page through, so one cannot be replayed against another user's trail. */
function encodeCursor(userId: string, sk: string): string {
  return Buffer.from(JSON.stringify({ u: userId, s: sk })).toString('base64url');
}

function decodeCursor(cursor: string, userId: string): string {
  try {
    const { u, s } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { u?: unknown; s?: unknown };
    if (u === userId && typeof s === 'string' && auditKeys.isRecordSortKey(s)) return s;
  } catch {
    // Falls through to the same answer as any other foreign cursor.
  }
  throw new ValidationError([{ field: 'cursor', message: 'is not a cursor this API issued for this user' }]);
}
