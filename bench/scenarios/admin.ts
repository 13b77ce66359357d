import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { cognitoUser } from '../../test/support/cognito-fixtures';
import { apiEvent, idTokenClaims } from '../../test/support/events';
import { type FlowScenario, ok, SESSION } from './scenario';

const NEW_ADMIN = 'new.admin@example.com';
const NEW_ADMIN_SUB = '0c5d7a1e-3b2f-4c8d-9e6f-7a8b9c0d1e2f';

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

/** POST /admins/resend-invite: one AdminCreateUser with MessageAction RESEND. */
export const resendAdminInvite: FlowScenario = {
  flow: 'resend',
  maxRounds: 1,
  event: apiEvent({ body: { email: NEW_ADMIN }, claims: idTokenClaims(), path: '/admins/resend-invite' }),
  expectedStatus: 202,
  replies: [
    {
      client: CognitoIdentityProviderClient,
      command: AdminCreateUserCommand,
      output: () => ok({ User: cognitoUser({ email: NEW_ADMIN, username: NEW_ADMIN_SUB, sub: NEW_ADMIN_SUB }) }),
    },
  ],
};

/** POST /auth/new-password: sign in with the temporary password, answer NEW_PASSWORD_REQUIRED. */
export const newPasswordChallenge: FlowScenario = {
  flow: 'new-password',
  maxRounds: 2,
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
  ],
};
