import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { auditTableChanges } from '../adapters/dynamodb/audit-table-stream';
import { archiveAuditTrailFromEnv } from '../composition/s3';

const archive = archiveAuditTrailFromEnv();

/**
 * The audit table's stream: archives every change (see archiveAuditTrail) and reports the ones it
 * could not, so the stream delivers them again (ReportBatchItemFailures).
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const unarchived = await archive(auditTableChanges(event));
  return { batchItemFailures: unarchived.map((sequenceNumber) => ({ itemIdentifier: sequenceNumber })) };
}
