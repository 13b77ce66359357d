import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditRecord, AuditTrail } from '../../ports/audit-trail';
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

/** `AuditTrail` over the audit table: one partition per user, sorted by time. Appending functions may only Put it (DynamoAuditTrailReader queries it). */
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
}
