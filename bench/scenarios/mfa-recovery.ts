import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { cognitoUser } from '../../test/support/cognito-fixtures';
import { apiEvent } from '../../test/support/events';
import { countAttempt, type FlowScenario, ok, SESSION } from './scenario';

const EMAIL = 'dana.practitioner@example.com';
const USER_ID = '7d1e5c3a-9f2b-4e8d-a6c1-2b3c4d5e6f70';
const COGNITO_USERNAME = '3f9a2b1c-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const NEW_SUB = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
const LICENSE = { jurisdiction: 'CA', licenseType: 'RN', licenseNumber: 'RN1234567', dateOfBirth: '1984-03-17' };
const CREATED_AT = '2026-01-15T09:30:00.000Z';

/**
 * The practitioner's items as a GetItem on the single table returns them, chosen by key: the email
 * claim, the User, and (for confirm) the ISSUED recovery token whose hash was looked up.
 */
function tableItem(key: { pk: string; sk: string }): object {
  const [kind, id] = key.pk.split('#');
  const item = (attributes: object) => ok({ Item: { ...key, ...attributes } });
  switch (kind) {
    case 'EMAIL':
      return item({ entity: 'EmailClaim', userId: USER_ID, createdAt: CREATED_AT });
    case 'USER':
      return item({
        entity: 'User',
        userId: USER_ID,
        email: EMAIL,
        role: 'practitioner',
        cognitoUsername: COGNITO_USERNAME,
        cognitoSub: COGNITO_USERNAME,
        createdAt: CREATED_AT,
        updatedAt: CREATED_AT,
      });
    case 'RECOVERY_TOKEN': {
      const issuedAt = Date.now() - 60_000;
      return item({
        entity: 'RecoveryToken',
        tokenHash: id,
        userId: USER_ID,
        cognitoUsername: COGNITO_USERNAME,
        status: 'ISSUED',
        createdAt: new Date(issuedAt).toISOString(),
        expiresAt: new Date(issuedAt + 15 * 60_000).toISOString(),
        ttl: Math.floor(issuedAt / 1000) + 31 * 24 * 3600,
      });
    }
    default:
      return ok({});
  }
}

const getItem = { client: DynamoDBDocumentClient, command: GetCommand, output: (input: { Key: { pk: string; sk: string } }) => tableItem(input.Key) };
const transactWrite = { client: DynamoDBDocumentClient, command: TransactWriteCommand, output: () => ok({}) };

/** POST /mfa-recovery/request: limits + email claim, user + licenses, password check, then token + email together. */
export const requestMfaReset: FlowScenario = {
  flow: 'request reset',
  maxRounds: 4,
  event: apiEvent({
    body: { username: EMAIL, password: 'Correct-Horse-9', license: { ...LICENSE, licenseNumber: 'rn-123-4567' } },
    path: '/mfa-recovery/request',
  }),
  expectedStatus: 202,
  replies: [
    countAttempt,
    getItem,
    {
      client: DynamoDBDocumentClient,
      command: QueryCommand,
      output: () =>
        ok({ Items: [{ pk: `USER#${USER_ID}`, sk: 'LICENSE#CA#RN#RN1234567', entity: 'License', userId: USER_ID, createdAt: CREATED_AT, ...LICENSE }], Count: 1, ScannedCount: 1 }),
    },
    {
      client: CognitoIdentityProviderClient,
      command: AdminInitiateAuthCommand,
      // A correct password in an MFA pool: Cognito asks for the TOTP code the user no longer has.
      output: () => ok({ ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: SESSION, ChallengeParameters: { USER_ID_FOR_SRP: COGNITO_USERNAME } }),
    },
    transactWrite,
    { client: SESv2Client, command: SendEmailCommand, output: () => ok({ MessageId: '010201a1b2c3d4e5-bench-000000' }) },
  ],
};

/** POST /mfa-recovery/confirm: limit + token, consume + user + Cognito user, delete, recreate, link. */
export const confirmMfaReset: FlowScenario = {
  flow: 'confirm reset',
  maxRounds: 5,
  event: apiEvent({ body: { token: 'q3JbX0vA8m2Yt9cLw5ZpR1nHs6UeK4dGf7iTo0yBxQa' }, path: '/mfa-recovery/confirm' }),
  expectedStatus: 200,
  replies: [
    countAttempt,
    getItem,
    transactWrite,
    {
      client: CognitoIdentityProviderClient,
      command: AdminGetUserCommand,
      output: () => {
        const user = cognitoUser({ email: EMAIL, username: COGNITO_USERNAME, sub: COGNITO_USERNAME, userId: USER_ID, status: 'CONFIRMED' });
        return ok({ ...user, UserAttributes: user.Attributes, Attributes: undefined, UserMFASettingList: ['SOFTWARE_TOKEN_MFA'], PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA' });
      },
    },
    { client: CognitoIdentityProviderClient, command: AdminDeleteUserCommand, output: () => ok({}) },
    {
      client: CognitoIdentityProviderClient,
      command: AdminCreateUserCommand,
      output: () => ok({ User: cognitoUser({ email: EMAIL, username: NEW_SUB, sub: NEW_SUB, userId: USER_ID }) }),
    },
  ],
};
