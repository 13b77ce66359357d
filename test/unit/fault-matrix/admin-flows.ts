import {
  AdminCreateUserCommand,
  AdminDeleteSoftwareTokenCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { handler as deactivateAdmin } from '../../../lambdas/handlers/deactivate-admin';
import { handler as getUserAudit } from '../../../lambdas/handlers/get-user-audit';
import { handler as listAdmins } from '../../../lambdas/handlers/list-admins';
import { handler as reactivateAdmin } from '../../../lambdas/handlers/reactivate-admin';
import { handler as resetUserMfa } from '../../../lambdas/handlers/reset-user-mfa';
import { cognitoUser } from '../../support/cognito-fixtures';
import { apiEvent, CALLER_USER_ID, callerAdminInfo, idTokenClaims } from '../../support/events';
import type { ScriptedFlow, Step } from './harness';
import { world } from './recovery-flows';

const { cognito, dynamo, ses } = world;
const TARGET_ID = '8d7c6b5a-4938-4271-8615-0f9e8d7c6b5a';
const TARGET_EMAIL = 'matrix.colleague@example.com';

/** The in-code admin check every admin route runs first: the caller's AdminInfo. */
export const callerCheck: Step = {
  name: 'GetItem (caller)',
  client: dynamo,
  command: GetCommand,
  match: (input) => input.Key.pk === `USER#${CALLER_USER_ID}` && input.Key.sk === 'ADMIN_INFO',
  respond: () => ({ Item: callerAdminInfo() }),
};

/** An admin's AdminInfo and User items, as findAdmin's Query returns them. */
export function targetAdminItems(userId: string, accountStatus = 'ACTIVE') {
  const at = '2026-11-20T09:00:00.000Z';
  return {
    Items: [
      { pk: `USER#${userId}`, sk: 'ADMIN_INFO', userId, email: TARGET_EMAIL, createdBy: 'boss', createdAt: at, lastInvitedAt: at, accountStatus },
      { pk: `USER#${userId}`, sk: 'PROFILE', userId, email: TARGET_EMAIL, role: 'admin', cognitoUsername: 'cog-target', cognitoSub: 'cog-target' },
    ],
  };
}

/** An admin-route event with the target in the path. */
function targetEvent(path: string, resource: string, method = 'POST', body?: unknown): () => APIGatewayProxyEvent {
  return () => ({ ...apiEvent({ body, claims: idTokenClaims(), path }), httpMethod: method, resource, pathParameters: { userId: TARGET_ID } });
}

const findTarget = (accountStatus: string): Step => ({ name: 'Query (admin)', client: dynamo, command: QueryCommand, respond: () => targetAdminItems(TARGET_ID, accountStatus) });
const transaction = (name: string): Step => ({ name, client: dynamo, command: TransactWriteCommand, respond: () => ({}) });
const cognitoCall = (name: string, command: unknown, match?: Step['match']): Step => ({ name, client: cognito, command, match, respond: () => ({}) });

const ok = (calls: readonly string[], ...names: string[]) => names.every((name) => calls.includes(name));

const listEvent = () => ({ ...apiEvent({ claims: idTokenClaims(), path: '/admins' }), httpMethod: 'GET', resource: '/admins' });
const queryAdminIndex: Step = { name: 'Query (admin index)', client: dynamo, command: QueryCommand, respond: () => ({ Items: [targetAdminItems(TARGET_ID).Items[0]] }) };
const adminGetUser: Step = {
  name: 'AdminGetUser',
  client: cognito,
  command: AdminGetUserCommand,
  respond: () => {
    const user = cognitoUser({ email: TARGET_EMAIL, status: 'CONFIRMED' });
    return { ...user, UserAttributes: user.Attributes, UserMFASettingList: ['SOFTWARE_TOKEN_MFA'] };
  },
};

export const ADMIN_FLOWS = {
  deactivateAdmin: {
    flow: 'deactivateAdmin',
    handler: deactivateAdmin,
    event: targetEvent(`/admins/${TARGET_ID}/deactivate`, '/admins/{userId}/deactivate'),
    steps: [
      callerCheck,
      findTarget('ACTIVE'),
      transaction('TransactWriteItems (deactivate + audit)'),
      cognitoCall('AdminDisableUser', AdminDisableUserCommand),
      cognitoCall('AdminUserGlobalSignOut', AdminUserGlobalSignOutCommand),
    ],
    stateAfter: (calls) => {
      if (!ok(calls, 'TransactWriteItems (deactivate + audit)')) return 'unchanged';
      if (ok(calls, 'AdminDisableUser', 'AdminUserGlobalSignOut')) return 'deactivated: refused on admin routes, disabled, signed out; audited';
      const missing = ['AdminDisableUser', 'AdminUserGlobalSignOut'].filter((name) => !calls.includes(name)).join(' and ');
      return `deactivated in the database (refused on admin routes; audited), ${missing} not done: calling again completes it`;
    },
  },
  reactivateAdmin: {
    flow: 'reactivateAdmin',
    handler: reactivateAdmin,
    event: targetEvent(`/admins/${TARGET_ID}/reactivate`, '/admins/{userId}/reactivate'),
    steps: [callerCheck, findTarget('DEACTIVATED'), cognitoCall('AdminEnableUser', AdminEnableUserCommand), transaction('TransactWriteItems (reactivate + audit)')],
    stateAfter: (calls) => {
      if (!ok(calls, 'AdminEnableUser')) return 'unchanged';
      return ok(calls, 'TransactWriteItems (reactivate + audit)')
        ? 'reactivated; audited'
        : 'enabled in Cognito, still deactivated in the database (refused on admin routes, not audited) + alert AdminReactivationIncomplete: calling again completes it';
    },
  },
  listAdmins: {
    flow: 'listAdmins',
    handler: listAdmins,
    event: listEvent,
    steps: [callerCheck, queryAdminIndex, adminGetUser],
    stateAfter: () => 'unchanged (read only)',
  },
  listAdminsNewSession: {
    flow: 'listAdmins (new session)',
    handler: listAdmins,
    event: listEvent,
    steps: [
      { ...callerCheck, respond: () => ({ Item: { ...callerAdminInfo(), lastSignInAt: undefined } }) },
      { name: 'UpdateItem (sign-in)', client: dynamo, command: UpdateCommand, respond: () => ({}) },
      queryAdminIndex,
      adminGetUser,
    ],
    stateAfter: (calls) =>
      ok(calls, 'UpdateItem (sign-in)') ? 'sign-in recorded' : 'sign-in not recorded (listings ask Cognito about this admin): the next listing records it',
  },
  getUserAudit: {
    flow: 'getUserAudit',
    handler: getUserAudit,
    event: targetEvent(`/users/${TARGET_ID}/audit`, '/users/{userId}/audit', 'GET'),
    steps: [
      callerCheck,
      { name: 'GetItem (user)', client: dynamo, command: GetCommand, respond: () => ({ Item: targetAdminItems(TARGET_ID).Items[1] }) },
      { name: 'Query (audit)', client: dynamo, command: QueryCommand, respond: () => ({ Items: [] }) },
    ],
    stateAfter: () => 'unchanged (read only)',
  },
  resetUserMfa: {
    flow: 'resetUserMfa',
    handler: resetUserMfa,
    event: targetEvent(`/users/${TARGET_ID}/mfa-reset`, '/users/{userId}/mfa-reset', 'POST', { reason: 'Lost phone' }),
    steps: [
      callerCheck,
      { name: 'GetItem (user)', client: dynamo, command: GetCommand, respond: () => ({ Item: targetAdminItems(TARGET_ID).Items[1] }) },
      findTarget('ACTIVE'),
      cognitoCall('AdminSetUserPassword', AdminSetUserPasswordCommand),
      cognitoCall('AdminUserGlobalSignOut', AdminUserGlobalSignOutCommand),
      cognitoCall('AdminDeleteSoftwareToken', AdminDeleteSoftwareTokenCommand),
      cognitoCall('AdminCreateUser (RESEND)', AdminCreateUserCommand),
      transaction('TransactWriteItems (invitation + audit)'),
      { name: 'SendEmail', client: ses, command: SendEmailCommand, respond: () => ({ MessageId: 'm-1' }) },
    ],
    stateAfter: (calls) => {
      const locked = ok(calls, 'AdminSetUserPassword', 'AdminUserGlobalSignOut');
      const reinvited = ok(calls, 'AdminDeleteSoftwareToken', 'AdminCreateUser (RESEND)');
      if (!calls.includes('AdminSetUserPassword') && !calls.includes('AdminUserGlobalSignOut')) return 'unchanged';
      if (!locked || !reinvited) return 'factor reset half done (nobody but the mailbox owner can sign in): calling again converges';
      const alerts = [
        ...(calls.includes('TransactWriteItems (invitation + audit)') ? [] : ['AuditRecordNotWritten']),
        ...(calls.includes('SendEmail') ? [] : ['MfaResetNoticeNotSent']),
      ];
      return `factor reset, user re-invited${alerts.map((alert) => ` + alert ${alert}`).join('')}`;
    },
  },
} satisfies Record<string, ScriptedFlow>;
