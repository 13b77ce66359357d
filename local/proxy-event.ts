import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import type { AuthorizerClaims } from './authorizer';
import { LOCAL_REGION } from './environment';

/** An HTTP request as the local server read it. */
export interface LocalRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly sourceIp: string;
  /** The route's `{name}` segments, as matched. */
  readonly pathParameters?: Record<string, string>;
}

const STAGE = 'v1';

/**
 * The API Gateway REST (v1) proxy event the route's Lambda would receive for `request`, with the
 * authorizer's claims on admin routes (see test/support/events.ts for the same shape in unit tests).
 */
export function toProxyEvent(request: LocalRequest, resourcePath: string, claims?: AuthorizerClaims): APIGatewayProxyEvent {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    headers[name] = values[values.length - 1];
    multiValueHeaders[name] = values;
  }
  const query = [...request.query.keys()];
  return {
    body: request.body === '' ? null : request.body,
    headers,
    multiValueHeaders,
    httpMethod: request.method,
    isBase64Encoded: false,
    path: request.path,
    pathParameters: request.pathParameters && Object.keys(request.pathParameters).length > 0 ? request.pathParameters : null,
    queryStringParameters: query.length ? Object.fromEntries(request.query) : null,
    multiValueQueryStringParameters: query.length ? Object.fromEntries(query.map((key) => [key, request.query.getAll(key)])) : null,
    stageVariables: null,
    resource: resourcePath,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: claims ? { claims } : undefined,
      protocol: 'HTTP/1.1',
      httpMethod: request.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp,
        user: null,
        userAgent: headers['user-agent'] ?? null,
        userArn: null,
      },
      path: `/${STAGE}${request.path}`,
      stage: STAGE,
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      resourcePath,
    },
  };
}

/** A Lambda context for one invocation of `functionName` (dummy account, local region). */
export function lambdaContext(functionName: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
