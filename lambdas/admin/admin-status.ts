import type { AdminEntry } from '../ports/admin-directory';
import type { IdentityUser } from '../ports/identity-provider';
import { PASSWORD_POLICY } from '../../lib/user-pool-settings';

/**
 * What GET /admins reports about each admin:
 * - `INVITED`: has not replaced the temporary password yet, which still works;
 * - `INVITATION_EXPIRED`: the temporary password is older than the pool's validity (a resend renews it);
 * - `MFA_NOT_SET_UP`: password set, but no authenticator app yet (sign-in stops at MFA_SETUP);
 * - `ACTIVE`: password and authenticator set up;
 * - `DEACTIVATED`: deactivated (in the database, or disabled in Cognito).
 */
export type AdminStatus = 'INVITED' | 'INVITATION_EXPIRED' | 'ACTIVE' | 'MFA_NOT_SET_UP' | 'DEACTIVATED';

/** How long a temporary password works: the user pool's setting (lib/user-pool-settings.ts, shared with the stack). */
const INVITATION_VALIDITY_MS = PASSWORD_POLICY.tempPasswordValidityDays * 24 * 3600 * 1000;

/** Whether an invitation sent at `sentAt` (ISO-8601) has expired by `now`. */
export function invitationExpired(sentAt: string, now: Date): boolean {
  return now.getTime() - Date.parse(sentAt) > INVITATION_VALIDITY_MS;
}

/**
 * The status of `admin` when the database alone knows it: deactivated there, or signed in since the
 * last invitation (so the temporary password was replaced and, the pool requiring MFA, an
 * authenticator set up). `undefined`: only Cognito knows (see `adminStatusFromCognito`). A disable
 * done in Cognito directly, not through POST /admins/{userId}/deactivate, is not seen for an admin
 * the database knows ACTIVE.
 */
export function adminStatusFromDatabase(admin: AdminEntry): AdminStatus | undefined {
  if (admin.accountStatus === 'DEACTIVATED') return 'DEACTIVATED';
  if (admin.lastSignInAt !== undefined && admin.lastSignInAt > admin.lastInvitedAt) return 'ACTIVE';
  return undefined;
}

/** The status of `admin` from their Cognito user (`undefined`: there is none, so nobody can sign in as this admin). */
export function adminStatusFromCognito(admin: AdminEntry, cognitoUser: IdentityUser | undefined, now: Date): AdminStatus {
  if (!cognitoUser || cognitoUser.enabled === false) return 'DEACTIVATED';
  if (cognitoUser.status === 'FORCE_CHANGE_PASSWORD') return invitationExpired(admin.lastInvitedAt, now) ? 'INVITATION_EXPIRED' : 'INVITED';
  return cognitoUser.mfaEnabled ? 'ACTIVE' : 'MFA_NOT_SET_UP';
}
