import { postAdminsResendInviteFlows } from '../admin/post-admins-resend-invite';
import { logger } from '../shared/logger';
import { systemClock } from '../shared/runtime';
import { activeAdminCheckFromEnv, adminDirectoryFromEnv } from './admins';
import { cognitoIdentityFromEnv } from './cognito';
import { auditTableFromEnv, auditTrailFromEnv, documentClient, userRepositoryFromEnv } from './dynamodb';
import { businessMetricsFromEnv } from './metrics';
import { rateLimiterFromEnv } from './rate-limiter';

/** What POST /admins/resend-invite's handler needs, wired to AWS from the environment. Call once, at cold start. */
export function postAdminsResendInviteFromEnv() {
  const documents = documentClient();
  const metrics = businessMetricsFromEnv();
  const flows = postAdminsResendInviteFlows({
    identity: cognitoIdentityFromEnv(),
    users: userRepositoryFromEnv(documents),
    directory: adminDirectoryFromEnv(documents, auditTableFromEnv()),
    audit: auditTrailFromEnv(documents),
    limiter: rateLimiterFromEnv(documents),
    clock: systemClock,
    logger,
    metrics,
  });
  return { flows, metrics, callerCheck: activeAdminCheckFromEnv(documents) };
}
