import { resetUserMfaBody, userIdParams } from '../admin/request-bodies';
import { userMfaReset } from '../admin/reset-user-mfa';
import { actingAdminOf } from '../audit/audit-records';
import { activeAdminCheckFromEnv, adminDirectoryFromEnv } from '../composition/admins';
import { cognitoAccountControlsFromEnv, cognitoInvitationsFromEnv } from '../composition/cognito';
import { auditTableFromEnv, auditTrailFromEnv, documentClient, userRepositoryFromEnv } from '../composition/dynamodb';
import { mailerFromEnv } from '../composition/ses';
import { httpRoute } from '../shared/http/handler';
import { ADMINS_GROUP } from '../shared/identity-settings';
import { logger } from '../shared/logger';
import { secureRandomBytes, systemClock } from '../shared/runtime';

const documents = documentClient();
const flows = userMfaReset({
  users: userRepositoryFromEnv(documents),
  directory: adminDirectoryFromEnv(documents, auditTableFromEnv()),
  identity: { ...cognitoAccountControlsFromEnv(), ...cognitoInvitationsFromEnv() },
  audit: auditTrailFromEnv(documents),
  mailer: mailerFromEnv(),
  randomBytes: secureRandomBytes,
  clock: systemClock,
  logger,
});

/** POST /users/{userId}/mfa-reset: an admin resets another user's authenticator (re-invited with a temporary password). */
export const handler = httpRoute({
  name: 'resetUserMfa',
  requiredGroup: ADMINS_GROUP,
  callerCheck: activeAdminCheckFromEnv(documents),
  input: resetUserMfaBody,
  params: userIdParams,
  run: async ({ userId, reason }, request) => {
    await flows.resetUserMfa(userId, reason, actingAdminOf(request));
    return { status: 202, body: { userId, status: 'MFA_RESET' } };
  },
});
