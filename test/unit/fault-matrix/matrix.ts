/**
 * The fault-injection matrix as data: step x fault -> outcome, for every flow. docs/fault-matrix.md's
 * "Fault matrix" table is rendered from this file (`npm run docs:fault-matrix`) and a test
 * checks the two agree; `fault-matrix.test.ts` proves every row against the real handlers.
 *
 * `fault` at `step` is the fault under test; `also` lists later calls failing too (e.g. a
 * compensation). `landed`: the failed call took effect before its error came back.
 */
import { RECOVERY_LEASE_MS } from '../../../lambdas/mfa-recovery/confirm-mfa-reset';
import type { Injection } from './harness';

export interface MatrixRow {
  readonly flow: string;
  readonly step: string;
  readonly fault: string;
  readonly landed?: boolean;
  readonly also?: readonly Injection[];
  readonly status: number;
  /** The error code, or the `status` field of a success body (`-` for a body without one, e.g. a page of admins). */
  readonly code: string;
  /** Calls made after the fault, in order. */
  readonly after: readonly string[];
  /** What is left, in the words the flow's state description uses. */
  readonly left: string;
  /** Retryable flows: the responses to retrying the same request, which must converge. */
  readonly retry?: readonly string[];
}

/** The faults a row injects: its own, then `also`. */
export const injectionsOf = (row: MatrixRow): Injection[] => [{ step: row.step, fault: row.fault, landed: row.landed }, ...(row.also ?? [])];

export const GENERIC = ['throttling', 'serviceError', 'timeout'] as const;

/** Throttling surfaces as 429; every other generic fault as a retryable 503. */
const byFault = (fault: string): [number, string] => (fault === 'throttling' ? [429, 'TOO_MANY_REQUESTS'] : [503, 'SERVICE_UNAVAILABLE']);

/** One row per generic fault at `step`, all with the same calls-after and state. */
function genericRows(flow: string, step: string, after: readonly string[], left: string, extra: Partial<MatrixRow> = {}): MatrixRow[] {
  return GENERIC.map((fault) => {
    const [status, code] = byFault(fault);
    return { flow, step, fault, status, code, after, left, ...extra };
  });
}

const NOTHING = 'nothing: no Cognito user, no records';
const UNCHANGED = 'unchanged';
/** An audit record of a change outside DynamoDB, appended on its own; when that fails the record goes to an alert. */
const AUDIT = 'PutItem (audit)';
const AUDIT_ALERT = ' + alert AuditRecordNotWritten';
/** The in-code admin check: every admin route reads its caller's AdminInfo first. */
const CALLER = 'GetItem (caller)';

// deactivateAdmin: caller check -> AdminInfo + User -> status + counter + audit (one transaction) -> AdminDisableUser + AdminUserGlobalSignOut
const DEACTIVATED_IN_DB = (missing: string) => `deactivated in the database (refused on admin routes; audited), ${missing} not done: calling again completes it`;
const DEACTIVATE_ROWS: MatrixRow[] = [
  ...genericRows('deactivateAdmin', CALLER, [], UNCHANGED),
  ...genericRows('deactivateAdmin', 'Query (admin)', [], UNCHANGED),
  ...genericRows('deactivateAdmin', 'TransactWriteItems (deactivate + audit)', [], UNCHANGED),
  {
    flow: 'deactivateAdmin',
    step: 'TransactWriteItems (deactivate + audit)',
    fault: 'ConditionalCheckFailed (last admin)',
    status: 409,
    code: 'LAST_ACTIVE_ADMIN',
    after: [],
    left: UNCHANGED,
  },
  ...genericRows('deactivateAdmin', 'AdminDisableUser', ['AdminUserGlobalSignOut'], DEACTIVATED_IN_DB('AdminDisableUser')),
  ...genericRows('deactivateAdmin', 'AdminUserGlobalSignOut', [], DEACTIVATED_IN_DB('AdminUserGlobalSignOut')),
];

// reactivateAdmin: caller check -> AdminInfo + User (decide: DEACTIVATED, not yourself) -> AdminEnableUser -> status + counter + audit
const REACTIVATE_ROWS: MatrixRow[] = [
  ...genericRows('reactivateAdmin', CALLER, [], UNCHANGED),
  ...genericRows('reactivateAdmin', 'Query (admin)', [], UNCHANGED),
  ...genericRows('reactivateAdmin', 'AdminEnableUser', [], UNCHANGED),
  ...genericRows(
    'reactivateAdmin',
    'TransactWriteItems (reactivate + audit)',
    [],
    'enabled in Cognito, still deactivated in the database (refused on admin routes, not audited) + alert AdminReactivationIncomplete: calling again completes it',
  ),
];

// listAdmins and getUserAudit only read.
const READ_ONLY = 'unchanged (read only)';
const SIGN_IN_NOT_RECORDED = 'sign-in not recorded (listings ask Cognito about this admin): the next listing records it';
const READ_ROWS: MatrixRow[] = [
  ...genericRows('listAdmins', CALLER, [], READ_ONLY),
  ...genericRows('listAdmins', 'Query (admin index)', [], READ_ONLY),
  ...genericRows('listAdmins', 'AdminGetUser', [], READ_ONLY),
  // The first listing of a session records the caller's sign-in; it is best effort (see activeAdminCheckRecordingSignIn).
  ...genericRows('listAdmins (new session)', CALLER, [], SIGN_IN_NOT_RECORDED),
  ...genericRows('listAdmins (new session)', 'Query (admin index)', [], 'sign-in recorded'),
  ...genericRows('listAdmins (new session)', 'AdminGetUser', [], 'sign-in recorded'),
  ...genericRows('listAdmins (new session)', 'UpdateItem (sign-in)', ['Query (admin index)', 'AdminGetUser'], SIGN_IN_NOT_RECORDED, {
    status: 200,
    code: '-',
  }),
  ...genericRows('getUserAudit', CALLER, [], READ_ONLY),
  ...genericRows('getUserAudit', 'GetItem (user)', ['Query (audit)'], READ_ONLY),
  ...genericRows('getUserAudit', 'Query (audit)', [], READ_ONLY),
];

// resetUserMfa: caller check -> User + AdminInfo -> lock (temporary password + global sign-out) -> re-invite (delete TOTP + RESEND)
// -> invitation time + audit -> notice email. After the reset itself, failures are alerts: the reset stands.
const HALF_RESET = 'factor reset half done (nobody but the mailbox owner can sign in): calling again converges';
const resetRow = (step: string, fault: string, after: readonly string[], left: string): MatrixRow => ({
  flow: 'resetUserMfa',
  step,
  fault,
  status: 202,
  code: 'MFA_RESET',
  after,
  left,
});
const RESET_ROWS: MatrixRow[] = [
  ...genericRows('resetUserMfa', CALLER, [], UNCHANGED),
  ...genericRows('resetUserMfa', 'GetItem (user)', ['Query (admin)'], UNCHANGED),
  ...genericRows('resetUserMfa', 'Query (admin)', [], UNCHANGED),
  ...genericRows('resetUserMfa', 'AdminSetUserPassword', ['AdminUserGlobalSignOut'], HALF_RESET),
  ...genericRows('resetUserMfa', 'AdminUserGlobalSignOut', [], HALF_RESET),
  ...genericRows('resetUserMfa', 'AdminDeleteSoftwareToken', ['AdminCreateUser (RESEND)'], HALF_RESET),
  ...genericRows('resetUserMfa', 'AdminCreateUser (RESEND)', [], HALF_RESET),
  ...GENERIC.map((fault) => resetRow('TransactWriteItems (invitation + audit)', fault, ['SendEmail'], `factor reset, user re-invited${AUDIT_ALERT}`)),
  ...GENERIC.map((fault) => resetRow('SendEmail', fault, [], 'factor reset, user re-invited + alert MfaResetNoticeNotSent')),
];

/** The attempt counters' HMAC key: read at a container's first attempt (the matrix runs every flow in a fresh container), then cached. */
const RATE_LIMIT_KEY = 'GetSecretValue (rate-limit key)';

// requestMfaReset: (rate-limit key, first use) -> IP counter + email claim -> recovery state + user + licenses -> account counter + AdminGetUser
// -> AdminInitiateAuth -> issue token + SendEmail. Every row answers the same 202: the caller never learns what happened.
const requestRow = (step: string, fault: string, after: readonly string[], left: string, extra: Partial<MatrixRow> = {}): MatrixRow => ({
  flow: 'requestMfaReset',
  step,
  fault,
  status: 202,
  code: 'REQUESTED',
  after,
  left,
  ...extra,
});
const requestGenericRows = (step: string, after: readonly string[], left: string) => GENERIC.map((fault) => requestRow(step, fault, after, left));
const NO_LINK = 'nothing: no token, no email';
const DEAD_LINK = 'email sent but no token stored: the link is refused; asking again works';
const UNSENT = 'no email; token VOID';

const REQUEST_ROWS: MatrixRow[] = [
  // Without the key nothing is counted, so nothing goes further (the same 202; an error log).
  ...requestGenericRows(RATE_LIMIT_KEY, ['GetItem (email claim)'], NO_LINK),
  ...requestGenericRows('UpdateItem (IP counter)', [], NO_LINK),
  // A counter that counted but failed to answer: the attempt is counted, nothing else happens.
  requestRow('UpdateItem (IP counter)', 'timeout', [], NO_LINK, { landed: true }),
  ...requestGenericRows('GetItem (email claim)', ['UpdateItem (IP counter)'], NO_LINK),
  ...requestGenericRows('GetItem (recovery state)', ['GetItem (user)', 'Query (licenses)', 'AdminGetUser', 'UpdateItem (account counter)'], NO_LINK),
  ...requestGenericRows('GetItem (user)', ['Query (licenses)'], NO_LINK),
  ...requestGenericRows('Query (licenses)', [], NO_LINK),
  ...requestGenericRows('UpdateItem (account counter)', [], NO_LINK),
  requestRow('UpdateItem (account counter)', 'timeout', [], NO_LINK, { landed: true }),
  ...requestGenericRows('AdminGetUser', ['UpdateItem (account counter)'], NO_LINK),
  ...requestGenericRows('AdminInitiateAuth', [], NO_LINK),
  requestRow('AdminInitiateAuth', 'NotAuthorizedException', [], NO_LINK),
  ...requestGenericRows('TransactWriteItems (issue token + audit)', ['SendEmail'], DEAD_LINK),
  requestRow('TransactWriteItems (issue token + audit)', 'ConditionalCheckFailed', ['SendEmail'], DEAD_LINK),
  requestRow('TransactWriteItems (issue token + audit)', 'timeout', ['SendEmail'], 'link emailed, token ISSUED', { landed: true }),
  ...requestGenericRows('SendEmail', ['UpdateItem (void token)'], UNSENT),
  requestRow('SendEmail', 'MessageRejected', ['UpdateItem (void token)'], UNSENT),
  requestRow('SendEmail', 'SendingPausedException', ['UpdateItem (void token)'], UNSENT),
  requestRow('SendEmail', 'timeout', ['UpdateItem (void token)'], 'email sent but its token VOID: the link is refused; asking again works', {
    landed: true,
  }),
  ...GENERIC.map((fault) =>
    requestRow('SendEmail', 'serviceError', ['UpdateItem (void token)'], 'token ISSUED but never emailed: nobody holds it; it expires', {
      also: [{ step: 'UpdateItem (void token)', fault }],
    }),
  ),
  requestRow('SendEmail', 'serviceError', ['UpdateItem (void token)'], UNSENT, { also: [{ step: 'UpdateItem (void token)', fault: 'timeout', landed: true }] }),
];

// confirmMfaReset, either strategy. Every row is retried with the same link, which must converge.
const RETRY_RECOVERS = ['200 RECOVERED'];
const RETRY_AFTER_LEASE = ['409 INVALID_USER_STATE', `after ${(RECOVERY_LEASE_MS + 1_000) / 1000} s: 200 RECOVERED`];
const RETRY_USED = ['400 INVALID_RECOVERY_TOKEN'];
const ALERT = ' + alert MfaRecoveryIncomplete';
const halfDone = (lease: 'held' | 'released', cognito: string) => `recovery half done (token IN_PROGRESS, lease ${lease}): ${cognito}${ALERT}`;
const RELEASE = ['UpdateItem (release lease)'];
const GIVE_BACK = 'UpdateItem (give back token)';
const UNTOUCHED = 'unchanged: link still valid';

/** The rows both strategies share: the limit and the acquire (round 1), and the completion with its notice (last round). */
function confirmRows(flow: string, done: string, untouched: string, unlinked: string, work: MatrixRow[]): MatrixRow[] {
  const row = (r: Omit<MatrixRow, 'flow'>): MatrixRow => ({ flow, ...r });
  const generic = (step: string, after: readonly string[], left: string, retry: readonly string[]) => genericRows(flow, step, after, left, { retry });
  const complete = 'TransactWriteItems (complete token + audit)';
  return [
    // Without the counter's key (or over the limit, or failing) the token the concurrent acquire consumed is given back.
    ...generic(RATE_LIMIT_KEY, ['UpdateItem (acquire token)', 'UpdateItem (give back token)'], UNTOUCHED, RETRY_RECOVERS),
    ...generic('UpdateItem (IP counter)', ['UpdateItem (give back token)'], UNTOUCHED, RETRY_RECOVERS),
    row({ step: 'UpdateItem (IP counter)', fault: 'timeout', landed: true, status: 503, code: 'SERVICE_UNAVAILABLE', after: ['UpdateItem (give back token)'], left: UNTOUCHED, retry: RETRY_RECOVERS }),
    // The give-back failing too: the token stays taken until its lease runs out, then the link works again.
    ...GENERIC.map((fault) =>
      row({
        step: RATE_LIMIT_KEY,
        fault: 'throttling',
        also: [{ step: GIVE_BACK, fault }],
        status: 429,
        code: 'TOO_MANY_REQUESTS',
        after: ['UpdateItem (acquire token)', GIVE_BACK],
        left: `recovery half done (token IN_PROGRESS, lease held): ${untouched}`,
        retry: RETRY_AFTER_LEASE,
      }),
    ),
    row({
      step: RATE_LIMIT_KEY,
      fault: 'throttling',
      also: [{ step: GIVE_BACK, fault: 'timeout', landed: true }],
      status: 429,
      code: 'TOO_MANY_REQUESTS',
      after: ['UpdateItem (acquire token)', GIVE_BACK],
      left: UNTOUCHED,
      retry: RETRY_RECOVERS,
    }),
    ...generic('UpdateItem (acquire token)', ['UpdateItem (IP counter)'], `${UNTOUCHED}${ALERT}`, RETRY_RECOVERS),
    row({
      step: 'UpdateItem (acquire token)',
      fault: 'ConditionalCheckFailed',
      status: 400,
      code: 'INVALID_RECOVERY_TOKEN',
      after: ['GetItem (token)', 'UpdateItem (IP counter)'],
      left: UNTOUCHED,
      retry: RETRY_RECOVERS,
    }),
    row({
      step: 'UpdateItem (acquire token)',
      fault: 'timeout',
      landed: true,
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      after: ['UpdateItem (IP counter)'],
      left: halfDone('held', untouched),
      retry: RETRY_AFTER_LEASE,
    }),
    ...work,
    ...generic(complete, ['SendEmail (notice)', ...RELEASE], halfDone('released', unlinked), RETRY_RECOVERS),
    row({ step: complete, fault: 'ConditionalCheckFailed', status: 409, code: 'INVALID_USER_STATE', after: ['SendEmail (notice)', ...RELEASE], left: halfDone('released', unlinked), retry: RETRY_RECOVERS }),
    row({ step: complete, fault: 'timeout', landed: true, status: 503, code: 'SERVICE_UNAVAILABLE', after: ['SendEmail (notice)', ...RELEASE], left: `${done}${ALERT}`, retry: RETRY_USED }),
    // The recovery is done; the holder must still be told: an alert asks an operator to.
    ...genericRows(flow, 'SendEmail (notice)', [], `${done} + alert MfaRecoveryNoticeNotSent`, { status: 200, code: 'RECOVERED', retry: RETRY_USED }),
    // Whether it went out is unknown: an operator is asked to tell the holder (at worst, twice).
    row({ step: 'SendEmail (notice)', fault: 'timeout', landed: true, status: 200, code: 'RECOVERED', after: [], left: `${done} + alert MfaRecoveryNoticeNotSent`, retry: RETRY_USED }),
  ];
}

// reset: limit + acquire -> the policy's reads -> temporary password + sign-out -> delete factor + RESEND -> complete + notice (5 rounds).
const RESET_FLOW = 'confirmMfaReset (reset)';
const RESET = 'reset: the same Cognito user, factor, password and sessions gone, re-invited; link used';
const LOCKED = 'Cognito user: temporary password set, signed out';
const UNTOUCHED_USER = 'Cognito user untouched';
const resetRows = (step: string, after: readonly string[], failed: string, landed: string): MatrixRow[] => [
  ...genericRows(RESET_FLOW, step, [...after, ...RELEASE], halfDone('released', failed), { retry: RETRY_RECOVERS }),
  { flow: RESET_FLOW, step, fault: 'timeout', landed: true, status: 503, code: 'SERVICE_UNAVAILABLE', after: [...after, ...RELEASE], left: halfDone('released', landed), retry: RETRY_RECOVERS },
];
const RECOVERY_RESET_ROWS = confirmRows(RESET_FLOW, RESET, UNTOUCHED_USER, 'Cognito user fully reset', [
  // Decide first: the adoption policy's fresh reads run before the lock; failing, they leave the Cognito user untouched.
  ...genericRows(RESET_FLOW, 'GetItem (user)', ['AdminGetUser', ...RELEASE], halfDone('released', UNTOUCHED_USER), { retry: RETRY_RECOVERS }),
  ...genericRows(RESET_FLOW, 'AdminGetUser', RELEASE, halfDone('released', UNTOUCHED_USER), { retry: RETRY_RECOVERS }),
  ...resetRows('AdminSetUserPassword', ['AdminUserGlobalSignOut'], 'Cognito user: signed out', LOCKED),
  ...resetRows('AdminUserGlobalSignOut', [], 'Cognito user: temporary password set', LOCKED),
  // The factor goes only once the old password is dead, so no failure leaves a password-only account.
  ...resetRows('AdminDeleteSoftwareToken', ['AdminCreateUser (RESEND)'], 'Cognito user: temporary password set, signed out, re-invited', 'Cognito user fully reset'),
  ...resetRows('AdminCreateUser (RESEND)', [], 'Cognito user: temporary password set, signed out, factor deleted', 'Cognito user fully reset'),
  ...GENERIC.map(
    (fault): MatrixRow => ({
      flow: RESET_FLOW,
      step: 'AdminDeleteSoftwareToken',
      fault: 'serviceError',
      also: [{ step: 'UpdateItem (release lease)', fault }],
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      after: ['AdminCreateUser (RESEND)', ...RELEASE],
      left: halfDone('held', 'Cognito user: temporary password set, signed out, re-invited'),
      retry: RETRY_AFTER_LEASE,
    }),
  ),
  {
    flow: RESET_FLOW,
    step: 'AdminDeleteSoftwareToken',
    fault: 'serviceError',
    also: [{ step: 'UpdateItem (release lease)', fault: 'timeout', landed: true }],
    status: 503,
    code: 'SERVICE_UNAVAILABLE',
    after: ['AdminCreateUser (RESEND)', ...RELEASE],
    left: halfDone('released', 'Cognito user: temporary password set, signed out, re-invited'),
    retry: RETRY_RECOVERS,
  },
]);

// recreate: limit + acquire -> user + AdminGetUser + groups -> save snapshot -> delete -> create -> groups (+ disable) -> complete + notice.
const RECREATE_FLOW = 'confirmMfaReset (recreate)';
const RECREATED = 'recreated: a new Cognito user with the same attributes and groups (invited), linked; link used';
const OLD = 'old Cognito user still there';
const GONE = 'no Cognito user, snapshot saved';
const CREATED = 'new Cognito user created, not linked';
const UNGROUPED = 'new Cognito user created without its groups, not linked';
const recreateGeneric = (step: string, after: readonly string[], left: string) =>
  genericRows(RECREATE_FLOW, step, [...after, ...RELEASE], halfDone('released', left), { retry: RETRY_RECOVERS });
const recreateRow = (row: Omit<MatrixRow, 'flow'>): MatrixRow => ({ flow: RECREATE_FLOW, ...row });
const RECREATE_ROWS = confirmRows(RECREATE_FLOW, RECREATED, OLD, CREATED, [
  ...recreateGeneric('GetItem (user)', ['AdminGetUser', 'AdminListGroupsForUser'], OLD),
  ...recreateGeneric('AdminGetUser', ['AdminListGroupsForUser'], OLD),
  ...recreateGeneric('AdminListGroupsForUser', [], OLD),
  ...recreateGeneric('UpdateItem (save snapshot)', [], OLD),
  recreateRow({ step: 'UpdateItem (save snapshot)', fault: 'timeout', landed: true, status: 503, code: 'SERVICE_UNAVAILABLE', after: RELEASE, left: halfDone('released', `${OLD}, snapshot saved`), retry: RETRY_RECOVERS }),
  ...recreateGeneric('AdminDeleteUser', [], `${OLD}, snapshot saved`),
  recreateRow({ step: 'AdminDeleteUser', fault: 'timeout', landed: true, status: 503, code: 'SERVICE_UNAVAILABLE', after: RELEASE, left: halfDone('released', GONE), retry: RETRY_RECOVERS }),
  recreateRow({
    step: 'AdminDeleteUser',
    fault: 'UserNotFoundException',
    landed: true,
    status: 200,
    code: 'RECOVERED',
    after: ['AdminCreateUser', 'AdminAddUserToGroup', 'TransactWriteItems (complete token + audit)', 'SendEmail (notice)'],
    left: RECREATED,
    retry: RETRY_USED,
  }),
  // After the delete the snapshot on the token is the only copy: a retry creates from it.
  ...recreateGeneric('AdminCreateUser', [], GONE),
  recreateRow({
    step: 'AdminCreateUser',
    fault: 'UsernameExistsException',
    landed: true,
    status: 200,
    code: 'RECOVERED',
    after: ['AdminGetUser (by email)', 'AdminAddUserToGroup', 'TransactWriteItems (complete token + audit)', 'SendEmail (notice)'],
    left: RECREATED,
    retry: RETRY_USED,
  }),
  recreateRow({ step: 'AdminCreateUser', fault: 'timeout', landed: true, status: 503, code: 'SERVICE_UNAVAILABLE', after: RELEASE, left: halfDone('released', UNGROUPED), retry: RETRY_RECOVERS }),
  ...GENERIC.map((fault) =>
    recreateRow({
      step: 'AdminCreateUser',
      fault: 'serviceError',
      also: [{ step: 'UpdateItem (release lease)', fault }],
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      after: RELEASE,
      left: halfDone('held', GONE),
      retry: RETRY_AFTER_LEASE,
    }),
  ),
  recreateRow({
    step: 'AdminCreateUser',
    fault: 'serviceError',
    also: [{ step: 'UpdateItem (release lease)', fault: 'timeout', landed: true }],
    status: 503,
    code: 'SERVICE_UNAVAILABLE',
    after: RELEASE,
    left: halfDone('released', GONE),
    retry: RETRY_RECOVERS,
  }),
  ...recreateGeneric('AdminAddUserToGroup', [], UNGROUPED),
  recreateRow({ step: 'AdminAddUserToGroup', fault: 'timeout', landed: true, status: 503, code: 'SERVICE_UNAVAILABLE', after: RELEASE, left: halfDone('released', CREATED), retry: RETRY_RECOVERS }),
]);

// provisionNewAdmin over an adoptable leftover: AdminCreateUser answers UsernameExistsException ->
// AdminGetUser + GetItem (email claim) -> GetItem (user) -> AdminAddUserToGroup -> TransactWriteItems -> RESEND -> PutItem (audit).
const OVER_LEFTOVER = 'provisionNewAdmin (over a leftover)';
const LEFTOVER = 'unchanged: the leftover Cognito user, no records; re-running POST /admins completes it';
const LEFTOVER_WITH_ALERT = 'leftover in admins without records + alert ProvisioningCompensationFailed; re-running POST /admins completes it';
const LEFT_WITH_ALERT = 'Cognito user without records + alert ProvisioningCompensationFailed; re-running POST /admins completes it';
/** The transaction fails with `fault`, then the roll-back's `compensation` call fails with each generic fault (and is audited). */
function compensationRows(flow: string, fault: string, compensation: string, [status, code]: [number, string], left: string): MatrixRow[] {
  return GENERIC.map((also) => ({ flow, step: 'TransactWriteItems', fault, also: [{ step: compensation, fault: also }], status, code, after: [compensation, AUDIT], left }));
}

const LEFTOVER_ROWS: MatrixRow[] = [
  ...genericRows(OVER_LEFTOVER, CALLER, [], LEFTOVER),
  ...genericRows(OVER_LEFTOVER, 'AdminCreateUser', [], LEFTOVER),
  ...genericRows(OVER_LEFTOVER, 'AdminGetUser', ['GetItem (email claim)'], LEFTOVER),
  ...genericRows(OVER_LEFTOVER, 'GetItem (email claim)', [], LEFTOVER),
  ...genericRows(OVER_LEFTOVER, 'GetItem (user)', [], LEFTOVER),
  ...genericRows(OVER_LEFTOVER, 'AdminAddUserToGroup', ['AdminDeleteUser', AUDIT], NOTHING),
  ...genericRows(OVER_LEFTOVER, 'TransactWriteItems', ['AdminDeleteUser', AUDIT], NOTHING),
  ...compensationRows(OVER_LEFTOVER, 'serviceError', 'AdminDeleteUser', [503, 'SERVICE_UNAVAILABLE'], LEFTOVER_WITH_ALERT),
  ...genericRows(OVER_LEFTOVER, 'AdminCreateUser (RESEND)', [], 'complete admin; invitation not refreshed (resend by hand)', { status: 201, code: 'INVITED' }),
  ...genericRows(OVER_LEFTOVER, AUDIT, [], `complete admin, invitation refreshed${AUDIT_ALERT}`, { status: 201, code: 'INVITED' }),
];

export const MATRIX: readonly MatrixRow[] = [
  // provisionNewAdmin: AdminCreateUser -> AdminAddUserToGroup -> TransactWriteItems (with the audit record);
  // a roll-back is audited on its own (PutItem (audit)).
  ...genericRows('provisionNewAdmin', CALLER, [], NOTHING),
  ...genericRows('provisionNewAdmin', 'AdminCreateUser', [], NOTHING),
  {
    flow: 'provisionNewAdmin',
    step: 'AdminCreateUser',
    fault: 'UsernameExistsException',
    status: 409,
    code: 'USER_ALREADY_EXISTS',
    after: ['AdminGetUser', 'GetItem (email claim)'],
    left: 'the existing complete user, untouched',
  },
  ...genericRows('provisionNewAdmin', 'AdminAddUserToGroup', ['AdminDeleteUser', AUDIT], NOTHING),
  ...genericRows('provisionNewAdmin', 'TransactWriteItems', ['AdminDeleteUser', AUDIT], NOTHING),
  {
    flow: 'provisionNewAdmin',
    step: 'TransactWriteItems',
    fault: 'ConditionalCheckFailed',
    status: 409,
    code: 'USER_ALREADY_EXISTS',
    after: ['GetItem (user)', 'AdminDeleteUser', AUDIT],
    left: NOTHING,
  },
  ...compensationRows('provisionNewAdmin', 'ConditionalCheckFailed', 'GetItem (user)', [409, 'USER_ALREADY_EXISTS'], LEFT_WITH_ALERT),
  ...compensationRows('provisionNewAdmin', 'serviceError', 'AdminDeleteUser', [503, 'SERVICE_UNAVAILABLE'], LEFT_WITH_ALERT),
  ...GENERIC.map(
    (fault): MatrixRow => ({
      flow: 'provisionNewAdmin',
      step: 'TransactWriteItems',
      fault: 'serviceError',
      also: [{ step: AUDIT, fault }],
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      after: ['AdminDeleteUser', AUDIT],
      left: `${NOTHING}${AUDIT_ALERT}`,
    }),
  ),
  ...LEFTOVER_ROWS,
  // resendAdminInvite: caller check -> counter + email claim -> AdminInfo + User -> AdminCreateUser (RESEND) -> invitation time + audit
  ...genericRows('resendAdminInvite', CALLER, [], UNCHANGED),
  ...genericRows('resendAdminInvite', RATE_LIMIT_KEY, ['GetItem (email claim)'], UNCHANGED),
  ...genericRows('resendAdminInvite', 'UpdateItem (resend counter)', [], UNCHANGED),
  ...genericRows('resendAdminInvite', 'GetItem (email claim)', ['UpdateItem (resend counter)'], UNCHANGED),
  ...genericRows('resendAdminInvite', 'Query (admin)', [], UNCHANGED),
  ...genericRows('resendAdminInvite', 'AdminCreateUser (RESEND)', [], UNCHANGED),
  { flow: 'resendAdminInvite', step: 'AdminCreateUser (RESEND)', fault: 'UserNotFoundException', status: 404, code: 'USER_NOT_FOUND', after: [], left: UNCHANGED },
  {
    flow: 'resendAdminInvite',
    step: 'AdminCreateUser (RESEND)',
    fault: 'UnsupportedUserStateException',
    status: 409,
    code: 'INVALID_USER_STATE',
    after: [],
    left: UNCHANGED,
  },
  // The invitation went out: the answer stays 202, the record goes to an alert for an operator to append.
  ...GENERIC.map(
    (fault): MatrixRow => ({
      flow: 'resendAdminInvite',
      step: 'TransactWriteItems (invitation + audit)',
      fault,
      status: 202,
      code: 'INVITE_SENT',
      after: [],
      left: `new temporary password sent${AUDIT_ALERT}`,
    }),
  ),
  // newPasswordChallenge: counters + GetItem (email claim) -> AdminInitiateAuth -> AdminRespondToAuthChallenge -> PutItem (audit)
  ...genericRows('newPasswordChallenge', RATE_LIMIT_KEY, ['GetItem (email claim)'], 'unchanged: temporary password still valid'),
  ...genericRows('newPasswordChallenge', 'UpdateItem (account counter)', ['UpdateItem (IP counter)'], 'unchanged: temporary password still valid'),
  ...genericRows('newPasswordChallenge', 'UpdateItem (IP counter)', [], 'unchanged: temporary password still valid'),
  ...genericRows('newPasswordChallenge', 'GetItem (email claim)', ['UpdateItem (account counter)', 'UpdateItem (IP counter)'], 'unchanged: temporary password still valid'),
  ...genericRows('newPasswordChallenge', 'AdminInitiateAuth', [], 'unchanged: temporary password still valid'),
  // Wrong password, disabled user and unknown user: one answer.
  ...['NotAuthorizedException', 'UserNotFoundException'].map(
    (fault): MatrixRow => ({ flow: 'newPasswordChallenge', step: 'AdminInitiateAuth', fault, status: 401, code: 'INVALID_CREDENTIALS', after: [], left: 'unchanged: temporary password still valid' }),
  ),
  ...genericRows('newPasswordChallenge', 'AdminRespondToAuthChallenge', [], 'unchanged: temporary password still valid'),
  {
    flow: 'newPasswordChallenge',
    step: 'AdminRespondToAuthChallenge',
    fault: 'InvalidPasswordException',
    status: 400,
    code: 'INVALID_PASSWORD',
    after: [],
    left: 'unchanged: temporary password still valid',
  },
  ...GENERIC.map(
    (fault): MatrixRow => ({ flow: 'newPasswordChallenge', step: AUDIT, fault, status: 200, code: 'CHALLENGE', after: [], left: `password changed${AUDIT_ALERT}` }),
  ),
  ...DEACTIVATE_ROWS,
  ...REACTIVATE_ROWS,
  ...RESET_ROWS,
  ...READ_ROWS,
  ...REQUEST_ROWS,
  ...RECOVERY_RESET_ROWS,
  ...RECREATE_ROWS,
];

/** The matrix as the Markdown table in docs/fault-matrix.md. */
export function renderMatrix(rows: readonly MatrixRow[] = MATRIX): string {
  const header = [
    '| flow | step | fault | response | calls after the fault | left behind | retry with the same request |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  const lines = rows.map((row) => {
    const taking = (landed?: boolean) => (landed ? ' (after taking effect)' : '');
    const fault = [`${row.fault}${taking(row.landed)}`, ...(row.also ?? []).map((a) => `then ${a.step} ${a.fault}${taking(a.landed)}`)].join(', ');
    const retry = row.retry?.join(', then ') ?? '-';
    return `| ${row.flow} | ${row.step} | ${fault} | ${row.status} ${row.code} | ${row.after.join(' -> ') || '-'} | ${row.left} | ${retry} |`;
  });
  return [...header, ...lines].join('\n');
}
