import {
  type AuthenticationResultType,
  type CognitoIdentityProviderClient,
  RespondToAuthChallengeCommand,
  type RespondToAuthChallengeCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import * as v from 'valibot';
import { errorName, toDependencyError } from '../lambdas/adapters/aws-errors';
import { InvalidCredentialsError, InvalidUserStateError, UnauthenticatedError, ValidationError } from '../lambdas/shared/errors';
import { type ApiHandler, httpRoute } from '../lambdas/shared/http/handler';
import { emailField, NO_FIELDS, passwordField, requestObject, stringField } from '../lambdas/shared/schemas';
import { openApiDocument } from '../lib/openapi';
import type { Outbox } from './outbox';
import { srpSignIn } from './srp-client';

/** A local-only route: served by the local API, never deployed. */
export interface LocalRoute {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly handler: ApiHandler;
}

export interface LocalRouteDeps {
  readonly outbox: Outbox;
  readonly cognito: CognitoIdentityProviderClient;
  readonly userPoolId: string;
  /** The web app's public client: the one browsers sign in through, whose ID tokens carry our user id. */
  readonly webClientId: string;
}

/**
 * `GET /_local/outbox`: the emails users would have received. `POST /_local/sign-in`: the web app's
 * sign-in for curl and tests: SRP through the web client (USER_SRP_AUTH, as Amplify does it in the
 * browser), then the TOTP code; answers the tokens an admin route needs. Not the backend's client:
 * without ReadAttributes its ID tokens carry no custom attribute, so no `custom:userId`
 * (API_CreateUserPoolClient.html, ReadAttributes).
 * `GET /openapi.json`: the API's OpenAPI document (docs/openapi.json), for client generators and API explorers.
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
      const first = await cognitoStep(() =>
        srpSignIn({ cognito: deps.cognito, userPoolId: deps.userPoolId, clientId: deps.webClientId, username: email, password }),
      );
      if (first.AuthenticationResult) return { status: 200, body: { status: 'AUTHENTICATED', tokens: tokensOf(first.AuthenticationResult) } };
      if (first.ChallengeName !== 'SOFTWARE_TOKEN_MFA') {
        throw new InvalidUserStateError(
          first.ChallengeName === 'MFA_SETUP'
            ? 'Cognito answered MFA_SETUP: this account has no authenticator app yet (set one up as in the walkthrough of local/README.md, step 3).'
            : `Cognito answered ${first.ChallengeName}; complete the first sign-in with POST /auth/new-password.`,
        );
      }
      if (!totpCode) throw new ValidationError([{ field: 'totpCode', message: 'is required: this account has an authenticator app' }]);
      const answered = await cognitoStep(() =>
        deps.cognito.send(
          new RespondToAuthChallengeCommand({
            ClientId: deps.webClientId,
            ChallengeName: 'SOFTWARE_TOKEN_MFA',
            Session: first.Session,
            ChallengeResponses: { USERNAME: first.ChallengeParameters?.USER_ID_FOR_SRP ?? email, SOFTWARE_TOKEN_MFA_CODE: totpCode },
          }),
        ),
      );
      return { status: 200, body: { status: 'AUTHENTICATED', tokens: tokensOf(answered.AuthenticationResult) } };
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

/** One step of the sign-in, its refusals as the API's errors (an unknown user reads as a wrong password). */
async function cognitoStep(send: () => Promise<RespondToAuthChallengeCommandOutput>): Promise<RespondToAuthChallengeCommandOutput> {
  try {
    return await send();
  } catch (error) {
    switch (errorName(error)) {
      case 'NotAuthorizedException':
      case 'UserNotFoundException':
        throw new InvalidCredentialsError(error);
      case 'CodeMismatchException':
        throw new UnauthenticatedError('The TOTP code is wrong or has expired.');
      case 'PasswordResetRequiredException':
        throw new InvalidUserStateError('This account must reset its password first (Forgot password).', error);
      default:
        throw toDependencyError('cognito', error);
    }
  }
}

function tokensOf(result: AuthenticationResultType | undefined) {
  return {
    idToken: result?.IdToken,
    accessToken: result?.AccessToken,
    refreshToken: result?.RefreshToken,
    expiresIn: result?.ExpiresIn,
    tokenType: result?.TokenType,
  };
}
