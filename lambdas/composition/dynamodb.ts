import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type AuditTableConfig, DynamoAuditTrail } from '../adapters/dynamodb/dynamo-audit-trail';
import { DynamoAuditTrailReader } from '../adapters/dynamodb/dynamo-audit-trail-reader';
import { DynamoUserRepository } from '../adapters/dynamodb/dynamo-user-repository';
import { DEFAULT_AUDIT_RETENTION_DAYS } from '../adapters/dynamodb/table-layout';
import { optionalIntEnv, requireEnv } from '../shared/config';
import { SDK_CLIENT_OPTIONS } from './sdk-options';

/** A DynamoDB document client that drops `undefined` attributes instead of failing on them. */
export function documentClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(SDK_CLIENT_OPTIONS), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/** The audit table from AUDIT_TABLE_NAME and AUDIT_RETENTION_DAYS. Call once at module scope. */
export function auditTableFromEnv(): AuditTableConfig {
  return {
    tableName: requireEnv('AUDIT_TABLE_NAME').AUDIT_TABLE_NAME,
    retentionDays: optionalIntEnv('AUDIT_RETENTION_DAYS', DEFAULT_AUDIT_RETENTION_DAYS),
  };
}

/** The audit trail on the audit table, for functions that append to it. Call once at module scope. */
export function auditTrailFromEnv(documents: DynamoDBDocumentClient = documentClient()): DynamoAuditTrail {
  return new DynamoAuditTrail(documents, auditTableFromEnv());
}

/** The audit trail's reader on the audit table, for the function that shows it. Call once at module scope. */
export function auditTrailReaderFromEnv(documents: DynamoDBDocumentClient = documentClient()): DynamoAuditTrailReader {
  return new DynamoAuditTrailReader(documents, auditTableFromEnv().tableName);
}

/**
 * The user repository on TABLE_NAME; with `auditTable` for functions whose writes carry an audit
 * record in the same transaction. Call once at module scope.
 */
export function userRepositoryFromEnv(documents: DynamoDBDocumentClient = documentClient(), auditTable?: AuditTableConfig): DynamoUserRepository {
  return new DynamoUserRepository(documents, requireEnv('TABLE_NAME').TABLE_NAME, auditTable);
}
