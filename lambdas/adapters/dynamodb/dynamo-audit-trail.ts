import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditPage, AuditRecord, AuditTrail } from '../../ports/audit-trail';
import { ValidationError } from '../../shared/errors';
import { toDependencyError } from '../aws-errors';
import { isConditionFailure } from './items';
import { auditKeys } from './table-layout';

/** Where the audit records go and how long DynamoDB keeps them (TTL). */
export interface AuditTableConfig {
  readonly tableName: string;
  readonly retentionDays: number;
}

/**
 * The Put of one audit record, for `append` and for other adapters' transactions, so a state change
 * and its record are written together or not at all. The key is derived from the record (time,
 * correlation id, event), so appending the same record twice never makes a second one, and the
 * condition means no write can ever replace a record.
 */
export function auditPut(config: AuditTableConfig, record: AuditRecord) {
  return {
    TableName: config.tableName,
    Item: {
      ...auditKeys.record(record),
      entity: 'AuditRecord',
      ...record,
      ttl: Math.floor(new Date(record.time).getTime() / 1000) + config.retentionDays * 86_400,
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  };
}

/** `AuditTrail` over the audit table: one partition per user, sorted by time. Functions may only Put and Query it. */
export class DynamoAuditTrail implements AuditTrail {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly config: AuditTableConfig,
  ) {}

  async append(record: AuditRecord): Promise<void> {
    try {
      await this.documents.send(new PutCommand(auditPut(this.config, record)));
    } catch (error) {
      // The same record is already there (a retried append): nothing to do.
      if (isConditionFailure(error)) return;
      throw toDependencyError('dynamodb', error);
    }
  }

  async listForUser(userId: string, page: { limit: number; cursor?: string }): Promise<AuditPage> {
    const { pk } = auditKeys.user(userId);
    const startSk = page.cursor === undefined ? undefined : decodeCursor(page.cursor, userId);
    try {
      const { Items, LastEvaluatedKey } = await this.documents.send(
        new QueryCommand({
          TableName: this.config.tableName,
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
