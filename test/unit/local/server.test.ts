import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonResponse } from '../../../lambdas/shared/http/responses';
import { apiGatewayModelSchema } from '../../../lib/request-models';
import { createLocalApiServer } from '../../../local/server';
import { postAdminsBody } from '../../../lambdas/admin/request-schemas';

const events: APIGatewayProxyEvent[] = [];
let synced = 0;
const echo = async (event: APIGatewayProxyEvent) => {
  events.push(event);
  return jsonResponse(200, { ok: true });
};

const server = createLocalApiServer({
  routes: [
    { method: 'POST', path: '/admins', name: 'post-admins', access: 'admin', handler: echo, bodyModel: apiGatewayModelSchema(postAdminsBody) },
    { method: 'POST', path: '/auth/new-password', name: 'post-auth-new-password', access: 'public', handler: echo },
  ],
  authorizer: async (header) => (header === 'good-token' ? { sub: 's-1', token_use: 'id', 'cognito:groups': 'admins' } : undefined),
  afterRequest: async () => {
    synced++;
  },
  frontendOrigin: 'https://app.example.test',
  log: () => undefined,
});
let base = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the local API server', () => {
  it('turns a request into the REST proxy event, with the verified claims on admin routes', async () => {
    const response = await fetch(`${base}/admins?dry=1&dry=2`, {
      method: 'POST',
      headers: { authorization: 'good-token', 'content-type': 'application/json' },
      body: '{"email":"a@example.com"}',
    });
    expect(response.status).toBe(200);
    const event = events[events.length - 1];
    expect(event).toMatchObject({
      httpMethod: 'POST',
      path: '/admins',
      resource: '/admins',
      body: '{"email":"a@example.com"}',
      isBase64Encoded: false,
      queryStringParameters: { dry: '2' },
      multiValueQueryStringParameters: { dry: ['1', '2'] },
      headers: { 'content-type': 'application/json', authorization: 'good-token' },
      requestContext: {
        stage: 'v1',
        path: '/v1/admins',
        authorizer: { claims: { sub: 's-1', 'cognito:groups': 'admins' } },
        identity: { sourceIp: '127.0.0.1' },
      },
    });
    expect(synced).toBeGreaterThan(0);
  });

  it('passes public routes without claims and with a null body when there is none', async () => {
    const response = await fetch(`${base}/auth/new-password`, { method: 'POST' });
    expect(response.status).toBe(200);
    const event = events[events.length - 1];
    expect(event.body).toBeNull();
    expect(event.requestContext.authorizer).toBeUndefined();
  });

  it.each([undefined, 'bad-token'])('answers 401 on an admin route for the header %s, without calling the handler', async (authorization) => {
    const before = events.length;
    const response = await fetch(`${base}/admins`, { method: 'POST', headers: authorization ? { authorization } : {} });
    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.test');
    expect(await response.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Authentication is required.' } });
    expect(events.length).toBe(before);
  });

  it('answers 403 for unknown paths and methods, as API Gateway does', async () => {
    const unknown = await fetch(`${base}/nope`, { method: 'POST' });
    expect(unknown.status).toBe(403);
    expect(await unknown.json()).toEqual({ error: { code: 'BAD_REQUEST', message: 'The request was rejected.' } });
    expect((await fetch(`${base}/admins`, { method: 'GET' })).status).toBe(403);
  });

  it.each([
    ['an unknown field', 'application/json', '{"email":"a@example.com","admin":true}'],
    ['a wrong type', 'application/json', '{"email":42}'],
    ['a missing field (no Content-Type counts as JSON)', undefined, '{}'],
    ['malformed JSON', 'application/json; charset=utf-8', '{"email":'],
  ])('refuses a body with %s before the handler (400)', async (_case, contentType, body) => {
    const before = events.length;
    const headers: Record<string, string> = { authorization: 'good-token' };
    if (contentType) headers['content-type'] = contentType;
    // A byte body, so fetch adds no Content-Type of its own (a string would be sent as text/plain).
    const response = await fetch(`${base}/admins`, { method: 'POST', headers, body: Buffer.from(body) });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'VALIDATION_FAILED', message: "The request body does not match the route's schema." } });
    expect(events.length).toBe(before);
  });

  it('validates bodies of any content type, as the models are registered as $default', async () => {
    const before = events.length;
    for (const contentType of ['application/x-www-form-urlencoded', 'text/plain']) {
      const response = await fetch(`${base}/admins`, {
        method: 'POST',
        headers: { authorization: 'good-token', 'content-type': contentType },
        body: '{"email":42}',
      });
      expect(response.status).toBe(400);
    }
    expect(events.length).toBe(before);
  });
});
