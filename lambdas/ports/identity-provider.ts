/** A user as the identity provider (Cognito) knows it. */
export interface IdentityUser {
  /** The provider's username (for an email-as-username pool Cognito makes this a UUID). */
  readonly username: string;
  /** The immutable `sub` of this incarnation of the user; it changes if the user is recreated. */
  readonly sub: string;
  /** Our database user id, from the immutable `custom:userId` attribute set at creation. */
  readonly userId?: string;
  /** The `email` attribute (an operator may have changed it since creation). */
  readonly email?: string;
  /** e.g. FORCE_CHANGE_PASSWORD, CONFIRMED. */
  readonly status?: string;
  /** `false` when an administrator disabled the user (it cannot sign in). */
  readonly enabled: boolean;
  /** When this incarnation was created. */
  readonly createdAt?: Date;
  /** Whether a second factor (TOTP) is set up; known from `findUser` only. */
  readonly mfaEnabled?: boolean;
  /** Every attribute Cognito returned, by wire name (`sub`, `email`, `given_name`, `custom:userId`, ...). */
  readonly attributes?: Readonly<Record<string, string>>;
}

export interface AuthTokens {
  readonly idToken: string;
  readonly accessToken: string;
  readonly refreshToken?: string;
  readonly expiresIn: number;
  readonly tokenType: string;
}

/** The result of one authentication step: either tokens, or the next challenge to answer. */
export type AuthOutcome =
  | { readonly kind: 'tokens'; readonly tokens: AuthTokens }
  | { readonly kind: 'challenge'; readonly challengeName: string; readonly session: string };

/**
 * Where a sign-in attempt really comes from. Server-side sign-ins pass it to Cognito so threat
 * protection scores the end user's IP and device, not the Lambda function's.
 */
export interface CallerContext {
  readonly sourceIp: string;
  /** The API's host name and the request path, as the end user called them. */
  readonly serverName: string;
  readonly serverPath: string;
  readonly userAgent?: string;
}

/** The invitations the provider emails: an invited user's creation, and the invitation sent again. */
export interface IdentityInvitations {
  /**
   * Creates a user that must set a new password at first sign-in; the provider emails the invitation
   * unless `suppressInvitation` (used by fixture seeding, which sets the password itself, outside this port).
   * @throws UserAlreadyExistsError when the email is taken.
   */
  createUser(input: {
    email: string;
    userId: string;
    temporaryPassword?: string;
    suppressInvitation?: boolean;
    /** Further attributes, by wire name (e.g. copied from an earlier incarnation); `email`, `email_verified` and `custom:userId` are set from the fields above. */
    attributes?: Readonly<Record<string, string>>;
  }): Promise<IdentityUser>;
  /**
   * Re-sends the invitation with a new temporary password (Cognito generates and emails it).
   * @param usernameOrEmail - The username or the email alias.
   * @throws UserNotFoundError, InvalidUserStateError (the user already set a password).
   */
  resendInvitation(usernameOrEmail: string): Promise<void>;
}

/** The provider's users as a directory: look-up, group membership, removal. */
export interface IdentityDirectory {
  /** Looks a user up by username or email; `undefined` when there is none. */
  findUser(usernameOrEmail: string): Promise<IdentityUser | undefined>;
  /** Adds the user to `group`; adding a member again succeeds. */
  addUserToGroup(username: string, group: string): Promise<void>;
  /** Every group the user is a member of. @throws UserNotFoundError. */
  listGroups(username: string): Promise<string[]>;
  /** Deletes the user; deleting a user that is already gone succeeds (compensation must be retry-safe). */
  deleteUser(username: string): Promise<void>;
}

/** An administrator's controls over an existing user's credentials, sessions and access. */
export interface IdentityAccountControls {
  /**
   * Sets a temporary password: the user must choose a new one at the next sign-in (FORCE_CHANGE_PASSWORD),
   * and the old password stops working at once.
   * @throws UserNotFoundError; InvalidPasswordError when the policy rejects it.
   */
  setTemporaryPassword(username: string, password: string): Promise<void>;
  /**
   * Removes the user's TOTP factor and TOTP preference; in a pool that requires MFA the next sign-in
   * answers MFA_SETUP. Retry-safe: a user without a factor is left as it is, whether Cognito answers
   * success or ResourceNotFoundException (its documented answer) for it.
   * @throws UserNotFoundError; OperationNotEnabledError where Cognito does not offer it (replica regions).
   */
  deleteSoftwareToken(username: string): Promise<void>;
  /**
   * Signs the user out of every session: its refresh tokens are revoked (access and ID tokens run out).
   * @throws UserNotFoundError.
   */
  signOutEverywhere(username: string): Promise<void>;
  /** Disables the user: no sign-in, no token refresh. Retry-safe. @throws UserNotFoundError. */
  disableUser(username: string): Promise<void>;
  /** Enables a disabled user again. Retry-safe. @throws UserNotFoundError. */
  enableUser(username: string): Promise<void>;
}

/** Server-side password sign-in and the challenges it answers. */
export interface IdentitySignIn {
  /**
   * First leg of a server-side password sign-in.
   * @throws InvalidCredentialsError for a wrong password or an unknown user alike.
   */
  passwordAuth(username: string, password: string, caller?: CallerContext): Promise<AuthOutcome>;
  /** Answers NEW_PASSWORD_REQUIRED. @throws InvalidPasswordError when the policy rejects the password. */
  respondToNewPasswordChallenge(username: string, newPassword: string, session: string): Promise<AuthOutcome>;
}

/**
 * What the flows need from the identity provider, named by capability so each flow can depend on
 * just the methods it calls; one adapter (lambdas/adapters/cognito) implements it all.
 */
export interface IdentityProvider extends IdentityInvitations, IdentityDirectory, IdentityAccountControls, IdentitySignIn {}
