import { WORST_CASE_CALL_MS } from '../lambdas/composition/sdk-options';

/**
 * The most AWS calls each handler can make one after another (calls issued together count once),
 * on its longest path: compensation, resumption and lease release included.
 */
export const SEQUENTIAL_AWS_CALLS: Readonly<Record<string, number>> = {
  // Every admin route first reads its caller's AdminInfo (the in-code admin check).
  // check, create, adoption look-ups (Cognito user + email claim, then its owner), group, transaction, roll-back check, delete, audit record
  'post-admins': 9,
  // check, limit + email claim, admin, resend, invitation + audit record
  'post-admins-resend-invite': 5,
  // check, admin index page, Cognito reads + recovery-code statuses (together)
  'get-admins': 3,
  // check, admin, transaction, disable + sign-out (together)
  'post-admins-deactivate': 4,
  // check, admin, transaction, enable
  'post-admins-reactivate': 4,
  // check, rate-limit key (first use), counters + user + admin, Cognito user (the guard), lock + invitation time, re-invite, audit record + notice
  'post-users-mfa-reset': 7,
  // check, user + audit page (together)
  'get-users-audit': 2,
  // Every user route first reads its caller's User and AdminInfo (together: the in-code user check).
  // check, recovery-code key (first use), the set's Put, audit record
  'post-me-recovery-codes': 4,
  // check, the set's status
  'get-me-recovery-codes': 2,
  // attempt counters + email claim, initiate auth, answer the challenge, audit record
  'post-auth-new-password': 4,
  // limit + email claim, state + user + licenses (then the active token), account limit + Cognito user, password, token + email, void
  'post-mfa-recovery-request': 7,
  // the longer strategy (recreate): limit + acquire, reads, snapshot, delete, create, adopt (read, delete, create), groups, complete + notice, release
  'post-mfa-recovery-confirm': 11,
  // rate-limit key (first use), counters + email claim + code hash (its key, first use), user, password + Cognito user, account counter, consume, sign-out, delete factor, notice + audit record (or the release)
  'post-mfa-recovery-code': 9,
};

/**
 * A function's timeout: every sequential call at its worst case, plus the response floor it must
 * hold, plus a second for its own work. The timeout may exceed API Gateway's 29 s integration
 * limit on the longest paths: the caller then gets a 504, but the function still finishes its
 * compensation instead of being cut off half-way.
 */
export function functionTimeoutSeconds(handlerFile: string, responseFloorMs = 0): number {
  const calls = SEQUENTIAL_AWS_CALLS[handlerFile];
  if (calls === undefined) throw new Error(`No worst-case call count for handler ${handlerFile} in lib/function-timeouts.ts`);
  return Math.ceil((calls * WORST_CASE_CALL_MS + responseFloorMs) / 1000) + 1;
}
