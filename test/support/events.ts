import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

export interface EventOptions {
  /** A value to JSON-encode, or a raw string body (to test malformed JSON). */
  body?: unknown;
  /** Verified ID-token claims, as API Gateway's Cognito authorizer passes them. */
  claims?: Record<string, unknown>;
  sourceIp?: string;
  requestId?: string;
  path?: string;
}

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
      requestId: options.requestId ?? 'req-123',
      requestTimeEpoch: 0,
      resourceId: 'res',
      resourcePath: options.path ?? '/',
    },
  };
}

/** ID-token claims of a signed-in member of `groups` (REST authorizers pass groups as one string). */
export function idTokenClaims(groups: string[] = ['admins'], sub = '11111111-1111-4111-8111-111111111111') {
  return { sub, token_use: 'id', 'cognito:username': sub, 'cognito:groups': groups.join(','), email: 'boss@example.com' };
}

/** The parsed JSON body of a handler response. */
export function bodyOf(response: APIGatewayProxyResult): any {
  return JSON.parse(response.body);
}
