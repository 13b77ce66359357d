import { getUsersAuditFlows } from '../audit/get-users-audit';
import { activeAdminCheckFromEnv } from './admins';
import { auditTrailReaderFromEnv, documentClient, userRepositoryFromEnv } from './dynamodb';

/** What GET /users/{userId}/audit's handler needs, wired to AWS from the environment. Call once, at cold start. */
export function getUsersAuditFromEnv() {
  const documents = documentClient();
  const flows = getUsersAuditFlows({ users: userRepositoryFromEnv(documents), audit: auditTrailReaderFromEnv(documents) });
  return { flows, callerCheck: activeAdminCheckFromEnv(documents) };
}
