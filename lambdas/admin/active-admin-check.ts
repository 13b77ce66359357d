import type { AdminDirectory } from '../ports/admin-directory';
import type { CallerCheck } from '../shared/http/handler';

/**
 * The in-code admin check's second half (the first is the `admins` group claim): the caller must be
 * an admin of ours (their token names our user id) whom nobody has deactivated. One strongly
 * consistent read, so a deactivation takes effect on the very next request, whatever the token says.
 */
export function activeAdminCheck(directory: Pick<AdminDirectory, 'isActiveAdmin'>): CallerCheck {
  return async (caller) => caller.userId !== undefined && (await directory.isActiveAdmin(caller.userId));
}
