import type { SignedInUser, SignedInUsers } from '../ports/signed-in-users';
import type { Caller } from '../shared/http/request';

/** The in-code check of a `user` route: the signed-in user it may act for, or `undefined` (403). */
export type UserCheck = (caller: Caller) => Promise<SignedInUser | undefined>;

/**
 * The second half of access kind `user` (the first is the Cognito authorizer): the token must name
 * our user id (`custom:userId`), that User must exist with the token's Cognito `sub` (not an earlier
 * incarnation's, whose ID token may still be valid after a recovery recreated the user), and must not
 * be a deactivated admin. One round of strongly consistent reads, on every request.
 */
export function signedInUserCheck(users: SignedInUsers): UserCheck {
  return async (caller) => {
    if (caller.userId === undefined) return undefined;
    const user = await users.findSignedInUser(caller.userId);
    if (!user || user.cognitoSub !== caller.sub || user.deactivated) return undefined;
    return user;
  };
}
