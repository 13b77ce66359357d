import { postUsersMfaResetBody, postUsersMfaResetParams } from '../admin/request-schemas';
import { postUsersMfaResetFlows } from '../admin/post-users-mfa-reset';
import { actingAdminOf } from '../audit/audit-records';
import { activeAdminCheckFromEnv, adminDirectoryFromEnv } from '../composition/admins';
import { cognitoAccountControlsFromEnv, cognitoDirectoryFromEnv, cognitoInvitationsFromEnv } from '../composition/cognito';
import { auditTrailFromEnv, documentClient, userRepositoryFromEnv } from '../composition/dynamodb';
import { businessMetricsFromEnv } from '../composition/metrics';
import { rateLimiterFromEnv } from '../composition/rate-limiter';
import { mailerFromEnv } from '../composition/ses';
import { httpRoute } from '../shared/http/handler';
import { ADMINS_GROUP } from '../shared/identity-settings';
import { logger } from '../shared/logger';
import { secureRandomBytes, systemClock } from '../shared/runtime';

const documents = documentClient();
const metrics = businessMetricsFromEnv();
const flows = postUsersMfaResetFlows({
  users: userRepositoryFromEnv(documents),
  directory: adminDirectoryFromEnv(documents),
  identity: { ...cognitoDirectoryFromEnv(), ...cognitoAccountControlsFromEnv(), ...cognitoInvitationsFromEnv() },
  audit: auditTrailFromEnv(documents),
  limiter: rateLimiterFromEnv(documents),
  mailer: mailerFromEnv(),
  metrics,
  randomBytes: secureRandomBytes,
  clock: systemClock,
  logger,
});

/** POST /users/{userId}/mfa-reset: an admin resets another user's authenticator (re-invited with a temporary password). */
export const handler = httpRoute({
  name: 'post-users-mfa-reset',
  metrics,
  requiredGroup: ADMINS_GROUP,
  callerCheck: activeAdminCheckFromEnv(documents),
  input: postUsersMfaResetBody,
  params: postUsersMfaResetParams,
  run: async ({ userId, reason }, request) => {
    await flows.postUsersMfaReset(userId, reason, actingAdminOf(request));
    return { status: 202, body: { userId, status: 'MFA_RESET' } };
  },
});
