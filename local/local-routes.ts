import { AdminRespondToAuthChallengeCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import * as v from 'valibot';
import { errorName, toDependencyError } from '../lambdas/adapters/aws-errors';
import type { IdentityProvider } from '../lambdas/ports/identity-provider';
import { InvalidUserStateError, UnauthenticatedError, ValidationError } from '../lambdas/shared/errors';
import { type ApiHandler, httpRoute } from '../lambdas/shared/http/handler';
import { emailField, NO_FIELDS, passwordField, requestObject, stringField } from '../lambdas/shared/schemas';
import { openApiDocument } from '../lib/openapi';
import type { Outbox } from './outbox';

/** A local-only route: served by the local API, never deployed. */
export interface LocalRoute {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly handler: ApiHandler;
}

export interface LocalRouteDeps {
  readonly outbox: Outbox;
  /** The production Cognito adapter, for the password leg. */
  readonly identity: IdentityProvider;
  readonly cognito: CognitoIdentityProviderClient;
  readonly userPoolId: string;
  readonly clientId: string;
}

/**
 * `GET /_local/outbox`: the emails users would have received. `POST /_local/sign-in`: a stand-in for
 * the frontend's SRP sign-in (which curl cannot do): password, then the TOTP code, with the app
 * client's ADMIN_USER_PASSWORD_AUTH flow; answers the tokens an admin route needs. `GET /openapi.json`:
 * the API's OpenAPI document (docs/openapi.json), for client generators and API explorers.
 */
export function localRoutes(deps: LocalRouteDeps): LocalRoute[] {
  const outbox = httpRoute({
    name: 'localOutbox',
    input: NO_FIELDS,
    run: async () => ({ status: 200, body: { emails: await deps.outbox.after() } }),
  });

  const signIn = httpRoute({
    name: 'localSignIn',
    input: requestObject({
      email: emailField,
      password: passwordField,
      totpCode: v.optional(v.pipe(stringField, v.regex(/^\d{6}$/, 'must be 6 digits'))),
    }),
    run: async ({ email, password, totpCode }) => {
      const first = await deps.identity.passwordAuth(email, password);
      if (first.kind === 'tokens') return { status: 200, body: { status: 'AUTHENTICATED', tokens: first.tokens } };
      if (first.challengeName !== 'SOFTWARE_TOKEN_MFA') {
        throw new InvalidUserStateError(
          first.challengeName === 'MFA_SETUP'
            ? 'Cognito answered MFA_SETUP: this account has no authenticator app yet (set one up as in the walkthrough of local/README.md, step 3).'
            : `Cognito answered ${first.challengeName}; complete the first sign-in with POST /auth/new-password.`,
        );
      }
      if (!totpCode) throw new ValidationError([{ field: 'totpCode', message: 'is required: this account has an authenticator app' }]);
      return { status: 200, body: { status: 'AUTHENTICATED', tokens: await answerTotp(deps, email, totpCode, first.session) } };
    },
  });

  const document = openApiDocument();
  const openApi = httpRoute({
    name: 'localOpenApi',
    input: NO_FIELDS,
    run: async () => ({ status: 200, body: document }),
  });

  return [
    { method: 'GET', path: '/_local/outbox', handler: outbox },
    { method: 'GET', path: '/openapi.json', handler: openApi },
    { method: 'POST', path: '/_local/sign-in', handler: signIn },
  ];
}

async function answerTotp(deps: LocalRouteDeps, email: string, code: string, session: string) {
  try {
    const { AuthenticationResult: result } = await deps.cognito.send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: deps.userPoolId,
        ClientId: deps.clientId,
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        Session: session,
        ChallengeResponses: { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: code },
      }),
    );
    return { idToken: result?.IdToken, accessToken: result?.AccessToken, refreshToken: result?.RefreshToken, expiresIn: result?.ExpiresIn, tokenType: result?.TokenType };
  } catch (error) {
    if (errorName(error) === 'CodeMismatchException') throw new UnauthenticatedError('The TOTP code is wrong or has expired.');
    throw toDependencyError('cognito', error);
  }
}
