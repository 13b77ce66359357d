import type { AttributeType, CognitoIdentityProviderClient, UserType } from '@aws-sdk/client-cognito-identity-provider';
import type { IdentityUser } from '../../ports/identity-provider';
import { InvalidPasswordError, UserNotFoundError } from '../../shared/errors';
import { USER_ID_ATTRIBUTE_NAME } from '../../shared/identity-settings';
import { errorName, toDependencyError } from '../aws-errors';

/** The immutable custom attribute linking a Cognito user to our database user. */
export const USER_ID_ATTRIBUTE = `custom:${USER_ID_ATTRIBUTE_NAME}`;

/** The user pool every Cognito adapter of a function speaks to, over the one client the function builds at cold start. */
export interface CognitoUserPool {
  readonly client: CognitoIdentityProviderClient;
  readonly userPoolId: string;
  /** The app client server-side sign-ins authenticate through. */
  readonly clientId: string;
}

function attribute(attributes: AttributeType[] | undefined, name: string): string | undefined {
  return attributes?.find((item) => item.Name === name)?.Value;
}

/** A Cognito user as the port knows it. @throws DependencyUnavailableError when Cognito left out its username or sub. */
export function toIdentityUser(user: UserType | undefined): IdentityUser {
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
export function toUserCommandError(error: unknown): Error {
  switch (errorName(error)) {
    case 'UserNotFoundException':
      return new UserNotFoundError(error);
    case 'InvalidPasswordException':
      return new InvalidPasswordError(error);
    default:
      return toDependencyError('cognito', error);
  }
}
