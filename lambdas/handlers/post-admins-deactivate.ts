import { postAdminsDeactivateParams } from '../admin/request-schemas';
import { actingAdminOf } from '../audit/audit-records';
import { postAdminsDeactivateFromEnv } from '../composition/post-admins-deactivate';
import { httpRoute } from '../shared/http/handler';
import { ADMINS_GROUP } from '../shared/identity-settings';
import { NO_FIELDS } from '../shared/schemas';

const { flows, callerCheck } = postAdminsDeactivateFromEnv();

/** POST /admins/{userId}/deactivate: the admin can no longer sign in, and their current tokens stop working on admin routes. */
export const handler = httpRoute({
  name: 'post-admins-deactivate',
  requiredGroup: ADMINS_GROUP,
  callerCheck,
  input: NO_FIELDS,
  params: postAdminsDeactivateParams,
  run: async ({ userId }, request) => {
    await flows.postAdminsDeactivate(userId, actingAdminOf(request));
    return { status: 200, body: { userId, status: 'DEACTIVATED' } };
  },
});
