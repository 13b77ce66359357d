import {
  AdminCreateUserCommand,
  AdminDeleteSoftwareTokenCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { cognitoUser } from '../../test/support/cognito-fixtures';
import { apiEvent } from '../../test/support/events';
import { auditAppend } from './admin';
import { type FlowScenario, ok, rateLimitKey, SESSION } from './scenario';

const EMAIL = 'dana.practitioner@example.com';
const USER_ID = '7d1e5c3a-9f2b-4e8d-a6c1-2b3c4d5e6f70';
const COGNITO_USERNAME = '3f9a2b1c-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const LICENSE = { jurisdiction: 'CA', licenseType: 'RN', licenseNumber: 'RN1234567', dateOfBirth: '1984-03-17' };
const CREATED_AT = '2026-01-15T09:30:00.000Z';

/**
 * The practitioner's items as a GetItem on the single table returns them, chosen by key: the email
 * claim, the User (no recovery state yet), and (for confirm) the ISSUED recovery token.
 */
function tableItem(key: { pk: string; sk: string }): object {
  const [kind, id] = key.pk.split('#');
  const item = (attributes: object) => ok({ Item: { ...key, ...attributes } });
  switch (kind) {
    case 'EMAIL':
      return item({ entity: 'EmailClaim', userId: USER_ID, createdAt: CREATED_AT });
    case 'USER':
      if (key.sk !== 'PROFILE') return ok({});
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
    case 'RECOVERY_TOKEN':
      return item(issuedToken(id));
    default:
      return ok({});
  }
}

/** The ISSUED recovery token with hash `tokenHash`, issued a minute ago. */
function issuedToken(tokenHash: string): object {
  const issuedAt = Date.now() - 60_000;
  return {
    entity: 'RecoveryToken',
    tokenHash,
    userId: USER_ID,
    cognitoUsername: COGNITO_USERNAME,
    email: EMAIL,
    status: 'ISSUED',
    createdAt: new Date(issuedAt).toISOString(),
    expiresAt: new Date(issuedAt + 15 * 60_000).toISOString(),
    deadlineAt: new Date(issuedAt + 24 * 3600_000).toISOString(),
    ttl: Math.floor(issuedAt / 1000) + 31 * 24 * 3600,
  };
}

/** The practitioner's Cognito user, with its TOTP factor, as AdminGetUser returns it. */
const getCognitoUser = {
  client: CognitoIdentityProviderClient,
  command: AdminGetUserCommand,
  output: () => {
    const user = cognitoUser({ email: EMAIL, username: COGNITO_USERNAME, sub: COGNITO_USERNAME, userId: USER_ID, status: 'CONFIRMED' });
    return ok({
      ...user,
      UserAttributes: user.Attributes,
      Attributes: undefined,
      UserMFASettingList: ['SOFTWARE_TOKEN_MFA'],
      PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA',
    });
  },
};

const cognitoReply = (command: new (input: any) => unknown) => ({ client: CognitoIdentityProviderClient, command, output: () => ok({}) });

const getItem = { client: DynamoDBDocumentClient, command: GetCommand, output: (input: { Key: { pk: string; sk: string } }) => tableItem(input.Key) };
/** Rate-limit counters: the first attempt in the window; the confirm's acquire: the token as it was (ALL_OLD). */
const updateItem = {
  client: DynamoDBDocumentClient,
  command: UpdateCommand,
  output: (input: { Key: { pk: string }; ReturnValues?: string }) =>
    input.ReturnValues === 'ALL_OLD' ? ok({ Attributes: { ...input.Key, ...issuedToken(input.Key.pk.split('#')[1]) } }) : ok({ Attributes: { attempts: 1 } }),
};
const transactWrite = { client: DynamoDBDocumentClient, command: TransactWriteCommand, output: () => ok({}) };

/**
 * POST /mfa-recovery/request: IP limit + email claim, state + user + licenses, account limit + Cognito user, password
 * check, then token + email together (the account limit waits for the license match, and gates the password check).
 */
export const postMfaRecoveryRequest: FlowScenario = {
  flow: 'request reset',
  maxRounds: 5,
  event: apiEvent({
    body: { username: EMAIL, password: 'Correct-Horse-9', license: { ...LICENSE, licenseNumber: 'rn-123-4567' } },
    path: '/mfa-recovery/request',
  }),
  expectedStatus: 202,
  replies: [
    rateLimitKey,
    updateItem,
    getItem,
    {
      client: DynamoDBDocumentClient,
      command: QueryCommand,
      output: () =>
        ok({
          Items: [{ pk: `USER#${USER_ID}`, sk: 'LICENSE#CA#RN#RN1234567', entity: 'License', userId: USER_ID, createdAt: CREATED_AT, ...LICENSE }],
          Count: 1,
          ScannedCount: 1,
        }),
    },
    {
      client: CognitoIdentityProviderClient,
      command: AdminInitiateAuthCommand,
      // A correct password in an MFA pool: Cognito asks for the TOTP code the user no longer has.
      output: () => ok({ ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: SESSION, ChallengeParameters: { USER_ID_FOR_SRP: COGNITO_USERNAME } }),
    },
    getCognitoUser,
    transactWrite,
    { client: SESv2Client, command: SendEmailCommand, output: () => ok({ MessageId: '010201a1b2c3d4e5-bench-000000' }) },
  ],
};

/**
 * POST /mfa-recovery/confirm (strategy reset): limit + acquire, the adoption policy's reads of the user and the
 * Cognito user (decide first: alone, before anything changes), temporary password + sign-out, factor deletion +
 * RESEND, then completion + notice.
 */
export const postMfaRecoveryConfirm: FlowScenario = {
  flow: 'confirm reset',
  maxRounds: 5,
  event: apiEvent({ body: { token: 'q3JbX0vA8m2Yt9cLw5ZpR1nHs6UeK4dGf7iTo0yBxQa' }, path: '/mfa-recovery/confirm' }),
  expectedStatus: 200,
  replies: [
    rateLimitKey,
    updateItem,
    getItem,
    getCognitoUser,
    transactWrite,
    cognitoReply(AdminSetUserPasswordCommand),
    cognitoReply(AdminUserGlobalSignOutCommand),
    cognitoReply(AdminDeleteSoftwareTokenCommand),
    cognitoReply(AdminCreateUserCommand),
    { client: SESv2Client, command: SendEmailCommand, output: () => ok({ MessageId: '010201a1b2c3d4e5-bench-000001' }) },
  ],
};

/** The nine codes left after the one used (hex keyed hashes, as the store keeps them). */
const CODES_LEFT = new Set(Array.from({ length: 9 }, (_, i) => `${i}`.repeat(64)));

/**
 * POST /mfa-recovery/code: both source limits + email claim (+ the code's keyed hash), user, password + Cognito
 * user, account limit, the code taken, sign-out, factor deleted, then notice + audit record together.
 */
export const postMfaRecoveryCode: FlowScenario = {
  flow: 'recovery code',
  maxRounds: 8,
  event: apiEvent({ body: { username: EMAIL, password: 'Correct-Horse-9', recoveryCode: '7kqm-3xrt-pz9c' }, path: '/mfa-recovery/code' }),
  expectedStatus: 200,
  replies: [
    // Answers both keys (the counters', the codes'): each read once per container.
    rateLimitKey,
    {
      client: DynamoDBDocumentClient,
      command: UpdateCommand,
      // The consume answers the item as it now is (ALL_NEW); the counters their first attempt.
      output: (input: { Key: { pk: string; sk: string }; ReturnValues?: string }) =>
        input.ReturnValues === 'ALL_NEW' && input.Key.sk === 'RECOVERY_CODES'
          ? ok({ Attributes: { ...input.Key, codeHashes: CODES_LEFT, createdAt: CREATED_AT, total: 10 } })
          : ok({ Attributes: { attempts: 1 } }),
    },
    getItem,
    {
      client: CognitoIdentityProviderClient,
      command: AdminInitiateAuthCommand,
      output: () => ok({ ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: SESSION, ChallengeParameters: { USER_ID_FOR_SRP: COGNITO_USERNAME } }),
    },
    getCognitoUser,
    cognitoReply(AdminUserGlobalSignOutCommand),
    cognitoReply(AdminDeleteSoftwareTokenCommand),
    { client: SESv2Client, command: SendEmailCommand, output: () => ok({ MessageId: '010201a1b2c3d4e5-bench-000002' }) },
    auditAppend,
  ],
};
