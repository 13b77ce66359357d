import { postAdminsFlows } from '../admin/post-admins';
import { postAdminsBody } from '../admin/request-schemas';
import { actingAdminOf } from '../audit/audit-records';
import { activeAdminCheckFromEnv } from '../composition/admins';
import { cognitoDirectoryFromEnv, cognitoInvitationsFromEnv } from '../composition/cognito';
import { auditTableFromEnv, auditTrailFromEnv, documentClient, userRepositoryFromEnv } from '../composition/dynamodb';
import { businessMetricsFromEnv } from '../composition/metrics';
import { httpRoute } from '../shared/http/handler';
import { ADMINS_GROUP } from '../shared/identity-settings';
import { logger } from '../shared/logger';
import { randomIds, systemClock } from '../shared/runtime';

const documents = documentClient();
const metrics = businessMetricsFromEnv();
const flows = postAdminsFlows({
  identity: { ...cognitoInvitationsFromEnv(), ...cognitoDirectoryFromEnv() },
  users: userRepositoryFromEnv(documents, auditTableFromEnv()),
  audit: auditTrailFromEnv(documents),
  clock: systemClock,
  newId: randomIds,
  logger,
  metrics,
});

/** POST /admins: an admin provisions a new admin (Cognito user + User/AdminInfo records). */
export const handler = httpRoute({
  name: 'post-admins',
  metrics,
  requiredGroup: ADMINS_GROUP,
  callerCheck: activeAdminCheckFromEnv(documents),
  input: postAdminsBody,
  run: async ({ email }, request) => {
    const admin = await flows.provisionNewAdmin(email, actingAdminOf(request));
    return { status: 201, body: { userId: admin.userId, email: admin.email, status: 'INVITED' } };
  },
});
