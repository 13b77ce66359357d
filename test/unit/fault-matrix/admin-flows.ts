import type { APIGatewayProxyEvent } from 'aws-lambda';
import { adminIndexKeys, auditKeys, keys } from '../../../lambdas/adapters/dynamodb/table-layout';
import { handler as postAdminsDeactivate } from '../../../lambdas/handlers/post-admins-deactivate';
import { handler as getUsersAudit } from '../../../lambdas/handlers/get-users-audit';
import { handler as getAdmins } from '../../../lambdas/handlers/get-admins';
import { handler as getMeRecoveryCodes } from '../../../lambdas/handlers/get-me-recovery-codes';
import { handler as postAdmins } from '../../../lambdas/handlers/post-admins';
import { handler as postAdminsReactivate } from '../../../lambdas/handlers/post-admins-reactivate';
import { mfaResetNotice } from '../../../lambdas/admin/mfa-reset-notice';
import { ADOPTION_WINDOW_MS } from '../../../lambdas/identity/adoption-policy';
import type { ApiHandler } from '../../../lambdas/shared/http/handler';
import { apiEvent, CALLER_AUTH_TIME_SECONDS, CALLER_USER_ID, idTokenClaims } from '../../support/events';
import { captureLogs } from '../../support/logs';
import { secret } from '../../support/secrets';
import { coldHandler } from './cold-start';
import type { FlowRun, FlowUnderTest } from './harness';
import { ADMIN_STATES as S } from './matrix';
import { world } from './recovery-flows';
import { alertsIn, atVirtualTime, describeResponse, inject, retryAfter } from './steps';
import { changesSince, snapshot } from './world-changes';

/**
 * The admin and provisioning flows of the fault matrix, over the stateful fakes (world.ts): each run
 * seeds a small directory of admins, runs the real handler with the faults armed, MEASURES what the
 * world holds afterwards (world-changes.ts), then sends the same request again and measures again.
 * A flow's `left` table names each measured set of changes in the matrix's words; a set it does not
 * name is reported as "unexpected: <the changes>", so a row can only pass on what really happened.
 */

const START = new Date('2026-11-23T10:00:00.000Z');
const DAY_AGO = new Date(START.getTime() - 86_400_000).toISOString();
const HOUR_AGO = new Date(START.getTime() - 3_600_000).toISOString();
const CALLER_EMAIL = 'boss@example.com';
const NEW_EMAIL = 'matrix.admin@example.com';
export const TARGET_ID = '8d7c6b5a-4938-4271-8615-0f9e8d7c6b5a';
export const TARGET_EMAIL = 'matrix.colleague@example.com';
const TEMPORARY_PASSWORD = secret('Temp-Pa55word!');
const NEW_PASSWORD = secret('New-Pa55word!');

export interface SeededAdmin {
  readonly userId: string;
  readonly createdAt?: string;
  readonly email: string;
  readonly accountStatus: 'ACTIVE' | 'DEACTIVATED';
  /** Invited and not signed in yet (FORCE_CHANGE_PASSWORD, no factor), or signed in with a factor and a live session. */
  readonly invited?: boolean;
  readonly lastSignInAt?: string;
}

/** An admin as provisioning leaves one: Cognito user in `admins`, User, AdminInfo (indexed) and email claim. */
function seedAdmin({ userId, email, accountStatus, invited = false, lastSignInAt, createdAt = DAY_AGO }: SeededAdmin): void {
  const username = `cognito-${userId}`;
  world.pool.users.set(username, {
    username,
    attributes: { sub: `sub-${userId}`, email, email_verified: 'true', 'custom:userId': userId },
    status: invited ? 'FORCE_CHANGE_PASSWORD' : 'CONFIRMED',
    password: invited ? TEMPORARY_PASSWORD : secret(`Own-Pa55word-${userId}`),
    mfaConfigured: !invited,
    enabled: accountStatus === 'ACTIVE',
    groups: new Set(['admins']),
    refreshTokens: new Set(),
    createdAt: new Date(createdAt),
  });
  if (!invited && accountStatus === 'ACTIVE') world.pool.startSession(username);
  const adminInfo = { userId, email, createdBy: 'sub-founder', createdAt, lastInvitedAt: createdAt, accountStatus, ...(lastSignInAt && { lastSignInAt }) };
  world.table.put({
    ...keys.user(userId),
    entity: 'User',
    userId,
    email,
    role: 'admin',
    cognitoUsername: username,
    cognitoSub: `sub-${userId}`,
    createdAt,
    updatedAt: createdAt,
  });
  world.table.put({ ...keys.adminInfo(userId), ...adminIndexKeys(adminInfo), entity: 'AdminInfo', ...adminInfo });
  world.table.put({ ...keys.email(email), entity: 'EmailClaim', userId, createdAt });
}

/** The caller (an active admin, signed in at the time their token says) and `others`, with the counter of active admins. */
export function seedDirectory(...others: SeededAdmin[]): void {
  const callerSignIn = new Date(CALLER_AUTH_TIME_SECONDS * 1_000).toISOString();
  // Signed in since their invitation: the listing knows from the database that the caller is ACTIVE.
  const caller: SeededAdmin = {
    userId: CALLER_USER_ID,
    email: CALLER_EMAIL,
    accountStatus: 'ACTIVE',
    createdAt: '2026-01-01T00:00:00.000Z',
    lastSignInAt: callerSignIn,
  };
  const admins = [caller, ...others];
  for (const admin of admins) seedAdmin(admin);
  world.table.put({ ...keys.adminCounters(), entity: 'AdminCounters', activeAdmins: admins.filter((admin) => admin.accountStatus === 'ACTIVE').length });
}

export const target = (overrides: Partial<SeededAdmin> = {}): SeededAdmin => ({
  userId: TARGET_ID,
  email: TARGET_EMAIL,
  accountStatus: 'ACTIVE',
  ...overrides,
});

/** An admin-route event with the target in the path. */
export function targetEvent(path: string, resource: string, method = 'POST', body?: unknown): () => APIGatewayProxyEvent {
  return () => ({ ...apiEvent({ body, claims: idTokenClaims(), path }), httpMethod: method, resource, pathParameters: { userId: TARGET_ID } });
}

export const listEvent = () => ({ ...apiEvent({ claims: idTokenClaims(), path: '/admins' }), httpMethod: 'GET', resource: '/admins' });

interface AdminFlow {
  readonly flow: string;
  /** The handler of a fresh container (the retry reuses it, warm). */
  readonly handler: () => ApiHandler | Promise<ApiHandler>;
  readonly event: () => APIGatewayProxyEvent;
  /** Seeds the world this flow runs in (it starts empty). */
  readonly seed: () => void;
  /** The names of the attempt counters, in the order the flow updates them. */
  readonly counters?: readonly string[];
  /** Each set of changes this flow may leave (world-changes.ts: exactly, or matching), in the matrix's words. */
  readonly left: readonly (readonly [string | RegExp, string])[];
  /** What calling again must leave, whatever the first call left. */
  readonly converged: string;
  /** How long a user waits before calling again after a 409 (someone else's work in progress); unset: they call once. */
  readonly retryWaitMs?: number;
}

function statefulAdminFlow(spec: AdminFlow): FlowUnderTest {
  const words = (changes: string) =>
    spec.left.find(([facts]) => (typeof facts === 'string' ? facts === changes : facts.test(changes)))?.[1] ?? `unexpected: ${changes}`;
  return {
    flow: spec.flow,
    converged: spec.converged,
    run: (injections) =>
      atVirtualTime(START, async (): Promise<FlowRun> => {
        world.reset();
        spec.seed();
        const seeded = snapshot(world);
        const handler = await spec.handler();
        const armed = inject(world, injections, spec.counters ?? []);
        const { result: response, records } = await captureLogs(() => handler(spec.event()));
        const made = armed.calls();
        const ineffective = armed.ineffective();
        const left = words(changesSince(world, seeded)) + alertsIn(records);
        const again = () => handler(spec.event());
        const responses = spec.retryWaitMs === undefined ? [describeResponse(await again())] : await retryAfter(again, spec.retryWaitMs);
        return { response, calls: made, ineffective, left, retry: { responses, left: words(changesSince(world, seeded)) } };
      }),
  };
}

/** A practitioner signed in two minutes ago (recorded on their User) who saved recovery codes a day ago, 3 of them used. */
const CODE_HOLDER_ID = '4f3e2d1c-0b9a-4887-9665-5a4b3c2d1e0f';
const CODE_HOLDER_SUB = 'sub-code-holder';
function seedCodeHolder(): void {
  seedDirectory();
  world.table.put({
    ...keys.user(CODE_HOLDER_ID),
    entity: 'User',
    userId: CODE_HOLDER_ID,
    email: 'holder@example.com',
    role: 'practitioner',
    cognitoUsername: CODE_HOLDER_SUB,
    cognitoSub: CODE_HOLDER_SUB,
    createdAt: DAY_AGO,
    updatedAt: DAY_AGO,
    lastSignInAt: new Date(START.getTime() - 120_000).toISOString(),
  });
  const earlier = Array.from({ length: 10 }, (_, index) => String(index).repeat(64));
  world.table.put({
    ...keys.recoveryCodes(CODE_HOLDER_ID),
    entity: 'RecoveryCodes',
    codeHashes: new Set(earlier.slice(3)),
    usedHashes: new Set(earlier.slice(0, 3)),
    createdAt: DAY_AGO,
    total: 10,
  });
}
/** The code holder's own request to /me/recovery-codes (their ID token: no group). */
const meEvent = (method: 'GET' | 'POST') => () => ({
  ...apiEvent({ claims: { ...idTokenClaims([], CODE_HOLDER_SUB, CODE_HOLDER_ID), 'cognito:groups': undefined }, path: '/me/recovery-codes' }),
  httpMethod: method,
  resource: '/me/recovery-codes',
});
const CODES_REPLACED = 'table: ~RecoveryCodes(codeHashes,createdAt,usedHashes)';

/** A complete admin: `cognito` (the user's change), records, the active-admin counter and what the audit trail and Cognito sent. */
const completeAdmin = (cognito: string) =>
  new RegExp(
    `^cognito: ${cognito}; table: \\+AdminInfo \\+EmailClaim (\\+ProvisioningGuard )+\\+User ~AdminCounters\\(activeAdmins=2\\); audit: (\\+[A-Z_()]+ ?)+; invitations: [12]$`,
  );
const DEACTIVATED_IN_TABLE =
  'table: ~AdminCounters(activeAdmins=1) ~AdminInfo(accountStatus=DEACTIVATED,deactivatedAt,deactivatedBy); audit: +ADMIN_DEACTIVATED';
const REACTIVATED_IN_TABLE = 'table: ~AdminCounters(activeAdmins=2) ~AdminInfo(accountStatus=ACTIVE); audit: +ADMIN_REACTIVATED';
const LOCKED = 'status FORCE_CHANGE_PASSWORD, password, signed out';
const LOCKED_FACTOR_GONE = 'status FORCE_CHANGE_PASSWORD, password, factor removed, signed out';
const NOTICE = `"${mfaResetNotice(TARGET_EMAIL).subject}"`;
/** The reset recorded the admin's new invitation time (with the lock): the list asks Cognito from then on. */
const MARKED = 'table: ~AdminInfo(lastInvitedAt)';
/** `text` as a literal part of a regular expression. */
const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** recreate: the old Cognito user gone, a new one in its groups (invited), the User relinked to it (the snapshot it held removed again). */
const RECREATED_COGNITO = `cognito: +${TARGET_EMAIL} FORCE_CHANGE_PASSWORD [admins] -${TARGET_EMAIL}`;
const RELINKED = 'table: ~AdminInfo(lastInvitedAt) ~User(cognitoSub,cognitoUsername,updatedAt)';
const SNAPSHOT_SAVED = 'table: ~AdminInfo(lastInvitedAt) ~User(recreateSnapshot)';

export const ADMIN_FLOWS: readonly FlowUnderTest[] = [
  statefulAdminFlow({
    flow: 'postAdmins',
    handler: () => postAdmins,
    event: () => apiEvent({ body: { email: NEW_EMAIL }, claims: idTokenClaims(), path: '/admins' }),
    seed: () => seedDirectory(),
    left: [
      ['none', S.NOTHING],
      [`table: +ProvisioningGuard; audit: +ADMIN_PROVISIONING_COMPENSATED; invitations: 1`, S.ROLLED_BACK],
      [`table: +ProvisioningGuard; audit: +ADMIN_PROVISIONING_COMPENSATED(FAILURE); invitations: 1`, S.ROLLED_BACK_REPORTED_FAILED],
      [`table: +ProvisioningGuard; invitations: 1`, S.ROLLED_BACK_UNAUDITED],
      [`cognito: +${NEW_EMAIL} FORCE_CHANGE_PASSWORD [admins]; audit: +ADMIN_PROVISIONING_COMPENSATED(FAILURE); invitations: 1`, S.ROLLBACK_FAILED],
      [
        `cognito: +${NEW_EMAIL} FORCE_CHANGE_PASSWORD [admins]; table: +ProvisioningGuard; audit: +ADMIN_PROVISIONING_COMPENSATED(FAILURE); invitations: 1`,
        S.ROLLBACK_FAILED_FENCED,
      ],
      [`cognito: +${NEW_EMAIL} FORCE_CHANGE_PASSWORD []; invitations: 1`, S.ORPHAN],
      [
        `table: +AdminInfo +EmailClaim +ProvisioningGuard +User ~AdminCounters(activeAdmins=2); audit: +ADMIN_PROVISIONED +ADMIN_PROVISIONING_COMPENSATED; invitations: 1`,
        S.RECORDS_WITHOUT_USER,
      ],
      [completeAdmin(`\\+${NEW_EMAIL} FORCE_CHANGE_PASSWORD \\[admins\\]`), S.COMPLETE],
    ],
    converged: S.COMPLETE,
    retryWaitMs: ADOPTION_WINDOW_MS + 1_000,
  }),
  statefulAdminFlow({
    flow: 'postAdmins (over a leftover)',
    handler: () => postAdmins,
    event: () => apiEvent({ body: { email: NEW_EMAIL }, claims: idTokenClaims(), path: '/admins' }),
    seed: () => {
      seedDirectory();
      // Left by an attempt whose compensation failed a day ago: invited, untouched, in no group, no records.
      world.pool.users.set('leftover-username', {
        username: 'leftover-username',
        attributes: { sub: 'leftover-sub', email: NEW_EMAIL, email_verified: 'true', 'custom:userId': 'leftover-user-id' },
        status: 'FORCE_CHANGE_PASSWORD',
        password: TEMPORARY_PASSWORD,
        mfaConfigured: false,
        enabled: true,
        groups: new Set(),
        refreshTokens: new Set(),
        createdAt: new Date(DAY_AGO),
      });
    },
    left: [
      ['none', S.LEFTOVER],
      [`cognito: -${NEW_EMAIL}; table: +ProvisioningGuard; audit: +ADMIN_PROVISIONING_COMPENSATED`, S.LEFTOVER_DELETED],
      [`cognito: ~${NEW_EMAIL} groups [admins]; audit: +ADMIN_PROVISIONING_COMPENSATED(FAILURE)`, S.LEFTOVER_IN_ADMINS],
      [`cognito: ~${NEW_EMAIL} groups [admins]; table: +ProvisioningGuard; audit: +ADMIN_PROVISIONING_COMPENSATED(FAILURE)`, S.LEFTOVER_IN_ADMINS_FENCED],
      [`cognito: -${NEW_EMAIL}; table: +ProvisioningGuard; audit: +ADMIN_PROVISIONING_COMPENSATED(FAILURE)`, S.LEFTOVER_DELETED_REPORTED_FAILED],
      [/^cognito: -\S+; table: \+AdminInfo \+EmailClaim \+ProvisioningGuard \+User ~AdminCounters\(activeAdmins=2\); audit: /, S.RECORDS_WITHOUT_USER],
      [
        `cognito: ~${NEW_EMAIL} groups [admins]; table: +AdminInfo +EmailClaim +ProvisioningGuard +User ~AdminCounters(activeAdmins=2); audit: +ADMIN_ADOPTED`,
        S.ADOPTED_NOT_REFRESHED,
      ],
      [
        `cognito: ~${NEW_EMAIL} groups [admins], password; table: +AdminInfo +EmailClaim +ProvisioningGuard +User ~AdminCounters(activeAdmins=2); audit: +ADMIN_ADOPTED; invitations: 1`,
        S.ADOPTED_REFRESHED_UNAUDITED,
      ],
      [
        `cognito: ~${NEW_EMAIL} groups [admins]; table: +AdminInfo +EmailClaim +ProvisioningGuard +User ~AdminCounters(activeAdmins=2); audit: +ADMIN_ADOPTED +INVITATION_RESENT(UNKNOWN)`,
        S.ADOPTED_NOT_REFRESHED_UNCERTAIN,
      ],
      [
        `cognito: ~${NEW_EMAIL} groups [admins], password; table: +AdminInfo +EmailClaim +ProvisioningGuard +User ~AdminCounters(activeAdmins=2); audit: +ADMIN_ADOPTED +INVITATION_RESENT(UNKNOWN); invitations: 1`,
        S.ADOPTED_REFRESHED_UNCERTAIN,
      ],
      [completeAdmin(`~${NEW_EMAIL} groups \\[admins\\], password`), S.ADOPTED_REFRESHED],
      [completeAdmin(`\\+${NEW_EMAIL} FORCE_CHANGE_PASSWORD \\[admins\\] -${NEW_EMAIL}`), S.COMPLETE],
    ],
    converged: S.ADOPTED_REFRESHED,
    retryWaitMs: ADOPTION_WINDOW_MS + 1_000,
  }),
  statefulAdminFlow({
    flow: 'postAdminsResendInvite',
    handler: () => coldHandler('post-admins-resend-invite'),
    event: () => apiEvent({ body: { email: TARGET_EMAIL }, claims: idTokenClaims(), path: '/admins/resend-invite' }),
    seed: () => seedDirectory(target({ invited: true })),
    counters: ['resend counter'],
    left: [
      ['none', S.UNCHANGED],
      [`cognito: ~${TARGET_EMAIL} password; invitations: 1`, S.RESENT_UNAUDITED],
      ['audit: +INVITATION_RESENT(UNKNOWN)', S.UNCHANGED_UNCERTAIN],
      [`cognito: ~${TARGET_EMAIL} password; audit: +INVITATION_RESENT(UNKNOWN); invitations: 1`, S.RESENT_UNCERTAIN],
      [
        new RegExp(
          `^cognito: ~${literally(TARGET_EMAIL)} password; table: ~AdminInfo\\(lastInvitedAt\\); audit: \\+INVITATION_RESENT \\+INVITATION_RESENT\\(UNKNOWN\\); invitations: [12]$`,
        ),
        S.RESENT_AFTER_UNCERTAIN,
      ],
      [
        new RegExp(
          `^cognito: ~${literally(TARGET_EMAIL)} password; table: ~AdminInfo\\(lastInvitedAt\\); audit: (\\+INVITATION_RESENT ?){1,2}; invitations: [12]$`,
        ),
        S.RESENT,
      ],
    ],
    converged: S.RESENT,
  }),
  statefulAdminFlow({
    flow: 'postAuthNewPassword',
    handler: () => coldHandler('post-auth-new-password'),
    event: () => apiEvent({ body: { username: TARGET_EMAIL, temporaryPassword: TEMPORARY_PASSWORD, newPassword: NEW_PASSWORD } }),
    seed: () => seedDirectory(target({ invited: true })),
    counters: ['account+IP counter', 'IP counter'],
    left: [
      ['none', S.TEMPORARY_PASSWORD_VALID],
      [`cognito: ~${TARGET_EMAIL} status CONFIRMED, password; audit: +FIRST_SIGN_IN_COMPLETED`, S.PASSWORD_CHANGED],
      [`cognito: ~${TARGET_EMAIL} status CONFIRMED, password`, S.PASSWORD_CHANGED_UNAUDITED],
      ['audit: +FIRST_SIGN_IN_COMPLETED(UNKNOWN)', S.TEMPORARY_PASSWORD_VALID_UNCERTAIN],
      [`cognito: ~${TARGET_EMAIL} status CONFIRMED, password; audit: +FIRST_SIGN_IN_COMPLETED(UNKNOWN)`, S.PASSWORD_CHANGED_UNCERTAIN],
      // An attempt audited as UNKNOWN, then completed by calling again.
      [`cognito: ~${TARGET_EMAIL} status CONFIRMED, password; audit: +FIRST_SIGN_IN_COMPLETED +FIRST_SIGN_IN_COMPLETED(UNKNOWN)`, S.PASSWORD_CHANGED],
    ],
    converged: S.PASSWORD_CHANGED,
  }),
  statefulAdminFlow({
    flow: 'postAdminsDeactivate',
    handler: () => postAdminsDeactivate,
    event: targetEvent(`/admins/${TARGET_ID}/deactivate`, '/admins/{userId}/deactivate'),
    seed: () => seedDirectory(target()),
    left: [
      ['none', S.UNCHANGED],
      [`cognito: ~${TARGET_EMAIL} disabled, signed out; ${DEACTIVATED_IN_TABLE}`, S.DEACTIVATED],
      [`cognito: ~${TARGET_EMAIL} signed out; ${DEACTIVATED_IN_TABLE}`, S.DEACTIVATED_IN_DB('AdminDisableUser')],
      [`cognito: ~${TARGET_EMAIL} disabled; ${DEACTIVATED_IN_TABLE}`, S.DEACTIVATED_IN_DB('AdminUserGlobalSignOut')],
      [DEACTIVATED_IN_TABLE, S.DEACTIVATED_IN_DB('AdminDisableUser and AdminUserGlobalSignOut')],
    ],
    converged: S.DEACTIVATED,
  }),
  statefulAdminFlow({
    flow: 'postAdminsReactivate',
    handler: () => postAdminsReactivate,
    event: targetEvent(`/admins/${TARGET_ID}/reactivate`, '/admins/{userId}/reactivate'),
    seed: () => seedDirectory(target({ accountStatus: 'DEACTIVATED' })),
    left: [
      ['none', S.UNCHANGED],
      [`cognito: ~${TARGET_EMAIL} enabled; ${REACTIVATED_IN_TABLE}`, S.REACTIVATED],
      [`cognito: ~${TARGET_EMAIL} enabled`, S.ENABLED_ONLY],
    ],
    converged: S.REACTIVATED,
  }),
  statefulAdminFlow({
    flow: 'getAdmins',
    handler: () => getAdmins,
    event: listEvent,
    // The target has not signed in since their invitation: the listing asks Cognito about them.
    seed: () => seedDirectory(target({ invited: true })),
    left: [['none', S.READ_ONLY]],
    converged: S.READ_ONLY,
  }),
  statefulAdminFlow({
    flow: 'postMeRecoveryCodes',
    // A fresh container: the recovery codes' key is read at its first use.
    handler: () => coldHandler('post-me-recovery-codes'),
    event: meEvent('POST'),
    seed: seedCodeHolder,
    left: [
      ['none', S.CODES_UNCHANGED],
      [CODES_REPLACED, S.CODES_REPLACED_UNAUDITED],
      [new RegExp(`^${literally(CODES_REPLACED)}; audit: (\\+RECOVERY_CODES_CREATED ?){1,2}$`), S.CODES_REPLACED],
    ],
    converged: S.CODES_REPLACED,
  }),
  statefulAdminFlow({
    flow: 'getMeRecoveryCodes',
    handler: () => getMeRecoveryCodes,
    event: meEvent('GET'),
    seed: seedCodeHolder,
    left: [['none', S.READ_ONLY]],
    converged: S.READ_ONLY,
  }),
  statefulAdminFlow({
    flow: 'getUsersAudit',
    handler: () => getUsersAudit,
    event: targetEvent(`/users/${TARGET_ID}/audit`, '/users/{userId}/audit', 'GET'),
    seed: () => {
      seedDirectory(target());
      const record = {
        event: 'ADMIN_PROVISIONED',
        time: DAY_AGO,
        actor: 'sub-founder',
        userId: TARGET_ID,
        sourceIp: '203.0.113.9',
        correlationId: 'req-seed',
        outcome: 'SUCCESS',
      };
      world.table.put({ ...auditKeys.record(record), entity: 'AuditRecord', ...record }, process.env.AUDIT_TABLE_NAME);
    },
    left: [['none', S.READ_ONLY]],
    converged: S.READ_ONLY,
  }),
  statefulAdminFlow({
    flow: 'postUsersMfaReset',
    handler: () => coldHandler('post-users-mfa-reset'),
    event: targetEvent(`/users/${TARGET_ID}/mfa-reset`, '/users/{userId}/mfa-reset', 'POST', { reason: 'Lost phone' }),
    // Signed in since their invitation: until the reset records a new one, the list trusts the database that they are ACTIVE.
    seed: () => seedDirectory(target({ lastSignInAt: HOUR_AGO })),
    counters: ['target counter', 'admin counter'],
    left: [
      ['none', S.UNCHANGED],
      [`cognito: ~${TARGET_EMAIL} signed out; ${MARKED}`, S.SIGNED_OUT_ONLY],
      [`cognito: ~${TARGET_EMAIL} status FORCE_CHANGE_PASSWORD, password; ${MARKED}`, S.PASSWORD_ONLY],
      [`cognito: ~${TARGET_EMAIL} ${LOCKED}`, S.LOCKED_UNMARKED],
      [`cognito: ~${TARGET_EMAIL} ${LOCKED}; ${MARKED}`, S.LOCKED],
      [`cognito: ~${TARGET_EMAIL} ${LOCKED}; ${MARKED}; invitations: 1`, S.LOCKED_REINVITED],
      [`cognito: ~${TARGET_EMAIL} ${LOCKED_FACTOR_GONE}; ${MARKED}`, S.LOCKED_FACTOR_GONE],
      [`cognito: ~${TARGET_EMAIL} ${LOCKED_FACTOR_GONE}; ${MARKED}; invitations: 1`, S.RESET_UNRECORDED],
      [`cognito: ~${TARGET_EMAIL} ${LOCKED_FACTOR_GONE}; ${MARKED}; invitations: 1; emails: ${NOTICE}`, S.RESET_UNAUDITED],
      [`cognito: ~${TARGET_EMAIL} ${LOCKED_FACTOR_GONE}; ${MARKED}; audit: +ADMIN_MFA_RESET; invitations: 1`, S.RESET_UNTOLD],
      [
        new RegExp(
          `^cognito: ~${literally(TARGET_EMAIL)} ${LOCKED_FACTOR_GONE}; ${literally(MARKED)}; audit: (\\+ADMIN_MFA_RESET ?){1,2}; invitations: [12]; emails: (${literally(NOTICE)} ?){1,2}$`,
        ),
        S.RESET,
      ],
    ],
    converged: S.RESET,
  }),
  statefulAdminFlow({
    flow: 'postUsersMfaReset (recreate)',
    handler: () => coldHandler('post-users-mfa-reset', 'recreate'),
    event: targetEvent(`/users/${TARGET_ID}/mfa-reset`, '/users/{userId}/mfa-reset', 'POST', { reason: 'Lost phone' }),
    seed: () => seedDirectory(target({ lastSignInAt: HOUR_AGO })),
    counters: ['target counter', 'admin counter'],
    left: [
      ['none', S.UNCHANGED],
      ['table: ~User(recreateSnapshot)', S.SNAPSHOT_ONLY],
      [MARKED, S.MARKED_ONLY],
      [SNAPSHOT_SAVED, S.SNAPSHOT_SAVED],
      [`cognito: -${TARGET_EMAIL}; ${SNAPSHOT_SAVED}`, S.RECREATE_GONE],
      [`cognito: +${TARGET_EMAIL} FORCE_CHANGE_PASSWORD [] -${TARGET_EMAIL}; ${SNAPSHOT_SAVED}; invitations: 1`, S.RECREATE_UNGROUPED],
      [`${RECREATED_COGNITO}; ${SNAPSHOT_SAVED}; invitations: 1`, S.RECREATE_UNLINKED],
      [`${RECREATED_COGNITO}; ${RELINKED}; invitations: 1`, S.RECREATED_UNRECORDED],
      [`${RECREATED_COGNITO}; ${RELINKED}; invitations: 1; emails: ${NOTICE}`, S.RECREATED_UNAUDITED],
      [`${RECREATED_COGNITO}; ${RELINKED}; audit: +ADMIN_MFA_RESET; invitations: 1`, S.RECREATED_UNTOLD],
      [
        new RegExp(
          `^${literally(RECREATED_COGNITO)}; ${literally(RELINKED)}; audit: (\\+ADMIN_MFA_RESET ?){1,2}; invitations: [12]; emails: (${literally(NOTICE)} ?){1,2}$`,
        ),
        S.RECREATED,
      ],
    ],
    converged: S.RECREATED,
  }),
];
