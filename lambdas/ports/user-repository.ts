import type { AuditRecord } from './audit-trail';
import type { LicenseRecord } from './license-repository';
import type { CognitoLink, CognitoUserSnapshot } from './recovery-token-store';

export type UserRole = 'admin' | 'practitioner';

/**
 * The application's user. `userId` is ours and permanent; the Cognito link (`cognitoUsername`,
 * `cognitoSub`) is the *current* incarnation and is rewritten when the Cognito user is recreated.
 */
export interface UserRecord {
  readonly userId: string;
  readonly email: string;
  readonly role: UserRole;
  readonly cognitoUsername: string;
  readonly cognitoSub: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /**
   * When the user last reset their password with a code emailed to them (ISO-8601; the post-confirmation
   * trigger records it). Self-serve MFA recovery is refused for a cooling-off period after it.
   */
  readonly lastPasswordResetAt?: string;
  /**
   * An admin MFA reset under the `recreate` strategy in progress: the old Cognito user as it was before
   * its delete, so calling again recreates it from here. The relink to the new user removes it.
   */
  readonly recreateSnapshot?: CognitoUserSnapshot;
}

/** Admin-only data, one per admin `User`, linked by `userId` (see AdminEntry in admin-directory.ts for its other uses). */
export interface AdminInfoRecord {
  readonly userId: string;
  /** A copy of the User's email, so the admin list needs no second read. Users cannot change their email. */
  readonly email: string;
  /** User id of the admin who provisioned this one (the id GET /admins shows; records written before this rule hold their `sub`). */
  readonly createdBy: string;
  readonly createdAt: string;
  readonly accountStatus: 'ACTIVE';
  readonly lastInvitedAt: string;
}

/**
 * One run of provisioning for one Cognito user: its records are written only if no roll-back fenced
 * that user after the run began (see `fenceProvisioning`).
 */
export interface ProvisioningAttempt {
  /** Unique per run: the records' commit names it, so a run can tell its own commit from another's. */
  readonly attemptId: string;
  /** ISO-8601: when the run began; a fence set after this refuses its records. */
  readonly startedAt: string;
}

/** What a roll-back's fence found: the attempt whose records already name the user, if one committed. */
export interface ProvisioningFence {
  readonly committedBy?: string;
}

/** What the flows need from the database. Implemented by the DynamoDB adapter. */
export interface UserRepository {
  /** The id of the user owning `email` (already normalized), or `undefined`. */
  findUserIdByEmail(email: string): Promise<string | undefined>;
  findUser(userId: string): Promise<UserRecord | undefined>;
  /**
   * Writes the User, its AdminInfo, the email-uniqueness claim and the audit record of the
   * provisioning in one transaction, and counts one more active admin. The same transaction records
   * `attempt` as the one that committed this user id's records, unless a roll-back fenced the user id
   * after the attempt began.
   * @throws UserAlreadyExistsError when the email or the user id is already taken (nothing is written).
   * @throws InvalidUserStateError when a roll-back fenced this user id (nothing is written; retry later).
   */
  createAdmin(user: UserRecord, adminInfo: AdminInfoRecord, audit: AuditRecord, attempt: ProvisioningAttempt): Promise<void>;
  /**
   * Before a roll-back deletes the Cognito user of `userId`: refuses, until `fencedUntil` (ISO-8601),
   * the records of every provisioning attempt that began before then, and returns the attempt whose
   * records were already committed, if any. One write, strongly consistent: once it returns without
   * `committedBy`, no record can come to name that Cognito user while the fence holds.
   */
  fenceProvisioning(userId: string, fencedUntil: string): Promise<ProvisioningFence>;
  /**
   * Writes a practitioner's User, its licenses and the email-uniqueness claim in one transaction.
   * @throws UserAlreadyExistsError when the email, the user id or a license item already exists (nothing is written).
   */
  createPractitioner(user: UserRecord, licenses: readonly LicenseRecord[]): Promise<void>;
  /**
   * Saves on the User what an admin MFA reset under `recreate` copies, before it deletes the Cognito user.
   * @throws InvalidUserStateError when the user is gone or no longer linked to `cognitoUsername`.
   */
  saveRecreateSnapshot(userId: string, cognitoUsername: string, snapshot: CognitoUserSnapshot): Promise<void>;
  /**
   * Links the user to its new Cognito incarnation and drops the saved snapshot, in one write.
   * @throws InvalidUserStateError when the user is no longer linked to `previousUsername`.
   */
  relinkCognitoUser(userId: string, previousUsername: string, link: CognitoLink, now: Date): Promise<void>;
}
