import { AdminCreateUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { IdentityInvitations } from '../../ports/identity-provider';
import { InvalidUserStateError, UserAlreadyExistsError, UserNotFoundError } from '../../shared/errors';
import { errorName, toDependencyError } from '../aws-errors';
import { type CognitoUserPool, toIdentityUser, USER_ID_ATTRIBUTE } from './user-pool';

/** The attributes `createUser` sets itself, whatever `attributes` says. */
const SET_AT_CREATION = new Set(['email', 'email_verified', USER_ID_ATTRIBUTE]);

/** `IdentityInvitations` over AdminCreateUser: Cognito creates the user and emails the (re-sent) invitation. */
export function cognitoInvitations({ client, userPoolId }: CognitoUserPool): IdentityInvitations {
  return {
    async createUser(input) {
      const extra = Object.entries(input.attributes ?? {}).filter(([name]) => !SET_AT_CREATION.has(name));
      try {
        const { User } = await client.send(
          new AdminCreateUserCommand({
            UserPoolId: userPoolId,
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
    },

    async resendInvitation(usernameOrEmail) {
      try {
        await client.send(
          new AdminCreateUserCommand({
            UserPoolId: userPoolId,
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
    },
  };
}
