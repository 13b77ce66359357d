import type { AuditRecord } from './audit-trail';

/**
 * Lifecycle of a recovery token: ISSUED -> IN_PROGRESS (acquired by a confirm, which holds a lease
 * while it works) -> COMPLETED. VOID: the email carrying it could not be sent. SUPERSEDED: a newer
 * request replaced it (an ISSUED one, or an interrupted IN_PROGRESS one whose lease had run out).
 */
export type RecoveryTokenStatus = 'ISSUED' | 'IN_PROGRESS' | 'COMPLETED' | 'VOID' | 'SUPERSEDED';

/**
 * What a `recreate` recovery copies from the old Cognito user, saved on the token before that user
 * is deleted, so a retry after the delete still has it.
 */
export interface CognitoUserSnapshot {
  /** The old incarnation's `sub` (the one that must not be adopted as the new user). */
  readonly sub: string;
  /** Every attribute to give the new user, by wire name (`sub` excluded). */
  readonly attributes: Readonly<Record<string, string>>;
  readonly groups: readonly string[];
}

/** A stored recovery token. Only the SHA-256 hash of the token is ever stored (see recovery-token.ts). */
export interface RecoveryTokenRecord {
  readonly tokenHash: string;
  readonly userId: string;
  /** The Cognito username linked to the user when the token was issued (the user to reset or replace). */
  readonly cognitoUsername: string;
  /** The account's email when the token was issued (Cognito and database agreed on it then). */
  readonly email: string;
  /** ISO-8601 timestamps: issue; until when it may be redeemed; after which an interrupted recovery is refused. */
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly deadlineAt: string;
  readonly status: RecoveryTokenStatus;
  /** While IN_PROGRESS: until when the confirm that holds it may work undisturbed (ISO-8601). */
  readonly leaseUntil?: string;
  /** `recreate` only: the old Cognito user as it was before the delete. */
  readonly snapshot?: CognitoUserSnapshot;
}

export type NewRecoveryToken = Omit<RecoveryTokenRecord, 'status' | 'leaseUntil' | 'snapshot'>;

/** The new Cognito incarnation a `recreate` recovery links the database user to. */
export interface CognitoLink {
  readonly cognitoUsername: string;
  readonly cognitoSub: string;
}

/**
 * The outcome of `acquire`. `acquired`: the caller now holds the token (`resumed` when it took over
 * an interrupted recovery). Otherwise the token as found (undefined when unknown), so the caller
 * can tell "in progress elsewhere" and "past its deadline" from "invalid".
 */
export type Acquisition =
  | { readonly acquired: true; readonly record: RecoveryTokenRecord; readonly resumed: boolean }
  | { readonly acquired: false; readonly record?: RecoveryTokenRecord };

/** Reading stored recovery tokens and each user's recovery state. */
export interface RecoveryTokenLookup {
  findToken(tokenHash: string): Promise<RecoveryTokenRecord | undefined>;
  /** The user's most recently issued token, whatever its status. */
  findActiveToken(userId: string): Promise<RecoveryTokenRecord | undefined>;
}

/** Issuing recovery tokens: the request route's side of their lifecycle. Implemented by the DynamoDB adapter. */
export interface RecoveryTokenIssuer extends RecoveryTokenLookup {
  /**
   * Stores a new ISSUED token as the user's only valid one, in one transaction with superseding
   * `previous` (the user's active token as read before, if any; it must be ISSUED, or IN_PROGRESS
   * with its lease run out, and unchanged since it was read), and with `audit` (the link's
   * RECOVERY_LINK_ISSUED record): all of it is written or none.
   * @throws InvalidUserStateError when the user's recovery state changed since `previous` was read.
   */
  issue(token: NewRecoveryToken, previous: RecoveryTokenRecord | undefined, now: Date, audit: AuditRecord): Promise<void>;
  /** Marks an ISSUED token VOID (its email was not sent). */
  voidToken(tokenHash: string): Promise<void>;
}

/**
 * The issued tokens as the confirm route redeems them, and each user's recovery state: the rest of
 * their lifecycle after `RecoveryTokenIssuer.issue`. Implemented by the DynamoDB adapter.
 */
export interface RecoveryTokenStore extends RecoveryTokenLookup {
  /**
   * In one conditional write, either consumes an unexpired ISSUED token or takes over an
   * IN_PROGRESS one whose lease has run out and whose deadline has not passed; the caller then
   * holds it until `leaseUntil`. Of concurrent calls at most one acquires. `pastDeadline`: an
   * operator's repair may take over an interrupted recovery after its deadline too.
   */
  acquire(tokenHash: string, now: Date, leaseUntil: Date, options?: { readonly pastDeadline?: boolean }): Promise<Acquisition>;
  /** Undoes an acquire that consumed an ISSUED token and did nothing with it (the token is ISSUED again). */
  giveBack(token: RecoveryTokenRecord, leaseUntil: Date): Promise<void>;
  /** Saves what a `recreate` recovery copies, before it deletes the old Cognito user. */
  saveSnapshot(tokenHash: string, snapshot: CognitoUserSnapshot): Promise<void>;
  /** Ends the lease early after a failure, so a retry need not wait for it to run out. */
  release(tokenHash: string, now: Date): Promise<void>;
  /**
   * In one transaction: marks the token COMPLETED, appends `audit` (the RECOVERY_COMPLETED record)
   * and, after a `recreate`, links the user to `link`.
   */
  complete(token: RecoveryTokenRecord, now: Date, audit: AuditRecord, link?: CognitoLink): Promise<void>;
}
