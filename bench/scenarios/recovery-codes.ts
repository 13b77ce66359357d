import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { apiEvent, idTokenClaims } from '../../test/support/events';
import { type FlowScenario, ok } from './scenario';

const USER_ID = '5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c';
const SUB = '0d1c2b3a-4958-4766-8574-a3b2c1d0e9f8';

/** A practitioner's request to /me/recovery-codes with their ID token. */
function meEvent(method: 'GET' | 'POST'): APIGatewayProxyEvent {
  return {
    ...apiEvent({ claims: { ...idTokenClaims([], SUB, USER_ID), 'cognito:groups': undefined }, path: '/me/recovery-codes' }),
    httpMethod: method,
    resource: '/me/recovery-codes',
  };
}

/** The user check's reads (their User, signed in a minute ago; no AdminInfo) and their recovery codes (7 of 10 left). */
const userItems = {
  client: DynamoDBDocumentClient,
  command: GetCommand,
  output: (input: { Key: { pk: string; sk: string } }) => {
    if (input.Key.sk === 'PROFILE') {
      const signedInAt = new Date(Date.now() - 60_000).toISOString();
      return ok({
        Item: {
          ...input.Key,
          userId: USER_ID,
          email: 'pat@example.com',
          role: 'practitioner',
          cognitoUsername: SUB,
          cognitoSub: SUB,
          lastSignInAt: signedInAt,
        },
      });
    }
    if (input.Key.sk === 'RECOVERY_CODES') {
      const codeHashes = new Set(Array.from({ length: 7 }, (_, index) => String(index).repeat(64)));
      return ok({ Item: { ...input.Key, codeHashes, createdAt: '2026-11-20T09:30:00.000Z', total: 10 } });
    }
    return ok({});
  },
};

/** POST /me/recovery-codes: user check (two reads together), the codes' key (first use), the set's Put, the audit record. */
export const postMeRecoveryCodes: FlowScenario = {
  flow: 'make recovery codes',
  maxRounds: 3,
  event: meEvent('POST'),
  expectedStatus: 201,
  replies: [
    userItems,
    {
      client: SecretsManagerClient,
      command: GetSecretValueCommand,
      output: () => ok({ Name: 'RecoveryCodeKey', SecretString: 'BenchRecoveryCodeKey0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH', VersionId: 'v1' }),
      perContainer: true,
    },
    { client: DynamoDBDocumentClient, command: PutCommand, output: () => ok({}) },
  ],
};

/** GET /me/recovery-codes: user check, the set's status. */
export const getMeRecoveryCodes: FlowScenario = {
  flow: 'recovery codes status',
  maxRounds: 2,
  event: meEvent('GET'),
  expectedStatus: 200,
  replies: [userItems],
};
