import {
  AdminCreateUserCommand,
  AdminDeleteSoftwareTokenCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { cognitoUser } from '../../test/support/cognito-fixtures';
import { apiEvent, idTokenClaims } from '../../test/support/events';
import { auditAppend, findNewAdmin, NEW_ADMIN_INFO, NEW_ADMIN_PROFILE, tableGet, transactWrite } from './admin';
import { countAttempt, type FlowScenario, ok, rateLimitKey } from './scenario';

const TARGET_ID = NEW_ADMIN_PROFILE.userId;
/** Seven keyed hashes (64 hex characters each), as a set of recovery codes with 3 used holds them. */
const RECOVERY_CODE_HASHES = new Set(Array.from({ length: 7 }, (_, index) => String(index).repeat(64)));

/** An admin-route event naming the target user in its path. */
function targetEvent(resource: string, method: string, body?: unknown): APIGatewayProxyEvent {
  return {
    ...apiEvent({ body, claims: idTokenClaims(), path: resource.replace('{userId}', TARGET_ID) }),
    httpMethod: method,
    resource,
    pathParameters: { userId: TARGET_ID },
  };
}

/** The reset target's Cognito user as AdminGetUser answers: ours (its user id and email), enabled, with an authenticator. */
const RESET_TARGET = (() => {
  const user = cognitoUser({ email: NEW_ADMIN_PROFILE.email, username: NEW_ADMIN_PROFILE.cognitoUsername, userId: TARGET_ID, status: 'CONFIRMED' });
  return ok({ ...user, UserAttributes: user.Attributes, Attributes: undefined, UserMFASettingList: ['SOFTWARE_TOKEN_MFA'] });
})();

const cognitoOk = (command: unknown) => ({ client: CognitoIdentityProviderClient, command: command as new (input: any) => unknown, output: () => ok({}) });

/**
 * GET /admins over a full page of 25 admins, `pending` of whom have not signed in since their last
 * invitation (the rest the database knows ACTIVE): caller check, one page of the admin index, one
 * AdminGetUser per pending admin, together. Cognito's answers are built once (what AWS answers is
 * data; building it per call would be the harness's cost, not the handler's).
 */
function listAdminsPage(flow: string, pending: number): FlowScenario {
  const page = Array.from({ length: 25 }, (_, index) => {
    const createdAt = new Date(Date.parse('2026-01-01T00:00:00.000Z') + index * 3_600_000).toISOString();
    const userId = `${String(index).padStart(8, '0')}-0000-4000-8000-000000000000`;
    const signedIn = index < 25 - pending ? { lastSignInAt: new Date(Date.parse(createdAt) + 600_000).toISOString() } : {};
    return {
      ...NEW_ADMIN_INFO,
      pk: `USER#${userId}`,
      userId,
      email: `admin${index}@example.com`,
      createdAt,
      lastInvitedAt: createdAt,
      ...signedIn,
      gsi1sk: `${createdAt}#${userId}`,
    };
  });
  // The pending admins alternate between an open invitation and a password without an authenticator.
  const cognitoReplies = new Map(
    page.slice(25 - pending).map((admin, index) => {
      const invited = index % 2 === 0;
      const user = cognitoUser({ email: admin.email, status: invited ? 'FORCE_CHANGE_PASSWORD' : 'CONFIRMED' });
      return [admin.email, ok({ ...user, UserAttributes: user.Attributes, Attributes: undefined, UserMFASettingList: invited ? undefined : [] })];
    }),
  );
  const last = page[24];
  return {
    flow,
    maxRounds: 3,
    event: { ...apiEvent({ claims: idTokenClaims(), path: '/admins' }), httpMethod: 'GET', resource: '/admins' },
    expectedStatus: 200,
    replies: [
      tableGet,
      {
        client: DynamoDBDocumentClient,
        command: QueryCommand,
        output: () =>
          ok({ Items: page, Count: 25, ScannedCount: 25, LastEvaluatedKey: { pk: last.pk, sk: 'ADMIN_INFO', gsi1pk: 'ADMINS', gsi1sk: last.gsi1sk } }),
      },
      { client: CognitoIdentityProviderClient, command: AdminGetUserCommand, output: (input: { Username: string }) => cognitoReplies.get(input.Username)! },
      // Every listed admin's recovery codes, as projected (7 of 10 left), all keys processed.
      {
        client: DynamoDBDocumentClient,
        command: BatchGetCommand,
        output: (input: { RequestItems: Record<string, { Keys: { pk: string }[] }> }) => {
          const [[table, { Keys }]] = Object.entries(input.RequestItems);
          return ok({
            Responses: { [table]: Keys.map(({ pk }) => ({ pk, codeHashes: RECOVERY_CODE_HASHES, createdAt: page[0].createdAt })) },
            UnprocessedKeys: {},
          });
        },
      },
    ],
  };
}

/** The steady state: 23 of the 25 signed in since their last invitation, 2 pending (2 AdminGetUser). */
export const getAdmins = listAdminsPage('list admins', 2);

/** The worst case, right after a bulk provisioning: nobody on the page has signed in yet (25 AdminGetUser, still one round). */
export const listAdminsNobodySignedIn = listAdminsPage('list admins, nobody on the page signed in', 25);

/** POST /admins/{userId}/deactivate: caller check, the admin, the transaction, disable + global sign-out together. */
export const postAdminsDeactivate: FlowScenario = {
  flow: 'deactivate',
  maxRounds: 4,
  event: targetEvent('/admins/{userId}/deactivate', 'POST'),
  expectedStatus: 200,
  replies: [tableGet, findNewAdmin, transactWrite, cognitoOk(AdminDisableUserCommand), cognitoOk(AdminUserGlobalSignOutCommand)],
};

/** POST /admins/{userId}/reactivate: caller check, the admin (the database must say DEACTIVATED), enable, then the transaction. */
export const postAdminsReactivate: FlowScenario = {
  flow: 'reactivate',
  maxRounds: 4,
  event: targetEvent('/admins/{userId}/reactivate', 'POST'),
  expectedStatus: 200,
  replies: [
    tableGet,
    { ...findNewAdmin, output: () => ok({ Items: [{ ...NEW_ADMIN_INFO, accountStatus: 'DEACTIVATED' }, NEW_ADMIN_PROFILE], Count: 2, ScannedCount: 2 }) },
    transactWrite,
    cognitoOk(AdminEnableUserCommand),
  ],
};

/**
 * POST /users/{userId}/mfa-reset: caller check; target + admin counters, user + admin; the Cognito
 * user (the adoption policy decides); lock (temporary password + sign-out + invitation time);
 * re-invite (delete TOTP + RESEND); the audit record and the notice email together.
 */
export const postUsersMfaReset: FlowScenario = {
  flow: 'admin MFA reset',
  maxRounds: 6,
  event: targetEvent('/users/{userId}/mfa-reset', 'POST', { reason: 'Lost their phone; identity confirmed on a video call' }),
  expectedStatus: 202,
  replies: [
    tableGet,
    rateLimitKey,
    // The two attempt counters, and the invitation time (whose answer is not read).
    countAttempt,
    findNewAdmin,
    { client: CognitoIdentityProviderClient, command: AdminGetUserCommand, output: () => RESET_TARGET },
    cognitoOk(AdminSetUserPasswordCommand),
    cognitoOk(AdminUserGlobalSignOutCommand),
    cognitoOk(AdminDeleteSoftwareTokenCommand),
    { client: CognitoIdentityProviderClient, command: AdminCreateUserCommand, output: () => ok({ User: cognitoUser({ email: NEW_ADMIN_PROFILE.email }) }) },
    auditAppend,
    { client: SESv2Client, command: SendEmailCommand, output: () => ok({ MessageId: '010201a1b2c3d4e5-bench-000001' }) },
  ],
};
