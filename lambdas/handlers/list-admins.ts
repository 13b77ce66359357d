import { adminListing } from '../admin/list-admins';
import { listAdminsParams } from '../admin/request-bodies';
import { activeAdminCheckFromEnv, adminDirectoryFromEnv } from '../composition/admins';
import { cognitoDirectoryFromEnv } from '../composition/cognito';
import { documentClient } from '../composition/dynamodb';
import { httpRoute } from '../shared/http/handler';
import { ADMINS_GROUP } from '../shared/identity-settings';
import { logger } from '../shared/logger';
import { systemClock } from '../shared/runtime';
import { NO_FIELDS } from '../shared/schemas';

const documents = documentClient();
const flows = adminListing({ directory: adminDirectoryFromEnv(documents), identity: cognitoDirectoryFromEnv(), clock: systemClock, logger });

/** GET /admins: every admin with their status, oldest first, a page at a time. */
export const handler = httpRoute({
  name: 'listAdmins',
  requiredGroup: ADMINS_GROUP,
  callerCheck: activeAdminCheckFromEnv(documents),
  input: NO_FIELDS,
  params: listAdminsParams,
  run: async ({ cursor, limit }) => {
    const page = await flows.listAdmins({ limit, cursor });
    return { status: 200, body: page };
  },
});
