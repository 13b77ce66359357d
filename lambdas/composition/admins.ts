import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAdminCallers } from '../adapters/dynamodb/dynamo-admin-callers';
import { DynamoAdminDirectory } from '../adapters/dynamodb/dynamo-admin-directory';
import type { AuditTableConfig } from '../adapters/dynamodb/dynamo-audit-trail';
import { activeAdminCheck } from '../admin/active-admin-check';
import { requireEnv } from '../shared/config';
import type { CallerCheck } from '../shared/http/handler';
import { documentClient } from './dynamodb';

/** The admin directory on TABLE_NAME; with `auditTable` for functions that change an admin's state. Call once at module scope. */
export function adminDirectoryFromEnv(documents: DynamoDBDocumentClient = documentClient(), auditTable?: AuditTableConfig): DynamoAdminDirectory {
  return new DynamoAdminDirectory(documents, requireEnv('TABLE_NAME').TABLE_NAME, auditTable);
}

/** The check every admin route runs on its caller (see activeAdminCheck). Call once at module scope. */
export function activeAdminCheckFromEnv(documents: DynamoDBDocumentClient = documentClient()): CallerCheck {
  return activeAdminCheck(new DynamoAdminCallers(documents, requireEnv('TABLE_NAME').TABLE_NAME));
}
