import { AdminCreateUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { postAdminsFlows } from '../../../lambdas/admin/post-admins';
import { cognitoIdentityFromEnv } from '../../../lambdas/composition/cognito';
import { auditTableFromEnv, auditTrailFromEnv, userRepositoryFromEnv } from '../../../lambdas/composition/dynamodb';
import { UserAlreadyExistsError } from '../../../lambdas/shared/errors';
import { logger } from '../../../lambdas/shared/logger';
import { cognitoUser } from '../../support/cognito-fixtures';
import { secret } from '../../support/secrets';
import { recordingMetrics } from '../../support/metrics';
import { flowsAsFunction, mockClient } from '../../support/aws-mocks';

/** The building blocks of provisionNewAdmin, called directly (the handler tests cover the orchestration). */
const cognito = mockClient(CognitoIdentityProviderClient);
const dynamo = mockClient(DynamoDBDocumentClient);
const NOW = new Date('2026-11-23T12:00:00.000Z');
const BOSS = { userId: 'boss-id', sub: 'boss', sourceIp: '198.51.100.7', correlationId: 'req-9' };
// The POST /admins function's flows: every call is held to its synthesized role (test/support/aws-mocks.ts).
const flows = flowsAsFunction(
  'post-admins',
  postAdminsFlows({
    identity: cognitoIdentityFromEnv(),
    users: userRepositoryFromEnv(undefined, auditTableFromEnv()),
    audit: auditTrailFromEnv(),
    clock: () => NOW,
    newId: () => 'fixed-user-id',
    logger,
    metrics: recordingMetrics(),
  }),
);

beforeEach(() => {
  cognito.reset();
  dynamo.reset();
});

describe('createAdminUser(email, temporaryPassword)', () => {
  it('passes an explicit temporary password and a new custom:userId, and Cognito sends the invitation', async () => {
    cognito.on(AdminCreateUserCommand).resolves({ User: cognitoUser({ email: 'a@example.com', userId: 'fixed-user-id', sub: 's-1', username: 'u-1' }) });
    const temporaryPassword = secret('Temp-Pa55word!');
    const user = await flows.createAdminUser('a@example.com', temporaryPassword);
    expect(user).toMatchObject({ username: 'u-1', sub: 's-1', userId: 'fixed-user-id', status: 'FORCE_CHANGE_PASSWORD' });
    const input = cognito.commandCalls(AdminCreateUserCommand)[0].args[0].input;
    expect(input).toMatchObject({ Username: 'a@example.com', TemporaryPassword: temporaryPassword, DesiredDeliveryMediums: ['EMAIL'] });
    expect(input.MessageAction).toBeUndefined();
    expect(input.UserAttributes).toContainEqual({ Name: 'custom:userId', Value: 'fixed-user-id' });
  });

  it('lets Cognito generate the temporary password when none is given', async () => {
    cognito.on(AdminCreateUserCommand).resolves({ User: cognitoUser({ email: 'a@example.com', userId: 'fixed-user-id' }) });
    await flows.createAdminUser('a@example.com');
    expect(cognito.commandCalls(AdminCreateUserCommand)[0].args[0].input.TemporaryPassword).toBeUndefined();
  });
});

describe('createAdminDatabaseRecords(email, cognitoUsername, link)', () => {
  it('writes User, AdminInfo, the email claim and the audit record in one conditional transaction and returns the userId', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    const userId = await flows.createAdminDatabaseRecords('a@example.com', 'u-1', { userId: 'id-1', cognitoSub: 's-1', requestedBy: BOSS });
    expect(userId).toBe('id-1');
    const transactItems = dynamo.commandCalls(TransactWriteCommand)[0].args[0].input.TransactItems!;
    expect(transactItems.filter((item) => item.Update).map((item) => item.Update!.Key)).toEqual([
      { pk: 'ADMINS', sk: 'COUNTERS' },
      { pk: 'USER#id-1', sk: 'PROVISIONING' },
    ]);
    const items = transactItems.filter((item) => item.Put).map((item) => item.Put!);
    expect(items.map((put) => put.Item)).toEqual([
      expect.objectContaining({ pk: 'USER#id-1', sk: 'PROFILE', role: 'admin', cognitoUsername: 'u-1', cognitoSub: 's-1', createdAt: NOW.toISOString() }),
      expect.objectContaining({ pk: 'USER#id-1', sk: 'ADMIN_INFO', createdBy: 'boss-id', createdAt: NOW.toISOString() }),
      expect.objectContaining({ pk: 'EMAIL#a@example.com', sk: 'EMAIL', userId: 'id-1' }),
      {
        pk: 'USER#id-1',
        sk: `${NOW.toISOString()}#req-9#ADMIN_PROVISIONED`,
        entity: 'AuditRecord',
        event: 'ADMIN_PROVISIONED',
        time: NOW.toISOString(),
        actor: 'boss-id',
        actorSub: 'boss',
        userId: 'id-1',
        sourceIp: '198.51.100.7',
        correlationId: 'req-9',
        outcome: 'SUCCESS',
        // Retention: 400 days by default, then TTL removes the record.
        ttl: NOW.getTime() / 1000 + 400 * 86_400,
      },
    ]);
    expect(items.every((put) => put.ConditionExpression === 'attribute_not_exists(pk)')).toBe(true);
  });

  it('reports a taken email or id as UserAlreadyExistsError (the transaction wrote nothing)', async () => {
    dynamo.on(TransactWriteCommand).rejects(
      Object.assign(new Error('cancelled'), {
        name: 'TransactionCanceledException',
        CancellationReasons: [{ Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
      }),
    );
    await expect(flows.createAdminDatabaseRecords('a@example.com', 'u-1', { userId: 'id-1', cognitoSub: 's-1', requestedBy: BOSS })).rejects.toBeInstanceOf(
      UserAlreadyExistsError,
    );
  });
});
