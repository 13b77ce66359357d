import type { AuditRecord } from './audit-trail';

/** Whether an admin may act: the database's word, which the in-code admin check enforces on every admin route. */
export type AdminAccountStatus = 'ACTIVE' | 'DEACTIVATED';

/** An admin as the database knows them (the AdminInfo item, with the Cognito link of their User). */
export interface AdminEntry {
  readonly userId: string;
  readonly email: string;
  readonly accountStatus: AdminAccountStatus;
  readonly createdAt: string;
  /** `sub` of the admin who provisioned this one. */
  readonly createdBy: string;
  /** When the last invitation (temporary password) was sent: provisioning, a resend, an MFA reset. */
  readonly lastInvitedAt: string;
  /** Only from `findAdmin` (the User record's current Cognito username). */
  readonly cognitoUsername?: string;
}

/** One page of admins, oldest first (a stable order: creation time, then user id). */
export interface AdminPage {
  readonly admins: readonly AdminEntry[];
  /** Opaque; pass it back for the next page. Absent on the last page. */
  readonly nextCursor?: string;
}

/** The admins' records and their state changes. Implemented over the main DynamoDB table and its admin index. */
export interface AdminDirectory {
  /** @throws ValidationError when `cursor` is not one this directory issued. */
  listAdmins(page: { readonly limit: number; readonly cursor?: string }): Promise<AdminPage>;
  /** The admin with this user id, or `undefined` (unknown id, or a practitioner). */
  findAdmin(userId: string): Promise<AdminEntry | undefined>;
  /** `true` unless the admin is deactivated or unknown. One strongly consistent read. */
  isActiveAdmin(userId: string): Promise<boolean>;
  /**
   * Marks the admin DEACTIVATED, with `audit`, in one transaction, unless that would leave no active admin.
   * @returns `false` when the admin was already deactivated (nothing written).
   * @throws LastActiveAdminError when every other admin is deactivated.
   */
  deactivate(userId: string, audit: AuditRecord): Promise<boolean>;
  /** Marks the admin ACTIVE again, with `audit`. @returns `false` when they were not deactivated (nothing written). */
  reactivate(userId: string, audit: AuditRecord): Promise<boolean>;
  /** Records that an invitation was sent at `audit.time`, with `audit`, in one transaction. */
  recordInvitation(userId: string, audit: AuditRecord): Promise<void>;
}
