import { S3Client } from '@aws-sdk/client-s3';
import { S3AuditArchive } from '../adapters/s3/s3-audit-archive';
import { requireEnv } from '../shared/config';
import { SDK_CLIENT_OPTIONS } from './sdk-options';

/** The audit archive in AUDIT_ARCHIVE_BUCKET_NAME. Call once at module scope. */
export function auditArchiveFromEnv(): S3AuditArchive {
  return new S3AuditArchive(new S3Client(SDK_CLIENT_OPTIONS), requireEnv('AUDIT_ARCHIVE_BUCKET_NAME').AUDIT_ARCHIVE_BUCKET_NAME);
}
