import { AdminSetUserPasswordCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SDK_CLIENT_OPTIONS } from '../../lambdas/composition/sdk-options';
import { requireEnv } from '../../lambdas/shared/config';

/**
 * Sets a fixture's permanent password, so it signs in without the first-sign-in change. Seeding only:
 * no production flow may do this, so it is not on the `IdentityProvider` port (seeding-only code stays
 * out of production ports) and no handler bundles it.
 */
export type SetPermanentPassword = (username: string, password: string) => Promise<void>;

/** `SetPermanentPassword` over Cognito's AdminSetUserPassword. SDK errors reach the seeding caller as they are. */
export function cognitoPermanentPassword(client: CognitoIdentityProviderClient, userPoolId: string): SetPermanentPassword {
  return async (username, password) => {
    await client.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: username, Password: password, Permanent: true }));
  };
}

/** The same, configured from COGNITO_USER_POOL_ID (the seed script's environment). */
export function permanentPasswordFromEnv(): SetPermanentPassword {
  const { COGNITO_USER_POOL_ID } = requireEnv('COGNITO_USER_POOL_ID');
  return cognitoPermanentPassword(new CognitoIdentityProviderClient(SDK_CLIENT_OPTIONS), COGNITO_USER_POOL_ID);
}
