import { S3Client } from '@aws-sdk/client-s3';
import { DEFAULT_AUDIT_RETENTION_DAYS } from '../adapters/dynamodb/table-layout';
import { S3AuditArchive } from '../adapters/s3/s3-audit-archive';
import { archiveAuditTrail } from '../audit/archive-audit-trail';
import { optionalIntEnv, requireEnv } from '../shared/config';
import { logger } from '../shared/logger';
import { SDK_CLIENT_OPTIONS } from './sdk-options';

/** The audit table stream's archiver, into AUDIT_ARCHIVE_BUCKET_NAME. Call once, at cold start. */
export function archiveAuditTrailFromEnv() {
  return archiveAuditTrail({
    archive: new S3AuditArchive(new S3Client(SDK_CLIENT_OPTIONS), requireEnv('AUDIT_ARCHIVE_BUCKET_NAME').AUDIT_ARCHIVE_BUCKET_NAME),
    logger,
    retentionDays: optionalIntEnv('AUDIT_RETENTION_DAYS', DEFAULT_AUDIT_RETENTION_DAYS),
  });
}
