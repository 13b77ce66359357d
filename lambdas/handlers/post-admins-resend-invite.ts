import { postAdminsResendInviteBody } from '../admin/request-schemas';
import { actingAdminOf } from '../audit/audit-records';
import { postAdminsResendInviteFromEnv } from '../composition/post-admins-resend-invite';
import { httpRoute } from '../shared/http/handler';
import { ADMINS_GROUP } from '../shared/identity-settings';

const { flows, metrics, callerCheck } = postAdminsResendInviteFromEnv();

/** POST /admins/resend-invite: an admin re-sends a pending or expired invitation (new temporary password). */
export const handler = httpRoute({
  name: 'post-admins-resend-invite',
  metrics,
  requiredGroup: ADMINS_GROUP,
  callerCheck,
  input: postAdminsResendInviteBody,
  run: async ({ email }, request) => {
    const resent = await flows.resendAdminInvite(email, actingAdminOf(request));
    return { status: 202, body: { email, userId: resent.userId, status: 'INVITE_SENT', previousInvitation: resent.previousInvitation } };
  },
});
