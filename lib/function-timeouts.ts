import { WORST_CASE_CALL_MS } from '../lambdas/composition/sdk-options';

/**
 * The most AWS calls each handler can make one after another (calls issued together count once),
 * on its longest path: compensation, resumption and lease release included.
 */
export const SEQUENTIAL_AWS_CALLS: Readonly<Record<string, number>> = {
  // Every admin route first reads its caller's AdminInfo (the in-code admin check).
  // check, create, adoption look-ups (Cognito user + email claim, then its owner), group, transaction, roll-back check, delete, audit record
  'provision-new-admin': 9,
  // check, limit + email claim, admin, resend, invitation + audit record
  'resend-admin-invite': 5,
  // check, admin index page, Cognito reads (together)
  'list-admins': 3,
  // check, admin, transaction, disable + sign-out (together)
  'deactivate-admin': 4,
  // check, admin, transaction, enable
  'reactivate-admin': 4,
  // check, rate-limit key (first use), counters + user + admin, Cognito user (the guard), lock + invitation time, re-invite, audit record + notice
  'reset-user-mfa': 7,
  // check, user + audit page (together)
  'get-user-audit': 2,
  // attempt counters + email claim, initiate auth, answer the challenge, audit record
  'new-password-challenge': 4,
  // limit + email claim, state + user + licenses (then the active token), account limit + Cognito user, password, token + email, void
  'request-mfa-reset': 7,
  // the longer strategy (recreate): limit + acquire, reads, snapshot, delete, create, adopt (read, delete, create), groups, complete + notice, release
  'confirm-mfa-reset': 11,
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
