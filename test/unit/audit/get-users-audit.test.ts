import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoAuditTrail } from '../../../lambdas/adapters/dynamodb/dynamo-audit-trail';
import { handler as getUsersAuditHandler } from '../../../lambdas/handlers/get-users-audit';
import { asFunction, callsBelongToNoFunction, mockClient } from '../../support/aws-mocks';
import type { AuditRecord } from '../../../lambdas/ports/audit-trail';
import { allowCaller, apiEvent, bodyOf, idTokenClaims } from '../../support/events';
import { expectedFaultResponse, type GenericFault, genericFaults } from '../../support/faults';

const dynamo = mockClient(DynamoDBDocumentClient);
// Every call is held to the function's synthesized role (test/support/aws-mocks.ts).
const handler = asFunction('get-users-audit', getUsersAuditHandler);
const USER_ID = '3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a';
const OTHER_USER_ID = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';

const record = (minute: number, event: AuditRecord['event'] = 'INVITATION_RESENT'): AuditRecord => ({
  event,
  time: `2026-11-23T12:${String(minute).padStart(2, '0')}:00.000Z`,
  actor: 'admin-sub',
  userId: USER_ID,
  sourceIp: '203.0.113.10',
  userAgent: 'agent',
  correlationId: `corr-${minute}`,
  outcome: 'SUCCESS',
});
const item = (r: AuditRecord) => ({ pk: `USER#${r.userId}`, sk: `${r.time}#${r.correlationId}#${r.event}`, entity: 'AuditRecord', ttl: 1, ...r });

function audit(query: Record<string, string> | null = null, userId = USER_ID, claims: Record<string, unknown> | null = idTokenClaims()) {
  const event: APIGatewayProxyEvent = {
    ...apiEvent({ claims: claims ?? undefined, path: `/users/${userId}/audit` }),
    httpMethod: 'GET',
    resource: '/users/{userId}/audit',
    pathParameters: { userId },
    queryStringParameters: query,
  };
  return handler(event);
}

beforeEach(() => {
  dynamo.reset();
  dynamo.on(GetCommand).resolves({ Item: { pk: `USER#${USER_ID}`, sk: 'PROFILE', userId: USER_ID, role: 'admin' } });
  allowCaller(dynamo);
  dynamo.on(QueryCommand).resolves({ Items: [item(record(2)), item(record(1, 'ADMIN_PROVISIONED'))] });
});

describe('GET /users/{userId}/audit (getUsersAudit)', () => {
  it("answers the user's records newest first, without storage keys, from one Query of the user's partition", async () => {
    const response = await audit();
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({ userId: USER_ID, events: [record(2), record(1, 'ADMIN_PROVISIONED')] });
    expect(dynamo).toHaveReceivedCommandWith(QueryCommand, {
      TableName: process.env.AUDIT_TABLE_NAME,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `USER#${USER_ID}` },
      ScanIndexForward: false,
      Limit: 25,
    });
  });

  it('pages with an opaque cursor that resumes after the last record of the page', async () => {
    const last = item(record(1));
    dynamo.on(QueryCommand).resolvesOnce({ Items: [item(record(2)), last], LastEvaluatedKey: { pk: last.pk, sk: last.sk } });
    const first = bodyOf(await audit({ limit: '2' }));
    expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(first.nextCursor).not.toContain(USER_ID);

    dynamo.on(QueryCommand).resolves({ Items: [item(record(0))] });
    const second = bodyOf(await audit({ limit: '2', cursor: first.nextCursor }));
    expect(second).toEqual({ userId: USER_ID, events: [record(0)] });
    expect(dynamo.commandCalls(QueryCommand).at(-1)!.args[0].input).toMatchObject({ Limit: 2, ExclusiveStartKey: { pk: last.pk, sk: last.sk } });
  });

  it("refuses another user's cursor, or one it never issued, with 400 naming the cursor", async () => {
    const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const cursor of [
      cursorOf({ u: OTHER_USER_ID, s: `${record(1).time}#corr-1#INVITATION_RESENT` }),
      cursorOf({ u: USER_ID, s: 'PROFILE' }),
      cursorOf({ u: USER_ID }),
      'bm90LWpzb24',
    ]) {
      const response = await audit({ cursor });
      expect(response.statusCode).toBe(400);
      expect(bodyOf(response).error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'cursor', message: expect.any(String) }] });
    }
    expect(dynamo).not.toHaveReceivedCommand(QueryCommand);
  });

  it('unknown user: 404 USER_NOT_FOUND', async () => {
    dynamo.on(GetCommand, { Key: { pk: `USER#${USER_ID}`, sk: 'PROFILE' } }).resolves({});
    dynamo.on(QueryCommand).resolves({ Items: [] });
    const response = await audit();
    expect(response.statusCode).toBe(404);
    expect(bodyOf(response).error.code).toBe('USER_NOT_FOUND');
  });

  it.each([
    ['a malformed user id', null, 'not-a-uuid', 'userId'],
    ['a page size of 0', { limit: '0' }, USER_ID, 'limit'],
    ['a page size over 100', { limit: '101' }, USER_ID, 'limit'],
    ['a cursor with foreign characters', { cursor: 'a b' }, USER_ID, 'cursor'],
    ['an unknown query parameter', { sort: 'asc' }, USER_ID, 'sort'],
  ])('%s: 400 with details, no AWS call', async (_label, query, userId, field) => {
    const response = await audit(query, userId);
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).error.details).toEqual([{ field, message: expect.any(String) }]);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('admins only, checked in code', async () => {
    expect((await audit(null, USER_ID, idTokenClaims(['practitioners']))).statusCode).toBe(403);
    expect((await audit(null, USER_ID, null)).statusCode).toBe(401);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it.each(Object.keys(genericFaults) as GenericFault[])('DynamoDB %s: mapped, nothing internal in the body', async (fault) => {
    dynamo.on(QueryCommand).rejects(genericFaults[fault]());
    const response = await audit();
    expect(response.statusCode).toBe(expectedFaultResponse[fault].status);
    expect(bodyOf(response).error.code).toBe(expectedFaultResponse[fault].code);
  });
});

describe('DynamoAuditTrail.append', () => {
  callsBelongToNoFunction(
    'the audit adapter alone: every function that appends runs it, and their handler and fault-matrix tests hold its PutItem to their own roles',
  );
  const trail = new DynamoAuditTrail(DynamoDBDocumentClient.from(new DynamoDBClient({})), {
    tableName: 'audit',
    retentionDays: 30,
  });

  it('puts the record under a key derived from it, never over an existing one, with the retention as TTL', async () => {
    dynamo.on(PutCommand).resolves({});
    await trail.append(record(5));
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'audit',
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: {
        pk: `USER#${USER_ID}`,
        sk: `${record(5).time}#corr-5#INVITATION_RESENT`,
        entity: 'AuditRecord',
        ...record(5),
        ttl: Date.parse(record(5).time) / 1000 + 30 * 86_400,
      },
    });
  });

  it('appending the same record again is a no-op, not an error (a retried request)', async () => {
    dynamo.on(PutCommand).rejects(Object.assign(new Error('exists'), { name: 'ConditionalCheckFailedException' }));
    await expect(trail.append(record(5))).resolves.toBeUndefined();
  });

  it('a failing DynamoDB surfaces as a dependency error', async () => {
    dynamo.on(PutCommand).rejects(genericFaults.throttling());
    await expect(trail.append(record(5))).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
  });
});
