import {
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  CognitoIdentityProviderClient,
  InvalidPasswordException,
  NotAuthorizedException,
  PasswordResetRequiredException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler as postAuthNewPasswordHandler } from '../../../lambdas/handlers/post-auth-new-password';
import { asFunction, mockClient } from '../../support/aws-mocks';
import { apiEvent, bodyOf } from '../../support/events';
import { expectedFaultResponse, type GenericFault, genericFaults } from '../../support/faults';
import { captureLogs } from '../../support/logs';
import { mockRateLimitKey, testSubjectHash } from '../../support/rate-limit-key';
import { secret } from '../../support/secrets';

const cognito = mockClient(CognitoIdentityProviderClient);
const dynamo = mockClient(DynamoDBDocumentClient);
// Every call is held to the function's synthesized role (test/support/aws-mocks.ts).
const handler = asFunction('post-auth-new-password', postAuthNewPasswordHandler);
mockRateLimitKey();
const USER_ID = '4c9d2e1f-6a7b-4c8d-9e0f-1a2b3c4d5e6f';
const TEMP = secret('Temp-Pa55word!');
const NEW = secret('Brand-New-Pa55word!');
const request = { username: 'new.admin@example.com', temporaryPassword: TEMP, newPassword: NEW };
const tokens = { IdToken: secret('id.jwt'), AccessToken: secret('access.jwt'), RefreshToken: secret('refresh'), ExpiresIn: 3600, TokenType: 'Bearer' };
const SESSION_1 = secret('session-1');
const SESSION_2 = secret('session-2');

const call = (body: unknown = request) => handler(apiEvent({ body, path: '/auth/new-password' }));

beforeEach(() => {
  cognito.reset();
  dynamo.reset();
  dynamo.on(GetCommand).resolves({ Item: { pk: 'EMAIL#new.admin@example.com', sk: 'EMAIL', userId: USER_ID } });
  dynamo.on(PutCommand).resolves({});
  dynamo.on(UpdateCommand).resolves({ Attributes: { attempts: 1 } });
  cognito.on(AdminInitiateAuthCommand).resolves({ ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: SESSION_1 });
  cognito.on(AdminRespondToAuthChallengeCommand).resolves({ ChallengeName: 'MFA_SETUP', Session: SESSION_2 });
});

describe('POST /auth/new-password (handleNewPasswordChallenge)', () => {
  it('answers NEW_PASSWORD_REQUIRED and returns the MFA_SETUP challenge of an MFA-required pool', async () => {
    const response = await call();
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({ status: 'CHALLENGE', challengeName: 'MFA_SETUP', session: SESSION_2 });
    expect(cognito).toHaveReceivedCommandWith(AdminInitiateAuthCommand, {
      UserPoolId: process.env.COGNITO_USER_POOL_ID,
      ClientId: process.env.COGNITO_CLIENT_ID,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: request.username, PASSWORD: TEMP },
      // The end user's IP and agent, so Cognito threat protection scores them, not the Lambda.
      ContextData: {
        IpAddress: '203.0.113.10',
        ServerName: 'api.example.test',
        ServerPath: '/v1/auth/new-password',
        HttpHeaders: [{ headerName: 'User-Agent', headerValue: 'vitest-agent' }],
      },
    });
    expect(cognito).toHaveReceivedCommandWith(AdminRespondToAuthChallengeCommand, {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: SESSION_1,
      ChallengeResponses: { USERNAME: request.username, NEW_PASSWORD: NEW },
    });
    // The completed first sign-in is audited as the user's own act, from their IP.
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, {
      TableName: process.env.AUDIT_TABLE_NAME,
      Item: expect.objectContaining({ event: 'FIRST_SIGN_IN_COMPLETED', actor: USER_ID, userId: USER_ID, sourceIp: '203.0.113.10', userAgent: 'vitest-agent' }),
    });
  });

  it('audits nothing when the new password is refused', async () => {
    cognito.on(AdminRespondToAuthChallengeCommand).rejects(new InvalidPasswordException({ message: 'policy', $metadata: {} }));
    await call();
    expect(dynamo).not.toHaveReceivedCommand(PutCommand);
  });

  it('returns the tokens when Cognito answers with them', async () => {
    cognito.on(AdminRespondToAuthChallengeCommand).resolves({ AuthenticationResult: tokens });
    const response = await call();
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({
      status: 'AUTHENTICATED',
      tokens: { idToken: tokens.IdToken, accessToken: tokens.AccessToken, refreshToken: tokens.RefreshToken, expiresIn: 3600, tokenType: 'Bearer' },
    });
  });

  it('is no password oracle: wrong password, unknown, already-confirmed and disabled users get byte-identical 401s, without the second call', async () => {
    const notAuthorized = (message: string) => new NotAuthorizedException({ message, $metadata: {} });
    const outcomes: [string, (stub: ReturnType<typeof cognito.on>) => unknown][] = [
      ['wrong password', (stub) => stub.rejects(notAuthorized('Incorrect username or password.'))],
      ['unknown user', (stub) => stub.rejects(new UserNotFoundException({ message: 'User does not exist.', $metadata: {} }))],
      ['already confirmed, the right password (tokens)', (stub) => stub.resolves({ AuthenticationResult: tokens })],
      ['already confirmed, the right password (MFA challenge)', (stub) => stub.resolves({ ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: 's' })],
      ['disabled user', (stub) => stub.rejects(notAuthorized('User is disabled.'))],
      [
        'password reset required',
        (stub) => stub.rejects(new PasswordResetRequiredException({ message: 'Password reset required for the user', $metadata: {} })),
      ],
    ];
    const answers = [];
    for (const [label, answer] of outcomes) {
      answer(cognito.on(AdminInitiateAuthCommand));
      const response = await call();
      answers.push({ label, statusCode: response.statusCode, body: response.body });
    }
    const [first] = answers;
    expect(first).toMatchObject({ statusCode: 401 });
    expect(JSON.parse(first.body)).toEqual({ error: { code: 'INVALID_CREDENTIALS', message: 'Incorrect username or password.' } });
    for (const answer of answers) expect({ ...answer, label: first.label }, answer.label).toEqual(first);
    expect(cognito).not.toHaveReceivedCommand(AdminRespondToAuthChallengeCommand);
  });

  describe('attempt limits (checked before Cognito sees the password)', () => {
    const counterKey = (scope: string, subject: string) => `RATE#${testSubjectHash(`${scope}:${subject}`)}`;
    const overLimit = (scope: string, subject: string) =>
      dynamo.on(UpdateCommand, { Key: { pk: counterKey(scope, subject) } }).resolves({ Attributes: { attempts: 1_000 } });

    it('counts every attempt per account from this source IP, and per source IP: never per account alone', async () => {
      await call();
      const keys = dynamo.commandCalls(UpdateCommand).map((update) => update.args[0].input.Key?.pk);
      expect(keys).toEqual([counterKey('first-sign-in-account-ip', `203.0.113.10 ${request.username}`), counterKey('first-sign-in-ip', '203.0.113.10')]);
    });

    it.each([
      ['this account from this source IP', () => overLimit('first-sign-in-account-ip', `203.0.113.10 ${request.username}`)],
      ['this source IP', () => overLimit('first-sign-in-ip', '203.0.113.10')],
    ])('over the limit for %s: 429 whatever the password, and Cognito is not asked', async (_label, exceed) => {
      exceed();
      const right = await call();
      cognito.on(AdminInitiateAuthCommand).rejects(new NotAuthorizedException({ message: 'Incorrect username or password.', $metadata: {} }));
      const wrong = await call();
      expect(right.statusCode).toBe(429);
      expect(bodyOf(right).error.code).toBe('TOO_MANY_REQUESTS');
      expect(wrong.body).toBe(right.body);
      expect(cognito.calls()).toHaveLength(0);
    });
  });

  it('new password rejected by the policy: 400 INVALID_PASSWORD', async () => {
    cognito.on(AdminRespondToAuthChallengeCommand).rejects(new InvalidPasswordException({ message: 'Password does not conform to policy', $metadata: {} }));
    const response = await call();
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).error.code).toBe('INVALID_PASSWORD');
  });

  it('expired challenge session: 401', async () => {
    cognito.on(AdminRespondToAuthChallengeCommand).rejects(new NotAuthorizedException({ message: 'Invalid session for the user.', $metadata: {} }));
    expect((await call()).statusCode).toBe(401);
  });

  it.each(Object.keys(genericFaults) as GenericFault[])('AdminInitiateAuth %s', async (fault) => {
    cognito.on(AdminInitiateAuthCommand).rejects(genericFaults[fault]());
    const response = await call();
    expect(response.statusCode).toBe(expectedFaultResponse[fault].status);
    expect(cognito).not.toHaveReceivedCommand(AdminRespondToAuthChallengeCommand);
  });

  it.each(Object.keys(genericFaults) as GenericFault[])('AdminRespondToAuthChallenge %s', async (fault) => {
    cognito.on(AdminRespondToAuthChallengeCommand).rejects(genericFaults[fault]());
    const response = await call();
    expect(response.statusCode).toBe(expectedFaultResponse[fault].status);
    expect(bodyOf(response).error.code).toBe(expectedFaultResponse[fault].code);
  });

  it.each([
    ['missing newPassword', { username: request.username, temporaryPassword: TEMP }],
    ['password as a number', { ...request, newPassword: 12345678 }],
    ['empty temporary password', { ...request, temporaryPassword: '' }],
    ['an over-long password', { ...request, newPassword: 'x'.repeat(257) }],
    ['username not an email', { ...request, username: 'bob' }],
    ['an extra field', { ...request, challenge: 'MFA_SETUP' }],
  ])('%s: 400 and no Cognito call', async (_label, body) => {
    const response = await call(body);
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).error.code).toBe('VALIDATION_FAILED');
    expect(cognito.calls()).toHaveLength(0);
  });

  it('never logs the passwords, the session or the tokens', async () => {
    cognito.on(AdminRespondToAuthChallengeCommand).resolves({ AuthenticationResult: tokens });
    const { raw } = await captureLogs(async () => {
      await call();
      cognito.on(AdminInitiateAuthCommand).rejects(genericFaults.serviceError());
      await call();
    });
    expect(raw).toContain('request completed');
    for (const value of [TEMP, NEW, SESSION_1, tokens.IdToken, tokens.AccessToken, tokens.RefreshToken]) expect(raw).not.toContain(value);
  });
});
