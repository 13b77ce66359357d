import { AdminInitiateAuthCommand, AdminRespondToAuthChallengeCommand, type AuthenticationResultType } from '@aws-sdk/client-cognito-identity-provider';
import type { AuthOutcome, IdentitySignIn } from '../../ports/identity-provider';
import { InvalidCredentialsError, InvalidPasswordError, InvalidUserStateError } from '../../shared/errors';
import { errorName, toDependencyError } from '../aws-errors';
import type { CognitoUserPool } from './user-pool';

/** `IdentitySignIn` over the user pool's server-side auth flow (ADMIN_USER_PASSWORD_AUTH) through the pool's app client. */
export function cognitoSignIn({ client, userPoolId, clientId }: CognitoUserPool): IdentitySignIn {
  return {
    passwordAuth: (username, password, caller) =>
      authStep(() =>
        client.send(
          new AdminInitiateAuthCommand({
            UserPoolId: userPoolId,
            ClientId: clientId,
            AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: username, PASSWORD: password },
            ContextData: caller && {
              IpAddress: caller.sourceIp,
              ServerName: caller.serverName,
              ServerPath: caller.serverPath,
              HttpHeaders: caller.userAgent ? [{ headerName: 'User-Agent', headerValue: caller.userAgent }] : [],
            },
          }),
        ),
      ),

    respondToNewPasswordChallenge: (username, newPassword, session) =>
      authStep(() =>
        client.send(
          new AdminRespondToAuthChallengeCommand({
            UserPoolId: userPoolId,
            ClientId: clientId,
            ChallengeName: 'NEW_PASSWORD_REQUIRED',
            Session: session,
            ChallengeResponses: { USERNAME: username, NEW_PASSWORD: newPassword },
          }),
        ),
      ),
  };
}

type AuthResponse = { AuthenticationResult?: AuthenticationResultType; ChallengeName?: string; Session?: string };

/** One step of a sign-in: its answer as tokens or the next challenge, its failure as the port's error. */
async function authStep(send: () => Promise<AuthResponse>): Promise<AuthOutcome> {
  try {
    return toAuthOutcome(await send());
  } catch (error) {
    throw toAuthError(error);
  }
}

function toAuthOutcome(response: AuthResponse): AuthOutcome {
  const result = response.AuthenticationResult;
  if (result?.IdToken && result.AccessToken) {
    return {
      kind: 'tokens',
      tokens: {
        idToken: result.IdToken,
        accessToken: result.AccessToken,
        refreshToken: result.RefreshToken,
        expiresIn: result.ExpiresIn ?? 3600,
        tokenType: result.TokenType ?? 'Bearer',
      },
    };
  }
  if (response.ChallengeName && response.Session) {
    return { kind: 'challenge', challengeName: response.ChallengeName, session: response.Session };
  }
  throw toDependencyError('cognito', new Error('Cognito returned neither tokens nor a challenge'));
}

function toAuthError(error: unknown): Error {
  switch (errorName(error)) {
    // An unknown user must look exactly like a wrong password (no user enumeration).
    case 'NotAuthorizedException':
    case 'UserNotFoundException':
      return new InvalidCredentialsError(error);
    case 'InvalidPasswordException':
      return new InvalidPasswordError(error);
    case 'PasswordResetRequiredException':
    case 'UserNotConfirmedException':
      return new InvalidUserStateError('This account cannot sign in with a password right now.', error);
    default:
      return toDependencyError('cognito', error);
  }
}
