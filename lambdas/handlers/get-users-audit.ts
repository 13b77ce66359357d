import { getUsersAuditFlows } from '../audit/get-users-audit';
import { getUsersAuditParams } from '../audit/request-schemas';
import { activeAdminCheckFromEnv } from '../composition/admins';
import { auditTrailReaderFromEnv, documentClient, userRepositoryFromEnv } from '../composition/dynamodb';
import { httpRoute } from '../shared/http/handler';
import { ADMINS_GROUP } from '../shared/identity-settings';
import { NO_FIELDS } from '../shared/schemas';

const documents = documentClient();
const flows = getUsersAuditFlows({ users: userRepositoryFromEnv(documents), audit: auditTrailReaderFromEnv(documents) });

/** GET /users/{userId}/audit: an admin reads a user's audit trail, newest first, a page at a time. */
export const handler = httpRoute({
  name: 'get-users-audit',
  requiredGroup: ADMINS_GROUP,
  callerCheck: activeAdminCheckFromEnv(documents),
  input: NO_FIELDS,
  params: getUsersAuditParams,
  run: async ({ userId, cursor, limit }) => {
    const page = await flows.getUsersAudit(userId, { limit, cursor });
    return { status: 200, body: { userId, events: page.records, ...(page.nextCursor && { nextCursor: page.nextCursor }) } };
  },
});
