import {
  AdminAddUserToGroupCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { IdentityDirectory } from '../../ports/identity-provider';
import { errorName, toDependencyError } from '../aws-errors';
import { type CognitoUserPool, toIdentityUser, toUserCommandError } from './user-pool';

/** `IdentityDirectory` over the user pool's admin APIs for users and groups. */
export function cognitoDirectory({ client, userPoolId }: CognitoUserPool): IdentityDirectory {
  return {
    async findUser(usernameOrEmail) {
      try {
        const user = await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: usernameOrEmail }));
        return { ...toIdentityUser({ ...user, Attributes: user.UserAttributes }), mfaEnabled: (user.UserMFASettingList ?? []).length > 0 };
      } catch (error) {
        if (errorName(error) === 'UserNotFoundException') return undefined;
        throw toDependencyError('cognito', error);
      }
    },

    async addUserToGroup(username, group) {
      try {
        await client.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName: group }));
      } catch (error) {
        throw toDependencyError('cognito', error);
      }
    },

    async listGroups(username) {
      const groups: string[] = [];
      let nextToken: string | undefined;
      try {
        do {
          const page = await client.send(new AdminListGroupsForUserCommand({ UserPoolId: userPoolId, Username: username, Limit: 60, NextToken: nextToken }));
          groups.push(...(page.Groups ?? []).flatMap((group) => (group.GroupName ? [group.GroupName] : [])));
          nextToken = page.NextToken;
        } while (nextToken);
      } catch (error) {
        throw toUserCommandError(error);
      }
      return groups;
    },

    async deleteUser(username) {
      try {
        await client.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: username }));
      } catch (error) {
        if (errorName(error) === 'UserNotFoundException') return;
        throw toDependencyError('cognito', error);
      }
    },
  };
}
