import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COGNITO_PROXY_PATH, localWebApp } from '../../../local/web-app';

const site = localWebApp({
  origin: 'http://127.0.0.1:3999',
  emulatorEndpoint: 'http://127.0.0.1:5999',
  userPoolId: 'us-east-1_pool',
  webClientId: 'web-client',
});

function request(method: string, headers: Record<string, string> = {}, body = ''): IncomingMessage {
  return Object.assign(Readable.from(body ? [Buffer.from(body)] : []), { method, headers }) as unknown as IncomingMessage;
}
const url = (path: string) => new URL(path, 'http://127.0.0.1:3999');
const text = (result: { body: string; isBase64Encoded?: boolean }) => (result.isBase64Encoded ? Buffer.from(result.body, 'base64').toString() : result.body);

afterEach(() => vi.unstubAllGlobals());

describe('the local API serving the web app', () => {
  it('serves index.html at every page path with the strict CSP and the other security headers', async () => {
    for (const path of ['/', '/console', '/first-sign-in', '/lost-authenticator', '/mfa-recovery']) {
      const result = await site(request('GET'), url(path));
      expect(result?.statusCode).toBe(200);
      expect(text(result!)).toContain('<script type="module" src="/main-');
      expect(result?.headers).toMatchObject({
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': expect.stringContaining("script-src 'self'; style-src 'self'"),
        'X-Frame-Options': 'DENY',
        'Referrer-Policy': 'no-referrer',
        'X-Content-Type-Options': 'nosniff',
      });
      expect(String(result?.headers?.['Content-Security-Policy'])).toContain("connect-src 'self';");
    }
  });

  it('points the app at the local API and, through the same origin, at the emulator with the web client', async () => {
    const result = await site(request('GET'), url('/config.json'));
    expect(JSON.parse(text(result!))).toEqual({
      apiUrl: 'http://127.0.0.1:3999',
      userPoolId: 'us-east-1_pool',
      userPoolClientId: 'web-client',
      userPoolEndpoint: `http://127.0.0.1:3999${COGNITO_PROXY_PATH}`,
    });
  });

  it('leaves API routes, unknown paths and other methods to the API', async () => {
    expect(await site(request('POST'), url('/admins'))).toBeUndefined();
    expect(await site(request('GET'), url('/admins'))).toBeUndefined();
    expect(await site(request('GET'), url('/nope.js'))).toBeUndefined();
  });

  it("forwards only Cognito's public operations to the emulator", async () => {
    const fetchMock = vi.fn(async () => new Response('{"ChallengeName":"PASSWORD_VERIFIER"}', { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    const refused = await site(request('POST', { 'x-amz-target': 'AWSCognitoIdentityProviderService.AdminCreateUser' }, '{}'), url(COGNITO_PROXY_PATH));
    expect(refused?.statusCode).toBe(400);
    expect(fetchMock).not.toHaveBeenCalled();

    const passed = await site(
      request('POST', { 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' }, '{"AuthFlow":"USER_SRP_AUTH"}'),
      url(COGNITO_PROXY_PATH),
    );
    expect(passed?.statusCode).toBe(200);
    expect(fetchMock).toHaveBeenCalledWith(
      'http://127.0.0.1:5999',
      expect.objectContaining({ method: 'POST', headers: expect.objectContaining({ 'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth' }) }),
    );
  });
});
