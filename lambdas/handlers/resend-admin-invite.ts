import { adminInvitations } from '../admin/admin-invitations';
import { resendAdminInviteBody } from '../admin/request-bodies';
import { cognitoIdentityFromEnv } from '../composition/cognito';
import { httpRoute } from '../shared/http/handler';
import { ADMINS_GROUP } from '../shared/identity-settings';
import { logger } from '../shared/logger';

const flows = adminInvitations({ identity: cognitoIdentityFromEnv(), logger });

/** POST /admins/resend-invite: an admin re-sends a pending invitation (new temporary password). */
export const handler = httpRoute({
  name: 'resendAdminInvite',
  requiredGroup: ADMINS_GROUP,
  input: resendAdminInviteBody,
  run: async ({ email }) => {
    await flows.resendAdminInvite(email);
    return { status: 202, body: { email, status: 'INVITE_SENT' } };
  },
});
