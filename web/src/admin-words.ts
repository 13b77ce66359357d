import type { AdminStatus } from '../../lambdas/admin/admin-status';
import type { AuditEvent, AuditRecord } from '../../lambdas/ports/audit-trail';

/** The console's words for the API's admin statuses (docs/admin-operations.md, "Admin status"). */
export const ADMIN_STATUS_WORDS: Record<AdminStatus, string> = {
  INVITED: 'Invited: has not chosen a password yet',
  INVITATION_EXPIRED: 'Invitation expired: re-send it',
  MFA_NOT_SET_UP: 'Password chosen, authenticator app not set up yet',
  ACTIVE: 'Active',
  DEACTIVATED: 'Deactivated: cannot sign in',
};

/** What the audit trail's events mean, for the person reading it. */
export const AUDIT_EVENT_WORDS: Record<AuditEvent, string> = {
  ADMIN_PROVISIONED: 'Invited as an admin',
  ADMIN_ADOPTED: 'Admin account completed after an interrupted invitation',
  ADMIN_PROVISIONING_COMPENSATED: 'Failed invitation undone',
  INVITATION_RESENT: 'Invitation re-sent',
  FIRST_SIGN_IN_COMPLETED: 'Chose their own password',
  RECOVERY_LINK_ISSUED: 'Recovery link emailed',
  RECOVERY_COMPLETED: 'MFA reset with a recovery link',
  RECOVERY_CODE_USED: 'MFA reset with a saved recovery code (password kept)',
  ADMIN_MFA_RESET: 'MFA reset by an admin',
  ADMIN_DEACTIVATED: 'Deactivated',
  ADMIN_REACTIVATED: 'Reactivated',
  PASSWORD_RESET_BY_EMAIL: 'Reset their password with a code emailed to them',
  RECOVERY_CODES_CREATED: 'Made new recovery codes (the earlier ones no longer work)',
};

/** The names of an audit record's `details` the API writes; others are shown as they are. */
export const AUDIT_DETAIL_WORDS: Record<string, string> = {
  reason: 'Reason',
  previousInvitation: 'The invitation it replaced was',
  failedStep: 'Failed step',
  strategy: 'How',
  resumed: 'Resumed after an interruption',
  expiresAt: 'Link expires',
  supersedes: 'Replaced a link that was',
  remaining: 'Recovery codes left',
};

/** The admin routes' own error codes (409s) and their 404, in plain words. */
export const ADMIN_ERROR_WORDS = {
  CANNOT_DEACTIVATE_SELF: 'You cannot deactivate yourself. Ask another admin to do it.',
  CANNOT_REACTIVATE_SELF: 'You cannot reactivate yourself. Ask another admin to do it.',
  LAST_ACTIVE_ADMIN: 'This is the last active admin: nobody could manage admins any more. Create or reactivate another admin first.',
  CANNOT_RESET_OWN_MFA: 'You cannot reset your own MFA. Ask another admin to do it.',
  USER_NOT_FOUND: 'No user has this user ID.',
  FORBIDDEN: 'Only active admins may do this. If you were deactivated, ask another admin to reactivate you.',
} as const;

/** The reason an MFA reset requires (POST /users/{userId}/mfa-reset; test/unit/web checks it against the API's schema). */
export const MFA_RESET_REASON_MAX_CHARS = 500;

/** Records written before actors were user ids named the user's own acts so. */
const LEGACY_SELF_ACTOR = 'self';

/** Who acted, as the audit trail names them by user id: the user themselves, the signed-in admin, or another admin. */
export function actorWords(record: Pick<AuditRecord, 'actor' | 'userId'>, myUserId: string): string {
  if (record.actor === record.userId || record.actor === LEGACY_SELF_ACTOR) return 'the user';
  return record.actor === myUserId ? 'you' : `an admin (${record.actor})`;
}
