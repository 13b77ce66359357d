/**
 * The fault-injection matrix as data: step x fault -> outcome, for every flow. docs/fault-matrix.md's
 * "Fault matrix" table is rendered from this file (`npm run docs:fault-matrix`) and a test
 * checks the two agree; `fault-matrix.test.ts` proves every row against the real handlers.
 *
 * `fault` at `step` is the fault under test; `also` lists later calls failing too (e.g. a
 * compensation). `landed`: the failed call took effect before its error came back.
 */
import { RECOVERY_LEASE_MS } from '../../../lambdas/mfa-recovery/post-mfa-recovery-confirm';
import { ADOPTION_WINDOW_MS } from '../../../lambdas/identity/adoption-policy';
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
  /** What that retry must leave, when not the flow's converged state. */
  readonly retryLeft?: string;
  /**
   * A bug the measurement found: the row states what SHOULD happen and fails today for this reason.
   * The test expects it to fail (so fixing the bug turns it red until this is removed).
   */
  readonly failing?: string;
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

/** The in-code admin check: every admin route reads its caller's AdminInfo first. */
const CALLER = 'GetItem (caller)';
/** The attempt counters' HMAC key: read at a container's first attempt (the matrix runs every flow in a fresh container), then cached. */
const RATE_LIMIT_KEY = 'GetSecretValue (rate-limit key)';
/** An audit record of a change outside DynamoDB, appended on its own; when that fails the record goes to an alert. */
const AUDIT = 'PutItem (audit)';
const AUDIT_ALERT = ' + alert AuditRecordNotWritten';
const DEACTIVATED_IN_DB = (missing: string) => `deactivated in the database (refused on admin routes; audited), ${missing} not done`;

/**
 * What the admin and provisioning flows leave, in words. admin-flows.ts measures the fake world after
 * each run and names each measured set of changes with one of these (or reports it as unexpected).
 */
export const ADMIN_STATES = {
  NOTHING: 'nothing: no Cognito user, no records',
  COMPLETE: 'complete admin: Cognito user in admins (invited), User + AdminInfo + email claim, counted; audited',
  ROLLED_BACK: 'rolled back: no Cognito user, no records (its invitation email went out); audited',
  ROLLED_BACK_UNAUDITED: 'rolled back: no Cognito user, no records (its invitation email went out)',
  ROLLED_BACK_REPORTED_FAILED: 'rolled back: no Cognito user, no records (its invitation email went out); audited as a failed roll-back',
  ROLLBACK_FAILED: 'Cognito user in admins without records (invited); the failed roll-back audited',
  ROLLBACK_FAILED_FENCED: 'Cognito user in admins without records (invited), its user id fenced for the adoption window; the failed roll-back audited',
  ORPHAN: 'Cognito user in no group without records (invited); no alert',
  RECORDS_WITHOUT_USER: 'records without Cognito user (the roll-back deleted the user the records name)',
  LEFTOVER: 'unchanged: the leftover Cognito user, no records',
  LEFTOVER_DELETED: 'nothing: the leftover Cognito user deleted, no records; audited',
  LEFTOVER_DELETED_REPORTED_FAILED: 'nothing: the leftover Cognito user deleted, no records; audited as a failed roll-back',
  LEFTOVER_IN_ADMINS: 'the leftover in admins without records; the failed roll-back audited',
  LEFTOVER_IN_ADMINS_FENCED: 'the leftover in admins without records, its user id fenced for the adoption window; the failed roll-back audited',
  ADOPTED_REFRESHED: 'complete admin (the leftover adopted), invitation refreshed; audited',
  ADOPTED_REFRESHED_UNAUDITED: 'complete admin (the leftover adopted), invitation refreshed; its resend not audited',
  ADOPTED_NOT_REFRESHED: 'complete admin (the leftover adopted); invitation not refreshed (resend by hand)',
  ADOPTED_NOT_REFRESHED_UNCERTAIN: 'complete admin (the leftover adopted); invitation not refreshed (resend by hand), its resend audited as UNKNOWN',
  ADOPTED_REFRESHED_UNCERTAIN: 'complete admin (the leftover adopted), invitation refreshed; its resend audited as UNKNOWN',
  UNCHANGED: 'unchanged',
  RESENT: 'new temporary password sent, invitation time recorded; audited',
  RESENT_UNAUDITED: 'new temporary password sent; invitation time and audit record not written',
  UNCHANGED_UNCERTAIN: 'unchanged; the resend audited as UNKNOWN (its answer was lost)',
  RESENT_UNCERTAIN: 'new temporary password sent; audited as UNKNOWN (its answer was lost), invitation time not recorded',
  RESENT_AFTER_UNCERTAIN: 'new temporary password sent, invitation time recorded; audited (the earlier attempt as UNKNOWN)',
  TEMPORARY_PASSWORD_VALID: 'unchanged: temporary password still valid',
  TEMPORARY_PASSWORD_VALID_UNCERTAIN: 'unchanged: temporary password still valid; the attempt audited as UNKNOWN',
  PASSWORD_CHANGED_UNCERTAIN: 'password changed (CONFIRMED); audited as UNKNOWN (its answer was lost)',
  PASSWORD_CHANGED: 'password changed (CONFIRMED); audited',
  PASSWORD_CHANGED_UNAUDITED: 'password changed (CONFIRMED); not audited',
  DEACTIVATED: 'deactivated: refused on admin routes, disabled, signed out, counted out; audited',
  DEACTIVATED_IN_DB,
  REACTIVATED: 'reactivated: active, enabled, counted; audited',
  ENABLED_ONLY: 'enabled in Cognito, still deactivated in the database (refused on admin routes, not audited)',
  READ_ONLY: 'unchanged (read only)',
  SIGNED_OUT_ONLY: 'signed out, invitation time recorded: password and factor unchanged',
  PASSWORD_ONLY: 'temporary password set (old password dead), invitation time recorded: factor and sessions unchanged',
  LOCKED_UNMARKED: 'temporary password set, signed out: invitation time not recorded, factor not deleted, not re-invited',
  LOCKED: 'temporary password set, signed out, invitation time recorded: factor not deleted, not re-invited',
  LOCKED_REINVITED: 'temporary password set, signed out, invitation time recorded, re-invited: factor not deleted',
  LOCKED_FACTOR_GONE: 'temporary password set, signed out, invitation time recorded, factor deleted: not re-invited',
  RESET_UNRECORDED: 'factor reset, user re-invited, invitation time recorded: audit record and notice not written',
  RESET: 'factor reset, user re-invited; invitation time recorded, audited, user told',
  RESET_UNAUDITED: 'factor reset, user re-invited, invitation time recorded (listed as invited), user told; audit record not written',
  RESET_UNTOLD: 'factor reset, user re-invited; invitation time recorded, audited; user not told',
  SNAPSHOT_ONLY: 'snapshot saved on the user: Cognito user untouched, invitation time not recorded',
  MARKED_ONLY: 'invitation time recorded: Cognito user untouched, no snapshot',
  SNAPSHOT_SAVED: 'snapshot saved on the user, invitation time recorded: the old Cognito user still there',
  RECREATE_GONE: 'no Cognito user (the old one deleted); snapshot saved, invitation time recorded',
  RECREATE_UNGROUPED: 'new Cognito user (invited) without its groups, not linked; snapshot saved, invitation time recorded',
  RECREATE_UNLINKED: 'new Cognito user (invited) in its groups, not linked; snapshot saved, invitation time recorded',
  RECREATED_UNRECORDED:
    'recreated (a new Cognito user in the same groups, invited) and relinked, invitation time recorded: audit record and notice not written',
  RECREATED: 'recreated (a new Cognito user in the same groups, invited) and relinked; invitation time recorded, audited, user told',
  RECREATED_UNAUDITED:
    'recreated (a new Cognito user in the same groups, invited) and relinked, invitation time recorded (listed as invited), user told; audit record not written',
  RECREATED_UNTOLD: 'recreated (a new Cognito user in the same groups, invited) and relinked; invitation time recorded, audited; user not told',
  CODES_UNCHANGED: 'unchanged: the earlier recovery codes still work',
  CODES_REPLACED: 'a new set of recovery codes stored, the earlier set void; audited',
  CODES_REPLACED_UNAUDITED: 'a new set of recovery codes stored, the earlier set void; not audited',
} as const;
const S = ADMIN_STATES;

/** Every admin row is called again with the same request: these are the answers, and `retryLeft` what that leaves (the flow's converged state if unset). */
const retried = (retry: readonly string[], rows: readonly MatrixRow[], retryLeft?: string): MatrixRow[] =>
  rows.map((row) => ({ ...row, retry, ...(retryLeft && { retryLeft }) }));
const landed = (row: Omit<MatrixRow, 'fault' | 'landed'>): MatrixRow => ({ fault: 'timeout', landed: true, ...row });
const ADOPTION_WAIT = ['409 INVALID_USER_STATE', `after ${(ADOPTION_WINDOW_MS + 1_000) / 1000} s: 201 INVITED`];

// postAdmins: caller check -> AdminCreateUser -> AdminAddUserToGroup -> TransactWriteItems (records, counter, audit,
// the attempt's commit on the user id's guard); a roll-back fences the user id's guard (learning whether records were
// committed), deletes the Cognito user only if none were, and is audited on its own (PutItem (audit)).
const PROVISION = 'postAdmins';
const FENCE = 'UpdateItem (provisioning fence)';
const ROLL_BACK = [FENCE, 'AdminDeleteUser', AUDIT];
/** The transaction fails with `fault`, then the roll-back's `compensation` call fails with each generic fault (and, with `landed`, after taking effect). */
function compensationRows(
  flow: string,
  fault: string,
  compensation: string,
  [status, code]: [number, string],
  left: string,
  { landedLeft }: { landedLeft?: string } = {},
): MatrixRow[] {
  const after = compensation === FENCE ? [FENCE, AUDIT] : ROLL_BACK;
  const base = { flow, step: 'TransactWriteItems', fault, status, code, after };
  return [
    ...GENERIC.map((also): MatrixRow => ({ ...base, also: [{ step: compensation, fault: also }], left })),
    ...(landedLeft ? [{ ...base, also: [{ step: compensation, fault: 'timeout', landed: true }], left: landedLeft }] : []),
  ];
}
const PROVISION_ROWS: MatrixRow[] = [
  ...retried(
    ['201 INVITED'],
    [
      ...genericRows(PROVISION, CALLER, [], S.NOTHING),
      ...genericRows(PROVISION, 'AdminCreateUser', [], S.NOTHING),
      // Cognito says the email is taken, but no user holds it by the time we look: nothing is changed.
      {
        flow: PROVISION,
        step: 'AdminCreateUser',
        fault: 'UsernameExistsException',
        status: 409,
        code: 'USER_ALREADY_EXISTS',
        after: ['AdminGetUser', 'GetItem (email claim)'],
        left: S.NOTHING,
      },
      ...genericRows(PROVISION, 'AdminAddUserToGroup', ROLL_BACK, S.ROLLED_BACK),
      landed({
        flow: PROVISION,
        step: 'AdminAddUserToGroup',
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
        after: ROLL_BACK,
        left: S.ROLLED_BACK,
      }),
      ...genericRows(PROVISION, 'TransactWriteItems', ROLL_BACK, S.ROLLED_BACK),
      {
        flow: PROVISION,
        step: 'TransactWriteItems',
        fault: 'ConditionalCheckFailed',
        status: 409,
        code: 'USER_ALREADY_EXISTS',
        after: ROLL_BACK,
        left: S.ROLLED_BACK,
      },
      ...GENERIC.map(
        (fault): MatrixRow => ({
          flow: PROVISION,
          step: 'TransactWriteItems',
          fault: 'serviceError',
          also: [{ step: AUDIT, fault }],
          status: 503,
          code: 'SERVICE_UNAVAILABLE',
          after: ROLL_BACK,
          left: `${S.ROLLED_BACK_UNAUDITED}${AUDIT_ALERT}`,
        }),
      ),
      {
        flow: PROVISION,
        step: 'TransactWriteItems',
        fault: 'serviceError',
        also: [{ step: AUDIT, fault: 'timeout', landed: true }],
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
        after: ROLL_BACK,
        left: `${S.ROLLED_BACK}${AUDIT_ALERT}`,
      },
      // The delete landed but answered an error: the roll-back is audited (and alerted) as failed, though nothing is left.
      {
        flow: PROVISION,
        step: 'TransactWriteItems',
        fault: 'serviceError',
        also: [{ step: 'AdminDeleteUser', fault: 'timeout', landed: true }],
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
        after: ROLL_BACK,
        left: `${S.ROLLED_BACK_REPORTED_FAILED} + alert ProvisioningCompensationFailed`,
      },
    ],
  ),
  ...retried(ADOPTION_WAIT, [
    // The create landed and its answer was lost: the flow cannot know the user exists, so it stops there. Calling again
    // meets it as a leftover, which the policy adopts once it is older than the adoption window.
    landed({ flow: PROVISION, step: 'AdminCreateUser', status: 503, code: 'SERVICE_UNAVAILABLE', after: [], left: S.ORPHAN }),
    // Without the fence nobody can tell whether records name the user: it is kept (the retry adopts it after the window).
    ...compensationRows(
      PROVISION,
      'ConditionalCheckFailed',
      FENCE,
      [409, 'USER_ALREADY_EXISTS'],
      `${S.ROLLBACK_FAILED} + alert ProvisioningCompensationFailed`,
      { landedLeft: `${S.ROLLBACK_FAILED_FENCED} + alert ProvisioningCompensationFailed` },
    ),
    ...compensationRows(
      PROVISION,
      'serviceError',
      'AdminDeleteUser',
      [503, 'SERVICE_UNAVAILABLE'],
      `${S.ROLLBACK_FAILED_FENCED} + alert ProvisioningCompensationFailed`,
    ),
  ]),
  // The records landed and their answer was lost: the fence finds this attempt's commit, so the user is kept and the answer is success.
  {
    ...landed({ flow: PROVISION, step: 'TransactWriteItems', status: 201, code: 'INVITED', after: [FENCE], left: S.COMPLETE }),
    retry: ['409 USER_ALREADY_EXISTS'],
  },
];

// postAdmins over an adoptable leftover: AdminCreateUser answers UsernameExistsException (the fake: a user has the email)
// -> AdminGetUser + GetItem (email claim) -> GetItem (user) -> AdminAddUserToGroup -> TransactWriteItems -> RESEND -> PutItem (audit).
const OVER_LEFTOVER = 'postAdmins (over a leftover)';
const LEFTOVER_ROWS: MatrixRow[] = [
  ...retried(
    ['201 INVITED'],
    [
      ...genericRows(OVER_LEFTOVER, CALLER, [], S.LEFTOVER),
      ...genericRows(OVER_LEFTOVER, 'AdminCreateUser', [], S.LEFTOVER),
      ...genericRows(OVER_LEFTOVER, 'AdminGetUser', ['GetItem (email claim)'], S.LEFTOVER),
      ...genericRows(OVER_LEFTOVER, 'GetItem (email claim)', [], S.LEFTOVER),
      ...genericRows(OVER_LEFTOVER, 'GetItem (user)', [], S.LEFTOVER),
    ],
  ),
  ...retried(
    ['201 INVITED'],
    [
      ...genericRows(OVER_LEFTOVER, 'AdminAddUserToGroup', ROLL_BACK, S.LEFTOVER_DELETED),
      landed({
        flow: OVER_LEFTOVER,
        step: 'AdminAddUserToGroup',
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
        after: ROLL_BACK,
        left: S.LEFTOVER_DELETED,
      }),
      ...genericRows(OVER_LEFTOVER, 'TransactWriteItems', ROLL_BACK, S.LEFTOVER_DELETED),
    ],
    S.COMPLETE,
  ),
  ...retried(
    ['201 INVITED'],
    [
      {
        flow: OVER_LEFTOVER,
        step: 'TransactWriteItems',
        fault: 'serviceError',
        also: [{ step: 'AdminDeleteUser', fault: 'timeout', landed: true }],
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
        after: ROLL_BACK,
        left: `${S.LEFTOVER_DELETED_REPORTED_FAILED} + alert ProvisioningCompensationFailed`,
      },
    ],
    S.COMPLETE,
  ),
  {
    ...landed({
      flow: OVER_LEFTOVER,
      step: 'TransactWriteItems',
      status: 201,
      code: 'INVITED',
      after: [FENCE, 'AdminCreateUser (RESEND)', AUDIT],
      left: S.ADOPTED_REFRESHED,
    }),
    retry: ['409 USER_ALREADY_EXISTS'],
  },
  // No fence: the leftover is kept as it was, and calling again adopts it.
  ...retried(
    ['201 INVITED'],
    compensationRows(OVER_LEFTOVER, 'serviceError', FENCE, [503, 'SERVICE_UNAVAILABLE'], `${S.LEFTOVER_IN_ADMINS} + alert ProvisioningCompensationFailed`),
  ),
  // The fence holds for the adoption window: calling again within it is refused by the fence and deletes the leftover
  // (nothing can come to name it while fenced); after the window it provisions a new Cognito user.
  ...retried(
    ADOPTION_WAIT,
    [
      ...compensationRows(
        OVER_LEFTOVER,
        'serviceError',
        'AdminDeleteUser',
        [503, 'SERVICE_UNAVAILABLE'],
        `${S.LEFTOVER_IN_ADMINS_FENCED} + alert ProvisioningCompensationFailed`,
      ),
      ...compensationRows(OVER_LEFTOVER, 'serviceError', FENCE, [503, 'SERVICE_UNAVAILABLE'], '', {
        landedLeft: `${S.LEFTOVER_IN_ADMINS_FENCED} + alert ProvisioningCompensationFailed`,
      }).slice(GENERIC.length),
    ],
    S.COMPLETE,
  ),
  // The RESEND answered no definite refusal: it may have gone out, so it is audited as UNKNOWN either way (the admin exists: 201).
  ...retried(
    ['409 USER_ALREADY_EXISTS'],
    genericRows(OVER_LEFTOVER, 'AdminCreateUser (RESEND)', [AUDIT], S.ADOPTED_NOT_REFRESHED_UNCERTAIN, { status: 201, code: 'INVITED' }),
    S.ADOPTED_NOT_REFRESHED_UNCERTAIN,
  ),
  ...retried(
    ['409 USER_ALREADY_EXISTS'],
    [landed({ flow: OVER_LEFTOVER, step: 'AdminCreateUser (RESEND)', status: 201, code: 'INVITED', after: [AUDIT], left: S.ADOPTED_REFRESHED_UNCERTAIN })],
    S.ADOPTED_REFRESHED_UNCERTAIN,
  ),
  ...retried(
    ['409 USER_ALREADY_EXISTS'],
    genericRows(OVER_LEFTOVER, AUDIT, [], `${S.ADOPTED_REFRESHED_UNAUDITED}${AUDIT_ALERT}`, { status: 201, code: 'INVITED' }),
    S.ADOPTED_REFRESHED_UNAUDITED,
  ),
  ...retried(
    ['409 USER_ALREADY_EXISTS'],
    [landed({ flow: OVER_LEFTOVER, step: AUDIT, status: 201, code: 'INVITED', after: [], left: `${S.ADOPTED_REFRESHED}${AUDIT_ALERT}` })],
  ),
];

// postAdminsResendInvite: caller check -> counter + email claim -> AdminInfo + User -> AdminCreateUser (RESEND) -> invitation time + audit
const RESEND = 'postAdminsResendInvite';
const RESEND_ROWS: MatrixRow[] = [
  ...retried(
    ['202 INVITE_SENT'],
    [
      ...genericRows(RESEND, CALLER, [], S.UNCHANGED),
      ...genericRows(RESEND, RATE_LIMIT_KEY, ['GetItem (email claim)'], S.UNCHANGED),
      ...genericRows(RESEND, 'UpdateItem (resend counter)', [], S.UNCHANGED),
      landed({ flow: RESEND, step: 'UpdateItem (resend counter)', status: 503, code: 'SERVICE_UNAVAILABLE', after: [], left: S.UNCHANGED }),
      ...genericRows(RESEND, 'GetItem (email claim)', ['UpdateItem (resend counter)'], S.UNCHANGED),
      ...genericRows(RESEND, 'Query (admin)', [], S.UNCHANGED),
      { flow: RESEND, step: 'AdminCreateUser (RESEND)', fault: 'UserNotFoundException', status: 404, code: 'USER_NOT_FOUND', after: [], left: S.UNCHANGED },
      {
        flow: RESEND,
        step: 'AdminCreateUser (RESEND)',
        fault: 'UnsupportedUserStateException',
        status: 409,
        code: 'INVALID_USER_STATE',
        after: [],
        left: S.UNCHANGED,
      },
      // The invitation went out: the answer stays 202, the record goes to an alert for an operator to append.
      ...GENERIC.map(
        (fault): MatrixRow => ({
          flow: RESEND,
          step: 'TransactWriteItems (invitation + audit)',
          fault,
          status: 202,
          code: 'INVITE_SENT',
          after: [],
          left: `${S.RESENT_UNAUDITED}${AUDIT_ALERT}`,
        }),
      ),
      landed({ flow: RESEND, step: 'TransactWriteItems (invitation + audit)', status: 202, code: 'INVITE_SENT', after: [], left: `${S.RESENT}${AUDIT_ALERT}` }),
    ],
  ),
  // No definite answer: the invitation may have gone out, so the attempt is audited as UNKNOWN (its time is not
  // recorded); calling again sends another (the older temporary password stops working) and audits it.
  ...retried(
    ['202 INVITE_SENT'],
    [
      ...genericRows(RESEND, 'AdminCreateUser (RESEND)', [AUDIT], S.UNCHANGED_UNCERTAIN),
      landed({ flow: RESEND, step: 'AdminCreateUser (RESEND)', status: 503, code: 'SERVICE_UNAVAILABLE', after: [AUDIT], left: S.RESENT_UNCERTAIN }),
      landed({
        flow: RESEND,
        step: 'AdminCreateUser (RESEND)',
        also: [{ step: AUDIT, fault: 'timeout', landed: true }],
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
        after: [AUDIT],
        left: `${S.RESENT_UNCERTAIN}${AUDIT_ALERT}`,
      }),
    ],
    S.RESENT_AFTER_UNCERTAIN,
  ),
  // The UNKNOWN record failing too: it goes to an alert, and calling again sends and audits the invitation.
  ...retried(
    ['202 INVITE_SENT'],
    GENERIC.map(
      (fault): MatrixRow => ({
        flow: RESEND,
        step: 'AdminCreateUser (RESEND)',
        fault: 'serviceError',
        also: [{ step: AUDIT, fault }],
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
        after: [AUDIT],
        left: `${S.UNCHANGED}${AUDIT_ALERT}`,
      }),
    ),
  ),
];

// postAuthNewPassword: counters + GetItem (email claim) -> AdminInitiateAuth -> AdminRespondToAuthChallenge -> PutItem (audit)
const FIRST = 'postAuthNewPassword';
const FIRST_ROWS: MatrixRow[] = [
  ...retried(
    ['200 CHALLENGE'],
    [
      ...genericRows(FIRST, RATE_LIMIT_KEY, ['GetItem (email claim)'], S.TEMPORARY_PASSWORD_VALID),
      ...genericRows(FIRST, 'UpdateItem (account+IP counter)', ['UpdateItem (IP counter)'], S.TEMPORARY_PASSWORD_VALID),
      landed({
        flow: FIRST,
        step: 'UpdateItem (account+IP counter)',
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
        after: ['UpdateItem (IP counter)'],
        left: S.TEMPORARY_PASSWORD_VALID,
      }),
      ...genericRows(FIRST, 'UpdateItem (IP counter)', [], S.TEMPORARY_PASSWORD_VALID),
      landed({ flow: FIRST, step: 'UpdateItem (IP counter)', status: 503, code: 'SERVICE_UNAVAILABLE', after: [], left: S.TEMPORARY_PASSWORD_VALID }),
      ...genericRows(FIRST, 'GetItem (email claim)', ['UpdateItem (account+IP counter)', 'UpdateItem (IP counter)'], S.TEMPORARY_PASSWORD_VALID),
      ...genericRows(FIRST, 'AdminInitiateAuth', [], S.TEMPORARY_PASSWORD_VALID),
      // Wrong password, disabled user and unknown user: one answer.
      ...['NotAuthorizedException', 'UserNotFoundException'].map(
        (fault): MatrixRow => ({
          flow: FIRST,
          step: 'AdminInitiateAuth',
          fault,
          status: 401,
          code: 'INVALID_CREDENTIALS',
          after: [],
          left: S.TEMPORARY_PASSWORD_VALID,
        }),
      ),
      // No definite answer: the password may be set, so the attempt is audited as UNKNOWN; calling again completes it.
      ...genericRows(FIRST, 'AdminRespondToAuthChallenge', [AUDIT], S.TEMPORARY_PASSWORD_VALID_UNCERTAIN),
      {
        flow: FIRST,
        step: 'AdminRespondToAuthChallenge',
        fault: 'InvalidPasswordException',
        status: 400,
        code: 'INVALID_PASSWORD',
        after: [],
        left: S.TEMPORARY_PASSWORD_VALID,
      },
    ],
  ),
  // The password is set: the temporary one is dead, so calling again is refused like any wrong password; the UNKNOWN record stays.
  ...retried(
    ['401 INVALID_CREDENTIALS'],
    [
      landed({
        flow: FIRST,
        step: 'AdminRespondToAuthChallenge',
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
        after: [AUDIT],
        left: S.PASSWORD_CHANGED_UNCERTAIN,
      }),
    ],
    S.PASSWORD_CHANGED_UNCERTAIN,
  ),
  ...retried(
    ['401 INVALID_CREDENTIALS'],
    GENERIC.map(
      (fault): MatrixRow => ({
        flow: FIRST,
        step: AUDIT,
        fault,
        status: 200,
        code: 'CHALLENGE',
        after: [],
        left: `${S.PASSWORD_CHANGED_UNAUDITED}${AUDIT_ALERT}`,
      }),
    ),
    S.PASSWORD_CHANGED_UNAUDITED,
  ),
  ...retried(
    ['401 INVALID_CREDENTIALS'],
    [landed({ flow: FIRST, step: AUDIT, status: 200, code: 'CHALLENGE', after: [], left: `${S.PASSWORD_CHANGED}${AUDIT_ALERT}` })],
  ),
];

// postAdminsDeactivate: caller check -> AdminInfo + User -> status + the acting admin still active + counter + audit (one transaction)
// -> AdminDisableUser + AdminUserGlobalSignOut
const DEACTIVATE = 'postAdminsDeactivate';
const DEACTIVATE_ROWS: MatrixRow[] = retried(
  ['200 DEACTIVATED'],
  [
    ...genericRows(DEACTIVATE, CALLER, [], S.UNCHANGED),
    ...genericRows(DEACTIVATE, 'Query (admin)', [], S.UNCHANGED),
    ...genericRows(DEACTIVATE, 'TransactWriteItems (deactivate + audit)', [], S.UNCHANGED),
    {
      flow: DEACTIVATE,
      step: 'TransactWriteItems (deactivate + audit)',
      fault: 'ConditionalCheckFailed (last admin)',
      status: 409,
      code: 'LAST_ACTIVE_ADMIN',
      after: [],
      left: S.UNCHANGED,
    },
    landed({
      flow: DEACTIVATE,
      step: 'TransactWriteItems (deactivate + audit)',
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      after: [],
      left: S.DEACTIVATED_IN_DB('AdminDisableUser and AdminUserGlobalSignOut'),
    }),
    ...genericRows(DEACTIVATE, 'AdminDisableUser', ['AdminUserGlobalSignOut'], S.DEACTIVATED_IN_DB('AdminDisableUser')),
    landed({ flow: DEACTIVATE, step: 'AdminDisableUser', status: 503, code: 'SERVICE_UNAVAILABLE', after: ['AdminUserGlobalSignOut'], left: S.DEACTIVATED }),
    ...genericRows(DEACTIVATE, 'AdminUserGlobalSignOut', [], S.DEACTIVATED_IN_DB('AdminUserGlobalSignOut')),
    landed({ flow: DEACTIVATE, step: 'AdminUserGlobalSignOut', status: 503, code: 'SERVICE_UNAVAILABLE', after: [], left: S.DEACTIVATED }),
  ],
);

// postAdminsReactivate: caller check -> AdminInfo + User (decide: DEACTIVATED, not yourself) -> AdminEnableUser -> status + counter + audit
const REACTIVATE = 'postAdminsReactivate';
const REACTIVATE_ROWS: MatrixRow[] = [
  ...retried(
    ['200 REACTIVATED'],
    [
      ...genericRows(REACTIVATE, CALLER, [], S.UNCHANGED),
      ...genericRows(REACTIVATE, 'Query (admin)', [], S.UNCHANGED),
      ...genericRows(REACTIVATE, 'AdminEnableUser', [], S.UNCHANGED),
      // Enabled, but the call answered an error: the database still refuses the admin, and calling again completes it.
      landed({ flow: REACTIVATE, step: 'AdminEnableUser', status: 503, code: 'SERVICE_UNAVAILABLE', after: [], left: S.ENABLED_ONLY }),
      ...genericRows(REACTIVATE, 'TransactWriteItems (reactivate + audit)', [], `${S.ENABLED_ONLY} + alert AdminReactivationIncomplete`),
    ],
  ),
  // Written, but the answer was lost: the alert is a false alarm, and calling again finds the admin no longer deactivated.
  ...retried(
    ['409 INVALID_USER_STATE'],
    [
      landed({
        flow: REACTIVATE,
        step: 'TransactWriteItems (reactivate + audit)',
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
        after: [],
        left: `${S.REACTIVATED} + alert AdminReactivationIncomplete`,
      }),
    ],
  ),
];

// getAdmins and getUsersAudit only read.
const READ_ROWS: MatrixRow[] = retried(
  ['200 -'],
  [
    ...genericRows('getAdmins', CALLER, [], S.READ_ONLY),
    ...genericRows('getAdmins', 'Query (admin index)', [], S.READ_ONLY),
    ...genericRows('getAdmins', 'AdminGetUser', ['BatchGetItem (recovery codes)'], S.READ_ONLY),
    ...genericRows('getAdmins', 'BatchGetItem (recovery codes)', [], S.READ_ONLY),
    ...genericRows('getUsersAudit', CALLER, [], S.READ_ONLY),
    ...genericRows('getUsersAudit', 'GetItem (user)', ['Query (audit)'], S.READ_ONLY),
    ...genericRows('getUsersAudit', 'Query (audit)', [], S.READ_ONLY),
  ],
);

// postMeRecoveryCodes: user check (User + AdminInfo together) -> the codes' key (first use) -> one Put of the new set's
// hashes (voids the earlier set) -> audit record, appended on its own: the set stands and is shown whatever becomes of it.
const MAKE_CODES = 'postMeRecoveryCodes';
const CODES_PUT = 'PutItem (recovery codes)';
const CODES_ROWS: MatrixRow[] = retried(
  ['201 -'],
  [
    ...genericRows(MAKE_CODES, 'GetItem (user)', [CALLER], S.CODES_UNCHANGED),
    ...genericRows(MAKE_CODES, CALLER, [], S.CODES_UNCHANGED),
    ...genericRows(MAKE_CODES, 'GetSecretValue (recovery-code key)', [], S.CODES_UNCHANGED),
    ...genericRows(MAKE_CODES, CODES_PUT, [], S.CODES_UNCHANGED),
    // The set was stored but the answer lost: nobody holds the new codes and the earlier ones are void; calling again makes (and shows) a fresh set.
    landed({ flow: MAKE_CODES, step: CODES_PUT, status: 503, code: 'SERVICE_UNAVAILABLE', after: [], left: S.CODES_REPLACED_UNAUDITED }),
    ...GENERIC.map(
      (fault): MatrixRow => ({ flow: MAKE_CODES, step: AUDIT, fault, status: 201, code: '-', after: [], left: S.CODES_REPLACED_UNAUDITED + AUDIT_ALERT }),
    ),
    landed({ flow: MAKE_CODES, step: AUDIT, status: 201, code: '-', after: [], left: S.CODES_REPLACED + AUDIT_ALERT }),
  ],
);

// getMeRecoveryCodes only reads: the user check, then the set's status.
const CODES_READ_ROWS: MatrixRow[] = retried(
  ['200 -'],
  [
    ...genericRows('getMeRecoveryCodes', 'GetItem (user)', [CALLER], S.READ_ONLY),
    ...genericRows('getMeRecoveryCodes', CALLER, [], S.READ_ONLY),
    ...genericRows('getMeRecoveryCodes', 'GetItem (recovery codes)', [], S.READ_ONLY),
  ],
);

// postUsersMfaReset: caller check -> (rate-limit key, first use) + User + AdminInfo -> target + admin counters -> AdminGetUser (the adoption
// policy decides) -> lock (temporary password + global sign-out + invitation time) -> re-invite (delete TOTP + RESEND) -> audit + notice.
// After the reset itself, failures are alerts: the reset stands.
const RESET_MFA = 'postUsersMfaReset';
const resetRow = (step: string, fault: string, after: readonly string[], left: string, landedToo = false): MatrixRow => ({
  flow: RESET_MFA,
  step,
  fault,
  ...(landedToo && { landed: true }),
  status: 202,
  code: 'MFA_RESET',
  after,
  left,
});
/** A write failing before and after taking effect: every other call of its round is still made. */
const flowWriteRows =
  (flow: string) =>
  (step: string, after: readonly string[], left: string, landedLeft: string): MatrixRow[] => [
    ...genericRows(flow, step, after, left),
    landed({ flow, step, status: 503, code: 'SERVICE_UNAVAILABLE', after, left: landedLeft }),
  ];
const writeRows = flowWriteRows(RESET_MFA);
const COUNTERS = ['UpdateItem (target counter)', 'UpdateItem (admin counter)'];
/** Either strategy's first rounds (caller check; rate-limit key, User, AdminInfo; the counters): a fault there changes nothing. */
const limitRows = (flow: string): MatrixRow[] => [
  ...genericRows(flow, CALLER, [], S.UNCHANGED),
  // Without the key nothing is counted, so nothing may be done; the reads of the round still finish.
  ...genericRows(flow, RATE_LIMIT_KEY, ['GetItem (user)', 'Query (admin)'], S.UNCHANGED),
  ...genericRows(flow, 'GetItem (user)', ['Query (admin)', ...COUNTERS], S.UNCHANGED),
  ...genericRows(flow, 'Query (admin)', COUNTERS, S.UNCHANGED),
  ...flowWriteRows(flow)(COUNTERS[0], [COUNTERS[1]], S.UNCHANGED, S.UNCHANGED),
  ...flowWriteRows(flow)(COUNTERS[1], [], S.UNCHANGED, S.UNCHANGED),
];
const RESET_ROWS: MatrixRow[] = retried(
  ['202 MFA_RESET'],
  [
    ...limitRows(RESET_MFA),
    // Decide first: without a fresh read of the Cognito user nothing is changed.
    ...genericRows(RESET_MFA, 'AdminGetUser', [], S.UNCHANGED),
    ...writeRows('AdminSetUserPassword', ['AdminUserGlobalSignOut', 'UpdateItem (invitation)'], S.SIGNED_OUT_ONLY, S.LOCKED),
    ...writeRows('AdminUserGlobalSignOut', ['UpdateItem (invitation)'], S.PASSWORD_ONLY, S.LOCKED),
    ...writeRows('UpdateItem (invitation)', [], S.LOCKED_UNMARKED, S.LOCKED),
    // Cognito is fully reset but the call answered an error: the admin calls again, which audits and tells the user.
    ...writeRows('AdminDeleteSoftwareToken', ['AdminCreateUser (RESEND)'], S.LOCKED_REINVITED, S.RESET_UNRECORDED),
    ...writeRows('AdminCreateUser (RESEND)', [], S.LOCKED_FACTOR_GONE, S.RESET_UNRECORDED),
    // The list still shows the admin re-invited: it reads the invitation time written with the lock, not the audit record.
    ...GENERIC.map((fault) => resetRow(AUDIT, fault, ['SendEmail (notice)'], `${S.RESET_UNAUDITED}${AUDIT_ALERT}`)),
    resetRow(AUDIT, 'timeout', ['SendEmail (notice)'], `${S.RESET}${AUDIT_ALERT}`, true),
    ...GENERIC.map((fault) => resetRow('SendEmail (notice)', fault, [], `${S.RESET_UNTOLD} + alert MfaResetNoticeNotSent`)),
    resetRow('SendEmail (notice)', 'timeout', [], `${S.RESET} + alert MfaResetNoticeNotSent`, true),
  ],
);

// postUsersMfaReset under `recreate`: caller check -> (rate-limit key) + User + AdminInfo -> counters -> AdminGetUser + groups (the
// adoption policy decides) -> snapshot on the User + invitation time -> AdminDeleteUser -> AdminCreateUser -> groups -> relink the User
// -> audit + notice. Every step before the relink leaves a state calling again continues from (the snapshot outlives the delete).
const RECREATE_MFA = 'postUsersMfaReset (recreate)';
const recreateWriteRows = flowWriteRows(RECREATE_MFA);
const recreatedRow = (step: string, fault: string, after: readonly string[], left: string, landedToo = false): MatrixRow => ({
  ...resetRow(step, fault, after, left, landedToo),
  flow: RECREATE_MFA,
});
const RECREATE_MFA_ROWS: MatrixRow[] = retried(
  ['202 MFA_RESET'],
  [
    ...limitRows(RECREATE_MFA),
    // Decide first: without fresh reads of the Cognito user and its groups nothing is changed.
    ...genericRows(RECREATE_MFA, 'AdminGetUser', ['AdminListGroupsForUser'], S.UNCHANGED),
    ...genericRows(RECREATE_MFA, 'AdminListGroupsForUser', [], S.UNCHANGED),
    ...recreateWriteRows('UpdateItem (save snapshot)', ['UpdateItem (invitation)'], S.MARKED_ONLY, S.SNAPSHOT_SAVED),
    ...recreateWriteRows('UpdateItem (invitation)', [], S.SNAPSHOT_ONLY, S.SNAPSHOT_SAVED),
    ...recreateWriteRows('AdminDeleteUser', [], S.SNAPSHOT_SAVED, S.RECREATE_GONE),
    // Already gone (an earlier attempt's delete landed): the same as deleted.
    recreatedRow(
      'AdminDeleteUser',
      'UserNotFoundException',
      ['AdminCreateUser', 'AdminAddUserToGroup', 'UpdateItem (relink)', AUDIT, 'SendEmail (notice)'],
      S.RECREATED,
      true,
    ),
    // After the delete the snapshot on the User is the only copy: calling again creates from it.
    ...recreateWriteRows('AdminCreateUser', [], S.RECREATE_GONE, S.RECREATE_UNGROUPED),
    // The email is taken by the new user an earlier attempt created: it is adopted (this user's id and email, not the old sub).
    recreatedRow(
      'AdminCreateUser',
      'UsernameExistsException',
      ['AdminGetUser', 'AdminAddUserToGroup', 'UpdateItem (relink)', AUDIT, 'SendEmail (notice)'],
      S.RECREATED,
      true,
    ),
    // A new user holds the email: calling again adopts it (its user id and email, a sub that is not the old one's) and completes it.
    ...recreateWriteRows('AdminAddUserToGroup', [], S.RECREATE_UNGROUPED, S.RECREATE_UNLINKED),
    // Linked, but the answer was lost: calling again recreates once more (a second invitation) and completes.
    ...recreateWriteRows('UpdateItem (relink)', [], S.RECREATE_UNLINKED, S.RECREATED_UNRECORDED),
    ...GENERIC.map((fault) => recreatedRow(AUDIT, fault, ['SendEmail (notice)'], `${S.RECREATED_UNAUDITED}${AUDIT_ALERT}`)),
    recreatedRow(AUDIT, 'timeout', ['SendEmail (notice)'], `${S.RECREATED}${AUDIT_ALERT}`, true),
    ...GENERIC.map((fault) => recreatedRow('SendEmail (notice)', fault, [], `${S.RECREATED_UNTOLD} + alert MfaResetNoticeNotSent`)),
    recreatedRow('SendEmail (notice)', 'timeout', [], `${S.RECREATED} + alert MfaResetNoticeNotSent`, true),
  ],
);

// postMfaRecoveryRequest: (rate-limit key, first use) -> IP counter + email claim -> recovery state + user + licenses -> account counter + AdminGetUser
// -> AdminInitiateAuth -> issue token + SendEmail. Every row answers the same 202: the caller never learns what happened.
const requestRow = (step: string, fault: string, after: readonly string[], left: string, extra: Partial<MatrixRow> = {}): MatrixRow => ({
  flow: 'postMfaRecoveryRequest',
  step,
  fault,
  status: 202,
  code: 'REQUESTED',
  after,
  left,
  // Asking again (same details) must email a link that works, whatever the first request left.
  retry: ['202 REQUESTED'],
  ...extra,
});
const requestGenericRows = (step: string, after: readonly string[], left: string) => GENERIC.map((fault) => requestRow(step, fault, after, left));
const NO_LINK = 'nothing: no token, no email';
const DEAD_LINK = 'email sent but no token stored: the link is refused';
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
  requestRow('SendEmail', 'timeout', ['UpdateItem (void token)'], 'email sent but its token VOID: the link is refused', {
    landed: true,
  }),
  ...GENERIC.map((fault) =>
    requestRow('SendEmail', 'serviceError', ['UpdateItem (void token)'], 'token ISSUED but never emailed: nobody holds it; it expires', {
      also: [{ step: 'UpdateItem (void token)', fault }],
    }),
  ),
  requestRow('SendEmail', 'serviceError', ['UpdateItem (void token)'], UNSENT, { also: [{ step: 'UpdateItem (void token)', fault: 'timeout', landed: true }] }),
];

// postMfaRecoveryConfirm, either strategy. Every row is retried with the same link, which must converge.
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
    row({
      step: 'UpdateItem (IP counter)',
      fault: 'timeout',
      landed: true,
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      after: ['UpdateItem (give back token)'],
      left: UNTOUCHED,
      retry: RETRY_RECOVERS,
    }),
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
    row({
      step: complete,
      fault: 'ConditionalCheckFailed',
      status: 409,
      code: 'INVALID_USER_STATE',
      after: ['SendEmail (notice)', ...RELEASE],
      left: halfDone('released', unlinked),
      retry: RETRY_RECOVERS,
    }),
    row({
      step: complete,
      fault: 'timeout',
      landed: true,
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      after: ['SendEmail (notice)', ...RELEASE],
      left: `${done}${ALERT}`,
      retry: RETRY_USED,
    }),
    // The recovery is done; the holder must still be told: an alert asks an operator to.
    ...genericRows(flow, 'SendEmail (notice)', [], `${done} + alert MfaRecoveryNoticeNotSent`, { status: 200, code: 'RECOVERED', retry: RETRY_USED }),
    // Whether it went out is unknown: an operator is asked to tell the holder (at worst, twice).
    row({
      step: 'SendEmail (notice)',
      fault: 'timeout',
      landed: true,
      status: 200,
      code: 'RECOVERED',
      after: [],
      left: `${done} + alert MfaRecoveryNoticeNotSent`,
      retry: RETRY_USED,
    }),
  ];
}

// reset: limit + acquire -> the policy's reads -> temporary password + sign-out -> delete factor + RESEND -> complete + notice (5 rounds).
const RESET_FLOW = 'postMfaRecoveryConfirm (reset)';
const RESET = 'reset: the same Cognito user, factor, password and sessions gone, re-invited; link used';
const LOCKED = 'Cognito user: temporary password set, signed out';
const UNTOUCHED_USER = 'Cognito user untouched';
const resetRows = (step: string, after: readonly string[], failed: string, landed: string): MatrixRow[] => [
  ...genericRows(RESET_FLOW, step, [...after, ...RELEASE], halfDone('released', failed), { retry: RETRY_RECOVERS }),
  {
    flow: RESET_FLOW,
    step,
    fault: 'timeout',
    landed: true,
    status: 503,
    code: 'SERVICE_UNAVAILABLE',
    after: [...after, ...RELEASE],
    left: halfDone('released', landed),
    retry: RETRY_RECOVERS,
  },
];
const RECOVERY_RESET_ROWS = confirmRows(RESET_FLOW, RESET, UNTOUCHED_USER, 'Cognito user fully reset', [
  // Decide first: the adoption policy's fresh reads run before the lock; failing, they leave the Cognito user untouched.
  ...genericRows(RESET_FLOW, 'GetItem (user)', ['AdminGetUser', ...RELEASE], halfDone('released', UNTOUCHED_USER), { retry: RETRY_RECOVERS }),
  ...genericRows(RESET_FLOW, 'AdminGetUser', RELEASE, halfDone('released', UNTOUCHED_USER), { retry: RETRY_RECOVERS }),
  ...resetRows('AdminSetUserPassword', ['AdminUserGlobalSignOut'], 'Cognito user: signed out', LOCKED),
  ...resetRows('AdminUserGlobalSignOut', [], 'Cognito user: temporary password set', LOCKED),
  // The factor goes only once the old password is dead, so no failure leaves a password-only account.
  ...resetRows(
    'AdminDeleteSoftwareToken',
    ['AdminCreateUser (RESEND)'],
    'Cognito user: temporary password set, signed out, re-invited',
    'Cognito user fully reset',
  ),
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
const RECREATE_FLOW = 'postMfaRecoveryConfirm (recreate)';
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
  recreateRow({
    step: 'UpdateItem (save snapshot)',
    fault: 'timeout',
    landed: true,
    status: 503,
    code: 'SERVICE_UNAVAILABLE',
    after: RELEASE,
    left: halfDone('released', `${OLD}, snapshot saved`),
    retry: RETRY_RECOVERS,
  }),
  ...recreateGeneric('AdminDeleteUser', [], `${OLD}, snapshot saved`),
  recreateRow({
    step: 'AdminDeleteUser',
    fault: 'timeout',
    landed: true,
    status: 503,
    code: 'SERVICE_UNAVAILABLE',
    after: RELEASE,
    left: halfDone('released', GONE),
    retry: RETRY_RECOVERS,
  }),
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
  recreateRow({
    step: 'AdminCreateUser',
    fault: 'timeout',
    landed: true,
    status: 503,
    code: 'SERVICE_UNAVAILABLE',
    after: RELEASE,
    left: halfDone('released', UNGROUPED),
    retry: RETRY_RECOVERS,
  }),
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
  recreateRow({
    step: 'AdminAddUserToGroup',
    fault: 'timeout',
    landed: true,
    status: 503,
    code: 'SERVICE_UNAVAILABLE',
    after: RELEASE,
    left: halfDone('released', CREATED),
    retry: RETRY_RECOVERS,
  }),
]);

// postMfaRecoveryCode: limits + email claim + the code's hash -> user -> password + Cognito user (the guard's read) ->
// account limit -> take the code -> sign-out -> delete the factor (a failure of either puts the code back) -> notice + audit.
// Every failure before the code is taken is the one refusal (400): nothing changed, the same request then succeeds.
const CODE_FLOW = 'postMfaRecoveryCode';
const CODE_KEY = 'GetSecretValue (recovery-code key)';
const PUT_BACK = 'UpdateItem (put code back)';
const codesLeft = (cognito: string, left: number, rest = '') => `${cognito}; ${left} of 10 codes left${rest}`;
const CODE_UNTOUCHED = codesLeft('Cognito user untouched', 10);
const CODE_USED = codesLeft('factor deleted, signed out, password kept', 9, '; user told; audited');
const CODE_SIGNED_OUT = 'signed out, factor kept';
const codeRow = (row: Omit<MatrixRow, 'flow'>): MatrixRow => ({ flow: CODE_FLOW, ...row });
/** A failure before the code is taken: the one refusal, nothing changed, and the same request then resets. */
const codeRefusedRows = (step: string, after: readonly string[], landed = false): MatrixRow[] => [
  ...GENERIC.map((fault) => codeRow({ step, fault, status: 400, code: 'RECOVERY_CODE_REFUSED', after, left: CODE_UNTOUCHED, retry: ['200 MFA_RESET'] })),
  ...(landed
    ? [codeRow({ step, fault: 'timeout', landed: true, status: 400, code: 'RECOVERY_CODE_REFUSED', after, left: CODE_UNTOUCHED, retry: ['200 MFA_RESET'] })]
    : []),
];
/** The reset failing after the code was taken: the code is put back and the same request then resets. */
const codeResetRows = (step: string, left: string, landedLeft: string): MatrixRow[] => [
  ...genericRows(CODE_FLOW, step, [PUT_BACK], codesLeft(left, 10), { retry: ['200 MFA_RESET'] }),
  codeRow({
    step,
    fault: 'timeout',
    landed: true,
    status: 503,
    code: 'SERVICE_UNAVAILABLE',
    after: [PUT_BACK],
    left: codesLeft(landedLeft, 10),
    retry: ['200 MFA_RESET'],
  }),
];
/** After the reset: the answer is 200; a retry with the used code is refused, and what is missing stays missing (an alert asks for it). */
const codeTellRows = (step: string, after: readonly string[], left: string, landedLeft: string, alert: string): MatrixRow[] => [
  ...GENERIC.map((fault) =>
    codeRow({ step, fault, status: 200, code: 'MFA_RESET', after, left: `${left} + alert ${alert}`, retry: ['400 RECOVERY_CODE_REFUSED'], retryLeft: left }),
  ),
  codeRow({
    step,
    fault: 'timeout',
    landed: true,
    status: 200,
    code: 'MFA_RESET',
    after,
    left: `${landedLeft} + alert ${alert}`,
    retry: ['400 RECOVERY_CODE_REFUSED'],
    ...(landedLeft !== CODE_USED && { retryLeft: landedLeft }),
  }),
];
const CODE_ROWS: MatrixRow[] = [
  ...codeRefusedRows(RATE_LIMIT_KEY, ['GetItem (email claim)', CODE_KEY]),
  ...codeRefusedRows('GetItem (email claim)', [CODE_KEY, 'UpdateItem (IP counter)', 'UpdateItem (account-IP counter)']),
  ...codeRefusedRows(CODE_KEY, ['UpdateItem (IP counter)', 'UpdateItem (account-IP counter)']),
  ...codeRefusedRows('UpdateItem (IP counter)', ['UpdateItem (account-IP counter)'], true),
  ...codeRefusedRows('UpdateItem (account-IP counter)', [], true),
  ...codeRefusedRows('GetItem (user)', []),
  ...codeRefusedRows('AdminInitiateAuth', ['AdminGetUser']),
  ...codeRefusedRows('AdminGetUser', []),
  ...codeRefusedRows('UpdateItem (account counter)', [], true),
  ...codeRefusedRows('UpdateItem (take code)', []),
  // A take that landed unanswered is not put back (it may have been a code used long ago): this code is spent, the next one works.
  codeRow({
    step: 'UpdateItem (take code)',
    fault: 'timeout',
    landed: true,
    status: 400,
    code: 'RECOVERY_CODE_REFUSED',
    after: [],
    left: codesLeft('Cognito user untouched', 9),
    retry: ['400 RECOVERY_CODE_REFUSED'],
    retryLeft: codesLeft('Cognito user untouched', 9),
  }),
  // Sessions go first, so no failure leaves the factor gone while old sessions live on.
  ...codeResetRows('AdminUserGlobalSignOut', 'Cognito user untouched', CODE_SIGNED_OUT),
  ...codeResetRows('AdminDeleteSoftwareToken', CODE_SIGNED_OUT, 'factor deleted, signed out, password kept'),
  // The code cannot be put back: it is spent though the factor stays; the user's next code works.
  ...GENERIC.map((fault) =>
    codeRow({
      step: 'AdminDeleteSoftwareToken',
      fault: 'serviceError',
      also: [{ step: PUT_BACK, fault }],
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      after: [PUT_BACK],
      left: codesLeft(CODE_SIGNED_OUT, 9),
      retry: ['400 RECOVERY_CODE_REFUSED'],
      retryLeft: codesLeft(CODE_SIGNED_OUT, 9),
    }),
  ),
  codeRow({
    step: 'AdminDeleteSoftwareToken',
    fault: 'serviceError',
    also: [{ step: PUT_BACK, fault: 'timeout', landed: true }],
    status: 503,
    code: 'SERVICE_UNAVAILABLE',
    after: [PUT_BACK],
    left: codesLeft(CODE_SIGNED_OUT, 10),
    retry: ['200 MFA_RESET'],
  }),
  ...codeTellRows('SendEmail (notice)', [AUDIT], codesLeft('factor deleted, signed out, password kept', 9, '; audited'), CODE_USED, 'MfaRecoveryNoticeNotSent'),
  ...codeTellRows(AUDIT, [], codesLeft('factor deleted, signed out, password kept', 9, '; user told'), CODE_USED, 'AuditRecordNotWritten'),
];

export const MATRIX: readonly MatrixRow[] = [
  ...PROVISION_ROWS,
  ...LEFTOVER_ROWS,
  ...RESEND_ROWS,
  ...FIRST_ROWS,
  ...DEACTIVATE_ROWS,
  ...REACTIVATE_ROWS,
  ...RESET_ROWS,
  ...RECREATE_MFA_ROWS,
  ...READ_ROWS,
  ...CODES_ROWS,
  ...CODES_READ_ROWS,
  ...REQUEST_ROWS,
  ...RECOVERY_RESET_ROWS,
  ...RECREATE_ROWS,
  ...CODE_ROWS,
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
    const retry = row.retry ? `${row.retry.join(', then ')}${row.retryLeft ? `: ${row.retryLeft}` : ''}` : '-';
    const left = row.failing ? `**fails today** (${row.failing}); should be: ${row.left}` : row.left;
    return `| ${row.flow} | ${row.step} | ${fault} | ${row.status} ${row.code} | ${row.after.join(' -> ') || '-'} | ${left} | ${retry} |`;
  });
  return [...header, ...lines].join('\n');
}
