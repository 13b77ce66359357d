import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { CognitoIdentityProvider } from '../adapters/cognito/cognito-identity-provider';
import { requireEnv } from '../shared/config';
import { SDK_CLIENT_OPTIONS } from './sdk-options';

/** The Cognito adapter configured from COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID. Call once at module scope. */
export function cognitoIdentityFromEnv(): CognitoIdentityProvider {
  const env = requireEnv('COGNITO_USER_POOL_ID', 'COGNITO_CLIENT_ID');
  return new CognitoIdentityProvider(new CognitoIdentityProviderClient(SDK_CLIENT_OPTIONS), {
    userPoolId: env.COGNITO_USER_POOL_ID,
    clientId: env.COGNITO_CLIENT_ID,
  });
}
