/**
 * The fault-injection matrix as data: step x fault -> outcome, for every flow. The README's
 * "Fault matrix" table is rendered from this file (`npm run docs:fault-matrix`) and a test
 * checks the two agree; `fault-matrix.test.ts` proves every row against the real handlers.
 *
 * `faults` lists the injected failures in order: the first is the fault under test; more
 * entries model a compensation failing too.
 */
export interface MatrixRow {
  readonly flow: string;
  readonly step: string;
  readonly fault: string;
  readonly also?: readonly { step: string; fault: string }[];
  readonly status: number;
  readonly code: string;
  /** Calls made after the fault, in order. */
  readonly after: readonly string[];
  /** What is left, in the words the flow's `stateAfter` computes from the calls that succeeded. */
  readonly left: string;
}

export const GENERIC = ['throttling', 'serviceError', 'timeout'] as const;

/** Throttling surfaces as 429; every other generic fault as a retryable 503. */
const byFault = (fault: string): [number, string] => (fault === 'throttling' ? [429, 'TOO_MANY_REQUESTS'] : [503, 'SERVICE_UNAVAILABLE']);

/** One row per generic fault at `step`, all with the same calls-after and state. */
function genericRows(flow: string, step: string, after: readonly string[], left: string, also?: MatrixRow['also']): MatrixRow[] {
  return GENERIC.map((fault) => {
    const [status, code] = byFault(fault);
    return { flow, step, fault, also, status, code, after, left };
  });
}

const NOTHING = 'nothing: no Cognito user, no records';
const UNCHANGED = 'unchanged';

export const MATRIX: readonly MatrixRow[] = [
  // provisionNewAdmin: AdminCreateUser -> AdminAddUserToGroup -> TransactWriteItems
  ...genericRows('provisionNewAdmin', 'AdminCreateUser', [], NOTHING),
  {
    flow: 'provisionNewAdmin',
    step: 'AdminCreateUser',
    fault: 'UsernameExistsException',
    status: 409,
    code: 'USER_ALREADY_EXISTS',
    after: ['AdminGetUser', 'GetItem'],
    left: 'the existing complete user, untouched',
  },
  ...genericRows('provisionNewAdmin', 'AdminAddUserToGroup', ['AdminDeleteUser'], NOTHING),
  ...genericRows('provisionNewAdmin', 'TransactWriteItems', ['AdminDeleteUser'], NOTHING),
  {
    flow: 'provisionNewAdmin',
    step: 'TransactWriteItems',
    fault: 'ConditionalCheckFailed',
    status: 409,
    code: 'USER_ALREADY_EXISTS',
    after: ['GetItem', 'AdminDeleteUser'],
    left: NOTHING,
  },
  ...GENERIC.map(
    (fault): MatrixRow => ({
      flow: 'provisionNewAdmin',
      step: 'TransactWriteItems',
      fault: 'serviceError',
      also: [{ step: 'AdminDeleteUser', fault }],
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      after: ['AdminDeleteUser'],
      left: 'Cognito user without records + alert ProvisioningCompensationFailed; re-running POST /admins completes it',
    }),
  ),
  // resendAdminInvite: AdminCreateUser (RESEND)
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
  // newPasswordChallenge: AdminInitiateAuth -> AdminRespondToAuthChallenge
  ...genericRows('newPasswordChallenge', 'AdminInitiateAuth', [], 'unchanged: temporary password still valid'),
  {
    flow: 'newPasswordChallenge',
    step: 'AdminInitiateAuth',
    fault: 'NotAuthorizedException',
    status: 401,
    code: 'INVALID_CREDENTIALS',
    after: [],
    left: 'unchanged: temporary password still valid',
  },
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
];

/** The matrix as the Markdown table in README.md. */
export function renderMatrix(rows: readonly MatrixRow[] = MATRIX): string {
  const header = ['| flow | step | fault | response | calls after the fault | left behind |', '| --- | --- | --- | --- | --- | --- |'];
  const lines = rows.map((row) => {
    const fault = [row.fault, ...(row.also ?? []).map((a) => `then ${a.step} ${a.fault}`)].join(', ');
    return `| ${row.flow} | ${row.step} | ${fault} | ${row.status} ${row.code} | ${row.after.join(' -> ') || '-'} | ${row.left} |`;
  });
  return [...header, ...lines].join('\n');
}
