import { auditSourceOf } from '../audit/audit-records';
import { firstSignIn } from '../auth/first-sign-in';
import { newPasswordChallengeBody } from '../auth/request-bodies';
import { cognitoIdentityFromEnv } from '../composition/cognito';
import { auditTrailFromEnv, documentClient, userRepositoryFromEnv } from '../composition/dynamodb';
import { httpRoute } from '../shared/http/handler';
import { logger } from '../shared/logger';
import { systemClock } from '../shared/runtime';

const documents = documentClient();
const flows = firstSignIn({
  identity: cognitoIdentityFromEnv(),
  users: userRepositoryFromEnv(documents),
  audit: auditTrailFromEnv(documents),
  clock: systemClock,
  logger,
});

/** POST /auth/new-password: an invited user swaps the temporary password for their own. */
export const handler = httpRoute({
  name: 'newPasswordChallenge',
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
