import {
  AdminDeleteSoftwareTokenCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { IdentityAccountControls } from '../../ports/identity-provider';
import { OperationNotEnabledError } from '../../shared/errors';
import { errorName } from '../aws-errors';
import { type CognitoUserPool, toUserCommandError } from './user-pool';

/** `IdentityAccountControls` over the user pool's admin APIs for one existing user. */
export function cognitoAccountControls({ client, userPoolId }: CognitoUserPool): IdentityAccountControls {
  /** Runs an admin command on one existing user, with that user's errors. */
  async function onUser(send: () => Promise<unknown>): Promise<void> {
    try {
      await send();
    } catch (error) {
      throw toUserCommandError(error);
    }
  }

  return {
    setTemporaryPassword: (username, password) =>
      onUser(() => client.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: username, Password: password, Permanent: false }))),

    async deleteSoftwareToken(username) {
      try {
        await client.send(new AdminDeleteSoftwareTokenCommand({ UserPoolId: userPoolId, Username: username }));
      } catch (error) {
        // What Cognito answers for a user without a software token is not documented
        // (API_AdminDeleteSoftwareToken.html); an emulator answers ResourceNotFoundException
        // (docs/cognito-behaviours.md), and the local plugin does too. Success or that, no factor is what
        // this call wants, so a retry after the factor went converges. (A missing pool answers the same,
        // but every caller reaches this after a call on the same user and pool succeeded.)
        if (errorName(error) === 'ResourceNotFoundException') return;
        if (errorName(error) === 'OperationNotEnabledException') throw new OperationNotEnabledError('AdminDeleteSoftwareToken', error);
        throw toUserCommandError(error);
      }
    },

    signOutEverywhere: (username) => onUser(() => client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: userPoolId, Username: username }))),
    disableUser: (username) => onUser(() => client.send(new AdminDisableUserCommand({ UserPoolId: userPoolId, Username: username }))),
    enableUser: (username) => onUser(() => client.send(new AdminEnableUserCommand({ UserPoolId: userPoolId, Username: username }))),
  };
}
