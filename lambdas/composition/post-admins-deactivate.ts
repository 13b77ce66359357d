import { postAdminsDeactivateFlows } from '../admin/post-admins-deactivate';
import { logger } from '../shared/logger';
import { systemClock } from '../shared/runtime';
import { activeAdminCheckFromEnv, adminDirectoryFromEnv } from './admins';
import { cognitoIdentityFromEnv } from './cognito';
import { auditTableFromEnv, documentClient } from './dynamodb';

/** What POST /admins/{userId}/deactivate's handler needs, wired to AWS from the environment. Call once, at cold start. */
export function postAdminsDeactivateFromEnv() {
  const documents = documentClient();
  const flows = postAdminsDeactivateFlows({
    directory: adminDirectoryFromEnv(documents, auditTableFromEnv()),
    identity: cognitoIdentityFromEnv(),
    clock: systemClock,
    logger,
  });
  return { flows, callerCheck: activeAdminCheckFromEnv(documents) };
}
