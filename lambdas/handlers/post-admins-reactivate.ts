import { postAdminsReactivateParams } from '../admin/request-schemas';
import { actingAdminOf } from '../audit/audit-records';
import { postAdminsReactivateFromEnv } from '../composition/post-admins-reactivate';
import { httpRoute } from '../shared/http/handler';
import { ADMINS_GROUP } from '../shared/identity-settings';
import { NO_FIELDS } from '../shared/schemas';

const { flows, callerCheck } = postAdminsReactivateFromEnv();

/** POST /admins/{userId}/reactivate: a deactivated admin may sign in and act again. */
export const handler = httpRoute({
  name: 'post-admins-reactivate',
  requiredGroup: ADMINS_GROUP,
  callerCheck,
  input: NO_FIELDS,
  params: postAdminsReactivateParams,
  run: async ({ userId }, request) => {
    await flows.postAdminsReactivate(userId, actingAdminOf(request));
    return { status: 200, body: { userId, status: 'REACTIVATED' } };
  },
});
