import type { AdminCaller, AdminCallers } from '../ports/admin-directory';
import type { CallerCheck } from '../shared/http/handler';
import type { Caller } from '../shared/http/request';
import type { AppLogger } from '../shared/logger';

/**
 * The in-code admin check's second half (the first is the `admins` group claim): the caller must be
 * an admin of ours (their token names our user id) whom nobody has deactivated. One strongly
 * consistent read, so a deactivation takes effect on the very next request, whatever the token says.
 */
export function activeAdminCheck(callers: Pick<AdminCallers, 'findCaller'>): CallerCheck {
  return async (caller) => (await activeCaller(callers, caller)) !== undefined;
}

/**
 * The same check for GET /admins, which the console calls right after each sign-in: it also records
 * the caller's sign-in (once per session: only when the token's `auth_time` is later than the one on
 * record), so the listing knows which admins are ACTIVE without asking Cognito. Recording is best
 * effort: when it fails the request goes on, the listing asks Cognito about this admin, and the
 * next request records it.
 */
export function activeAdminCheckRecordingSignIn(callers: AdminCallers, logger: AppLogger): CallerCheck {
  return async (caller) => {
    const admin = await activeCaller(callers, caller);
    if (admin === undefined) return false;
    const { userId, authTime } = caller;
    // ISO-8601 times in UTC compare as strings; nothing on record compares as earliest.
    if (userId !== undefined && authTime !== undefined && (admin.lastSignInAt ?? '') < authTime) {
      try {
        await callers.recordSignIn(userId, authTime);
      } catch (error) {
        logger.warn('sign-in not recorded; the listing asks Cognito about this admin', { userId, error: error as Error });
      }
    }
    return true;
  };
}

async function activeCaller(callers: Pick<AdminCallers, 'findCaller'>, caller: Caller): Promise<AdminCaller | undefined> {
  if (caller.userId === undefined) return undefined;
  const admin = await callers.findCaller(caller.userId);
  return admin?.active ? admin : undefined;
}
