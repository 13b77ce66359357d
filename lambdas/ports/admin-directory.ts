import type { AuditRecord } from './audit-trail';

/** Whether an admin may act: the database's word, which the in-code admin check enforces on every admin route. */
export type AdminAccountStatus = 'ACTIVE' | 'DEACTIVATED';

/** An admin as the database knows them (the AdminInfo item, with the Cognito link of their User). */
export interface AdminEntry {
  readonly userId: string;
  readonly email: string;
  readonly accountStatus: AdminAccountStatus;
  readonly createdAt: string;
  /** User id of the admin who provisioned this one (records written before this rule hold their `sub`). */
  readonly createdBy: string;
  /** When the last invitation (temporary password) was sent: provisioning, a resend, an MFA reset. */
  readonly lastInvitedAt: string;
  /**
   * The admin's latest sign-in, recorded by the post-authentication trigger when Cognito issued them
   * tokens; absent until then. A sign-in after `lastInvitedAt` means the temporary password was
   * replaced and an authenticator set up (the pool requires MFA, and the trigger runs only once every
   * challenge is answered).
   */
  readonly lastSignInAt?: string;
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
  /**
   * Marks the admin DEACTIVATED, with `audit`, in one transaction that requires `actingAdminId` (a
   * different admin, signed in and acting now) to be ACTIVE at that moment: an admin who can sign
   * in always stays. Pending invitations never count, and of two admins deactivating each other at
   * once only the first succeeds.
   * @returns `false` when the admin was already deactivated (nothing written).
   * @throws LastActiveAdminError when the acting admin is no longer active.
   */
  deactivate(userId: string, actingAdminId: string, audit: AuditRecord): Promise<boolean>;
  /** Marks the admin ACTIVE again, with `audit`. @returns `false` when they were not deactivated (nothing written). */
  reactivate(userId: string, audit: AuditRecord): Promise<boolean>;
  /** Records that an invitation was sent at `audit.time`, with `audit`, in one transaction. */
  recordInvitation(userId: string, audit: AuditRecord): Promise<void>;
  /**
   * Records that the admin is being re-invited at `at` (ISO-8601), on its own, before Cognito is
   * changed: from then on GET /admins asks Cognito for their status instead of trusting an earlier
   * sign-in, whatever becomes of the audit record.
   */
  markInvited(userId: string, at: string): Promise<void>;
}

/** What the in-code admin check knows of the admin calling a route (their AdminInfo item). */
export interface AdminCaller {
  readonly active: boolean;
}

/** The callers of admin routes, as the in-code admin check reads them. */
export interface AdminCallers {
  /** The admin with this user id, or `undefined` (unknown id, or a practitioner). One strongly consistent read. */
  findCaller(userId: string): Promise<AdminCaller | undefined>;
}

/** Sign-ins, as the post-authentication trigger records them where they happen (`lastSignInAt`). */
export interface SignIns {
  /**
   * Records a sign-in at `signedInAt` (ISO-8601) on the User: every user's, the fact a route needing a recent sign-in reads.
   * @returns `false` when nothing was written: no user has this id (the item is never created), or as late a sign-in is recorded already.
   */
  recordUserSignIn(userId: string, signedInAt: string): Promise<boolean>;
  /**
   * Records it on the admin's AdminInfo (the admin list's status).
   * @returns `false` when nothing was written: no admin has this id (the item is never created), or as late a sign-in is recorded already.
   */
  recordAdminSignIn(userId: string, signedInAt: string): Promise<boolean>;
}
