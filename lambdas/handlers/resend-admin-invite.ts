import { adminInvitations } from '../admin/admin-invitations';
import { resendAdminInviteBody } from '../admin/request-bodies';
import { auditSourceOf } from '../audit/audit-records';
import { cognitoIdentityFromEnv } from '../composition/cognito';
import { auditTrailFromEnv, documentClient, userRepositoryFromEnv } from '../composition/dynamodb';
import { httpRoute } from '../shared/http/handler';
import { ADMINS_GROUP } from '../shared/identity-settings';
import { logger } from '../shared/logger';
import { systemClock } from '../shared/runtime';

const documents = documentClient();
const flows = adminInvitations({
  identity: cognitoIdentityFromEnv(),
  users: userRepositoryFromEnv(documents),
  audit: auditTrailFromEnv(documents),
  clock: systemClock,
  logger,
});

/** POST /admins/resend-invite: an admin re-sends a pending invitation (new temporary password). */
export const handler = httpRoute({
  name: 'resendAdminInvite',
  requiredGroup: ADMINS_GROUP,
  input: resendAdminInviteBody,
  run: async ({ email }, request) => {
    await flows.resendAdminInvite(email, { sub: request.caller.sub, ...auditSourceOf(request) });
    return { status: 202, body: { email, status: 'INVITE_SENT' } };
  },
});
