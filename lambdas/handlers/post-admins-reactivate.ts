import { postAdminsReactivateFlows } from '../admin/post-admins-reactivate';
import { postAdminsReactivateParams } from '../admin/request-schemas';
import { actingAdminOf } from '../audit/audit-records';
import { activeAdminCheckFromEnv, adminDirectoryFromEnv } from '../composition/admins';
import { cognitoAccountControlsFromEnv } from '../composition/cognito';
import { auditTableFromEnv, documentClient } from '../composition/dynamodb';
import { httpRoute } from '../shared/http/handler';
import { ADMINS_GROUP } from '../shared/identity-settings';
import { logger } from '../shared/logger';
import { systemClock } from '../shared/runtime';
import { NO_FIELDS } from '../shared/schemas';

const documents = documentClient();
const flows = postAdminsReactivateFlows({
  directory: adminDirectoryFromEnv(documents, auditTableFromEnv()),
  identity: cognitoAccountControlsFromEnv(),
  clock: systemClock,
  logger,
});

/** POST /admins/{userId}/reactivate: a deactivated admin may sign in and act again. */
export const handler = httpRoute({
  name: 'post-admins-reactivate',
  requiredGroup: ADMINS_GROUP,
  callerCheck: activeAdminCheckFromEnv(documents),
  input: NO_FIELDS,
  params: postAdminsReactivateParams,
  run: async ({ userId }, request) => {
    await flows.postAdminsReactivate(userId, actingAdminOf(request));
    return { status: 200, body: { userId, status: 'REACTIVATED' } };
  },
});
