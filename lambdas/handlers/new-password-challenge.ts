import * as z from 'zod/mini';
import { firstSignIn } from '../auth/first-sign-in';
import { cognitoIdentityFromEnv } from '../composition/cognito';
import { httpRoute } from '../shared/http/handler';
import { emailField, passwordField } from '../shared/schemas';

const flows = firstSignIn({ identity: cognitoIdentityFromEnv() });

/** POST /auth/new-password: an invited user swaps the temporary password for their own. */
export const handler = httpRoute({
  name: 'newPasswordChallenge',
  input: z.strictObject({ username: emailField, temporaryPassword: passwordField, newPassword: passwordField }),
  run: async ({ username, temporaryPassword, newPassword }) => {
    const outcome = await flows.handleNewPasswordChallenge(username, temporaryPassword, newPassword);
    const body =
      outcome.kind === 'tokens'
        ? { status: 'AUTHENTICATED', tokens: outcome.tokens }
        : { status: 'CHALLENGE', challengeName: outcome.challengeName, session: outcome.session };
    return { status: 200, body };
  },
});
