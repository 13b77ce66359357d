import type { AuditRecord } from './audit-trail';
import type { LicenseRecord } from './license-repository';

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

/** What the flows need from the database. Implemented by the DynamoDB adapter. */
export interface UserRepository {
  /** The id of the user owning `email` (already normalized), or `undefined`. */
  findUserIdByEmail(email: string): Promise<string | undefined>;
  findUser(userId: string): Promise<UserRecord | undefined>;
  /**
   * Writes the User, its AdminInfo, the email-uniqueness claim and the audit record of the
   * provisioning in one transaction, and counts one more active admin.
   * @throws UserAlreadyExistsError when the email or the user id is already taken (nothing is written).
   */
  createAdmin(user: UserRecord, adminInfo: AdminInfoRecord, audit: AuditRecord): Promise<void>;
  /**
   * Writes a practitioner's User, its licenses and the email-uniqueness claim in one transaction.
   * @throws UserAlreadyExistsError when the email, the user id or a license item already exists (nothing is written).
   */
  createPractitioner(user: UserRecord, licenses: readonly LicenseRecord[]): Promise<void>;
}
