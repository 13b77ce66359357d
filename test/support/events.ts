import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { AwsStub } from 'aws-sdk-client-mock';

export interface EventOptions {
  /** A value to JSON-encode, or a raw string body (to test malformed JSON). */
  body?: unknown;
  /** Verified ID-token claims, as API Gateway's Cognito authorizer passes them. */
  claims?: Record<string, unknown>;
  sourceIp?: string;
  requestId?: string;
  path?: string;
}

/** API Gateway gives every request its own id (audit records are keyed on it): so do the test events. */
let requestCount = 0;

/** An API Gateway REST (v1) proxy event as the real integration delivers it. */
export function apiEvent(options: EventOptions = {}): APIGatewayProxyEvent {
  const body = options.body === undefined ? null : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  return {
    body,
    headers: { 'content-type': 'application/json' },
    multiValueHeaders: {},
    httpMethod: 'POST',
    isBase64Encoded: false,
    path: options.path ?? '/',
    pathParameters: null,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    resource: options.path ?? '/',
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: options.claims ? { claims: options.claims } : undefined,
      protocol: 'HTTP/1.1',
      httpMethod: 'POST',
      identity: { sourceIp: options.sourceIp ?? '203.0.113.10', userAgent: 'vitest-agent' } as APIGatewayProxyEvent['requestContext']['identity'],
      domainName: 'api.example.test',
      path: `/v1${options.path ?? '/'}`,
      stage: 'v1',
      requestId: options.requestId ?? `req-${++requestCount}`,
      requestTimeEpoch: 0,
      resourceId: 'res',
      resourcePath: options.path ?? '/',
    },
  };
}

/** The user id (`custom:userId`) in the default ID-token claims: an active admin of ours. */
export const CALLER_USER_ID = '22222222-2222-4222-8222-222222222222';

/** ID-token claims of a signed-in member of `groups` (REST authorizers pass groups as one string). */
export function idTokenClaims(groups: string[] = ['admins'], sub = '11111111-1111-4111-8111-111111111111', userId = CALLER_USER_ID) {
  return {
    sub,
    token_use: 'id',
    'cognito:username': sub,
    'cognito:groups': groups.join(','),
    email: 'boss@example.com',
    'custom:userId': userId,
    auth_time: String(CALLER_AUTH_TIME_SECONDS),
  };
}

/** When the caller of `idTokenClaims` signed in (its `auth_time`): the sign-in their AdminInfo already records. */
export const CALLER_AUTH_TIME_SECONDS = Date.parse('2026-01-02T08:00:00.000Z') / 1_000;

/** The caller's AdminInfo as the in-code admin check reads it (GetItem USER#<id> / ADMIN_INFO). */
export function callerAdminInfo(userId = CALLER_USER_ID, accountStatus: 'ACTIVE' | 'DEACTIVATED' = 'ACTIVE') {
  return {
    pk: `USER#${userId}`,
    sk: 'ADMIN_INFO',
    entity: 'AdminInfo',
    userId,
    email: 'boss@example.com',
    createdBy: 'local-bootstrap',
    createdAt: '2026-01-01T00:00:00.000Z',
    lastInvitedAt: '2026-01-01T00:00:00.000Z',
    lastSignInAt: new Date(CALLER_AUTH_TIME_SECONDS * 1_000).toISOString(),
    accountStatus,
  };
}

/**
 * Answers the in-code admin check's read of the caller's AdminInfo on a DynamoDB document-client
 * mock (install it after any catch-all GetCommand answer: the last matching one wins).
 */
export function allowCaller(dynamo: AwsStub<any, any, any>, userId = CALLER_USER_ID, accountStatus: 'ACTIVE' | 'DEACTIVATED' = 'ACTIVE'): void {
  dynamo.on(GetCommand, { Key: { pk: `USER#${userId}`, sk: 'ADMIN_INFO' } }).resolves({ Item: callerAdminInfo(userId, accountStatus) });
}

/** The parsed JSON body of a handler response. */
export function bodyOf(response: APIGatewayProxyResult): any {
  return JSON.parse(response.body);
}

/** The calls a mock received besides the in-code admin check's read of the caller. */
export function callsBesidesCallerCheck(stub: AwsStub<any, any, any>, userId = CALLER_USER_ID) {
  return stub.calls().filter((call) => {
    const input = (call.args[0] as { input?: { Key?: { pk?: string; sk?: string } } }).input;
    return !(call.args[0] instanceof GetCommand && input?.Key?.pk === `USER#${userId}` && input.Key.sk === 'ADMIN_INFO');
  });
}
