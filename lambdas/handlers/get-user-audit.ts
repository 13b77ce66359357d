import { userAudit } from '../audit/get-user-audit';
import { getUserAuditParams } from '../audit/request-params';
import { activeAdminCheckFromEnv } from '../composition/admins';
import { auditTrailReaderFromEnv, documentClient, userRepositoryFromEnv } from '../composition/dynamodb';
import { httpRoute } from '../shared/http/handler';
import { ADMINS_GROUP } from '../shared/identity-settings';
import { NO_FIELDS } from '../shared/schemas';

const documents = documentClient();
const flows = userAudit({ users: userRepositoryFromEnv(documents), audit: auditTrailReaderFromEnv(documents) });

/** GET /users/{userId}/audit: an admin reads a user's audit trail, newest first, a page at a time. */
export const handler = httpRoute({
  name: 'getUserAudit',
  requiredGroup: ADMINS_GROUP,
  callerCheck: activeAdminCheckFromEnv(documents),
  input: NO_FIELDS,
  params: getUserAuditParams,
  run: async ({ userId, cursor, limit }) => {
    const page = await flows.getUserAudit(userId, { limit, cursor });
    return { status: 200, body: { userId, events: page.records, ...(page.nextCursor && { nextCursor: page.nextCursor }) } };
  },
});
