import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../../lambdas/adapters/dynamodb/table-layout';
import { handler as postAdminsHandler } from '../../../lambdas/handlers/post-admins';
import { asFunction, mockClient } from '../../support/aws-mocks';
import { cognitoUser } from '../../support/cognito-fixtures';
import { allowCaller, apiEvent, bodyOf, CALLER_USER_ID, callsBesidesCallerCheck, idTokenClaims } from '../../support/events';
import { expectedFaultResponse, type GenericFault, genericFaults } from '../../support/faults';
import { captureLogs } from '../../support/logs';

const cognito = mockClient(CognitoIdentityProviderClient);
const dynamo = mockClient(DynamoDBDocumentClient);
// Every call is held to the function's synthesized role (test/support/aws-mocks.ts).
const handler = asFunction('post-admins', postAdminsHandler);

const EMAIL = 'new.admin@example.com';
const USER_ID = 'user-id-from-first-attempt';
const EMAIL_KEY = { pk: `EMAIL#${EMAIL}`, sk: 'EMAIL' };

/** Calls the handler as API Gateway would; pass `claims: undefined` explicitly for "no authorizer claims". */
function provision(body: unknown = { email: EMAIL }, ...claims: [Record<string, unknown> | undefined] | []) {
  return handler(apiEvent({ body, claims: claims.length ? claims[0] : idTokenClaims(), path: '/admins' }));
}

function conditionFailed() {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: [{ Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
  });
}

function usernameExists() {
  return new UsernameExistsException({ message: 'An account with the given email already exists.', $metadata: {} });
}

/** Makes AdminCreateUser echo the userId it was asked to store, as Cognito does. */
function createEchoesUserId() {
  cognito.on(AdminCreateUserCommand).callsFake((input) => {
    const userId = input.UserAttributes.find((a: { Name: string }) => a.Name === 'custom:userId').Value;
    return { User: cognitoUser({ email: EMAIL, username: 'cog-username-1', sub: 'cog-sub-1', userId }) };
  });
}

beforeEach(() => {
  cognito.reset();
  dynamo.reset();
  createEchoesUserId();
  cognito.on(AdminAddUserToGroupCommand).resolves({});
  cognito.on(AdminDeleteUserCommand).resolves({});
  dynamo.on(TransactWriteCommand).resolves({});
  dynamo.on(GetCommand).resolves({});
  // A roll-back's fence: no attempt committed records for the user id.
  dynamo
    .on(UpdateCommand)
    .callsFake((input) => ({ Attributes: { ...input.Key, entity: 'ProvisioningGuard', fencedUntil: input.ExpressionAttributeValues[':until'] } }));
  allowCaller(dynamo);
});

/** The attempt id the transaction committed with (its provisioning guard's `:attempt`). */
function committedAttempt(): string {
  const items = dynamo.commandCalls(TransactWriteCommand)[0].args[0].input.TransactItems!;
  return String(items.find((item) => item.Update?.Key?.sk === 'PROVISIONING')!.Update!.ExpressionAttributeValues![':attempt']);
}

/** The fence answers that `attemptId` (or this call's own attempt) had committed the records. */
function fenceFindsCommit(attemptId?: string) {
  dynamo.on(UpdateCommand).callsFake((input) => ({
    Attributes: { ...input.Key, committedBy: attemptId ?? committedAttempt(), fencedUntil: input.ExpressionAttributeValues[':until'] },
  }));
}

describe('POST /admins (provisionNewAdmin) happy path', () => {
  it('creates the Cognito user, adds it to admins, writes User + AdminInfo + email claim atomically', async () => {
    const response = await provision({ email: '  New.Admin@Example.COM ' });

    expect(response.statusCode).toBe(201);
    const body = bodyOf(response);
    expect(body).toEqual({ userId: expect.any(String), email: EMAIL, status: 'INVITED' });

    expect(cognito).toHaveReceivedCommandWith(AdminCreateUserCommand, {
      UserPoolId: process.env.COGNITO_USER_POOL_ID,
      Username: EMAIL,
      DesiredDeliveryMediums: ['EMAIL'],
      UserAttributes: expect.arrayContaining([
        { Name: 'email', Value: EMAIL },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'custom:userId', Value: body.userId },
      ]),
    });
    expect(cognito.commandCalls(AdminCreateUserCommand)[0].args[0].input.MessageAction).toBeUndefined();
    expect(cognito).toHaveReceivedCommandWith(AdminAddUserToGroupCommand, { Username: 'cog-username-1', GroupName: 'admins' });

    const transactItems = dynamo.commandCalls(TransactWriteCommand)[0].args[0].input.TransactItems!;
    // One more active admin, counted in the same transaction (the guard against deactivating the last one).
    expect(transactItems.filter((item) => item.Update).map((item) => item.Update)).toEqual([
      expect.objectContaining({
        Key: { pk: 'ADMINS', sk: 'COUNTERS' },
        UpdateExpression: 'SET entity = :entity ADD activeAdmins :delta',
        ExpressionAttributeValues: expect.objectContaining({ ':delta': 1 }),
      }),
      // This attempt's commit on the user id's guard, refused if a roll-back fenced the user id since the attempt began.
      expect.objectContaining({
        Key: { pk: `USER#${body.userId}`, sk: 'PROVISIONING' },
        ConditionExpression: 'attribute_not_exists(fencedUntil) OR fencedUntil <= :startedAt',
        ExpressionAttributeValues: expect.objectContaining({ ':attempt': expect.any(String), ':startedAt': expect.any(String) }),
      }),
    ]);
    const items = transactItems.filter((item) => item.Put).map((item) => item.Put!);
    expect(items).toHaveLength(4);
    for (const put of items) expect(put.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(items.map((put) => put.TableName)).toEqual([...Array(3).fill(process.env.TABLE_NAME), process.env.AUDIT_TABLE_NAME]);
    const [user, adminInfo, emailClaim, audit] = items.map((put) => put.Item!);
    // The audit record is part of the same transaction: no admin without its record, no record without the admin.
    expect(audit).toMatchObject({
      pk: `USER#${body.userId}`,
      event: 'ADMIN_PROVISIONED',
      actor: CALLER_USER_ID,
      actorSub: idTokenClaims().sub,
      userId: body.userId,
      sourceIp: '203.0.113.10',
      userAgent: 'vitest-agent',
      correlationId: expect.stringMatching(/^req-\d+$/),
      outcome: 'SUCCESS',
    });
    expect(user).toMatchObject({
      pk: `USER#${body.userId}`,
      sk: 'PROFILE',
      entity: 'User',
      userId: body.userId,
      email: EMAIL,
      role: 'admin',
      cognitoUsername: 'cog-username-1',
      cognitoSub: 'cog-sub-1',
    });
    expect(adminInfo).toMatchObject({
      pk: `USER#${body.userId}`,
      sk: 'ADMIN_INFO',
      userId: body.userId,
      email: EMAIL,
      createdBy: CALLER_USER_ID,
      accountStatus: 'ACTIVE',
      lastInvitedAt: adminInfo.createdAt,
      // The admin index's keys: listed in creation order.
      gsi1pk: 'ADMINS',
      gsi1sk: `${adminInfo.createdAt}#${body.userId}`,
    });
    expect(emailClaim).toMatchObject({ pk: `EMAIL#${EMAIL}`, sk: 'EMAIL', userId: body.userId });
    expect(cognito).not.toHaveReceivedCommand(AdminDeleteUserCommand);
    expect(response.headers).toMatchObject({ 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': process.env.FRONTEND_ORIGIN });
  });

  it('accepts the groups claim in every shape authorizers use', async () => {
    for (const groups of ['admins', 'readers,admins', '[readers admins]', ['readers', 'admins']]) {
      const response = await provision({ email: EMAIL }, { ...idTokenClaims(), 'cognito:groups': groups });
      expect(response.statusCode).toBe(201);
    }
  });
});

describe('POST /admins authorization (checked in code, not only by the authorizer)', () => {
  it.each([
    ['no authorizer claims', undefined, 401, 'UNAUTHENTICATED'],
    ['an access token instead of an ID token', { ...idTokenClaims(), token_use: 'access' }, 401, 'UNAUTHENTICATED'],
    ['a signed-in user outside admins', idTokenClaims(['practitioners']), 403, 'FORBIDDEN'],
    ['a user in no group', { sub: 'x', token_use: 'id' }, 403, 'FORBIDDEN'],
    ['a group merely containing the word', idTokenClaims(['not-admins']), 403, 'FORBIDDEN'],
  ])('rejects %s with %i and calls nothing', async (_label, claims, status, code) => {
    const response = await provision({ email: EMAIL }, claims as Record<string, unknown> | undefined);
    expect(response.statusCode).toBe(status);
    expect(bodyOf(response).error.code).toBe(code);
    expect(cognito.calls()).toHaveLength(0);
    expect(dynamo.calls()).toHaveLength(0);
  });
});

describe('POST /admins bad input -> 400, no AWS call', () => {
  it.each([
    ['malformed JSON', '{"email": ', 'INVALID_JSON'],
    ['a JSON array', '[]', 'INVALID_JSON'],
    ['a JSON string', '"x@example.com"', 'INVALID_JSON'],
    ['JSON null', 'null', 'INVALID_JSON'],
    ['an empty body', '', 'VALIDATION_FAILED'],
    ['missing email', {}, 'VALIDATION_FAILED'],
    ['email as a number', { email: 42 }, 'VALIDATION_FAILED'],
    ['email as an object', { email: { $ne: null } }, 'VALIDATION_FAILED'],
    ['not an email', { email: 'not-an-email' }, 'VALIDATION_FAILED'],
    ['an over-long email', { email: `${'a'.repeat(250)}@example.com` }, 'VALIDATION_FAILED'],
    ['an unknown field', { email: EMAIL, role: 'superuser' }, 'VALIDATION_FAILED'],
  ])('%s', async (_label, body, code) => {
    const response = await provision(body);
    expect(response.statusCode).toBe(400);
    const error = bodyOf(response).error;
    expect(error.code).toBe(code);
    expect(error.message).toEqual(expect.any(String));
    expect(JSON.stringify(error)).not.toMatch(/at .*\.ts|node_modules|stack/i);
    expect(cognito.calls()).toHaveLength(0);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('names the offending field without echoing its value', async () => {
    const body = bodyOf(await provision({ email: 'evil<script>' }));
    expect(body.error.details).toEqual([{ field: 'email', message: 'must be a valid email address' }]);
    expect(JSON.stringify(body)).not.toContain('evil');
  });

  it('refuses an oversized body with 413', async () => {
    const response = await provision(JSON.stringify({ email: EMAIL, pad: 'x'.repeat(20_000) }));
    expect(response.statusCode).toBe(413);
    expect(bodyOf(response).error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('POST /admins failures leave no partial state', () => {
  it.each(Object.keys(genericFaults) as GenericFault[])('AdminCreateUser %s: maps the error, makes no other call', async (fault) => {
    cognito.on(AdminCreateUserCommand).rejects(genericFaults[fault]());
    const response = await provision();
    expect(response.statusCode).toBe(expectedFaultResponse[fault].status);
    expect(bodyOf(response).error.code).toBe(expectedFaultResponse[fault].code);
    expect(cognito.calls()).toHaveLength(1);
    expect(callsBesidesCallerCheck(dynamo)).toHaveLength(0);
  });

  it.each(Object.keys(genericFaults) as GenericFault[])('AdminAddUserToGroup %s: deletes the new Cognito user, writes nothing', async (fault) => {
    cognito.on(AdminAddUserToGroupCommand).rejects(genericFaults[fault]());
    const response = await provision();
    expect(response.statusCode).toBe(expectedFaultResponse[fault].status);
    expect(cognito).toHaveReceivedCommandWith(AdminDeleteUserCommand, { Username: 'cog-username-1' });
    expect(dynamo).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it.each(Object.keys(genericFaults) as GenericFault[])(
    'database transaction %s: deletes the new Cognito user (the transaction wrote nothing)',
    async (fault) => {
      dynamo.on(TransactWriteCommand).rejects(genericFaults[fault]());
      const response = await provision();
      expect(response.statusCode).toBe(expectedFaultResponse[fault].status);
      expect(cognito).toHaveReceivedCommandTimes(AdminDeleteUserCommand, 1);
      expect(cognito).toHaveReceivedCommandWith(AdminDeleteUserCommand, { UserPoolId: process.env.COGNITO_USER_POOL_ID, Username: 'cog-username-1' });
    },
  );

  it('email already in the database (e.g. a practitioner): 409 and the new Cognito user is deleted', async () => {
    dynamo.on(TransactWriteCommand).rejects(conditionFailed());
    dynamo.on(GetCommand, { Key: keys.email(EMAIL) }).resolves({ Item: { userId: 'someone-else' } });
    const response = await provision();
    expect(response.statusCode).toBe(409);
    expect(bodyOf(response).error.code).toBe('USER_ALREADY_EXISTS');
    expect(cognito).toHaveReceivedCommandWith(AdminDeleteUserCommand, { Username: 'cog-username-1' });
  });

  it('a concurrent request completed the same admin first: 409 and the shared Cognito user is kept', async () => {
    cognito.on(AdminCreateUserCommand).rejects(usernameExists());
    cognito
      .on(AdminGetUserCommand)
      .resolves({ ...cognitoUser({ email: EMAIL, userId: USER_ID }), UserAttributes: cognitoUser({ email: EMAIL, userId: USER_ID }).Attributes });
    // Both adopted the leftover; the other request's transaction landed between our look-up and ours.
    dynamo.on(TransactWriteCommand).rejects(conditionFailed());
    fenceFindsCommit('the-other-attempt');
    const response = await provision();
    expect(response.statusCode).toBe(409);
    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, { Key: keys.provisioningGuard(USER_ID), ReturnValues: 'ALL_NEW' });
    expect(cognito).not.toHaveReceivedCommand(AdminDeleteUserCommand);
  });

  it('a step before the transaction failed while a concurrent request committed the same user: kept, never deleted', async () => {
    cognito.on(AdminAddUserToGroupCommand).rejects(genericFaults.serviceError());
    fenceFindsCommit('the-other-attempt');
    const response = await provision();
    expect(response.statusCode).toBe(503);
    expect(cognito).not.toHaveReceivedCommand(AdminDeleteUserCommand);
  });

  it('the transaction landed but its answer was lost: the fence finds our own commit, 201, nothing deleted', async () => {
    dynamo.on(TransactWriteCommand).rejects(genericFaults.timeout());
    fenceFindsCommit();
    const response = await provision();
    expect(response.statusCode).toBe(201);
    expect(bodyOf(response)).toMatchObject({ email: EMAIL, status: 'INVITED' });
    expect(cognito).not.toHaveReceivedCommand(AdminDeleteUserCommand);
  });

  it('the fence cannot be set: nobody can tell whether records name the user, so it is kept and an alert raised', async () => {
    dynamo.on(TransactWriteCommand).rejects(genericFaults.serviceError());
    dynamo.on(UpdateCommand).rejects(genericFaults.throttling());
    const { result: response, records } = await captureLogs(() => provision());
    expect(response.statusCode).toBe(503);
    expect(cognito).not.toHaveReceivedCommand(AdminDeleteUserCommand);
    expect(records.some((record) => record.alert === 'ProvisioningCompensationFailed')).toBe(true);
  });

  it('a roll-back fenced the user id since this attempt began: 409 INVALID_USER_STATE (try again in a minute)', async () => {
    const guardRefused = new TransactionCanceledException({
      message: 'Transaction cancelled',
      $metadata: {},
      CancellationReasons: [...Array(5).fill({ Code: 'None' }), { Code: 'ConditionalCheckFailed' }],
    });
    dynamo.on(TransactWriteCommand).rejects(guardRefused);
    const response = await provision();
    expect(response.statusCode).toBe(409);
    expect(bodyOf(response).error).toMatchObject({ code: 'INVALID_USER_STATE', message: expect.stringContaining('Try again in a minute') });
  });

  it('compensation failing too: answers the original error and logs an alert record with what repair needs', async () => {
    dynamo.on(TransactWriteCommand).rejects(genericFaults.serviceError());
    cognito.on(AdminDeleteUserCommand).rejects(genericFaults.timeout());
    const { result: response, records } = await captureLogs(() => provision());
    expect(response.statusCode).toBe(503);
    const alert = records.find((record) => record.alert === 'ProvisioningCompensationFailed');
    expect(alert).toMatchObject({
      level: 'ERROR',
      failedStep: 'database transaction',
      failure: 'DependencyUnavailableError',
      email: EMAIL,
      cognitoUsername: 'cog-username-1',
      cognitoSub: 'cog-sub-1',
      userId: expect.any(String),
      repair: expect.stringContaining('POST /admins'),
    });
  });
});

describe('POST /admins re-run after a failed compensation converges', () => {
  const leftover = cognitoUser({ email: EMAIL, username: 'cog-username-1', sub: 'cog-sub-1', userId: USER_ID });

  beforeEach(() => {
    cognito.on(AdminCreateUserCommand, { MessageAction: undefined }).rejects(usernameExists());
    cognito.on(AdminCreateUserCommand, { MessageAction: 'RESEND' }).resolves({});
    cognito.on(AdminGetUserCommand).resolves({ ...leftover, UserAttributes: leftover.Attributes });
  });

  it('adopts the leftover Cognito user: same userId, group, records, fresh invitation; no duplicate', async () => {
    const response = await provision();
    expect(response.statusCode).toBe(201);
    expect(bodyOf(response).userId).toBe(USER_ID);
    expect(cognito).toHaveReceivedCommandWith(AdminAddUserToGroupCommand, { Username: 'cog-username-1', GroupName: 'admins' });
    const puts = dynamo.commandCalls(TransactWriteCommand)[0].args[0].input.TransactItems!.flatMap((item) => (item.Put ? [item.Put.Item!] : []));
    expect(puts[0]).toMatchObject({ userId: USER_ID, cognitoUsername: 'cog-username-1', cognitoSub: 'cog-sub-1' });
    // Audited as an adoption, in the same transaction; the fresh invitation on its own.
    expect(puts.at(-1)).toMatchObject({ event: 'ADMIN_ADOPTED', userId: USER_ID, actor: CALLER_USER_ID, actorSub: idTokenClaims().sub });
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, { Item: expect.objectContaining({ event: 'INVITATION_RESENT', userId: USER_ID }) });
    expect(cognito).toHaveReceivedCommandWith(AdminCreateUserCommand, { Username: EMAIL, MessageAction: 'RESEND' });
    expect(cognito).not.toHaveReceivedCommand(AdminDeleteUserCommand);
  });

  it('a leftover created under a minute ago may be a concurrent request still rolling back: 409, nothing touched', async () => {
    const recent = { ...leftover, UserCreateDate: new Date(Date.now() - 5_000) };
    cognito.on(AdminGetUserCommand).resolves({ ...recent, UserAttributes: recent.Attributes });
    const response = await provision();
    expect(response.statusCode).toBe(409);
    expect(bodyOf(response).error).toMatchObject({ code: 'INVALID_USER_STATE', message: expect.stringContaining('Try again in a minute') });
    expect(cognito).not.toHaveReceivedCommand(AdminDeleteUserCommand);
    expect(cognito).not.toHaveReceivedCommand(AdminAddUserToGroupCommand);
    expect(dynamo).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('adopts a leftover older than a minute', async () => {
    const old = { ...leftover, UserCreateDate: new Date(Date.now() - 61_000) };
    cognito.on(AdminGetUserCommand).resolves({ ...old, UserAttributes: old.Attributes });
    expect((await provision()).statusCode).toBe(201);
  });

  it('a failing fresh invitation after resuming does not fail the provisioning (the admin exists)', async () => {
    cognito.on(AdminCreateUserCommand, { MessageAction: 'RESEND' }).rejects(genericFaults.serviceError());
    const response = await provision();
    expect(response.statusCode).toBe(201);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    expect(cognito).not.toHaveReceivedCommand(AdminDeleteUserCommand);
  });

  it('a complete user with this email: 409, nothing deleted or written', async () => {
    dynamo.on(GetCommand, { Key: EMAIL_KEY }).resolves({ Item: { userId: USER_ID } });
    const response = await provision();
    expect(response.statusCode).toBe(409);
    expect(cognito).not.toHaveReceivedCommand(AdminDeleteUserCommand);
    expect(dynamo).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('a Cognito user that is not ours (no custom:userId): 409 and an alert, nothing touched', async () => {
    const foreign = cognitoUser({ email: EMAIL });
    cognito.on(AdminGetUserCommand).resolves({ ...foreign, UserAttributes: foreign.Attributes });
    const { result: response, records } = await captureLogs(() => provision());
    expect(response.statusCode).toBe(409);
    expect(records.some((record) => record.alert === 'UnlinkedCognitoUser')).toBe(true);
    expect(cognito).not.toHaveReceivedCommand(AdminDeleteUserCommand);
    expect(dynamo).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it.each(Object.keys(genericFaults) as GenericFault[])('the look-ups failing (%s) leave everything as it was', async (fault) => {
    cognito.on(AdminGetUserCommand).rejects(genericFaults[fault]());
    const response = await provision();
    expect(response.statusCode).toBe(expectedFaultResponse[fault].status);
    expect(cognito).not.toHaveReceivedCommand(AdminDeleteUserCommand);
    expect(dynamo).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('the whole story: DB fails and compensation fails, then the retry completes the same admin', async () => {
    cognito.reset();
    createEchoesUserId();
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    cognito.on(AdminDeleteUserCommand).rejects(genericFaults.serviceError());
    dynamo.on(TransactWriteCommand).rejectsOnce(genericFaults.timeout()).resolves({});
    const first = await provision();
    expect(first.statusCode).toBe(503);
    const firstUserId = cognito.commandCalls(AdminCreateUserCommand)[0].args[0].input.UserAttributes!.find((a) => a.Name === 'custom:userId')!.Value!;

    // Cognito now holds the user created by the first attempt.
    const left = cognitoUser({ email: EMAIL, username: 'cog-username-1', sub: 'cog-sub-1', userId: firstUserId });
    cognito.on(AdminCreateUserCommand, { MessageAction: undefined }).rejects(usernameExists());
    cognito.on(AdminCreateUserCommand, { MessageAction: 'RESEND' }).resolves({});
    cognito.on(AdminGetUserCommand).resolves({ ...left, UserAttributes: left.Attributes });

    const second = await provision();
    expect(second.statusCode).toBe(201);
    expect(bodyOf(second).userId).toBe(firstUserId);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 2);
  });
});

describe('POST /admins meets an existing Cognito user: adopted only under the adoption policy', () => {
  const NOW = Date.now();
  const PRACTITIONER_ID = 'practitioner-user-id';

  function existingCognitoUser(options: Partial<Parameters<typeof cognitoUser>[0]> = {}) {
    const user = cognitoUser({ email: EMAIL, username: 'cog-username-9', sub: 'cog-sub-9', userId: USER_ID, ...options });
    cognito.on(AdminCreateUserCommand, { MessageAction: undefined }).rejects(usernameExists());
    cognito.on(AdminCreateUserCommand, { MessageAction: 'RESEND' }).resolves({});
    cognito.on(AdminGetUserCommand).resolves({ ...user, UserAttributes: user.Attributes });
  }

  function expectNothingTouched() {
    expect(cognito).not.toHaveReceivedCommand(AdminAddUserToGroupCommand);
    expect(cognito).not.toHaveReceivedCommand(AdminDeleteUserCommand);
    expect(cognito).not.toHaveReceivedCommandWith(AdminCreateUserCommand, { MessageAction: 'RESEND' });
    expect(dynamo).not.toHaveReceivedCommand(TransactWriteCommand);
  }

  it('a create that landed but timed out, retried by the SDK: recognised as ours by its custom:userId, completed, no second invitation', async () => {
    let sentUserId: string | undefined;
    cognito.on(AdminCreateUserCommand).callsFake((input) => {
      sentUserId = input.UserAttributes.find((a: { Name: string }) => a.Name === 'custom:userId').Value;
      throw usernameExists();
    });
    // Cognito holds the user the lost first attempt created, seconds ago.
    cognito.on(AdminGetUserCommand).callsFake(() => {
      const user = cognitoUser({ email: EMAIL, username: 'cog-username-1', sub: 'cog-sub-1', userId: sentUserId, createdAt: new Date(NOW) });
      return { ...user, UserAttributes: user.Attributes };
    });
    const response = await provision();
    expect(response.statusCode).toBe(201);
    expect(bodyOf(response).userId).toBe(sentUserId);
    expect(cognito).toHaveReceivedCommandWith(AdminAddUserToGroupCommand, { Username: 'cog-username-1', GroupName: 'admins' });
    const [user] = dynamo.commandCalls(TransactWriteCommand)[0].args[0].input.TransactItems!.flatMap((item) => (item.Put ? [item.Put.Item!] : []));
    expect(user).toMatchObject({ userId: sentUserId, cognitoUsername: 'cog-username-1' });
    expect(cognito).toHaveReceivedCommandTimes(AdminCreateUserCommand, 1);
  });

  it.each([
    [
      'a practitioner whose Cognito email was changed to this one (the database still has the old address)',
      { userId: PRACTITIONER_ID, status: 'CONFIRMED' },
      'belongs-to-database-user',
    ],
    ['an invited admin whose Cognito email was changed to this one', { userId: PRACTITIONER_ID }, 'belongs-to-database-user'],
    ['a CONFIRMED Cognito user without records (e.g. a seeding leftover)', { status: 'CONFIRMED' }, 'password-set'],
    ['a disabled leftover', { enabled: false }, 'disabled'],
    ['a user whose email attribute is another address', { email: 'other@example.com' }, 'email-mismatch'],
  ] as const)('%s: 409 USER_ALREADY_EXISTS, a warn record naming why, nothing touched', async (_label, options, reason) => {
    existingCognitoUser(options);
    dynamo.on(GetCommand, { Key: keys.user(PRACTITIONER_ID) }).resolves({ Item: { userId: PRACTITIONER_ID, email: 'old@example.com', role: 'practitioner' } });
    const { result: response, records } = await captureLogs(() => provision());
    expect(response.statusCode).toBe(409);
    expect(bodyOf(response).error.code).toBe('USER_ALREADY_EXISTS');
    expect(records).toContainEqual(expect.objectContaining({ level: 'WARN', reason, cognitoUsername: 'cog-username-9' }));
    expectNothingTouched();
  });

  it("a leftover of unknown age is treated as possibly a concurrent request's: 409 INVALID_USER_STATE, nothing touched", async () => {
    existingCognitoUser({ createdAt: undefined });
    const user = { ...cognitoUser({ email: EMAIL, userId: USER_ID }), UserCreateDate: undefined };
    cognito.on(AdminGetUserCommand).resolves({ ...user, UserAttributes: user.Attributes });
    const response = await provision();
    expect(response.statusCode).toBe(409);
    expect(bodyOf(response).error.code).toBe('INVALID_USER_STATE');
    expectNothingTouched();
  });

  it('an adopted leftover whose transaction fails is deleted again (it was adopted under the policy)', async () => {
    existingCognitoUser();
    dynamo.on(TransactWriteCommand).rejects(genericFaults.serviceError());
    expect((await provision()).statusCode).toBe(503);
    expect(cognito).toHaveReceivedCommandWith(AdminDeleteUserCommand, { Username: 'cog-username-9' });
  });
});
