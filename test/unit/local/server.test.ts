import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonResponse } from '../../../lambdas/shared/http/responses';
import { createLocalApiServer } from '../../../local/server';

const events: APIGatewayProxyEvent[] = [];
let synced = 0;
const echo = async (event: APIGatewayProxyEvent) => {
  events.push(event);
  return jsonResponse(200, { ok: true });
};

const server = createLocalApiServer({
  routes: [
    { method: 'POST', path: '/admins', name: 'provision-new-admin', access: 'admin', handler: echo },
    { method: 'POST', path: '/auth/new-password', name: 'new-password-challenge', access: 'public', handler: echo },
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
      requestContext: { stage: 'v1', path: '/v1/admins', authorizer: { claims: { sub: 's-1', 'cognito:groups': 'admins' } }, identity: { sourceIp: '127.0.0.1' } },
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

  it('answers 404 for unknown paths and methods', async () => {
    expect((await fetch(`${base}/nope`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${base}/admins`, { method: 'GET' })).status).toBe(404);
  });
});
