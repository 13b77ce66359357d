import { getAdminsParams } from '../admin/request-schemas';
import { getAdminsFromEnv } from '../composition/get-admins';
import { httpRoute } from '../shared/http/handler';
import { ADMINS_GROUP } from '../shared/identity-settings';
import { NO_FIELDS } from '../shared/schemas';

const { flows, callerCheck } = getAdminsFromEnv();

/** GET /admins: every admin with their status, oldest first, a page at a time. */
export const handler = httpRoute({
  name: 'get-admins',
  requiredGroup: ADMINS_GROUP,
  callerCheck,
  input: NO_FIELDS,
  params: getAdminsParams,
  run: async ({ cursor, limit }) => {
    const page = await flows.getAdmins({ limit, cursor });
    return { status: 200, body: page };
  },
});
