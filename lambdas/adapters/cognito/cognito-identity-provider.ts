import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { IdentityProvider } from '../../ports/identity-provider';
import { cognitoAccountControls } from './cognito-account-controls';
import { cognitoDirectory } from './cognito-directory';
import { cognitoInvitations } from './cognito-invitations';
import { cognitoSignIn } from './cognito-sign-in';
import type { CognitoUserPool } from './user-pool';

export { USER_ID_ATTRIBUTE } from './user-pool';

/** Which user pool, and the app client its sign-ins go through. */
export type CognitoConfig = Omit<CognitoUserPool, 'client'>;

// Declaration merging: the instance carries every capability's methods, assigned in the constructor.
export interface CognitoIdentityProvider extends IdentityProvider {}

/**
 * The whole `IdentityProvider` over one user pool: every capability adapter at once, for code that
 * uses them all (seeding, the local API). A Lambda function takes only the capabilities its flows
 * call (lambdas/composition/cognito.ts), so its bundle carries no Cognito code it never runs.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the constructor assigns every method the interface declares.
export class CognitoIdentityProvider {
  constructor(client: CognitoIdentityProviderClient, config: CognitoConfig) {
    const pool = { client, ...config };
    Object.assign(this, cognitoInvitations(pool), cognitoDirectory(pool), cognitoAccountControls(pool), cognitoSignIn(pool));
  }
}
