import {
  AdminCreateUserCommand,
  AdminDeleteSoftwareTokenCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  ResourceNotFoundException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { adminStatusFromCognito, adminStatusFromDatabase, invitationExpired } from '../../../lambdas/admin/admin-status';
import { getAdminsFlows } from '../../../lambdas/admin/get-admins';
import { MFA_RESET_LIMIT_PER_ADMIN, MFA_RESET_LIMIT_PER_TARGET } from '../../../lambdas/admin/post-users-mfa-reset';
import { handler as postAdminsDeactivateHandler } from '../../../lambdas/handlers/post-admins-deactivate';
import { handler as getAdminsHandler } from '../../../lambdas/handlers/get-admins';
import { handler as postAdminsReactivateHandler } from '../../../lambdas/handlers/post-admins-reactivate';
import { handler as postUsersMfaResetHandler } from '../../../lambdas/handlers/post-users-mfa-reset';
import type { AdminEntry } from '../../../lambdas/ports/admin-directory';
import type { ApiHandler } from '../../../lambdas/shared/http/handler';
import { logger } from '../../../lambdas/shared/logger';
import { cognitoUser } from '../../support/cognito-fixtures';
import { allowCaller, apiEvent, bodyOf, CALLER_AUTH_TIME_SECONDS, CALLER_USER_ID, callerAdminInfo, idTokenClaims } from '../../support/events';
import { expectedFaultResponse, type GenericFault, genericFaults } from '../../support/faults';
import { captureLogs } from '../../support/logs';
import { mockRateLimitKey, testSubjectHash } from '../../support/rate-limit-key';
import { asFunction, mockClient } from '../../support/aws-mocks';

const cognito = mockClient(CognitoIdentityProviderClient);
const dynamo = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);
// Each handler runs as its own function: every call is held to its synthesized role (test/support/aws-mocks.ts).
const postAdminsDeactivate = asFunction('post-admins-deactivate', postAdminsDeactivateHandler);
const getAdmins = asFunction('get-admins', getAdminsHandler);
const postAdminsReactivate = asFunction('post-admins-reactivate', postAdminsReactivateHandler);
const postUsersMfaReset = asFunction('post-users-mfa-reset', postUsersMfaResetHandler);
mockRateLimitKey();

const TARGET_ID = '7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918';
const TARGET_EMAIL = 'colleague@example.com';
const DAY = 24 * 3600 * 1000;

/** An admin-route event with path (and query) parameters, as API Gateway delivers it. */
function call(
  handler: ApiHandler,
  options: {
    path: string;
    resource: string;
    method?: string;
    params?: Record<string, string>;
    query?: Record<string, string>;
    body?: unknown;
    claims?: Record<string, unknown> | null;
  },
) {
  const event: APIGatewayProxyEvent = {
    ...apiEvent({ body: options.body, claims: options.claims === null ? undefined : (options.claims ?? idTokenClaims()), path: options.path }),
    httpMethod: options.method ?? 'POST',
    resource: options.resource,
    pathParameters: options.params ?? null,
    queryStringParameters: options.query ?? null,
  };
  return handler(event);
}

const deactivate = (userId = TARGET_ID, claims?: Record<string, unknown>) =>
  call(postAdminsDeactivate, { path: `/admins/${userId}/deactivate`, resource: '/admins/{userId}/deactivate', params: { userId }, claims });
const reactivate = (userId = TARGET_ID) =>
  call(postAdminsReactivate, { path: `/admins/${userId}/reactivate`, resource: '/admins/{userId}/reactivate', params: { userId } });
const reset = (body: unknown = { reason: 'Lost phone, verified by video call' }, userId = TARGET_ID) =>
  call(postUsersMfaReset, { path: `/users/${userId}/mfa-reset`, resource: '/users/{userId}/mfa-reset', params: { userId }, body });
const list = (query?: Record<string, string>, claims?: Record<string, unknown>) =>
  call(getAdmins, { path: '/admins', resource: '/admins', method: 'GET', query, claims });

/** The target's AdminInfo and User items as findAdmin's Query returns them. */
function targetItems(adminInfo: Record<string, unknown> | null = {}, role = 'admin') {
  const at = '2026-11-20T09:00:00.000Z';
  return {
    Items: [
      ...(adminInfo
        ? [
            {
              pk: `USER#${TARGET_ID}`,
              sk: 'ADMIN_INFO',
              userId: TARGET_ID,
              email: TARGET_EMAIL,
              createdBy: 'boss',
              createdAt: at,
              lastInvitedAt: at,
              accountStatus: 'ACTIVE',
              ...adminInfo,
            },
          ]
        : []),
      { pk: `USER#${TARGET_ID}`, sk: 'PROFILE', userId: TARGET_ID, email: TARGET_EMAIL, role, cognitoUsername: 'cog-target', cognitoSub: 'cog-target' },
    ],
  };
}

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

beforeEach(() => {
  cognito.reset();
  dynamo.reset();
  ses.reset();
  dynamo.on(GetCommand, { Key: { pk: `USER#${TARGET_ID}`, sk: 'PROFILE' } }).resolves({ Item: targetItems().Items[1] });
  allowCaller(dynamo);
  dynamo.on(QueryCommand).resolves(targetItems());
  dynamo.on(TransactWriteCommand).resolves({});
  dynamo.on(PutCommand).resolves({});
  // The attempt counters (and the invitation time, which returns nothing).
  dynamo.on(UpdateCommand).resolves({ Attributes: { attempts: 1 } });
  const target = cognitoUser({ email: TARGET_EMAIL, username: 'cog-target', userId: TARGET_ID, status: 'CONFIRMED' });
  cognito
    .on(AdminGetUserCommand, { Username: 'cog-target' })
    .resolves({ ...target, UserAttributes: target.Attributes, UserMFASettingList: ['SOFTWARE_TOKEN_MFA'] });
  for (const command of [
    AdminDisableUserCommand,
    AdminEnableUserCommand,
    AdminUserGlobalSignOutCommand,
    AdminSetUserPasswordCommand,
    AdminDeleteSoftwareTokenCommand,
    AdminCreateUserCommand,
  ]) {
    cognito.on(command as any).resolves({});
  }
  ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
});

describe('the in-code admin check refuses a deactivated admin whose ID token is still valid', () => {
  it.each([
    ['deactivated', () => allowCaller(dynamo, CALLER_USER_ID, 'DEACTIVATED'), idTokenClaims()],
    ['unknown to the database', () => dynamo.on(GetCommand).resolves({}), idTokenClaims()],
    ['without our user id in the token', () => undefined, { ...idTokenClaims(), 'custom:userId': undefined }],
  ])('a caller %s: 403, nothing else read or changed', async (_label, arrange, claims) => {
    arrange();
    const response = await deactivate(TARGET_ID, claims as Record<string, unknown>);
    expect(response.statusCode).toBe(403);
    expect(bodyOf(response).error.code).toBe('FORBIDDEN');
    expect(dynamo).not.toHaveReceivedCommand(QueryCommand);
    expect(cognito.calls()).toHaveLength(0);
  });

  it('reads the AdminInfo strongly consistently (a deactivation counts from the next request)', async () => {
    await deactivate();
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, { Key: { pk: `USER#${CALLER_USER_ID}`, sk: 'ADMIN_INFO' }, ConsistentRead: true });
  });
});

describe('POST /admins/{userId}/deactivate', () => {
  it('database first (status, the acting admin still active, one fewer admin, audit record: one transaction), then disable + global sign-out', async () => {
    const response = await deactivate();
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({ userId: TARGET_ID, status: 'DEACTIVATED' });
    const [status, actingAdmin, counter, audit] = dynamo.commandCalls(TransactWriteCommand)[0].args[0].input.TransactItems!;
    expect(status.Update).toMatchObject({
      Key: { pk: `USER#${TARGET_ID}`, sk: 'ADMIN_INFO' },
      ExpressionAttributeValues: expect.objectContaining({ ':deactivated': 'DEACTIVATED' }),
    });
    // The last-admin guard: an admin who can sign in (the one acting now) stays; pending invitations do not count.
    expect(actingAdmin.ConditionCheck).toMatchObject({
      Key: { pk: `USER#${CALLER_USER_ID}`, sk: 'ADMIN_INFO' },
      ExpressionAttributeValues: { ':deactivated': 'DEACTIVATED' },
    });
    expect(counter.Update).toMatchObject({ Key: { pk: 'ADMINS', sk: 'COUNTERS' }, ExpressionAttributeValues: expect.objectContaining({ ':delta': -1 }) });
    expect(counter.Update!.ConditionExpression).toBeUndefined();
    expect(audit.Put!.Item).toMatchObject({
      event: 'ADMIN_DEACTIVATED',
      userId: TARGET_ID,
      actor: CALLER_USER_ID,
      actorSub: idTokenClaims().sub,
      sourceIp: '203.0.113.10',
    });
    expect(cognito).toHaveReceivedCommandWith(AdminDisableUserCommand, { Username: 'cog-target' });
    expect(cognito).toHaveReceivedCommandWith(AdminUserGlobalSignOutCommand, { Username: 'cog-target' });
  });

  it('yourself: 409 CANNOT_DEACTIVATE_SELF, nothing changed', async () => {
    const response = await deactivate(CALLER_USER_ID);
    expect(response.statusCode).toBe(409);
    expect(bodyOf(response).error.code).toBe('CANNOT_DEACTIVATE_SELF');
    expect(dynamo).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(cognito.calls()).toHaveLength(0);
  });

  it('the last active admin: 409 LAST_ACTIVE_ADMIN, Cognito untouched', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed', 'None', 'None'));
    const response = await deactivate();
    expect(response.statusCode).toBe(409);
    expect(bodyOf(response).error.code).toBe('LAST_ACTIVE_ADMIN');
    expect(cognito.calls()).toHaveLength(0);
  });

  it.each([
    ['an unknown user id', { Items: [] }],
    ['a practitioner', targetItems(null, 'practitioner')],
  ])('%s: 404 USER_NOT_FOUND', async (_label, items) => {
    dynamo.on(QueryCommand).resolves(items);
    const response = await deactivate();
    expect(response.statusCode).toBe(404);
    expect(bodyOf(response).error.code).toBe('USER_NOT_FOUND');
  });

  it('already deactivated (a retry after Cognito failed): no second record, the Cognito half is completed', async () => {
    dynamo.on(QueryCommand).resolves(targetItems({ accountStatus: 'DEACTIVATED' }));
    const response = await deactivate();
    expect(response.statusCode).toBe(200);
    expect(dynamo).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(cognito).toHaveReceivedCommand(AdminDisableUserCommand);
    expect(cognito).toHaveReceivedCommand(AdminUserGlobalSignOutCommand);
  });

  it.each(Object.keys(genericFaults) as GenericFault[])(
    'AdminDisableUser %s after the database: mapped; both Cognito calls finished before the answer',
    async (fault) => {
      cognito.on(AdminDisableUserCommand).rejects(genericFaults[fault]());
      const response = await deactivate();
      expect(response.statusCode).toBe(expectedFaultResponse[fault].status);
      expect(cognito).toHaveReceivedCommand(AdminUserGlobalSignOutCommand);
      expect(dynamo).toHaveReceivedCommand(TransactWriteCommand);
    },
  );

  it('malformed user id: 400 naming userId, no AWS call beyond the caller check', async () => {
    const response = await deactivate('ABC');
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).error.details).toEqual([{ field: 'userId', message: expect.any(String) }]);
    expect(dynamo).not.toHaveReceivedCommand(GetCommand);
  });
});

describe('POST /admins/{userId}/reactivate', () => {
  beforeEach(() => dynamo.on(QueryCommand).resolves(targetItems({ accountStatus: 'DEACTIVATED' })));

  it('decided on the database (DEACTIVATED), then AdminEnableUser, then ACTIVE + one more active admin + audit record in one transaction', async () => {
    const order: string[] = [];
    cognito.on(AdminEnableUserCommand).callsFake(() => order.push('AdminEnableUser') && {});
    dynamo.on(TransactWriteCommand).callsFake(() => order.push('TransactWriteItems') && {});
    const response = await reactivate();
    expect(response.statusCode).toBe(200);
    const [status, counter, audit] = dynamo.commandCalls(TransactWriteCommand)[0].args[0].input.TransactItems!;
    expect(status.Update).toMatchObject({ ConditionExpression: 'accountStatus = :deactivated' });
    expect(counter.Update).toMatchObject({ ExpressionAttributeValues: expect.objectContaining({ ':delta': 1 }) });
    expect(audit.Put!.Item).toMatchObject({ event: 'ADMIN_REACTIVATED', userId: TARGET_ID, actor: CALLER_USER_ID, actorSub: idTokenClaims().sub });
    expect(cognito).toHaveReceivedCommandWith(AdminEnableUserCommand, { Username: 'cog-target' });
    expect(order).toEqual(['AdminEnableUser', 'TransactWriteItems']);
  });

  it('yourself (say, disabled in the Cognito console with a token still valid): 409 CANNOT_REACTIVATE_SELF, nothing changed', async () => {
    const response = await reactivate(CALLER_USER_ID);
    expect(response.statusCode).toBe(409);
    expect(bodyOf(response).error.code).toBe('CANNOT_REACTIVATE_SELF');
    expect(dynamo).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(cognito.calls()).toHaveLength(0);
  });

  it('an admin the database says is active (disabled only in Cognito): 409 INVALID_USER_STATE, not enabled, nothing recorded', async () => {
    dynamo.on(QueryCommand).resolves(targetItems());
    const response = await reactivate();
    expect(response.statusCode).toBe(409);
    expect(bodyOf(response).error.code).toBe('INVALID_USER_STATE');
    expect(dynamo).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(cognito.calls()).toHaveLength(0);
  });

  it('the transaction failing after the enable: 503 and an alert; calling again enables again and writes it with its one record', async () => {
    dynamo.on(TransactWriteCommand).rejectsOnce(genericFaults.serviceError()).resolves({});
    const { result: failed, records } = await captureLogs(() => reactivate());
    expect(failed.statusCode).toBe(503);
    expect(records.some((record) => record.alert === 'AdminReactivationIncomplete' && record.userId === TARGET_ID && record.repair)).toBe(true);

    expect((await reactivate()).statusCode).toBe(200);
    expect(cognito.commandCalls(AdminEnableUserCommand)).toHaveLength(2);
    const written = dynamo.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!.at(-1)!.Put!.Item!.event);
    expect(written).toEqual(['ADMIN_REACTIVATED', 'ADMIN_REACTIVATED']);
  });
});

describe('POST /users/{userId}/mfa-reset', () => {
  it('resets in place (lock, then re-invite), records the reason with the new invitation time, and tells the user', async () => {
    const response = await reset();
    expect(response.statusCode).toBe(202);
    expect(bodyOf(response)).toEqual({ userId: TARGET_ID, status: 'MFA_RESET' });
    expect(cognito).toHaveReceivedCommandWith(AdminSetUserPasswordCommand, { Username: 'cog-target', Permanent: false });
    expect(cognito).toHaveReceivedCommandWith(AdminUserGlobalSignOutCommand, { Username: 'cog-target' });
    expect(cognito).toHaveReceivedCommandWith(AdminDeleteSoftwareTokenCommand, { Username: 'cog-target' });
    expect(cognito).toHaveReceivedCommandWith(AdminCreateUserCommand, { Username: 'cog-target', MessageAction: 'RESEND' });
    const invitation = dynamo.commandCalls(UpdateCommand).find((call) => call.args[0].input.Key?.sk === 'ADMIN_INFO')!.args[0].input;
    expect(invitation).toMatchObject({ Key: { pk: `USER#${TARGET_ID}`, sk: 'ADMIN_INFO' }, UpdateExpression: 'SET lastInvitedAt = :at' });
    const audit = dynamo.commandCalls(PutCommand)[0].args[0].input;
    expect(audit.Item).toMatchObject({
      event: 'ADMIN_MFA_RESET',
      time: invitation.ExpressionAttributeValues![':at'],
      userId: TARGET_ID,
      actor: CALLER_USER_ID,
      actorSub: idTokenClaims().sub,
      details: { reason: 'Lost phone, verified by video call' },
    });
    expect(dynamo).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(ses).toHaveReceivedCommandWith(SendEmailCommand, { Destination: { ToAddresses: [TARGET_EMAIL] } });
  });

  it('decides before it acts: the Cognito user is read (AdminGetUser) before the first change', async () => {
    await reset();
    const order = cognito.calls().map((call) => call.args[0].constructor.name);
    expect(order[0]).toBe('AdminGetUserCommand');
    expect(order.slice(1).sort()).toEqual([
      'AdminCreateUserCommand',
      'AdminDeleteSoftwareTokenCommand',
      'AdminSetUserPasswordCommand',
      'AdminUserGlobalSignOutCommand',
    ]);
  });

  it("a practitioner's reset is audited on its own (no AdminInfo to update)", async () => {
    dynamo.on(QueryCommand).resolves(targetItems(null, 'practitioner'));
    dynamo.on(GetCommand, { Key: { pk: `USER#${TARGET_ID}`, sk: 'PROFILE' } }).resolves({ Item: targetItems(null, 'practitioner').Items[0] });
    const response = await reset();
    expect(response.statusCode).toBe(202);
    expect(dynamo).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(dynamo.commandCalls(UpdateCommand).filter((call) => call.args[0].input.Key?.sk === 'ADMIN_INFO')).toEqual([]);
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, { Item: expect.objectContaining({ event: 'ADMIN_MFA_RESET', userId: TARGET_ID }) });
  });

  it('your own: 409 CANNOT_RESET_OWN_MFA, nothing touched', async () => {
    const response = await reset(undefined, CALLER_USER_ID);
    expect(response.statusCode).toBe(409);
    expect(bodyOf(response).error.code).toBe('CANNOT_RESET_OWN_MFA');
    expect(cognito.calls()).toHaveLength(0);
  });

  it('an unknown user: 404, nothing touched', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(GetCommand, { Key: { pk: `USER#${TARGET_ID}`, sk: 'PROFILE' } }).resolves({});
    const response = await reset();
    expect(response.statusCode).toBe(404);
    expect(cognito.calls()).toHaveLength(0);
  });

  const changesMade = () => [
    ...cognito.calls().filter((call) => call.args[0].constructor.name !== 'AdminGetUserCommand'),
    ...dynamo.commandCalls(UpdateCommand).filter((call) => !String(call.args[0].input.Key?.pk).startsWith('RATE#')),
    ...dynamo.commandCalls(PutCommand),
    ...dynamo.commandCalls(TransactWriteCommand),
    ...ses.calls(),
  ];

  it.each([
    ['its email in Cognito drifted from ours', { email: 'someone.else@example.com', userId: TARGET_ID }, /email in Cognito no longer matches/],
    ['it is disabled in Cognito', { email: TARGET_EMAIL, userId: TARGET_ID, enabled: false }, /disabled in Cognito/],
    ["it carries another user's id", { email: TARGET_EMAIL, userId: '00000000-0000-4000-8000-00000000beef' }, /belongs to another user/],
    ['it has no user id of ours', { email: TARGET_EMAIL }, /belongs to another user/],
  ])('the Cognito user may not be reset (%s): 409 with why, nothing changed', async (_label, options, message) => {
    const drifted = cognitoUser({ ...options, username: 'cog-target', status: 'CONFIRMED' });
    cognito.on(AdminGetUserCommand, { Username: 'cog-target' }).resolves({ ...drifted, UserAttributes: drifted.Attributes });
    const response = await reset();
    expect(response.statusCode).toBe(409);
    expect(bodyOf(response).error).toEqual({ code: 'INVALID_USER_STATE', message: expect.stringMatching(message) });
    expect(bodyOf(response).error.message).toMatch(/Nothing was changed/);
    expect(changesMade()).toEqual([]);
  });

  it('the Cognito user is gone: 409 with why, nothing changed', async () => {
    cognito.on(AdminGetUserCommand).rejects(new UserNotFoundException({ message: 'User does not exist.', $metadata: {} }));
    const response = await reset();
    expect(response.statusCode).toBe(409);
    expect(bodyOf(response).error.message).toMatch(/no sign-in account in Cognito/);
    expect(changesMade()).toEqual([]);
  });

  it.each([
    ['the target', 'admin-mfa-reset-target', TARGET_ID, MFA_RESET_LIMIT_PER_TARGET],
    ['the acting admin', 'admin-mfa-reset-admin', CALLER_USER_ID, MFA_RESET_LIMIT_PER_ADMIN],
  ])('over the limit for %s: 429, nothing read from Cognito or changed', async (_label, scope, subject, limit) => {
    const subjectKey = `RATE#${testSubjectHash(`${scope}:${subject}`)}`;
    dynamo.on(UpdateCommand, { Key: { pk: subjectKey } }, false).resolves({ Attributes: { attempts: limit.max + 1 } });
    const response = await reset();
    expect(response.statusCode).toBe(429);
    expect(bodyOf(response).error.code).toBe('TOO_MANY_REQUESTS');
    expect(cognito.calls()).toHaveLength(0);
    expect(changesMade()).toEqual([]);
    // Both counters counted this attempt, each keyed by HMAC (never the raw id).
    const counted = dynamo.commandCalls(UpdateCommand).map((call) => String(call.args[0].input.Key?.pk));
    expect(counted).toEqual(expect.arrayContaining([subjectKey]));
    expect(counted.join()).not.toContain(subject);
  });

  it.each([
    ['no reason', {}],
    ['an empty reason', { reason: '   ' }],
    ['a reason over 500 characters', { reason: 'x'.repeat(501) }],
    ['a reason that is not a string', { reason: 42 }],
  ])('%s: 400 naming the reason, nothing touched', async (_label, body) => {
    const response = await reset(body);
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).error.details).toEqual([{ field: 'reason', message: expect.any(String) }]);
    expect(cognito.calls()).toHaveLength(0);
  });

  it.each([
    [
      'ResourceNotFoundException (documented for a user without a factor)',
      () => cognito.on(AdminDeleteSoftwareTokenCommand).rejects(new ResourceNotFoundException({ message: 'Software token not found', $metadata: {} })),
    ],
    ['success', () => cognito.on(AdminDeleteSoftwareTokenCommand).resolves({})],
  ])('a user whose factor is already gone (AdminDeleteSoftwareToken answers %s): the reset completes, re-invited and recorded', async (_answer, answer) => {
    answer();
    const response = await reset();
    expect(response.statusCode).toBe(202);
    expect(cognito).toHaveReceivedCommandWith(AdminCreateUserCommand, { Username: 'cog-target', MessageAction: 'RESEND' });
    expect(dynamo.commandCalls(PutCommand)[0].args[0].input.Item).toMatchObject({ event: 'ADMIN_MFA_RESET', userId: TARGET_ID });
  });

  it('the notice failing does not fail the reset (it happened): alert for a person', async () => {
    ses.on(SendEmailCommand).rejects(genericFaults.serviceError());
    const { result: response, records } = await captureLogs(() => reset());
    expect(response.statusCode).toBe(202);
    expect(records.some((record) => record.alert === 'MfaResetNoticeNotSent' && record.repair)).toBe(true);
  });
});

describe('GET /admins', () => {
  const adminInfo = (n: number, extra: Record<string, unknown> = {}) => {
    const createdAt = new Date(Date.now() - (10 - n) * 60_000).toISOString();
    const userId = `0000000${n}-0000-4000-8000-000000000000`;
    return {
      pk: `USER#${userId}`,
      sk: 'ADMIN_INFO',
      gsi1pk: 'ADMINS',
      gsi1sk: `${createdAt}#${userId}`,
      userId,
      email: `admin${n}@example.com`,
      createdBy: 'boss',
      createdAt,
      lastInvitedAt: createdAt,
      accountStatus: 'ACTIVE',
      ...extra,
    };
  };
  // No admin has saved recovery codes unless a test says so.
  beforeEach(() => dynamo.on(BatchGetCommand).resolves({ Responses: {}, UnprocessedKeys: {} }));

  it('one Query of the admin index, each admin enriched by one AdminGetUser (none for deactivated ones), opaque cursor', async () => {
    const items = [adminInfo(1), adminInfo(2), adminInfo(3, { accountStatus: 'DEACTIVATED' })];
    const codesCreatedAt = new Date(Date.now() - 60_000).toISOString();
    // As projected: the key and what the status needs.
    dynamo.on(BatchGetCommand).resolves({
      Responses: { [process.env.TABLE_NAME as string]: [{ pk: items[0].pk, codeHashes: new Set(['h1', 'h2', 'h3']), createdAt: codesCreatedAt }] },
    });
    dynamo.on(QueryCommand).resolves({ Items: items, LastEvaluatedKey: { pk: items[2].pk, sk: 'ADMIN_INFO', gsi1pk: 'ADMINS', gsi1sk: items[2].gsi1sk } });
    const withMfa = cognitoUser({ email: 'admin1@example.com', status: 'CONFIRMED' });
    cognito
      .on(AdminGetUserCommand, { Username: 'admin1@example.com' })
      .resolves({ ...withMfa, UserAttributes: withMfa.Attributes, UserMFASettingList: ['SOFTWARE_TOKEN_MFA'] });
    const invited = cognitoUser({ email: 'admin2@example.com' });
    cognito.on(AdminGetUserCommand, { Username: 'admin2@example.com' }).resolves({ ...invited, UserAttributes: invited.Attributes });

    const response = await list({ limit: '3' });
    expect(response.statusCode).toBe(200);
    const body = bodyOf(response);
    expect(body.admins.map((admin: { status: string }) => admin.status)).toEqual(['ACTIVE', 'INVITED', 'DEACTIVATED']);
    expect(body.admins[0]).toEqual({
      userId: items[0].userId,
      email: 'admin1@example.com',
      status: 'ACTIVE',
      createdAt: items[0].createdAt,
      createdBy: 'boss',
      lastInvitedAt: items[0].createdAt,
      recoveryCodes: { remaining: 3, createdAt: codesCreatedAt },
    });
    expect(body.admins.map((admin: { recoveryCodes: unknown }) => admin.recoveryCodes)).toEqual([{ remaining: 3, createdAt: codesCreatedAt }, null, null]);
    // The status only: never a code's hash.
    expect(JSON.stringify(body)).not.toMatch(/h1|codeHashes|usedHashes/);
    expect(cognito).toHaveReceivedCommandTimes(AdminGetUserCommand, 2);
    expect(dynamo).toHaveReceivedCommandWith(QueryCommand, { IndexName: 'AdminsByCreation', KeyConditionExpression: '#pk = :admins', Limit: 3 });
    // The page's recovery-code statuses in one strongly consistent read that never fetches the used hashes.
    expect(dynamo).toHaveReceivedCommandTimes(BatchGetCommand, 1);
    expect(dynamo).toHaveReceivedCommandWith(BatchGetCommand, {
      RequestItems: {
        [process.env.TABLE_NAME as string]: {
          Keys: items.map((item) => ({ pk: item.pk, sk: 'RECOVERY_CODES' })),
          ConsistentRead: true,
          ProjectionExpression: 'pk, codeHashes, createdAt',
        },
      },
    });

    dynamo.on(QueryCommand).resolves({ Items: [] });
    const next = await list({ cursor: body.nextCursor });
    expect(next.statusCode).toBe(200);
    expect(dynamo.commandCalls(QueryCommand).at(-1)!.args[0].input.ExclusiveStartKey).toEqual({
      gsi1pk: 'ADMINS',
      gsi1sk: items[2].gsi1sk,
      pk: items[2].pk,
      sk: 'ADMIN_INFO',
    });
  });

  it('asks Cognito only about admins not signed in since their last invitation (a pending invitation, or MFA not set up)', async () => {
    const later = (item: { lastInvitedAt: string }, ms: number) => new Date(Date.parse(item.lastInvitedAt) + ms).toISOString();
    const signedIn = adminInfo(1);
    const neverSignedIn = adminInfo(2);
    const signedInBeforeReset = adminInfo(3, { lastSignInAt: adminInfo(3).createdAt, lastInvitedAt: later(adminInfo(3), 60_000) });
    const items = [{ ...signedIn, lastSignInAt: later(signedIn, 1_000) }, neverSignedIn, signedInBeforeReset, adminInfo(4, { accountStatus: 'DEACTIVATED' })];
    dynamo.on(QueryCommand).resolves({ Items: items });
    const invited = cognitoUser({ email: 'admin2@example.com' });
    cognito.on(AdminGetUserCommand, { Username: 'admin2@example.com' }).resolves({ ...invited, UserAttributes: invited.Attributes });
    const noMfa = cognitoUser({ email: 'admin3@example.com', status: 'CONFIRMED' });
    cognito.on(AdminGetUserCommand, { Username: 'admin3@example.com' }).resolves({ ...noMfa, UserAttributes: noMfa.Attributes });

    const response = await list();
    expect(bodyOf(response).admins.map((admin: { status: string }) => admin.status)).toEqual(['ACTIVE', 'INVITED', 'MFA_NOT_SET_UP', 'DEACTIVATED']);
    expect(cognito.commandCalls(AdminGetUserCommand).map((call) => call.args[0].input.Username)).toEqual(['admin2@example.com', 'admin3@example.com']);
    expect(JSON.stringify(bodyOf(response))).not.toContain('lastSignInAt');
  });

  it('a page of admins who have all signed in: no Cognito call', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [1, 2, 3].map((n) => adminInfo(n, { lastSignInAt: new Date().toISOString() })) });
    const response = await list();
    expect(bodyOf(response).admins.map((admin: { status: string }) => admin.status)).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE']);
    expect(cognito.calls()).toHaveLength(0);
  });

  describe('never writes: sign-ins are recorded by the post-authentication trigger', () => {
    const newSession = { ...idTokenClaims(), auth_time: String(CALLER_AUTH_TIME_SECONDS + 3_600) };
    beforeEach(() => dynamo.on(QueryCommand).resolves({ Items: [] }));

    it.each([
      ['a token newer than the recorded sign-in', newSession],
      ['the same session again', idTokenClaims()],
    ])('%s: reads only (no PutItem, UpdateItem or transaction)', async (_label, claims) => {
      dynamo.on(GetCommand, { Key: { pk: `USER#${CALLER_USER_ID}`, sk: 'ADMIN_INFO' } }).resolves({ Item: { ...callerAdminInfo(), lastSignInAt: undefined } });
      expect((await list(undefined, claims)).statusCode).toBe(200);
      expect(dynamo).not.toHaveReceivedCommand(UpdateCommand);
      expect(dynamo).not.toHaveReceivedCommand(PutCommand);
      expect(dynamo).not.toHaveReceivedCommand(TransactWriteCommand);
    });
  });

  it('a cursor it never issued: 400 naming the cursor', async () => {
    const response = await list({ cursor: Buffer.from('PROFILE').toString('base64url') });
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).error.details).toEqual([{ field: 'cursor', message: expect.any(String) }]);
  });

  it.each(Object.keys(genericFaults) as GenericFault[])('Cognito %s while enriching: mapped', async (fault) => {
    dynamo.on(QueryCommand).resolves({ Items: [adminInfo(1)] });
    cognito.on(AdminGetUserCommand).rejects(genericFaults[fault]());
    const response = await list();
    expect(response.statusCode).toBe(expectedFaultResponse[fault].status);
  });
});

describe('admin status (virtual clock)', () => {
  const invitedAt = '2026-11-20T09:00:00.000Z';
  const admin: AdminEntry = {
    userId: TARGET_ID,
    email: TARGET_EMAIL,
    accountStatus: 'ACTIVE',
    createdAt: invitedAt,
    createdBy: 'boss',
    lastInvitedAt: invitedAt,
  };
  const at = (ms: number) => new Date(Date.parse(invitedAt) + ms);
  const pending = { username: 'u', sub: 's', status: 'FORCE_CHANGE_PASSWORD', enabled: true };

  it('an invitation expires once the pool validity (3 days) has passed, not before', () => {
    expect(invitationExpired(invitedAt, at(3 * DAY))).toBe(false);
    expect(invitationExpired(invitedAt, at(3 * DAY + 1))).toBe(true);
    expect(adminStatusFromCognito(admin, pending, at(3 * DAY - 1))).toBe('INVITED');
    expect(adminStatusFromCognito(admin, pending, at(3 * DAY + 1))).toBe('INVITATION_EXPIRED');
    expect(adminStatusFromCognito({ ...admin, lastInvitedAt: at(2 * DAY).toISOString() }, pending, at(4 * DAY))).toBe('INVITED');
  });

  it('password set: ACTIVE with an authenticator, MFA_NOT_SET_UP without; DEACTIVATED when Cognito has disabled or lost the user', () => {
    const confirmed = { ...pending, status: 'CONFIRMED' };
    expect(adminStatusFromCognito(admin, { ...confirmed, mfaEnabled: true }, at(0))).toBe('ACTIVE');
    expect(adminStatusFromCognito(admin, { ...confirmed, mfaEnabled: false }, at(0))).toBe('MFA_NOT_SET_UP');
    expect(adminStatusFromCognito(admin, { ...confirmed, enabled: false }, at(0))).toBe('DEACTIVATED');
    expect(adminStatusFromCognito(admin, undefined, at(0))).toBe('DEACTIVATED');
  });

  it('the database alone knows DEACTIVATED, and ACTIVE only for a sign-in after the last invitation', () => {
    expect(adminStatusFromDatabase({ ...admin, accountStatus: 'DEACTIVATED' })).toBe('DEACTIVATED');
    expect(adminStatusFromDatabase({ ...admin, accountStatus: 'DEACTIVATED', lastSignInAt: at(DAY).toISOString() })).toBe('DEACTIVATED');
    expect(adminStatusFromDatabase({ ...admin, lastSignInAt: at(1_000).toISOString() })).toBe('ACTIVE');
    // Never signed in, signed in before a resend or an MFA reset, or in the same instant: only Cognito knows.
    expect(adminStatusFromDatabase(admin)).toBeUndefined();
    expect(adminStatusFromDatabase({ ...admin, lastSignInAt: at(-DAY).toISOString() })).toBeUndefined();
    expect(adminStatusFromDatabase({ ...admin, lastSignInAt: invitedAt })).toBeUndefined();
  });

  it('the listing flow reports expiry as its clock moves (no Cognito call for deactivated admins)', async () => {
    let now = at(DAY);
    const lookups: string[] = [];
    const flows = getAdminsFlows({
      directory: { listAdmins: async () => ({ admins: [admin, { ...admin, userId: 'gone', accountStatus: 'DEACTIVATED' }] }) },
      identity: { findUser: async (email) => (lookups.push(email), pending) },
      codes: { statuses: async () => new Map() },
      clock: () => now,
      logger,
    });
    expect((await flows.getAdmins({ limit: 25 })).admins.map((a) => a.status)).toEqual(['INVITED', 'DEACTIVATED']);
    now = at(4 * DAY);
    expect((await flows.getAdmins({ limit: 25 })).admins.map((a) => a.status)).toEqual(['INVITATION_EXPIRED', 'DEACTIVATED']);
    expect(lookups).toEqual([TARGET_EMAIL, TARGET_EMAIL]);
  });
});
