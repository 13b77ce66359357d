import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { cognitoAccountControls } from '../adapters/cognito/cognito-account-controls';
import { cognitoDirectory } from '../adapters/cognito/cognito-directory';
import { CognitoIdentityProvider } from '../adapters/cognito/cognito-identity-provider';
import { cognitoInvitations } from '../adapters/cognito/cognito-invitations';
import { cognitoSignIn } from '../adapters/cognito/cognito-sign-in';
import type { CognitoUserPool } from '../adapters/cognito/user-pool';
import type { IdentityAccountControls, IdentityDirectory, IdentityInvitations, IdentitySignIn } from '../ports/identity-provider';
import { requireEnv } from '../shared/config';
import { SDK_CLIENT_OPTIONS } from './sdk-options';

let userPool: CognitoUserPool | undefined;

/**
 * The user pool from COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID, with one client per Lambda instance,
 * built on first use at cold start and shared by every Cognito capability the function takes.
 */
function userPoolFromEnv(): CognitoUserPool {
  userPool ??= cognitoUserPool(new CognitoIdentityProviderClient(SDK_CLIENT_OPTIONS));
  return userPool;
}

function cognitoUserPool(client: CognitoIdentityProviderClient): CognitoUserPool {
  const env = requireEnv('COGNITO_USER_POOL_ID', 'COGNITO_CLIENT_ID');
  return { client, userPoolId: env.COGNITO_USER_POOL_ID, clientId: env.COGNITO_CLIENT_ID };
}

// Each function takes the capabilities its flows call (combined with spread where a flow needs several),
// so its bundle carries only the Cognito commands it may run. Call them once at module scope.

/** Creating invited users and re-sending invitations. */
export const cognitoInvitationsFromEnv = (): IdentityInvitations => cognitoInvitations(userPoolFromEnv());
/** Looking users up, their groups, deleting them. */
export const cognitoDirectoryFromEnv = (): IdentityDirectory => cognitoDirectory(userPoolFromEnv());
/** Temporary passwords, factor removal, global sign-out, disable and enable. */
export const cognitoAccountControlsFromEnv = (): IdentityAccountControls => cognitoAccountControls(userPoolFromEnv());
/** Server-side password sign-in and its challenges. */
export const cognitoSignInFromEnv = (): IdentitySignIn => cognitoSignIn(userPoolFromEnv());

/** Every Cognito capability at once, over a client of its own, for tooling that uses them all (seeding, the local API). */
export function cognitoIdentityFromEnv(): CognitoIdentityProvider {
  const { client, ...config } = cognitoUserPool(new CognitoIdentityProviderClient(SDK_CLIENT_OPTIONS));
  return new CognitoIdentityProvider(client, config);
}
