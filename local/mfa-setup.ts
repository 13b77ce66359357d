import {
  AssociateSoftwareTokenCommand,
  type AuthenticationResultType,
  type CognitoIdentityProviderClient,
  RespondToAuthChallengeCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { totp } from './totp';

export interface MfaSetupResult {
  /** The base32 TOTP secret an authenticator app would have scanned. */
  readonly secret: string;
  readonly tokens: AuthenticationResultType;
}

/**
 * Answers Cognito's `MFA_SETUP` challenge the way a frontend does with Cognito's public APIs:
 * AssociateSoftwareToken (the secret), VerifySoftwareToken (a TOTP code from it), then
 * RespondToAuthChallenge `MFA_SETUP` for the tokens.
 *
 * @param session - The session of the `MFA_SETUP` challenge (e.g. from POST /auth/new-password).
 */
export async function completeMfaSetup(
  cognito: CognitoIdentityProviderClient,
  input: { clientId: string; username: string; session: string },
): Promise<MfaSetupResult> {
  const associated = await cognito.send(new AssociateSoftwareTokenCommand({ Session: input.session }));
  const secret = associated.SecretCode as string;
  const verified = await cognito.send(
    new VerifySoftwareTokenCommand({ Session: associated.Session, UserCode: totp(secret), FriendlyDeviceName: 'authenticator' }),
  );
  const answered = await cognito.send(
    new RespondToAuthChallengeCommand({
      ClientId: input.clientId,
      ChallengeName: 'MFA_SETUP',
      Session: verified.Session,
      ChallengeResponses: { USERNAME: input.username },
    }),
  );
  if (!answered.AuthenticationResult) throw new Error(`MFA setup ended with ${answered.ChallengeName ?? 'no tokens'}`);
  return { secret, tokens: answered.AuthenticationResult };
}
