import { getAdminsFlows } from '../admin/get-admins';
import { logger } from '../shared/logger';
import { systemClock } from '../shared/runtime';
import { activeAdminCheckFromEnv, adminDirectoryFromEnv } from './admins';
import { cognitoIdentityFromEnv } from './cognito';
import { documentClient } from './dynamodb';
import { recoveryCodeStoreFromEnv } from './recovery-codes';

/** What GET /admins's handler needs, wired to AWS from the environment. Call once, at cold start. */
export function getAdminsFromEnv() {
  const documents = documentClient();
  const flows = getAdminsFlows({
    directory: adminDirectoryFromEnv(documents),
    identity: cognitoIdentityFromEnv(),
    codes: recoveryCodeStoreFromEnv(documents),
    clock: systemClock,
    logger,
  });
  return { flows, callerCheck: activeAdminCheckFromEnv(documents) };
}
