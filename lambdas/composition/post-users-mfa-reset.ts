import { postUsersMfaResetFlows } from '../admin/post-users-mfa-reset';
import { MFA_RECOVERY_STRATEGIES } from '../mfa-recovery/post-mfa-recovery-confirm';
import { optionalEnumEnv } from '../shared/config';
import { logger } from '../shared/logger';
import { secureRandomBytes, systemClock } from '../shared/runtime';
import { activeAdminCheckFromEnv, adminDirectoryFromEnv } from './admins';
import { cognitoIdentityFromEnv } from './cognito';
import { auditTrailFromEnv, documentClient, userRepositoryFromEnv } from './dynamodb';
import { businessMetricsFromEnv } from './metrics';
import { rateLimiterFromEnv } from './rate-limiter';
import { mailerFromEnv } from './ses';

/** What POST /users/{userId}/mfa-reset's handler needs, wired to AWS from the environment. Call once, at cold start. */
export function postUsersMfaResetFromEnv() {
  const documents = documentClient();
  const metrics = businessMetricsFromEnv();
  const flows = postUsersMfaResetFlows({
    users: userRepositoryFromEnv(documents),
    directory: adminDirectoryFromEnv(documents),
    identity: cognitoIdentityFromEnv(),
    audit: auditTrailFromEnv(documents),
    limiter: rateLimiterFromEnv(documents),
    mailer: mailerFromEnv(),
    metrics,
    randomBytes: secureRandomBytes,
    clock: systemClock,
    logger,
    strategy: optionalEnumEnv('MFA_RECOVERY_STRATEGY', MFA_RECOVERY_STRATEGIES, 'reset'),
  });
  return { flows, metrics, callerCheck: activeAdminCheckFromEnv(documents) };
}
