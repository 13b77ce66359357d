import { randomUUID } from 'node:crypto';
import {
  NotAuthorizedException,
  UserNotFoundException,
  UsernameExistsException,
  type AttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import { secret } from '../../../support/secrets';

/** One user of the fake pool. */
export interface PoolUser {
  username: string;
  attributes: Record<string, string>;
  status: 'FORCE_CHANGE_PASSWORD' | 'CONFIRMED';
  password?: string;
  /** Whether a TOTP device is registered (sign-in then answers SOFTWARE_TOKEN_MFA, else MFA_SETUP). */
  mfaConfigured: boolean;
}

/**
 * An in-memory Cognito user pool with email as a case-insensitive sign-in alias and MFA required,
 * answering the admin commands the adapters send the way Cognito does (generated username and sub,
 * UsernameExistsException, UserNotFoundException, NotAuthorizedException). Records invitations.
 */
export class FakeUserPool {
  readonly users = new Map<string, PoolUser>();
  /** Emails Cognito sent an invitation (temporary password) to. */
  readonly invitations: string[] = [];

  byEmail(email: string): PoolUser | undefined {
    return [...this.users.values()].find((user) => user.attributes.email === email.toLowerCase());
  }

  private find(usernameOrEmail: string): PoolUser {
    const user = this.users.get(usernameOrEmail) ?? this.byEmail(usernameOrEmail);
    if (!user) throw new UserNotFoundException({ message: 'User does not exist.', $metadata: {} });
    return user;
  }

  adminGetUser(input: { Username: string }) {
    const user = this.find(input.Username);
    return { Username: user.username, UserAttributes: attributeList(user), UserStatus: user.status, Enabled: true };
  }

  adminCreateUser(input: { Username: string; UserAttributes?: AttributeType[]; MessageAction?: string; TemporaryPassword?: string }) {
    if (input.MessageAction === 'RESEND') throw new Error('FakeUserPool: RESEND is not used by MFA recovery');
    const email = input.Username.toLowerCase();
    if (this.byEmail(email)) throw new UsernameExistsException({ message: 'An account with the given email already exists.', $metadata: {} });
    const attributes: Record<string, string> = { sub: randomUUID() };
    for (const attribute of input.UserAttributes ?? []) attributes[attribute.Name as string] = attribute.Value as string;
    attributes.email = email;
    const user: PoolUser = {
      username: randomUUID(),
      attributes,
      status: 'FORCE_CHANGE_PASSWORD',
      password: input.TemporaryPassword ?? secret(`Temp-${randomUUID()}`),
      mfaConfigured: false,
    };
    this.users.set(user.username, user);
    if (input.MessageAction !== 'SUPPRESS') this.invitations.push(email);
    return { User: { Username: user.username, Attributes: attributeList(user), UserStatus: user.status, Enabled: true } };
  }

  adminDeleteUser(input: { Username: string }) {
    this.users.delete(this.find(input.Username).username);
    return {};
  }

  adminSetUserPassword(input: { Username: string; Password: string; Permanent?: boolean }) {
    const user = this.find(input.Username);
    user.password = input.Password;
    if (input.Permanent) user.status = 'CONFIRMED';
    return {};
  }

  adminInitiateAuth(input: { AuthFlow?: string; AuthParameters?: Record<string, string> }) {
    if (input.AuthFlow !== 'ADMIN_USER_PASSWORD_AUTH') throw new Error(`FakeUserPool: unsupported flow ${input.AuthFlow}`);
    let user: PoolUser;
    try {
      user = this.find(input.AuthParameters?.USERNAME ?? '');
    } catch {
      throw new NotAuthorizedException({ message: 'Incorrect username or password.', $metadata: {} });
    }
    if (user.password !== input.AuthParameters?.PASSWORD) {
      throw new NotAuthorizedException({ message: 'Incorrect username or password.', $metadata: {} });
    }
    const challenge = user.status === 'FORCE_CHANGE_PASSWORD' ? 'NEW_PASSWORD_REQUIRED' : user.mfaConfigured ? 'SOFTWARE_TOKEN_MFA' : 'MFA_SETUP';
    return { ChallengeName: challenge, Session: secret(`session-${randomUUID()}`), ChallengeParameters: {} };
  }
}

function attributeList(user: PoolUser): AttributeType[] {
  return Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value }));
}
