import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { cognitoUser } from '../../test/support/cognito-fixtures';
import { apiEvent, callerAdminInfo, idTokenClaims } from '../../test/support/events';
import { countAttempt, type FlowScenario, ok, rateLimitKey, SESSION } from './scenario';

const NEW_ADMIN = 'new.admin@example.com';
const NEW_ADMIN_SUB = '0c5d7a1e-3b2f-4c8d-9e6f-7a8b9c0d1e2f';
const NEW_ADMIN_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const CREATED_AT = '2026-11-20T09:30:00.000Z';

/** The new admin's User item. */
export const NEW_ADMIN_PROFILE = {
  pk: `USER#${NEW_ADMIN_ID}`,
  sk: 'PROFILE',
  entity: 'User',
  userId: NEW_ADMIN_ID,
  email: NEW_ADMIN,
  role: 'admin',
  cognitoUsername: NEW_ADMIN_SUB,
  cognitoSub: NEW_ADMIN_SUB,
  createdAt: CREATED_AT,
  updatedAt: CREATED_AT,
};

/** The new admin's AdminInfo item. */
export const NEW_ADMIN_INFO = {
  pk: `USER#${NEW_ADMIN_ID}`,
  sk: 'ADMIN_INFO',
  entity: 'AdminInfo',
  gsi1pk: 'ADMINS',
  gsi1sk: `${CREATED_AT}#${NEW_ADMIN_ID}`,
  userId: NEW_ADMIN_ID,
  email: NEW_ADMIN,
  createdBy: NEW_ADMIN_SUB,
  createdAt: CREATED_AT,
  lastInvitedAt: CREATED_AT,
  accountStatus: 'ACTIVE',
};

/**
 * GetItem on the main table, by key: the caller's AdminInfo (the in-code admin check every admin
 * route makes first), the new admin's email claim and User.
 */
export const tableGet = {
  client: DynamoDBDocumentClient,
  command: GetCommand,
  output: (input: { Key: { pk: string; sk: string } }) => {
    if (input.Key.sk === 'ADMIN_INFO') return ok({ Item: callerAdminInfo(input.Key.pk.slice('USER#'.length)) });
    if (input.Key.sk === 'EMAIL') return ok({ Item: { ...input.Key, entity: 'EmailClaim', userId: NEW_ADMIN_ID, createdAt: CREATED_AT } });
    return ok({ Item: NEW_ADMIN_PROFILE });
  },
};
/** findAdmin: the new admin's AdminInfo and User in one Query. */
export const findNewAdmin = {
  client: DynamoDBDocumentClient,
  command: QueryCommand,
  output: () => ok({ Items: [NEW_ADMIN_INFO, NEW_ADMIN_PROFILE], Count: 2, ScannedCount: 2 }),
};
/** A transaction (TransactWriteItems answers nothing but metadata). */
export const transactWrite = { client: DynamoDBDocumentClient, command: TransactWriteCommand, output: () => ok({}) };
/** An audit record appended on its own (PutItem answers nothing but metadata). */
export const auditAppend = { client: DynamoDBDocumentClient, command: PutCommand, output: () => ok({}) };

/** POST /admins: create the Cognito user, add it to the group, write the records. */
export const postAdmins: FlowScenario = {
  flow: 'provision',
  // the in-code admin check, then create, group, transaction
  maxRounds: 4,
  event: apiEvent({ body: { email: NEW_ADMIN }, claims: idTokenClaims(), path: '/admins' }),
  expectedStatus: 201,
  replies: [
    {
      client: CognitoIdentityProviderClient,
      command: AdminCreateUserCommand,
      // Cognito echoes the attributes it stored, including the custom:userId the flow generated.
      output: (input: { UserAttributes: { Name: string; Value: string }[] }) =>
        ok({
          User: cognitoUser({
            email: NEW_ADMIN,
            username: NEW_ADMIN_SUB,
            sub: NEW_ADMIN_SUB,
            userId: input.UserAttributes.find((attribute) => attribute.Name === 'custom:userId')?.Value,
          }),
        }),
    },
    { client: CognitoIdentityProviderClient, command: AdminAddUserToGroupCommand, output: () => ok({}) },
    transactWrite,
    tableGet,
  ],
};

/**
 * POST /admins/resend-invite: caller check; resend counter + email claim; the admin; AdminCreateUser
 * with MessageAction RESEND; the invitation time and audit record in one transaction.
 */
export const postAdminsResendInvite: FlowScenario = {
  flow: 'resend',
  maxRounds: 5,
  event: apiEvent({ body: { email: NEW_ADMIN }, claims: idTokenClaims(), path: '/admins/resend-invite' }),
  expectedStatus: 202,
  replies: [
    tableGet,
    rateLimitKey,
    { client: DynamoDBDocumentClient, command: UpdateCommand, output: () => ok({ Attributes: { attempts: 1 } }) },
    findNewAdmin,
    {
      client: CognitoIdentityProviderClient,
      command: AdminCreateUserCommand,
      output: () => ok({ User: cognitoUser({ email: NEW_ADMIN, username: NEW_ADMIN_SUB, sub: NEW_ADMIN_SUB }) }),
    },
    transactWrite,
  ],
};

/** POST /auth/new-password: count the attempt (and find the owner), sign in with the temporary password, answer NEW_PASSWORD_REQUIRED, audit. */
export const postAuthNewPassword: FlowScenario = {
  flow: 'new-password',
  maxRounds: 4,
  event: apiEvent({
    body: { username: NEW_ADMIN, temporaryPassword: 'Tmp-Passw0rd!x', newPassword: 'A-much-better-passw0rd' },
    path: '/auth/new-password',
  }),
  expectedStatus: 200,
  replies: [
    {
      client: CognitoIdentityProviderClient,
      command: AdminInitiateAuthCommand,
      output: () =>
        ok({
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: SESSION,
          ChallengeParameters: {
            USER_ID_FOR_SRP: NEW_ADMIN_SUB,
            requiredAttributes: '[]',
            userAttributes: JSON.stringify({ email_verified: 'true', email: NEW_ADMIN }),
          },
        }),
    },
    {
      client: CognitoIdentityProviderClient,
      command: AdminRespondToAuthChallengeCommand,
      // The pool requires TOTP MFA, so a new password leads to the MFA set-up challenge.
      output: () => ok({ ChallengeName: 'MFA_SETUP', Session: SESSION, ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' } }),
    },
    tableGet,
    countAttempt,
    rateLimitKey,
    auditAppend,
  ],
};

/** A page of audit records as the audit table's Query returns it, newest first. */
function auditItems(count: number) {
  return Array.from({ length: count }, (_, index) => {
    const time = new Date(Date.parse('2026-11-23T12:00:00.000Z') - index * 60_000).toISOString();
    const correlationId = `c0ffee00-0000-4000-8000-${String(index).padStart(12, '0')}`;
    return {
      pk: `USER#${NEW_ADMIN_ID}`,
      sk: `${time}#${correlationId}#INVITATION_RESENT`,
      entity: 'AuditRecord',
      event: 'INVITATION_RESENT',
      time,
      actor: NEW_ADMIN_SUB,
      userId: NEW_ADMIN_ID,
      sourceIp: '203.0.113.10',
      userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15',
      correlationId,
      outcome: 'SUCCESS',
      ttl: Math.floor(Date.parse(time) / 1000) + 400 * 86_400,
    };
  });
}

/** GET /users/{userId}/audit: caller check, then the user and a full page of 25 records, read together. */
export const getUsersAudit: FlowScenario = {
  flow: 'audit trail',
  maxRounds: 2,
  event: {
    ...apiEvent({ claims: idTokenClaims(), path: `/users/${NEW_ADMIN_ID}/audit` }),
    httpMethod: 'GET',
    resource: '/users/{userId}/audit',
    pathParameters: { userId: NEW_ADMIN_ID },
  },
  expectedStatus: 200,
  replies: [
    tableGet,
    {
      client: DynamoDBDocumentClient,
      command: QueryCommand,
      output: () => {
        const items = auditItems(25);
        return ok({ Items: items, Count: 25, ScannedCount: 25, LastEvaluatedKey: { pk: items[24].pk, sk: items[24].sk } });
      },
    },
  ],
};
