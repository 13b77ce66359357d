import { auditSourceOf } from '../audit/audit-records';
import { newPasswordChallengeBody } from '../auth/request-bodies';
import { firstSignInFromEnv } from '../composition/first-sign-in';
import { businessMetricsFromEnv } from '../composition/metrics';
import { httpRoute } from '../shared/http/handler';

const flows = firstSignInFromEnv();

/** POST /auth/new-password: an invited user swaps the temporary password for their own. */
export const handler = httpRoute({
  name: 'newPasswordChallenge',
  metrics: businessMetricsFromEnv(),
  input: newPasswordChallengeBody,
  run: async ({ username, temporaryPassword, newPassword }, request) => {
    const outcome = await flows.handleNewPasswordChallenge(username, temporaryPassword, newPassword, { ...request, ...auditSourceOf(request) });
    const body =
      outcome.kind === 'tokens'
        ? { status: 'AUTHENTICATED', tokens: outcome.tokens }
        : { status: 'CHALLENGE', challengeName: outcome.challengeName, session: outcome.session };
    return { status: 200, body };
  },
});
