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
import type { AuthOutcome, CallerContext, IdentityProvider, IdentityUser } from '../../ports/identity-provider';
import {
  InvalidCredentialsError,
  InvalidPasswordError,
  InvalidUserStateError,
  OperationNotEnabledError,
  UserAlreadyExistsError,
  UserNotFoundError,
} from '../../shared/errors';
import { USER_ID_ATTRIBUTE_NAME } from '../../shared/identity-settings';
import { errorName, toDependencyError } from '../aws-errors';

/** The immutable custom attribute linking a Cognito user to our database user. */
export const USER_ID_ATTRIBUTE = `custom:${USER_ID_ATTRIBUTE_NAME}`;

/** The attributes `createUser` sets itself, whatever `attributes` says. */
const SET_AT_CREATION = new Set(['email', 'email_verified', USER_ID_ATTRIBUTE]);

/** Which user pool, and the app client its server-side sign-ins go through. */
export interface CognitoConfig {
  readonly userPoolId: string;
  readonly clientId: string;
}

/**
 * `IdentityProvider` over one user pool's admin APIs. A function builds one at cold start; each
 * flow declares the part of the port it calls, and the function's IAM policy allows just those calls.
 */
export class CognitoIdentityProvider implements IdentityProvider {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly config: CognitoConfig,
  ) {}

  /** AdminCreateUser: Cognito creates the user and emails the invitation (unless suppressed). */
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

  async findUser(usernameOrEmail: string): Promise<IdentityUser | undefined> {
    try {
      const user = await this.client.send(new AdminGetUserCommand({ UserPoolId: this.config.userPoolId, Username: usernameOrEmail }));
      return { ...toIdentityUser({ ...user, Attributes: user.UserAttributes }), mfaEnabled: (user.UserMFASettingList ?? []).length > 0 };
    } catch (error) {
      if (errorName(error) === 'UserNotFoundException') return undefined;
      throw toDependencyError('cognito', error);
    }
  }

  async addUserToGroup(username: string, group: string): Promise<void> {
    try {
      await this.client.send(new AdminAddUserToGroupCommand({ UserPoolId: this.config.userPoolId, Username: username, GroupName: group }));
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

  setTemporaryPassword(username: string, password: string): Promise<void> {
    return this.onUser(() =>
      this.client.send(new AdminSetUserPasswordCommand({ UserPoolId: this.config.userPoolId, Username: username, Password: password, Permanent: false })),
    );
  }

  async deleteSoftwareToken(username: string): Promise<void> {
    try {
      await this.client.send(new AdminDeleteSoftwareTokenCommand({ UserPoolId: this.config.userPoolId, Username: username }));
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
  }

  signOutEverywhere(username: string): Promise<void> {
    return this.onUser(() => this.client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: this.config.userPoolId, Username: username })));
  }

  disableUser(username: string): Promise<void> {
    return this.onUser(() => this.client.send(new AdminDisableUserCommand({ UserPoolId: this.config.userPoolId, Username: username })));
  }

  enableUser(username: string): Promise<void> {
    return this.onUser(() => this.client.send(new AdminEnableUserCommand({ UserPoolId: this.config.userPoolId, Username: username })));
  }

  /** ADMIN_USER_PASSWORD_AUTH through the app client, with where the caller really is (threat protection scores it). */
  passwordAuth(username: string, password: string, caller?: CallerContext): Promise<AuthOutcome> {
    return this.authStep(() =>
      this.client.send(
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
      ),
    );
  }

  respondToNewPasswordChallenge(username: string, newPassword: string, session: string): Promise<AuthOutcome> {
    return this.authStep(() =>
      this.client.send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: this.config.userPoolId,
          ClientId: this.config.clientId,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: session,
          ChallengeResponses: { USERNAME: username, NEW_PASSWORD: newPassword },
        }),
      ),
    );
  }

  /** An admin command on one existing user, with that user's errors. */
  private async onUser(send: () => Promise<unknown>): Promise<void> {
    try {
      await send();
    } catch (error) {
      throw toUserCommandError(error);
    }
  }

  /** One step of a sign-in: its answer as tokens or the next challenge, its failure as the port's error. */
  private async authStep(send: () => Promise<AuthResponse>): Promise<AuthOutcome> {
    try {
      return toAuthOutcome(await send());
    } catch (error) {
      throw toAuthError(error);
    }
  }
}

function attribute(attributes: AttributeType[] | undefined, name: string): string | undefined {
  return attributes?.find((item) => item.Name === name)?.Value;
}

/** A Cognito user as the port knows it. @throws DependencyUnavailableError when Cognito left out its username or sub. */
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

type AuthResponse = { AuthenticationResult?: AuthenticationResultType; ChallengeName?: string; Session?: string };

function toAuthOutcome(response: AuthResponse): AuthOutcome {
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
