import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { CognitoIdentityProvider } from '../adapters/cognito/cognito-identity-provider';
import { requireEnv } from '../shared/config';
import { SDK_CLIENT_OPTIONS } from './sdk-options';

/**
 * The user pool COGNITO_USER_POOL_ID through the app client COGNITO_CLIENT_ID, over a client of its
 * own. A route's composition builds one at cold start; its flows take the parts of the port they call.
 */
export function cognitoIdentityFromEnv(): CognitoIdentityProvider {
  const env = requireEnv('COGNITO_USER_POOL_ID', 'COGNITO_CLIENT_ID');
  return new CognitoIdentityProvider(new CognitoIdentityProviderClient(SDK_CLIENT_OPTIONS), {
    userPoolId: env.COGNITO_USER_POOL_ID,
    clientId: env.COGNITO_CLIENT_ID,
  });
}
