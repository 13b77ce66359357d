import { randomUUID } from 'node:crypto';
import {
  InvalidPasswordException,
  NotAuthorizedException,
  OperationNotEnabledException,
  ResourceNotFoundException,
  UnsupportedUserStateException,
  UserNotFoundException,
  UsernameExistsException,
  type AttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import { PASSWORD_POLICY } from '../../../../lib/user-pool-settings';
import { secret } from '../../../support/secrets';

/** One user of the fake pool. */
export interface PoolUser {
  username: string;
  attributes: Record<string, string>;
  status: 'FORCE_CHANGE_PASSWORD' | 'CONFIRMED';
  password?: string;
  /** Whether a TOTP device is registered (sign-in then answers SOFTWARE_TOKEN_MFA, else MFA_SETUP). */
  mfaConfigured: boolean;
  /** `false` once an administrator disabled the user. */
  enabled: boolean;
  /** The groups the user is a member of. */
  groups: Set<string>;
  /** Refresh tokens of the user's live sessions; a global sign-out revokes them all. */
  refreshTokens: Set<string>;
  /** When this incarnation was created. */
  createdAt: Date;
}

/**
 * An in-memory Cognito user pool with email as a case-insensitive sign-in alias and MFA required,
 * answering the admin commands the adapters send the way Cognito does (generated username and sub,
 * UsernameExistsException, UserNotFoundException, NotAuthorizedException, the password policy,
 * RESEND only for FORCE_CHANGE_PASSWORD users, groups that must exist). Records invitations.
 */
export class FakeUserPool {
  readonly users = new Map<string, PoolUser>();
  /** Emails Cognito sent an invitation (temporary password) to. */
  readonly invitations: string[] = [];
  /** The pool's groups. */
  readonly groups = new Set<string>(['admins']);
  /** A pool in a secondary replica region: AdminDeleteSoftwareToken is not offered there. */
  replicaRegion = false;
  /**
   * AdminDeleteSoftwareToken's answer for a user without a TOTP factor: ResourceNotFoundException, as
   * API_AdminDeleteSoftwareToken.html documents it, or the more lenient success.
   */
  absentFactorAnswer: 'ResourceNotFoundException' | 'success' = 'ResourceNotFoundException';

  byEmail(email: string): PoolUser | undefined {
    return [...this.users.values()].find((user) => user.attributes.email === email.toLowerCase());
  }

  private find(usernameOrEmail: string): PoolUser {
    const user = this.users.get(usernameOrEmail) ?? this.byEmail(usernameOrEmail);
    if (!user) throw new UserNotFoundException({ message: 'User does not exist.', $metadata: {} });
    return user;
  }

  /** A new live session of `username`, as a sign-in would leave it; returns its refresh token. */
  startSession(username: string): string {
    const token = secret(`refresh-${randomUUID()}`);
    this.find(username).refreshTokens.add(token);
    return token;
  }

  adminGetUser(input: { Username: string }) {
    const user = this.find(input.Username);
    return {
      Username: user.username,
      UserAttributes: attributeList(user),
      ...state(user),
      UserMFASettingList: user.mfaConfigured ? ['SOFTWARE_TOKEN_MFA'] : undefined,
    };
  }

  adminCreateUser(input: { Username: string; UserAttributes?: AttributeType[]; MessageAction?: string; TemporaryPassword?: string }) {
    if (input.MessageAction === 'RESEND') return this.resend(input);
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
      enabled: true,
      groups: new Set(),
      refreshTokens: new Set(),
      createdAt: new Date(),
    };
    this.users.set(user.username, user);
    if (input.MessageAction !== 'SUPPRESS') this.invitations.push(email);
    return { User: { Username: user.username, Attributes: attributeList(user), ...state(user) } };
  }

  /** RESEND: a new temporary password, emailed; only for a user that has not set its own password yet. */
  private resend(input: { Username: string; TemporaryPassword?: string }) {
    const user = this.find(input.Username);
    if (user.status !== 'FORCE_CHANGE_PASSWORD')
      throw new UnsupportedUserStateException({ message: 'User is not in FORCE_CHANGE_PASSWORD state.', $metadata: {} });
    user.password = input.TemporaryPassword ?? secret(`Temp-${randomUUID()}`);
    this.invitations.push(user.attributes.email);
    return { User: { Username: user.username, Attributes: attributeList(user), ...state(user) } };
  }

  adminDeleteUser(input: { Username: string }) {
    this.users.delete(this.find(input.Username).username);
    return {};
  }

  adminSetUserPassword(input: { Username: string; Password: string; Permanent?: boolean }) {
    const user = this.find(input.Username);
    if (!meetsPolicy(input.Password)) throw new InvalidPasswordException({ message: 'Password does not conform to policy.', $metadata: {} });
    user.password = input.Password;
    user.status = input.Permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
    return {};
  }

  adminDeleteSoftwareToken(input: { Username: string }) {
    if (this.replicaRegion) throw new OperationNotEnabledException({ message: 'Operation is not enabled in this region.', $metadata: {} });
    const user = this.find(input.Username);
    if (!user.mfaConfigured && this.absentFactorAnswer === 'ResourceNotFoundException') {
      throw new ResourceNotFoundException({ message: 'Software token not found for the user.', $metadata: {} });
    }
    user.mfaConfigured = false;
    return {};
  }

  adminUserGlobalSignOut(input: { Username: string }) {
    this.find(input.Username).refreshTokens.clear();
    return {};
  }

  adminAddUserToGroup(input: { Username: string; GroupName: string }) {
    const user = this.find(input.Username);
    if (!this.groups.has(input.GroupName)) throw new ResourceNotFoundException({ message: 'Group not found.', $metadata: {} });
    user.groups.add(input.GroupName);
    return {};
  }

  adminListGroupsForUser(input: { Username: string; Limit?: number; NextToken?: string }) {
    const names = [...this.find(input.Username).groups].sort();
    const start = Number(input.NextToken ?? 0);
    const end = start + (input.Limit ?? 50);
    return {
      Groups: names.slice(start, end).map((GroupName) => ({ GroupName })),
      NextToken: end < names.length ? String(end) : undefined,
    };
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
    if (!user.enabled) throw new NotAuthorizedException({ message: 'User is disabled.', $metadata: {} });
    const challenge = user.status === 'FORCE_CHANGE_PASSWORD' ? 'NEW_PASSWORD_REQUIRED' : user.mfaConfigured ? 'SOFTWARE_TOKEN_MFA' : 'MFA_SETUP';
    return { ChallengeName: challenge, Session: this.openSession(user.username, challenge), ChallengeParameters: {} };
  }

  /**
   * Answers NEW_PASSWORD_REQUIRED: the session must be one this pool opened for that challenge and
   * user (NotAuthorizedException otherwise), the password must meet the policy; the user is then
   * CONFIRMED with it and the next challenge is MFA_SETUP (or SOFTWARE_TOKEN_MFA). API_AdminRespondToAuthChallenge.html
   */
  adminRespondToAuthChallenge(input: { ChallengeName?: string; Session?: string; ChallengeResponses?: Record<string, string> }) {
    if (input.ChallengeName !== 'NEW_PASSWORD_REQUIRED') throw new Error(`FakeUserPool: unsupported challenge ${input.ChallengeName}`);
    const session = this.sessions.get(input.Session ?? '');
    const user = session && this.users.get(session.username);
    if (!user || session.challenge !== input.ChallengeName || this.byEmail(input.ChallengeResponses?.USERNAME ?? '') !== user) {
      throw new NotAuthorizedException({ message: 'Invalid session for the user.', $metadata: {} });
    }
    const password = input.ChallengeResponses?.NEW_PASSWORD ?? '';
    if (!meetsPolicy(password)) throw new InvalidPasswordException({ message: 'Password does not conform to policy.', $metadata: {} });
    this.sessions.delete(input.Session as string);
    user.password = password;
    user.status = 'CONFIRMED';
    const next = user.mfaConfigured ? 'SOFTWARE_TOKEN_MFA' : 'MFA_SETUP';
    return { ChallengeName: next, Session: this.openSession(user.username, next), ChallengeParameters: {} };
  }

  adminDisableUser(input: { Username: string }) {
    this.find(input.Username).enabled = false;
    return {};
  }

  adminEnableUser(input: { Username: string }) {
    this.find(input.Username).enabled = true;
    return {};
  }

  /** Challenge sessions this pool opened: for whom, and which challenge they answer. */
  private readonly sessions = new Map<string, { username: string; challenge: string }>();

  private openSession(username: string, challenge: string): string {
    const session = secret(`session-${randomUUID()}`);
    this.sessions.set(session, { username, challenge });
    return session;
  }
}

function meetsPolicy(password: string): boolean {
  return (
    password.length >= PASSWORD_POLICY.minLength && /[a-z]/.test(password) && /[A-Z]/.test(password) && /\d/.test(password) && /[^A-Za-z0-9]/.test(password)
  );
}

function state(user: PoolUser) {
  return { UserStatus: user.status, Enabled: user.enabled, UserCreateDate: user.createdAt };
}

function attributeList(user: PoolUser): AttributeType[] {
  return Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value }));
}
