import { getAdminsFlows } from '../admin/get-admins';
import { getAdminsParams } from '../admin/request-schemas';
import { activeAdminCheckFromEnv, adminDirectoryFromEnv } from '../composition/admins';
import { cognitoDirectoryFromEnv } from '../composition/cognito';
import { documentClient } from '../composition/dynamodb';
import { httpRoute } from '../shared/http/handler';
import { ADMINS_GROUP } from '../shared/identity-settings';
import { logger } from '../shared/logger';
import { systemClock } from '../shared/runtime';
import { NO_FIELDS } from '../shared/schemas';

const documents = documentClient();
const flows = getAdminsFlows({ directory: adminDirectoryFromEnv(documents), identity: cognitoDirectoryFromEnv(), clock: systemClock, logger });

/** GET /admins: every admin with their status, oldest first, a page at a time. */
export const handler = httpRoute({
  name: 'get-admins',
  requiredGroup: ADMINS_GROUP,
  callerCheck: activeAdminCheckFromEnv(documents),
  input: NO_FIELDS,
  params: getAdminsParams,
  run: async ({ cursor, limit }) => {
    const page = await flows.getAdmins({ limit, cursor });
    return { status: 200, body: page };
  },
});
