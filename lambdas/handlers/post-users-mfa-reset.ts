import { postUsersMfaResetBody, postUsersMfaResetParams } from '../admin/request-schemas';
import { actingAdminOf } from '../audit/audit-records';
import { postUsersMfaResetFromEnv } from '../composition/post-users-mfa-reset';
import { httpRoute } from '../shared/http/handler';
import { ADMINS_GROUP } from '../shared/identity-settings';

const { flows, metrics, callerCheck } = postUsersMfaResetFromEnv();

/** POST /users/{userId}/mfa-reset: an admin resets another user's authenticator (re-invited with a temporary password). */
export const handler = httpRoute({
  name: 'post-users-mfa-reset',
  metrics,
  requiredGroup: ADMINS_GROUP,
  callerCheck,
  input: postUsersMfaResetBody,
  params: postUsersMfaResetParams,
  run: async ({ userId, reason }, request) => {
    await flows.postUsersMfaReset(userId, reason, actingAdminOf(request));
    return { status: 202, body: { userId, status: 'MFA_RESET' } };
  },
});
