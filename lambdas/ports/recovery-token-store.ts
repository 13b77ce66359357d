/**
 * Lifecycle of a recovery token: ISSUED -> IN_PROGRESS (consumed; the Cognito user is being
 * replaced) -> COMPLETED. VOID: the email carrying it could not be sent.
 */
export type RecoveryTokenStatus = 'ISSUED' | 'IN_PROGRESS' | 'COMPLETED' | 'VOID';

/** A stored recovery token. Only the SHA-256 hash of the token is ever stored. */
export interface RecoveryTokenRecord {
  readonly tokenHash: string;
  readonly userId: string;
  /** The Cognito username linked to the user when the token was issued (the incarnation to replace). */
  readonly cognitoUsername: string;
  /** ISO-8601 timestamps. */
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly status: RecoveryTokenStatus;
  /** While IN_PROGRESS: until when the confirm that holds it may work undisturbed (ISO-8601). */
  readonly leaseUntil?: string;
}

/** The new Cognito incarnation a recovery links the database user to. */
export interface CognitoLink {
  readonly cognitoUsername: string;
  readonly cognitoSub: string;
}

/** Storage of recovery tokens and of each user's recovery state. Implemented by the DynamoDB adapter. */
export interface RecoveryTokenStore {
  /** Stores a new ISSUED token and makes it the user's only valid one (earlier tokens stop working). */
  issue(token: Omit<RecoveryTokenRecord, 'status' | 'leaseUntil'>): Promise<void>;
  /** Marks an ISSUED token VOID (its email was not sent). */
  voidToken(tokenHash: string): Promise<void>;
  findToken(tokenHash: string): Promise<RecoveryTokenRecord | undefined>;
  /**
   * Atomically turns the user's current, unexpired ISSUED token into IN_PROGRESS with a lease.
   * @returns `false` when the token is no longer consumable (used, superseded, expired, or another
   * recovery of the user is in progress): of two concurrent calls at most one returns `true`.
   */
  consume(token: RecoveryTokenRecord, now: Date, leaseUntil: Date): Promise<boolean>;
  /** Takes over an IN_PROGRESS token whose lease has run out. @returns `false` when someone else holds it. */
  takeOver(tokenHash: string, now: Date, leaseUntil: Date): Promise<boolean>;
  /** Ends the lease early after a failure, so a retry need not wait for it to run out. */
  release(tokenHash: string, now: Date): Promise<void>;
  /** In one transaction: links the user to `link`, marks the token COMPLETED, clears the in-progress marker. */
  complete(token: RecoveryTokenRecord, link: CognitoLink, now: Date): Promise<void>;
  /** The hash of the user's IN_PROGRESS token, if a recovery of that user was interrupted. */
  findInProgressTokenHash(userId: string): Promise<string | undefined>;
}
