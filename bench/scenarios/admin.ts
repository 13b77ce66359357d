import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { cognitoUser } from '../../test/support/cognito-fixtures';
import { apiEvent, idTokenClaims } from '../../test/support/events';
import { countAttempt, type FlowScenario, ok, SESSION } from './scenario';

const NEW_ADMIN = 'new.admin@example.com';
const NEW_ADMIN_SUB = '0c5d7a1e-3b2f-4c8d-9e6f-7a8b9c0d1e2f';
const NEW_ADMIN_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const CREATED_AT = '2026-11-20T09:30:00.000Z';

/** The new admin's email claim, as GetItem returns it. */
const emailClaim = { client: DynamoDBDocumentClient, command: GetCommand, output: () => ok({ Item: { pk: `EMAIL#${NEW_ADMIN}`, sk: 'EMAIL', entity: 'EmailClaim', userId: NEW_ADMIN_ID, createdAt: CREATED_AT } }) };
/** An audit record appended on its own (PutItem answers nothing but metadata). */
const auditAppend = { client: DynamoDBDocumentClient, command: PutCommand, output: () => ok({}) };

/** POST /admins: create the Cognito user, add it to the group, write the records. */
export const provisionNewAdmin: FlowScenario = {
  flow: 'provision',
  maxRounds: 3,
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
    { client: DynamoDBDocumentClient, command: TransactWriteCommand, output: () => ok({}) },
  ],
};

/** POST /admins/resend-invite: the email claim (ours?), AdminCreateUser with MessageAction RESEND, the audit record. */
export const resendAdminInvite: FlowScenario = {
  flow: 'resend',
  maxRounds: 3,
  event: apiEvent({ body: { email: NEW_ADMIN }, claims: idTokenClaims(), path: '/admins/resend-invite' }),
  expectedStatus: 202,
  replies: [
    emailClaim,
    {
      client: CognitoIdentityProviderClient,
      command: AdminCreateUserCommand,
      output: () => ok({ User: cognitoUser({ email: NEW_ADMIN, username: NEW_ADMIN_SUB, sub: NEW_ADMIN_SUB }) }),
    },
    auditAppend,
  ],
};

/** POST /auth/new-password: count the attempt (and find the owner), sign in with the temporary password, answer NEW_PASSWORD_REQUIRED, audit. */
export const newPasswordChallenge: FlowScenario = {
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
    emailClaim,
    countAttempt,
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

/** GET /users/{userId}/audit: the user and a full page of 25 records, read together. */
export const getUserAudit: FlowScenario = {
  flow: 'audit trail',
  maxRounds: 1,
  event: {
    ...apiEvent({ claims: idTokenClaims(), path: `/users/${NEW_ADMIN_ID}/audit` }),
    httpMethod: 'GET',
    resource: '/users/{userId}/audit',
    pathParameters: { userId: NEW_ADMIN_ID },
  },
  expectedStatus: 200,
  replies: [
    {
      client: DynamoDBDocumentClient,
      command: GetCommand,
      output: () =>
        ok({
          Item: {
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
          },
        }),
    },
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
