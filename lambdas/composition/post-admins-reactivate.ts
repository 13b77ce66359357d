import { postAdminsReactivateFlows } from '../admin/post-admins-reactivate';
import { logger } from '../shared/logger';
import { systemClock } from '../shared/runtime';
import { activeAdminCheckFromEnv, adminDirectoryFromEnv } from './admins';
import { cognitoIdentityFromEnv } from './cognito';
import { auditTableFromEnv, documentClient } from './dynamodb';

/** What POST /admins/{userId}/reactivate's handler needs, wired to AWS from the environment. Call once, at cold start. */
export function postAdminsReactivateFromEnv() {
  const documents = documentClient();
  const flows = postAdminsReactivateFlows({
    directory: adminDirectoryFromEnv(documents, auditTableFromEnv()),
    identity: cognitoIdentityFromEnv(),
    clock: systemClock,
    logger,
  });
  return { flows, callerCheck: activeAdminCheckFromEnv(documents) };
}
