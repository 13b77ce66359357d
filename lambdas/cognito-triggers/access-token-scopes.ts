import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';

/**
 * The scopes taken out of every access token. `aws.cognito.signin.user.admin` lets the token's
 * holder call Cognito's self-service APIs (DeleteUser, AssociateSoftwareToken + VerifySoftwareToken,
 * UpdateUserAttributes, ChangePassword...): a stolen access token could delete the account or enrol
 * the thief's authenticator. Nothing of ours uses them: the web app signs in with SRP, enrols the
 * first authenticator with the MFA_SETUP session (not a token) and signs out with RevokeToken.
 */
export const SUPPRESSED_ACCESS_TOKEN_SCOPES = ['aws.cognito.signin.user.admin'] as const;

/**
 * The pre-token-generation (V2_0 event) answer: suppress those scopes, change nothing else. Needs the
 * Essentials or Plus feature plan (the pool is on Plus).
 */
export function suppressSelfServiceScopes(event: PreTokenGenerationV2TriggerEvent): void {
  event.response = {
    ...event.response,
    claimsAndScopeOverrideDetails: {
      ...event.response?.claimsAndScopeOverrideDetails,
      accessTokenGeneration: { scopesToSuppress: [...SUPPRESSED_ACCESS_TOKEN_SCOPES] },
    },
  };
}
