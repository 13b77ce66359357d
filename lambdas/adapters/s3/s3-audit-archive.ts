import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ArchiveObject, AuditArchive } from '../../ports/audit-archive';
import { errorName, toDependencyError } from '../aws-errors';

/**
 * `AuditArchive` over an S3 bucket with Object Lock: each object is written in compliance mode
 * until its retention date, and only if its key is free (`If-None-Match: *`; the bucket policy
 * refuses any PutObject without it), so an archived record is never replaced, and a retried write
 * finds its object already there.
 */
export class S3AuditArchive implements AuditArchive {
  constructor(
    private readonly client: S3Client,
    private readonly bucketName: string,
  ) {}

  async store(object: ArchiveObject): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucketName,
          Key: object.key,
          Body: JSON.stringify(object.content),
          ContentType: 'application/json',
          IfNoneMatch: '*',
          ObjectLockMode: 'COMPLIANCE',
          ObjectLockRetainUntilDate: object.retainUntil,
          // Object Lock requires an integrity checksum on every write that sets a retention.
          ChecksumAlgorithm: 'SHA256',
        }),
      );
    } catch (error) {
      // The key already holds the object (a retried write): nothing to do.
      if (isKeyTaken(error)) return;
      throw toDependencyError('s3', error);
    }
  }
}

/** S3's answer to `If-None-Match: *` on a key that holds an object: 412 Precondition Failed. */
function isKeyTaken(error: unknown): boolean {
  return errorName(error) === 'PreconditionFailed' || (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode === 412;
}
