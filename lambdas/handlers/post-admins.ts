import { postAdminsBody } from '../admin/request-schemas';
import { actingAdminOf } from '../audit/audit-records';
import { postAdminsFromEnv } from '../composition/post-admins';
import { httpRoute } from '../shared/http/handler';
import { ADMINS_GROUP } from '../shared/identity-settings';

const { flows, metrics, callerCheck } = postAdminsFromEnv();

/** POST /admins: an admin provisions a new admin (Cognito user + User/AdminInfo records). */
export const handler = httpRoute({
  name: 'post-admins',
  metrics,
  requiredGroup: ADMINS_GROUP,
  callerCheck,
  input: postAdminsBody,
  run: async ({ email }, request) => {
    const admin = await flows.provisionNewAdmin(email, actingAdminOf(request));
    return { status: 201, body: { userId: admin.userId, email: admin.email, status: 'INVITED' } };
  },
});
