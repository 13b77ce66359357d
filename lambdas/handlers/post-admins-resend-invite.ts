import { postAdminsResendInviteFlows } from '../admin/post-admins-resend-invite';
import { postAdminsResendInviteBody } from '../admin/request-schemas';
import { actingAdminOf } from '../audit/audit-records';
import { activeAdminCheckFromEnv, adminDirectoryFromEnv } from '../composition/admins';
import { cognitoInvitationsFromEnv } from '../composition/cognito';
import { auditTableFromEnv, documentClient, userRepositoryFromEnv } from '../composition/dynamodb';
import { businessMetricsFromEnv } from '../composition/metrics';
import { rateLimiterFromEnv } from '../composition/rate-limiter';
import { httpRoute } from '../shared/http/handler';
import { ADMINS_GROUP } from '../shared/identity-settings';
import { logger } from '../shared/logger';
import { systemClock } from '../shared/runtime';

const documents = documentClient();
const metrics = businessMetricsFromEnv();
const flows = postAdminsResendInviteFlows({
  identity: cognitoInvitationsFromEnv(),
  users: userRepositoryFromEnv(documents),
  directory: adminDirectoryFromEnv(documents, auditTableFromEnv()),
  limiter: rateLimiterFromEnv(documents),
  clock: systemClock,
  logger,
  metrics,
});

/** POST /admins/resend-invite: an admin re-sends a pending or expired invitation (new temporary password). */
export const handler = httpRoute({
  name: 'post-admins-resend-invite',
  metrics,
  requiredGroup: ADMINS_GROUP,
  callerCheck: activeAdminCheckFromEnv(documents),
  input: postAdminsResendInviteBody,
  run: async ({ email }, request) => {
    const resent = await flows.resendAdminInvite(email, actingAdminOf(request));
    return { status: 202, body: { email, userId: resent.userId, status: 'INVITE_SENT', previousInvitation: resent.previousInvitation } };
  },
});
