import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAdminCallers } from '../adapters/dynamodb/dynamo-admin-callers';
import { DynamoAdminDirectory } from '../adapters/dynamodb/dynamo-admin-directory';
import type { AuditTableConfig } from '../adapters/dynamodb/dynamo-audit-trail';
import { activeAdminCheck, activeAdminCheckRecordingSignIn } from '../admin/active-admin-check';
import { requireEnv } from '../shared/config';
import type { CallerCheck } from '../shared/http/handler';
import type { AppLogger } from '../shared/logger';
import { documentClient } from './dynamodb';

/** The admin directory on TABLE_NAME; with `auditTable` for functions that change an admin's state. Call once at module scope. */
export function adminDirectoryFromEnv(documents: DynamoDBDocumentClient = documentClient(), auditTable?: AuditTableConfig): DynamoAdminDirectory {
  return new DynamoAdminDirectory(documents, requireEnv('TABLE_NAME').TABLE_NAME, auditTable);
}

function adminCallersFromEnv(documents: DynamoDBDocumentClient): DynamoAdminCallers {
  return new DynamoAdminCallers(documents, requireEnv('TABLE_NAME').TABLE_NAME);
}

/** The check every admin route runs on its caller (see activeAdminCheck). Call once at module scope. */
export function activeAdminCheckFromEnv(documents: DynamoDBDocumentClient = documentClient()): CallerCheck {
  return activeAdminCheck(adminCallersFromEnv(documents));
}

/** GET /admins' caller check, which also records sign-ins (see activeAdminCheckRecordingSignIn). Call once at module scope. */
export function signInRecordingAdminCheckFromEnv(documents: DynamoDBDocumentClient, logger: AppLogger): CallerCheck {
  return activeAdminCheckRecordingSignIn(adminCallersFromEnv(documents), logger);
}
