/** A signed-in user as the in-code check of `user` routes reads them (their User, and AdminInfo if an admin). */
export interface SignedInUser {
  /** Our user id (the token's `custom:userId`). */
  readonly userId: string;
  /** The Cognito `sub` of the user's current incarnation: the token's must be this one. */
  readonly cognitoSub: string;
  /** An admin deactivated since (their AdminInfo says DEACTIVATED); never true of other users. */
  readonly deactivated: boolean;
  /** The user's latest sign-in as the post-authentication trigger recorded it (ISO-8601); absent until the first. */
  readonly lastSignInAt?: string;
}

/** The users who call `user` routes, read strongly consistently on every request. */
export interface SignedInUsers {
  /** The user with this id, or `undefined` when the database has none. */
  findSignedInUser(userId: string): Promise<SignedInUser | undefined>;
}
