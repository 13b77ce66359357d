import { getUsersAuditParams } from '../audit/request-schemas';
import { getUsersAuditFromEnv } from '../composition/get-users-audit';
import { httpRoute } from '../shared/http/handler';
import { ADMINS_GROUP } from '../shared/identity-settings';
import { NO_FIELDS } from '../shared/schemas';

const { flows, callerCheck } = getUsersAuditFromEnv();

/** GET /users/{userId}/audit: an admin reads a user's audit trail, newest first, a page at a time. */
export const handler = httpRoute({
  name: 'get-users-audit',
  requiredGroup: ADMINS_GROUP,
  callerCheck,
  input: NO_FIELDS,
  params: getUsersAuditParams,
  run: async ({ userId, cursor, limit }) => {
    const page = await flows.getUsersAudit(userId, { limit, cursor });
    return { status: 200, body: { userId, events: page.records, ...(page.nextCursor && { nextCursor: page.nextCursor }) } };
  },
});
