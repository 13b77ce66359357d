import { auditSourceOf } from '../audit/audit-records';
import { postAuthNewPasswordBody } from '../auth/request-schemas';
import { postAuthNewPasswordFromEnv } from '../composition/post-auth-new-password';
import { httpRoute } from '../shared/http/handler';

const { flows, metrics } = postAuthNewPasswordFromEnv();

/** POST /auth/new-password: an invited user swaps the temporary password for their own. */
export const handler = httpRoute({
  name: 'post-auth-new-password',
  metrics,
  input: postAuthNewPasswordBody,
  run: async ({ username, temporaryPassword, newPassword }, request) => {
    const outcome = await flows.handleNewPasswordChallenge(username, temporaryPassword, newPassword, { ...request, ...auditSourceOf(request) });
    const body =
      outcome.kind === 'tokens'
        ? { status: 'AUTHENTICATED', tokens: outcome.tokens }
        : { status: 'CHALLENGE', challengeName: outcome.challengeName, session: outcome.session };
    return { status: 200, body };
  },
});
