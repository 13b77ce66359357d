import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { auditTableChanges } from '../adapters/dynamodb/audit-table-stream';
import { DEFAULT_AUDIT_RETENTION_DAYS } from '../adapters/dynamodb/table-layout';
import { archiveAuditTrail } from '../audit/archive-audit-trail';
import { auditArchiveFromEnv } from '../composition/s3';
import { optionalIntEnv } from '../shared/config';
import { logger } from '../shared/logger';

const archive = archiveAuditTrail({
  archive: auditArchiveFromEnv(),
  logger,
  retentionDays: optionalIntEnv('AUDIT_RETENTION_DAYS', DEFAULT_AUDIT_RETENTION_DAYS),
});

/**
 * The audit table's stream: archives every change (see archiveAuditTrail) and reports the ones it
 * could not, so the stream delivers them again (ReportBatchItemFailures).
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const unarchived = await archive(auditTableChanges(event));
  return { batchItemFailures: unarchived.map((sequenceNumber) => ({ itemIdentifier: sequenceNumber })) };
}
