import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteSoftwareTokenCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminListGroupsForUserCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  type AttributeType,
  type AuthenticationResultType,
  type CognitoIdentityProviderClient,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  InvalidCredentialsError,
  InvalidPasswordError,
  InvalidUserStateError,
  OperationNotEnabledError,
  UserAlreadyExistsError,
  UserNotFoundError,
} from '../../shared/errors';
import type { AuthOutcome, CallerContext, IdentityProvider, IdentityUser } from '../../ports/identity-provider';
import { USER_ID_ATTRIBUTE_NAME } from '../../shared/identity-settings';
import { errorName, toDependencyError } from '../aws-errors';

/** The immutable custom attribute linking a Cognito user to our database user. */
export const USER_ID_ATTRIBUTE = `custom:${USER_ID_ATTRIBUTE_NAME}`;

/** The attributes `createUser` sets itself, whatever `attributes` says. */
const SET_AT_CREATION = new Set(['email', 'email_verified', USER_ID_ATTRIBUTE]);

export interface CognitoConfig {
  readonly userPoolId: string;
  readonly clientId: string;
}

/** `IdentityProvider` over the Cognito user-pool admin APIs. The only code that speaks to Cognito. */
export class CognitoIdentityProvider implements IdentityProvider {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly config: CognitoConfig,
  ) {}

  async createUser(input: Parameters<IdentityProvider['createUser']>[0]): Promise<IdentityUser> {
    const extra = Object.entries(input.attributes ?? {}).filter(([name]) => !SET_AT_CREATION.has(name));
    try {
      const { User } = await this.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.config.userPoolId,
          Username: input.email,
          TemporaryPassword: input.temporaryPassword,
          MessageAction: input.suppressInvitation ? 'SUPPRESS' : undefined,
          DesiredDeliveryMediums: ['EMAIL'],
          UserAttributes: [
            { Name: 'email', Value: input.email },
            // The address was typed by an admin or is the one we recovered; Cognito must mail it, and
            // sign-in by email needs it verified.
            { Name: 'email_verified', Value: 'true' },
            { Name: USER_ID_ATTRIBUTE, Value: input.userId },
            ...extra.map(([Name, Value]) => ({ Name, Value })),
          ],
        }),
      );
      return toIdentityUser(User);
    } catch (error) {
      if (errorName(error) === 'UsernameExistsException') throw new UserAlreadyExistsError(error);
      throw toDependencyError('cognito', error);
    }
  }

  async findUser(usernameOrEmail: string): Promise<IdentityUser | undefined> {
    try {
      const user = await this.client.send(
        new AdminGetUserCommand({ UserPoolId: this.config.userPoolId, Username: usernameOrEmail }),
      );
      return { ...toIdentityUser({ ...user, Attributes: user.UserAttributes }), mfaEnabled: (user.UserMFASettingList ?? []).length > 0 };
    } catch (error) {
      if (errorName(error) === 'UserNotFoundException') return undefined;
      throw toDependencyError('cognito', error);
    }
  }

  async addUserToGroup(username: string, group: string): Promise<void> {
    try {
      await this.client.send(
        new AdminAddUserToGroupCommand({ UserPoolId: this.config.userPoolId, Username: username, GroupName: group }),
      );
    } catch (error) {
      throw toDependencyError('cognito', error);
    }
  }

  async listGroups(username: string): Promise<string[]> {
    const groups: string[] = [];
    let nextToken: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new AdminListGroupsForUserCommand({ UserPoolId: this.config.userPoolId, Username: username, Limit: 60, NextToken: nextToken }),
        );
        groups.push(...(page.Groups ?? []).flatMap((group) => (group.GroupName ? [group.GroupName] : [])));
        nextToken = page.NextToken;
      } while (nextToken);
    } catch (error) {
      throw toUserCommandError(error);
    }
    return groups;
  }

  async deleteUser(username: string): Promise<void> {
    try {
      await this.client.send(new AdminDeleteUserCommand({ UserPoolId: this.config.userPoolId, Username: username }));
    } catch (error) {
      if (errorName(error) === 'UserNotFoundException') return;
      throw toDependencyError('cognito', error);
    }
  }

  async resendInvitation(usernameOrEmail: string): Promise<void> {
    try {
      await this.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.config.userPoolId,
          Username: usernameOrEmail,
          MessageAction: 'RESEND',
          DesiredDeliveryMediums: ['EMAIL'],
        }),
      );
    } catch (error) {
      if (errorName(error) === 'UserNotFoundException') throw new UserNotFoundError(error);
      if (errorName(error) === 'UnsupportedUserStateException') {
        throw new InvalidUserStateError('This user has already set a password; there is no invitation to resend.', error);
      }
      throw toDependencyError('cognito', error);
    }
  }

  async setTemporaryPassword(username: string, password: string): Promise<void> {
    try {
      await this.client.send(
        new AdminSetUserPasswordCommand({ UserPoolId: this.config.userPoolId, Username: username, Password: password, Permanent: false }),
      );
    } catch (error) {
      throw toUserCommandError(error);
    }
  }

  async deleteSoftwareToken(username: string): Promise<void> {
    try {
      await this.client.send(new AdminDeleteSoftwareTokenCommand({ UserPoolId: this.config.userPoolId, Username: username }));
    } catch (error) {
      if (errorName(error) === 'OperationNotEnabledException') throw new OperationNotEnabledError('AdminDeleteSoftwareToken', error);
      throw toUserCommandError(error);
    }
  }

  async signOutEverywhere(username: string): Promise<void> {
    try {
      await this.client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: this.config.userPoolId, Username: username }));
    } catch (error) {
      throw toUserCommandError(error);
    }
  }

  async disableUser(username: string): Promise<void> {
    try {
      await this.client.send(new AdminDisableUserCommand({ UserPoolId: this.config.userPoolId, Username: username }));
    } catch (error) {
      throw toUserCommandError(error);
    }
  }

  async enableUser(username: string): Promise<void> {
    try {
      await this.client.send(new AdminEnableUserCommand({ UserPoolId: this.config.userPoolId, Username: username }));
    } catch (error) {
      throw toUserCommandError(error);
    }
  }

  async passwordAuth(username: string, password: string, caller?: CallerContext): Promise<AuthOutcome> {
    try {
      const response = await this.client.send(
        new AdminInitiateAuthCommand({
          UserPoolId: this.config.userPoolId,
          ClientId: this.config.clientId,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: username, PASSWORD: password },
          ContextData: caller && {
            IpAddress: caller.sourceIp,
            ServerName: caller.serverName,
            ServerPath: caller.serverPath,
            HttpHeaders: caller.userAgent ? [{ headerName: 'User-Agent', headerValue: caller.userAgent }] : [],
          },
        }),
      );
      return toAuthOutcome(response);
    } catch (error) {
      throw toAuthError(error);
    }
  }

  async respondToNewPasswordChallenge(username: string, newPassword: string, session: string): Promise<AuthOutcome> {
    try {
      const response = await this.client.send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: this.config.userPoolId,
          ClientId: this.config.clientId,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: session,
          ChallengeResponses: { USERNAME: username, NEW_PASSWORD: newPassword },
        }),
      );
      return toAuthOutcome(response);
    } catch (error) {
      throw toAuthError(error);
    }
  }
}

function attribute(attributes: AttributeType[] | undefined, name: string): string | undefined {
  return attributes?.find((item) => item.Name === name)?.Value;
}

function toIdentityUser(user: UserType | undefined): IdentityUser {
  const sub = attribute(user?.Attributes, 'sub');
  if (!user?.Username || !sub) throw toDependencyError('cognito', new Error('Cognito returned a user without username or sub'));
  return {
    username: user.Username,
    sub,
    userId: attribute(user.Attributes, USER_ID_ATTRIBUTE),
    email: attribute(user.Attributes, 'email'),
    status: user.UserStatus,
    enabled: user.Enabled === true,
    createdAt: user.UserCreateDate,
    attributes: Object.fromEntries((user.Attributes ?? []).map((item) => [item.Name, item.Value ?? ''])),
  };
}

/** Errors of an admin command on one existing user. */
function toUserCommandError(error: unknown): Error {
  switch (errorName(error)) {
    case 'UserNotFoundException':
      return new UserNotFoundError(error);
    case 'InvalidPasswordException':
      return new InvalidPasswordError(error);
    default:
      return toDependencyError('cognito', error);
  }
}

function toAuthOutcome(response: {
  AuthenticationResult?: AuthenticationResultType;
  ChallengeName?: string;
  Session?: string;
}): AuthOutcome {
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
