import { postAdminsDeactivateFlows } from '../admin/post-admins-deactivate';
import { postAdminsDeactivateParams } from '../admin/request-schemas';
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
const flows = postAdminsDeactivateFlows({
  directory: adminDirectoryFromEnv(documents, auditTableFromEnv()),
  identity: cognitoAccountControlsFromEnv(),
  clock: systemClock,
  logger,
});

/** POST /admins/{userId}/deactivate: the admin can no longer sign in, and their current tokens stop working on admin routes. */
export const handler = httpRoute({
  name: 'post-admins-deactivate',
  requiredGroup: ADMINS_GROUP,
  callerCheck: activeAdminCheckFromEnv(documents),
  input: NO_FIELDS,
  params: postAdminsDeactivateParams,
  run: async ({ userId }, request) => {
    await flows.postAdminsDeactivate(userId, actingAdminOf(request));
    return { status: 200, body: { userId, status: 'DEACTIVATED' } };
  },
});
