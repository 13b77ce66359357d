import type { AdminCallers } from '../ports/admin-directory';
import type { CallerCheck } from '../shared/http/handler';

/**
 * The in-code admin check's second half (the first is the `admins` group claim): the caller must be
 * an admin of ours (their token names our user id) whom nobody has deactivated. One strongly
 * consistent read, so a deactivation takes effect on the very next request, whatever the token says.
 * It only reads: sign-ins are recorded where they happen, by the post-authentication trigger.
 */
export function activeAdminCheck(callers: AdminCallers): CallerCheck {
  return async (caller) => {
    if (caller.userId === undefined) return false;
    const admin = await callers.findCaller(caller.userId);
    return admin?.active === true;
  };
}
